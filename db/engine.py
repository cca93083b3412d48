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


def connect_raw(path: Path, key: bytes, *, pragmas: bool = True) -> sqlcipher3.Connection:
    """Open one DB-API connection with the key (and pragmas) set, checking the key fits the file.

    `pragmas=False` is for backup files: no WAL, so a closed backup is one self-contained file.
    """
    had_content = _size(path) > 0
    connection = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None)
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")  # it would print to stderr
        connection.execute(pragma_key(key))
        _check_readable(connection, had_content)
        for pragma in PRAGMAS if pragmas else ():
            connection.execute(pragma)
    except BaseException:
        connection.close()
        raise
    return connection


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _check_readable(connection: sqlcipher3.Connection, had_content: bool) -> None:
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
    except sqlcipher3.DatabaseError as exc:
        raise DatabaseOpenError(OpenFailure.NOT_A_DATABASE, type(exc).__name__) from None
    if had_content and pages == 0:
        # SQLCipher takes a one-byte file for a new, empty database and would write over it.
        raise DatabaseOpenError(OpenFailure.NOT_A_DATABASE, "no pages")


def make_engine(path: Path, key: bytes, **options: Any) -> Engine:
    """An engine over the encrypted file; connections are kept open (opening one costs little)."""
    engine = create_engine(
        f"sqlite:///{path}",
        module=sqlcipher3.dbapi2,
        creator=lambda: connect_raw(path, key),
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

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writer = sessionmaker(engine, expire_on_commit=False)
        self._reader = sessionmaker(
            engine.execution_options(**{_READ_ONLY: True}), expire_on_commit=False
        )

    @classmethod
    def open(cls, path: Path, key: bytes) -> Database:
        """Open and check the key at once, so a wrong key fails here and not at the first save."""
        engine = make_engine(path, key)
        try:
            with engine.connect():
                pass
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

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
