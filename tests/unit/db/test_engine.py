"""The engine: pragmas as designed, the write lock taken at once, no values in error texts."""

from __future__ import annotations

import pytest
import sqlcipher3
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from db.engine import Database
from db.folder import DataFolder
from db.models.registry import Person
from db.models.settings import Setting
from db.sqlcipher import BUSY_TIMEOUT_MS, CACHE_SIZE_KIB, connect_raw, make_engine

EXPECTED_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": 2,  # FULL: WAL with NORMAL may lose the last commits on power loss
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_MS,
    "secure_delete": 1,
    "cache_size": -CACHE_SIZE_KIB,
}


@pytest.mark.parametrize(("pragma", "expected"), EXPECTED_PRAGMAS.items())
def test_a_fresh_engine_connection_has_the_designed_pragmas(
    data_folder: DataFolder, database: Database, key: bytes, pragma: str, expected: object
) -> None:
    engine = make_engine(data_folder.database, key)
    try:
        raw = engine.raw_connection()  # a new engine: a new connection, not one from a pool
        try:
            cursor = raw.cursor()
            cursor.execute(f"PRAGMA {pragma}")
            assert cursor.fetchone()[0] == expected
        finally:
            raw.close()
    finally:
        engine.dispose()


def test_the_engine_runs_on_sqlcipher(database: Database) -> None:
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA cipher_version").scalar()


def test_foreign_keys_stay_on_for_the_pooled_connection_after_opening(database: Database) -> None:
    with database.read() as session:
        assert session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def _other_writer(data_folder: DataFolder, key: bytes) -> sqlcipher3.Connection:
    other = connect_raw(data_folder.database, key)
    other.execute("PRAGMA busy_timeout = 0")  # fail at once instead of waiting
    return other


def test_a_write_session_holds_the_write_lock_from_its_first_read(
    data_folder: DataFolder, database: Database, key: bytes
) -> None:
    # A deferred read-then-write fails with "database is locked" if another writer commits in
    # between (reliability.md, trap 5); BEGIN IMMEDIATE takes the lock before the read instead.
    other = _other_writer(data_folder, key)
    try:
        with database.write() as session:
            session.scalar(select(func.count(Person.id)))
            with pytest.raises(sqlcipher3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()


def test_a_read_session_leaves_the_write_lock_free(
    data_folder: DataFolder, database: Database, key: bytes
) -> None:
    other = _other_writer(data_folder, key)
    try:
        with database.read() as session:
            session.scalar(select(func.count(Person.id)))
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
    finally:
        other.close()


def test_database_errors_do_not_carry_the_values_that_were_written(database: Database) -> None:
    marker = "MARKER-Élodie-7731"
    with database.write() as session:
        session.add(Setting(key=marker, value=marker))
    with pytest.raises(IntegrityError) as caught, database.write() as session:
        session.add(Setting(key=marker, value=marker))
    assert marker not in str(caught.value)
    assert marker not in repr(caught.value)
