"""The data folder: database, key, logs and backups, used by one running Soglia at a time."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from filelock import FileLock, Timeout

from db.backup import durable_replace
from db.engine import DATABASE_FILE_NAME, Database
from db.errors import DatabaseOpenError, OpenFailure
from db.keys import KeyFileError, key_path, read_key
from db.keyslots import SLOTS_FILE_NAME, KeyStore, KeyStoreError
from db.migrate import MigrationResult, migrate

LOCK_FILE_NAME = "soglia.lock"
NEW_SUFFIX = ".new"  # a database being created, moved into place when complete


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
        return key_path(self.root)

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


def prepare(root: Path) -> DataFolder:
    """Create the data folder if needed; check that it and its database can be written to."""
    folder = DataFolder(root.expanduser().resolve())
    try:
        folder.root.mkdir(parents=True, exist_ok=True)
        folder.logs.mkdir(exist_ok=True)
    except OSError:
        raise DatabaseOpenError(OpenFailure.READ_ONLY, "mkdir") from None
    for path in (folder.root, folder.database):
        if path.exists() and not os.access(path, os.W_OK):
            raise DatabaseOpenError(OpenFailure.READ_ONLY, "access")
    return folder


def open_database(folder: DataFolder, key: bytes) -> tuple[Database, MigrationResult]:
    """Open the folder's database with `key` and bring it to the newest schema.

    Call with the instance lock held. An empty or missing database is damage to report, never
    a reason to start afresh over it: a new one is made only by `create_database`.
    """
    if not folder.database.exists():
        raise DatabaseOpenError(OpenFailure.NOT_A_DATABASE, "missing")
    if folder.database.stat().st_size == 0:
        raise DatabaseOpenError(OpenFailure.NOT_A_DATABASE, "empty file")
    database = Database.open(folder.database, key)
    try:
        result = migrate(database.engine, key, folder.backups)
    except BaseException:
        database.dispose()
        raise
    return database, result


def create_database(folder: DataFolder, key: bytes) -> tuple[Database, MigrationResult]:
    """Make the folder's database, encrypted with `key`, and open it.

    It is built under a temporary name and moved into place once complete, so an existing
    `soglia.db` always was a whole database.
    """
    if folder.database.exists():
        raise DatabaseOpenError(OpenFailure.NOT_A_DATABASE, "exists")
    partial = folder.root / (DATABASE_FILE_NAME + NEW_SUFFIX)
    for path in (partial, *_companions(partial)):
        path.unlink(missing_ok=True)  # left by a first start that was interrupted
    database = Database.open(partial, key)
    try:
        result = migrate(database.engine, key, folder.backups)
    finally:
        database.dispose()  # closing the last connection folds the WAL into the file
    if _companions(partial)[0].exists():  # the WAL could not be folded in: the file is not whole
        raise DatabaseOpenError(OpenFailure.READ_ONLY, "wal")
    durable_replace(partial, folder.database)
    return Database.open(folder.database, key), result


def read_legacy_key(folder: DataFolder) -> bytes:
    """The key of a database from before staff accounts, kept in `soglia.key`."""
    try:
        return read_key(folder.legacy_key)
    except KeyFileError as exc:
        raise DatabaseOpenError(OpenFailure.KEY_FILE, str(exc)) from None
    except OSError as exc:
        raise DatabaseOpenError(OpenFailure.KEY_FILE, type(exc).__name__) from None


def load_key_store(folder: DataFolder) -> KeyStore:
    try:
        return KeyStore.load(folder.keys)
    except KeyStoreError as exc:
        raise DatabaseOpenError(OpenFailure.KEY_FILE, str(exc)) from None


def _companions(path: Path) -> tuple[Path, ...]:
    return tuple(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))
