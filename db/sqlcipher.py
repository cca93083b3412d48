"""SQLCipher, the encrypted SQLite that holds the clinic's data: everything specific to it.

The key (a raw 256-bit key, no key derivation per connection), the pragmas every connection sets
(`reliability.md`: WAL with `synchronous=FULL`, foreign keys, `busy_timeout`, `secure_delete`),
the engine whose write transactions start with `BEGIN IMMEDIATE` (a read-then-write never fails
with "database is locked" halfway through a user's save), and the checks of a file's pages.
Kept in one module so that another engine (PostgreSQL) can stand beside it.

The full checks read every page, so they take seconds on a large database: for backups, the
`check` command and the administrator's tools. Opening checks only every page's authentication
code, before anything is written (`damaged_pages`): 0.45 s at 100,000 persons (183 MB), 0.9 s
when the file is not in the system's cache.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import ConnectionPoolEntry

from db.errors import DatabaseOpenError, OpenFailure
from db.faults import Fault, fault_of

if TYPE_CHECKING:
    from db.engine import Database

READ_ONLY = "soglia_read_only"  # the execution option of read transactions (`Database.read`)

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
    if connection.get_execution_options().get(READ_ONLY, False):
        connection.exec_driver_sql("BEGIN DEFERRED")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def companions(path: Path) -> tuple[Path, ...]:
    """The files SQLite keeps beside a database in WAL mode: its log and shared memory."""
    return tuple(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm"))


def pragma_key(key: bytes) -> str:
    """The `PRAGMA key` statement for a raw key (no key derivation: opens in well under 1 ms)."""
    return f"PRAGMA key = \"x'{key.hex()}'\""


# Checks ----------------------------------------------------------------------------------------

Check = Callable[[Any], list[str]]


def problems(database: Database) -> list[str]:
    """What is wrong with the open database, one line each (page numbers and table names only)."""
    raw = database.engine.raw_connection()
    try:
        return _first_found(raw.driver_connection, (_cipher_integrity, _integrity, _foreign_keys))
    finally:
        raw.close()


def damaged_pages(path: Path, key: bytes) -> list[str]:
    """Pages of the file that fail their authentication code (a flipped byte, a torn write).

    Read through a read-only connection, so that neither the check nor its end writes a byte
    of a damaged file. It reads the file itself, page by page, not through SQLite's log: call it
    while no other process writes the file (a checkpoint could be caught halfway through a page).
    """
    made = [p for p in companions(path) if not p.exists()]
    try:
        connection = connect_raw(path, key, read_only=True)
        try:
            return _first_found(connection, (_cipher_integrity,))
        finally:
            connection.close()
    finally:
        for companion in made:  # the empty log and shared memory a read-only reader opened
            companion.unlink(missing_ok=True)


def integrity_problems(connection: sqlcipher3.Connection) -> list[str]:
    """Pages that fail their HMAC or b-trees that do not hold together; empty when sound."""
    return _first_found(connection, (_cipher_integrity, _integrity))


def _first_found(connection: sqlcipher3.Connection, checks: tuple[Check, ...]) -> list[str]:
    # Each check runs only if the ones before found nothing: past a page that fails its HMAC,
    # the others stop with an error that says less.
    for check in checks:
        try:
            found = check(connection)
        except sqlcipher3.DatabaseError as exc:
            return [f"{check.__name__.strip('_')}: {type(exc).__name__}"]
        if found:
            return found
    return []


def _cipher_integrity(connection: sqlcipher3.Connection) -> list[str]:
    return [str(row[0]) for row in connection.execute("PRAGMA cipher_integrity_check")]


def _integrity(connection: sqlcipher3.Connection) -> list[str]:
    rows = connection.execute("PRAGMA integrity_check").fetchall()
    return [] if rows == [("ok",)] else [str(row[0]) for row in rows]


def _foreign_keys(connection: sqlcipher3.Connection) -> list[str]:
    rows = connection.execute("PRAGMA foreign_key_check").fetchall()
    return [f"{table} row {rowid}: no such {parent}" for table, rowid, parent, _ in rows]
