"""The data folder and its lock: what start-up needs before the database layer is loaded.

Kept apart from `db.opening` (which opens databases with SQLAlchemy) so that the lock can be
taken and the first window shown without importing the heavy parts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from filelock import FileLock, Timeout

from db.errors import DatabaseOpenError, OpenFailure
from db.faults import Fault, disk_is_full, fault_of

DATABASE_FILE_NAME = "soglia.db"
SLOTS_FILE_NAME = "soglia.keys"
LEGACY_KEY_FILE_NAME = "soglia.key"
LOCK_FILE_NAME = "soglia.lock"
BACKUP_LOCK_FILE_NAME = "backup.lock"  # in the backups folder


class FolderState(StrEnum):
    NEW = "new"  # nothing yet: Soglia must be set up
    LEGACY = "legacy"  # a database with its key in a key file, from before staff accounts
    READY = "ready"  # a database whose key is wrapped for each account (soglia.keys)


@dataclass(frozen=True)
class DataFolder:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / DATABASE_FILE_NAME

    @property
    def keys(self) -> Path:
        return self.root / SLOTS_FILE_NAME

    @property
    def legacy_key(self) -> Path:
        return self.root / LEGACY_KEY_FILE_NAME

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    def state(self) -> FolderState:
        if self.keys.exists():
            return FolderState.READY
        if self.database.exists() or self.legacy_key.exists():
            return FolderState.LEGACY
        return FolderState.NEW


class InstanceLock:
    """Refuses a second Soglia on the same data folder (the OS frees it if the process dies)."""

    def __init__(self, folder: DataFolder) -> None:
        self._lock = FileLock(folder.root / LOCK_FILE_NAME, timeout=0)

    def acquire(self) -> None:
        try:
            self._lock.acquire()
        except Timeout:
            raise DatabaseOpenError(OpenFailure.IN_USE) from None

    def release(self) -> None:
        self._lock.release()


class BackupInProgress(Exception):  # noqa: N818 - says what is the case
    """Another backup of this data folder has not ended in the time given."""


class BackupLock:
    """One backup at a time in a data folder: the desk's and the scheduler's (`main.py backup`,
    which runs beside the desk) wait for each other, so that neither takes the other's copy in
    progress for the leftover of an interrupted one. Raises `BackupInProgress` if it waited
    `timeout` seconds in vain."""

    def __init__(self, folder: DataFolder, timeout: float) -> None:
        self._lock = FileLock(folder.backups / BACKUP_LOCK_FILE_NAME, timeout=timeout)

    def __enter__(self) -> BackupLock:
        try:
            self._lock.acquire()
        except Timeout:
            raise BackupInProgress from None
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._lock.release()


def prepare(root: Path) -> DataFolder:
    """Create the data folder if needed; check that it and its database can be written to, and
    that the disk has room left."""
    folder = DataFolder(root.expanduser().resolve())
    try:
        folder.root.mkdir(parents=True, exist_ok=True)
        folder.logs.mkdir(exist_ok=True)
    except OSError as exc:
        full = fault_of(exc, folder.root) is Fault.DISK_FULL
        raise DatabaseOpenError(OpenFailure.DISK_FULL if full else OpenFailure.READ_ONLY) from None
    if folder.database.exists() and not folder.database.is_file():
        raise DatabaseOpenError(OpenFailure.NOT_A_FILE)
    for path in (folder.root, folder.database):
        if path.exists() and not os.access(path, os.W_OK):
            raise DatabaseOpenError(OpenFailure.READ_ONLY, "access")
    if disk_is_full(folder.root):  # said before anything is written, even the log
        raise DatabaseOpenError(OpenFailure.DISK_FULL)
    return folder
