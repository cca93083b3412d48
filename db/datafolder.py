"""The data folder: database, key, logs and backups, used by one running Soglia at a time."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from db.engine import DATABASE_FILE_NAME, Database
from db.errors import DatabaseOpenError, OpenFailure
from db.keys import KeyFileError, load_or_create_key
from db.migrate import MigrationResult, migrate

LOCK_FILE_NAME = "soglia.lock"


@dataclass(frozen=True)
class DataFolder:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / DATABASE_FILE_NAME

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def backups(self) -> Path:
        return self.root / "backups"


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


def prepare(root: Path) -> DataFolder:
    """Create the data folder if needed and check it can be written to."""
    folder = DataFolder(root.expanduser().resolve())
    try:
        folder.root.mkdir(parents=True, exist_ok=True)
        folder.logs.mkdir(exist_ok=True)
    except OSError:
        raise DatabaseOpenError(OpenFailure.READ_ONLY, "mkdir") from None
    if not os.access(folder.root, os.W_OK):
        raise DatabaseOpenError(OpenFailure.READ_ONLY, "access")
    return folder


def open_database(folder: DataFolder) -> tuple[Database, MigrationResult]:
    """Open (creating on first start) and migrate the database; call with the instance lock held."""
    try:
        key = load_or_create_key(folder.root)
    except KeyFileError as exc:
        raise DatabaseOpenError(OpenFailure.KEY_FILE, str(exc)) from None
    database = Database.open(folder.database, key)
    try:
        result = migrate(database.engine, key, folder.backups)
    except BaseException:
        database.dispose()
        raise
    return database, result
