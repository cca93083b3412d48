"""Opening and creating the data folder's database (checked, then migrated), and its legacy key.

The folder itself (`DataFolder`, its lock and its files) is `db.folder`'s, which start-up loads
before anything of SQLAlchemy.
"""

from __future__ import annotations

from pathlib import Path

from db.backup import durable_replace
from db.engine import Database
from db.errors import DatabaseOpenError, OpenFailure
from db.folder import DATABASE_FILE_NAME, DataFolder
from db.keys import KeyFileError, read_key
from db.migrate import HEAD_REVISION, MigrationResult, current_revision, migrate
from db.sqlcipher import damaged_pages

NEW_SUFFIX = ".new"  # a database being created, moved into place when complete


def open_database(
    folder: DataFolder, key: bytes, *, beside_desk: bool = False
) -> tuple[Database, MigrationResult]:
    """Open the folder's database with `key`, check it, and bring it to the newest schema.

    Call with the instance lock held. An empty or missing database is damage to report, never
    a reason to start afresh over it: a new one is made only by `create_database`. A damaged
    file is never written: every page is checked before a migration or a login could write.

    `beside_desk` is for a backup made while the desk has the folder (`main.py backup` from a
    scheduler): the desk checked the file when it opened it and keeps writing it, so there is
    neither a check here (it would read pages the desk may be writing) nor a migration (a
    database the desk does not have at the newest schema is refused as in use).
    """
    if not folder.database.is_file():
        raise DatabaseOpenError(OpenFailure.NOT_A_DATABASE, "missing")
    if folder.database.stat().st_size == 0:
        raise DatabaseOpenError(OpenFailure.NOT_A_DATABASE, "empty file")
    if not beside_desk:
        _refuse_damaged(folder.database, key)
    database = Database.open(folder.database, key)
    try:
        if beside_desk:
            result = _as_the_desk_has_it(database)
        else:
            result = migrate(database.engine, key, folder.backups)
    except BaseException:
        database.dispose()
        raise
    return database, result


def _refuse_damaged(path: Path, key: bytes) -> None:
    # Found twice before it counts: a page the backup command beside the desk (which writes
    # without the instance lock) was writing at that moment reads whole the second time.
    found = damaged_pages(path, key) and damaged_pages(path, key)
    if found:  # page numbers only: nothing of the content
        raise DatabaseOpenError(OpenFailure.NOT_A_DATABASE, "; ".join(found[:3]))


def _as_the_desk_has_it(database: Database) -> MigrationResult:
    with database.read() as session:
        revision = current_revision(session.connection())
    if revision != HEAD_REVISION:
        raise DatabaseOpenError(OpenFailure.IN_USE, f"schema {revision}")
    return MigrationResult(revision, revision, None)


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


def _companions(path: Path) -> tuple[Path, ...]:
    return tuple(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))
