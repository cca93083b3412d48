"""Schema migrations run at start-up, before any window, with the safe recipe of reliability.md.

SQLite rebuilds a table to alter it ("batch" migrations). With foreign keys on, dropping the old
parent table fires `ON DELETE CASCADE` and silently empties its children, so the recipe is:
a verified backup first; foreign keys off (outside any transaction); every migration step in one
`BEGIN IMMEDIATE` transaction; `foreign_key_check`, `integrity_check` and row counts checked before
commit. Any failure rolls everything back and leaves the database as it was.

A migration that leaves many pages free (one that drops a table or narrows columns) says so
with `frees_space = True`; after the commit, the file is rewritten without them (`VACUUM`).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DatabaseError, OperationalError

from db.backup import BackupError, snapshot
from db.errors import DatabaseOpenError, OpenFailure

if TYPE_CHECKING:  # Alembic takes a fifth of a second to import: only when migrating
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# The newest migration's revision, so that opening a current database needs no Alembic at all.
# A test checks it is the head of the scripts in MIGRATIONS_DIR.
HEAD_REVISION = "0017"


@dataclass(frozen=True)
class MigrationResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None


class MigrationCheckError(Exception):
    """A post-migration check failed; the transaction was rolled back."""


def alembic_config(script_location: Path = MIGRATIONS_DIR) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location))
    return config


def head_revision(script_location: Path = MIGRATIONS_DIR) -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(script_location)).get_current_head()
    assert head is not None, "no migrations found"
    return head


def current_revision(connection: Connection) -> str | None:
    """The revision stored in the database; None for a new, empty one."""
    try:
        row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    except OperationalError:
        if connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'"
        ).first():
            raise
        return None
    return None if row is None else str(row[0])


def migrate(
    engine: Engine,
    key: bytes,
    backup_dir: Path,
    script_location: Path = MIGRATIONS_DIR,
    expected_row_changes: frozenset[str] = frozenset(),
) -> MigrationResult:
    """Bring the database to the newest schema; refuse a database from a newer Soglia.

    Args:
        engine: the open database.
        key: its key, to write the pre-migration backup encrypted the same way.
        backup_dir: where the verified pre-migration backup goes.
        script_location: the migration scripts (tests point this at a copy with extra steps).
        expected_row_changes: tables whose row count a migration is meant to change.
    """
    with engine.connect() as connection:
        current = _read_revision(connection)
    if script_location == MIGRATIONS_DIR and current == HEAD_REVISION:
        return MigrationResult(current, current, None)
    from alembic.script import ScriptDirectory

    config = alembic_config(script_location)
    scripts = ScriptDirectory.from_config(config)
    head = head_revision(script_location)
    if current == head:
        return MigrationResult(current, head, None)
    with engine.connect() as connection:
        if current is not None and _unknown(scripts, current):
            raise DatabaseOpenError(OpenFailure.NEWER_SCHEMA, current)
        backup = _backup(connection, key, backup_dir, current) if current else None
        log.info("migrating database from %s to %s", current, head)
        expected = expected_row_changes | _intended_row_changes(scripts, current, head)
        _upgrade(connection, config, expected)
        if _frees_space(scripts, current, head):
            _vacuum(connection)
    return MigrationResult(current, head, backup)


def _read_revision(connection: Connection) -> str | None:
    """The schema revision; a damaged page met on the way means the file is not a sound database."""
    try:
        return current_revision(connection)
    except DatabaseError as exc:
        raise DatabaseOpenError(OpenFailure.NOT_A_DATABASE, type(exc.orig).__name__) from None
    finally:
        connection.rollback()


def _unknown(scripts: ScriptDirectory, revision: str) -> bool:
    return all(script.revision != revision for script in scripts.walk_revisions())


def _intended_row_changes(
    scripts: ScriptDirectory, current: str | None, head: str
) -> frozenset[str]:
    """Tables whose row count the migrations to run declare they change (`intended_row_changes`).

    Every other table must keep its row count, or the whole migration is rolled back.
    """
    declared: set[str] = set()
    for script in scripts.iterate_revisions(head, current or "base"):
        declared |= getattr(script.module, "intended_row_changes", frozenset())
    return frozenset(declared)


def _frees_space(scripts: ScriptDirectory, current: str | None, head: str) -> bool:
    """Whether a migration to run declares it leaves pages free; a new database is made by
    running them all, so it starts compact too (a small file: a VACUUM of a few milliseconds).
    """
    return any(
        getattr(script.module, "frees_space", False)
        for script in scripts.iterate_revisions(head, current or "base")
    )


def _vacuum(connection: Connection) -> None:
    """Give the disk back the pages a committed migration left free, so the file (and every
    backup made of it) shrinks now rather than never: SQLite reuses free pages but keeps them.

    VACUUM cannot run inside a transaction, hence after the commit and on the driver's own
    connection. Under SQLCipher it rewrites the file encrypted with the same key. It needs
    room for a copy of the database; if it fails (a full disk), the migrated database is
    sound and complete, only larger than it could be, so the failure is logged, not raised.
    """
    driver = connection.connection.dbapi_connection
    assert driver is not None
    started = time.perf_counter()
    try:
        driver.execute("VACUUM")
        driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the log held a copy of every page
    except connection.dialect.loaded_dbapi.Error as exc:  # the driver's, not wrapped
        log.warning("the migrated database keeps its free pages: %s", type(exc).__name__)
        return
    log.info("free pages given back in %.1f s", time.perf_counter() - started)


def _backup(connection: Connection, key: bytes, backup_dir: Path, revision: str) -> Path:
    """A verified copy of the database as it is; without one, no migration starts."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    destination = backup_dir / f"before-migration-{revision}-{stamp}.db"
    try:
        backup_dir.mkdir(parents=True, exist_ok=True)
        snapshot(connection.connection.dbapi_connection, destination, key)
    except (BackupError, OSError) as exc:
        raise DatabaseOpenError(OpenFailure.MIGRATION_FAILED, "backup") from exc
    return destination


def _upgrade(connection: Connection, config: Config, expected_changes: frozenset[str]) -> None:
    from alembic import command

    driver = connection.connection.dbapi_connection
    assert driver is not None
    driver.execute("PRAGMA foreign_keys = OFF")  # only takes effect outside a transaction
    try:
        with connection.begin():
            before = _row_counts(connection)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            _check(connection, before, expected_changes)
    except Exception as exc:
        raise DatabaseOpenError(OpenFailure.MIGRATION_FAILED, type(exc).__name__) from exc
    finally:
        driver.execute("PRAGMA foreign_keys = ON")


def _row_counts(connection: Connection) -> dict[str, int]:
    tables = [t for t in inspect(connection).get_table_names() if t != "alembic_version"]
    # Table names come from the schema itself, not from input.
    return {t: connection.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables}  # noqa: S608


def _check(connection: Connection, before: Mapping[str, int], expected: frozenset[str]) -> None:
    if connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
        raise MigrationCheckError("foreign_key_check")
    if connection.exec_driver_sql("PRAGMA integrity_check").fetchall() != [("ok",)]:
        raise MigrationCheckError("integrity_check")
    after = _row_counts(connection)
    for table, count in before.items():
        if table not in expected and after.get(table) != count:
            raise MigrationCheckError(f"row count changed in {table}")


def new_revision(engine: Engine, message: str) -> None:
    """Write a new migration script from the difference between the models and `engine`'s schema.

    For developers: run it against a database migrated to the current head, then review the script.
    """
    from alembic import command

    config = alembic_config()
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)
