"""Consistent encrypted snapshots of the database, written under a temporary name and verified."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import sqlcipher3

from db.errors import DatabaseOpenError, OpenFailure
from db.faults import Fault, fault_of
from db.sqlcipher import connect_raw, integrity_problems

_OPEN_FAULTS = {OpenFailure.DISK_FULL: Fault.DISK_FULL, OpenFailure.READ_ONLY: Fault.NOT_WRITABLE}


class BackupError(Exception):
    """The snapshot could not be written or did not verify; the old files are untouched.

    `fault` says why: a full disk, a folder that cannot be written, or a damaged page (in the
    database copied, or in the copy).
    """

    def __init__(self, fault: Fault, detail: str) -> None:
        super().__init__(f"{fault.value}: {detail}")
        self.fault = fault


def snapshot(source: sqlcipher3.Connection, destination: Path, key: bytes) -> None:
    """Copy the open database `source` to `destination`, encrypted with `key`, then verify it.

    SQLite's online backup copies a consistent state even while other connections write. The copy
    is made as `<destination>.partial`, checked, fsynced and only then renamed into place.
    """
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        target = connect_raw(partial, key, pragmas=False)
        try:
            source.backup(target)
        finally:
            target.close()
        verify(partial, key)
        durable_replace(partial, destination)
    except (sqlcipher3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(fault_of(exc, destination.parent), type(exc).__name__) from exc
    except DatabaseOpenError as exc:  # the copy could not even be started
        partial.unlink(missing_ok=True)
        raise BackupError(_OPEN_FAULTS.get(exc.failure, Fault.OTHER), exc.detail) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def verify(path: Path, key: bytes) -> None:
    """Raise `BackupError` unless `path` is a database that opens with `key` and is undamaged."""
    if not path.is_file() or path.stat().st_size == 0:  # SQLite would take it for a new database
        raise BackupError(Fault.DAMAGED, "backup file is missing or empty")
    try:
        connection = connect_raw(path, key, pragmas=False)
    except DatabaseOpenError:
        raise BackupError(Fault.DAMAGED, "backup does not open with the key") from None
    try:
        found = integrity_problems(connection)
    finally:
        connection.close()
    if found:
        raise BackupError(Fault.DAMAGED, "integrity check failed")


def durable_replace(source: Path, destination: Path) -> None:
    """Rename `source` to `destination` so that after a power cut one of the two is there, whole."""
    _fsync(source)
    os.replace(source, destination)
    _fsync(destination.parent)


def _fsync(path: Path) -> None:
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if path.is_dir() else os.O_RDONLY
    with contextlib.suppress(OSError):  # directories cannot be fsynced on every platform
        fd = os.open(path, flags)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
