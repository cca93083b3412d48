"""One transaction per user action, with storage failures turned into a known error.

A full or read-only disk, or a database locked for too long, must reach the person as "nothing was
saved, your input is still there", never as a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from clinic.errors import ConflictError, StorageError
from db.engine import Database

log = logging.getLogger(__name__)


@contextmanager
def writing(database: Database) -> Iterator[Session]:
    """A write transaction: committed if the block succeeds, rolled back otherwise."""
    try:
        with database.write() as session:
            yield session
    except IntegrityError as exc:
        log.warning("integrity error on save: %s", type(exc.orig).__name__)
        raise ConflictError("save_conflict") from exc
    except DBAPIError as exc:
        log.error("storage error on save: %s", type(exc.orig).__name__)
        raise StorageError("storage_failed") from exc


@contextmanager
def reading(database: Database) -> Iterator[Session]:
    try:
        with database.read() as session:
            yield session
    except DBAPIError as exc:
        log.error("storage error on read: %s", type(exc.orig).__name__)
        raise StorageError("storage_read_failed") from exc
