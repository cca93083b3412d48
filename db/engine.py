"""The one place that opens the encrypted database and sets every pragma.

Follows `reliability.md`: SQLCipher with a raw key (no key derivation per connection), WAL with
`synchronous=FULL`, foreign keys, `busy_timeout`, `secure_delete`, parameters hidden from error
texts, and write transactions that start with `BEGIN IMMEDIATE` so a read-then-write never fails
with "database is locked" halfway through a user's save.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from db.errors import DatabaseOpenError, OpenFailure
from db.faults import Fault, fault_of
from db.keys import pragma_key

BUSY_TIMEOUT_MS = 10_000
CACHE_SIZE_KIB = 64_000  # a larger page cache brings encrypted reads close to plain SQLite

PRAGMAS = (
    "PRAGMA cipher_memory_security = OFF",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA secure_delete = ON",
    f"PRAGMA cache_size = -{CACHE_SIZE_KIB}",
    "PRAGMA temp_store = MEMORY",
)

_READ_ONLY = "soglia_read_only"


def connect_raw(
    path: Path, key: bytes, *, pragmas: bool = True, read_only: bool = False
) -> sqlcipher3.Connection:
    """Open one DB-API connection with the key (and pragmas) set, checking the key fits the file.

    `pragmas=False` is for backup files: no WAL, so a closed backup is one self-contained file.
    `read_only` never writes the file, not even when closed: a read-write connection folds a
    WAL left by a crash into the file as it closes, a read-only one only reads it.
    """
    had_content = _size(path) > 0
    try:
        connection = _connect(path, read_only)
    except sqlcipher3.Error as exc:
        raise _open_error(exc, path) from None
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")  # it would print to stderr
        connection.execute(pragma_key(key))
        _check_readable(connection, had_content)
        for pragma in PRAGMAS if pragmas and not read_only else ():
            connection.execute(pragma)
    except sqlcipher3.Error as exc:
        connection.close()
        raise _open_error(exc, path) from None
    except BaseException:
        connection.close()
        raise
    return connection


def _connect(path: Path, read_only: bool) -> sqlcipher3.Connection:
    if read_only:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        return sqlcipher3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
    return sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _check_readable(connection: sqlcipher3.Connection, had_content: bool) -> None:
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    if had_content and pages == 0:
        # SQLCipher takes a one-byte file for a new, empty database and would write over it.
        raise DatabaseOpenError(OpenFailure.NOT_A_DATABASE, "no pages")


def _open_error(exc: sqlcipher3.Error, path: Path) -> DatabaseOpenError:
    """A full disk or a folder that cannot be written is said as such; anything else that stops
    the file from opening (a wrong key, a foreign or damaged file) means it is not this database.
    """
    failure = _OPEN_FAILURES.get(fault_of(exc, path.parent), OpenFailure.NOT_A_DATABASE)
    return DatabaseOpenError(failure, getattr(exc, "sqlite_errorname", type(exc).__name__))


_OPEN_FAILURES = {Fault.DISK_FULL: OpenFailure.DISK_FULL, Fault.NOT_WRITABLE: OpenFailure.READ_ONLY}


def make_engine(path: Path, key: bytes, *, read_only: bool = False, **options: Any) -> Engine:
    """An engine over the encrypted file; connections are kept open (opening one costs little)."""
    engine = create_engine(
        f"sqlite:///{path}",
        module=sqlcipher3.dbapi2,
        creator=lambda: connect_raw(path, key, read_only=read_only),
        hide_parameters=True,
        **options,
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _on_connect(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
    # The driver must not open transactions on its own; `_on_begin` does, explicitly.
    dbapi_connection.isolation_level = None


def _on_begin(connection: Any) -> None:
    if connection.get_execution_options().get(_READ_ONLY, False):
        connection.exec_driver_sql("BEGIN DEFERRED")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """The engine and its session factories; handed to whoever needs the database.

    `write()` is one transaction per user action, committed on success and rolled back on any
    exception; `read()` is a deferred transaction that never takes the write lock.
    """

    def __init__(self, engine: Engine, made: tuple[Path, ...] = ()) -> None:
        self.engine = engine
        self._made = made  # files a read-only reader creates, removed when it is done
        self._writer = sessionmaker(engine, expire_on_commit=False)
        self._reader = sessionmaker(
            engine.execution_options(**{_READ_ONLY: True}), expire_on_commit=False
        )

    @classmethod
    def open(cls, path: Path, key: bytes, *, read_only: bool = False) -> Database:
        """Open and check the key at once, so a wrong key fails here and not at the first save.

        `read_only` is for a file that must not change (a backup, a damaged database): only
        `read()` works, and nothing is written to it, even when it is closed.
        """
        made = tuple(p for p in companions(path) if not p.exists()) if read_only else ()
        engine = make_engine(path, key, read_only=read_only)
        database = cls(engine, made)
        try:
            with engine.connect():
                pass
        except BaseException:
            database.dispose()
            raise
        return database

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._writer.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reader() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
        for path in self._made:  # the empty log and shared memory of a read-only reader
            path.unlink(missing_ok=True)


def companions(path: Path) -> tuple[Path, ...]:
    """The files SQLite keeps beside a database in WAL mode: its log and shared memory."""
    return tuple(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm"))
