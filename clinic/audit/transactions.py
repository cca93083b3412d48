"""One transaction per user action, with storage failures turned into a known error.

A full or read-only disk, or a database locked for too long, must reach the person as "nothing was
saved, your input is still there", never as a traceback. A permission denial rolls the action
back like any error, then is audited in a transaction of its own, so the denial row stays,
stamped by the caller's clock like every other row.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from clinic.audit import trail
from clinic.common.clock import Clock
from clinic.common.errors import ConflictError, ErrorCode, PermissionDeniedError, StorageError
from clinic.common.permissions import Actor
from db.engine import Database
from db.faults import is_damage
from db.vocabulary.staff import Role

log = logging.getLogger(__name__)


@contextmanager
def writing(database: Database, clock: Clock) -> Iterator[Session]:
    """A write transaction: committed if the block succeeds, rolled back otherwise."""
    try:
        with database.write() as session:
            yield session
    except PermissionDeniedError as denied:
        audit_denial(database, denied, clock)
        raise
    except IntegrityError as exc:
        log.warning("integrity error on save: %s", type(exc.orig).__name__)
        raise ConflictError(ErrorCode.SAVE_CONFLICT) from exc
    except DBAPIError as exc:
        log.error("storage error on save: %s", type(exc.orig).__name__)
        raise StorageError(_damaged_or(exc, ErrorCode.STORAGE_FAILED)) from exc


@contextmanager
def reading(database: Database, clock: Clock) -> Iterator[Session]:
    """A read transaction; a denial is audited (`clock` stamps its row), a storage failure said."""
    try:
        with database.read() as session:
            yield session
    except PermissionDeniedError as denied:
        audit_denial(database, denied, clock)
        raise
    except DBAPIError as exc:
        log.error("storage error on read: %s", type(exc.orig).__name__)
        raise StorageError(_damaged_or(exc, ErrorCode.STORAGE_READ_FAILED)) from exc


def _damaged_or(exc: DBAPIError, code: ErrorCode) -> ErrorCode:
    """A damaged page is said as such: trying again, or freeing disk space, would not help."""
    return ErrorCode.DATABASE_DAMAGED if exc.orig is not None and is_damage(exc.orig) else code


def audit_denial(database: Database, denied: PermissionDeniedError, clock: Clock) -> None:
    """Write the denial in a transaction of its own (the refused action's was rolled back)."""
    actor = Actor(denied.staff_id, Role(denied.role)) if denied.staff_id and denied.role else None
    permission = str(denied.params.get("permission", ""))
    try:
        with database.write() as session:
            trail.record(session, actor, clock, trail.Action.DENIED, fields=[permission])
    except DBAPIError as exc:  # the denial itself still reaches the person
        log.error("denial of staff %s not audited: %s", denied.staff_id, type(exc.orig).__name__)
