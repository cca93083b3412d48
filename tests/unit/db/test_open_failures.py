"""Files that are not this folder's database are refused with a known error and never written.

A wrong key, a foreign file and a damaged file all read as "file is not a database" to SQLCipher
(reliability.md, trap 4); SQLite would even take a tiny file for a new database and write over it.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.engine import Database
from db.errors import DatabaseOpenError, OpenFailure
from db.folder import DataFolder, prepare
from db.keys import new_key
from db.opening import create_database, open_database, read_legacy_key
from db.sqlcipher import problems
from tests.unit.db.conftest import fill

PAGE = 4096


def _folder_state(folder: DataFolder) -> dict[str, tuple[bytes, int]]:
    """Every file of the folder with its content and modification time."""
    return {
        str(path.relative_to(folder.root)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.root.rglob("*"))
        if path.is_file()
    }


def _assert_refused_untouched(folder: DataFolder, key: bytes, failure: OpenFailure) -> None:
    before = _folder_state(folder)
    with pytest.raises(DatabaseOpenError) as caught:
        open_database(folder, key)
    assert caught.value.failure is failure
    assert _folder_state(folder) == before


def _truncate(size: int) -> Callable[[bytes, DataFolder], bytes]:
    return lambda data, folder: data[:size]


def _flip(offset: int) -> Callable[[bytes, DataFolder], bytes]:
    def flip(data: bytes, folder: DataFolder) -> bytes:
        damaged = bytearray(data)
        damaged[offset] ^= 0x10
        return bytes(damaged)

    return flip


def _plain_sqlite(data: bytes, folder: DataFolder) -> bytes:
    plain = folder.root / "plain.db"
    with sqlite3.connect(plain) as connection:
        connection.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, alias TEXT)")
    content = plain.read_bytes()
    plain.unlink()
    return content


DAMAGE = {
    "random bytes": lambda data, folder: os.urandom(len(data)),
    "plain SQLite": _plain_sqlite,
    "empty": _truncate(0),
    "one byte": _truncate(1),
    "half a page": _truncate(PAGE // 2),
    "first page only": _truncate(PAGE),
    "half the file": lambda data, folder: data[: len(data) // 2 // PAGE * PAGE],
    "flipped byte in the first page": _flip(PAGE // 2),
    "flipped salt byte": _flip(3),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_file_that_is_not_this_database_is_refused_and_left_as_it_is(
    data_folder: DataFolder,
    database: Database,
    key: bytes,
    damage: Callable[[bytes, DataFolder], bytes],
) -> None:
    fill(database)
    database.dispose()
    data = data_folder.database.read_bytes()
    assert len(data) > 8 * PAGE  # enough pages for truncation to cut into the schema
    data_folder.database.write_bytes(damage(data, data_folder))
    _assert_refused_untouched(data_folder, key, OpenFailure.NOT_A_DATABASE)


def test_the_wrong_key_is_refused_and_nothing_is_written(
    data_folder: DataFolder, database: Database
) -> None:
    fill(database)
    database.dispose()
    _assert_refused_untouched(data_folder, new_key(), OpenFailure.NOT_A_DATABASE)


def test_a_missing_database_is_reported_and_not_made_anew(data_folder: DataFolder) -> None:
    _assert_refused_untouched(data_folder, new_key(), OpenFailure.NOT_A_DATABASE)
    assert not data_folder.database.exists()


def test_a_missing_key_file_of_an_old_folder_is_reported(data_folder: DataFolder) -> None:
    with pytest.raises(DatabaseOpenError) as caught:
        read_legacy_key(data_folder)
    assert caught.value.failure is OpenFailure.KEY_FILE


@pytest.mark.parametrize("content", ["not hex at all", "ab" * 31, "ab" * 33, ""])
def test_a_damaged_key_file_of_an_old_folder_is_reported_and_left_as_it_is(
    data_folder: DataFolder, content: str
) -> None:
    data_folder.legacy_key.write_text(content, encoding="ascii")
    with pytest.raises(DatabaseOpenError) as caught:
        read_legacy_key(data_folder)
    assert caught.value.failure is OpenFailure.KEY_FILE
    assert data_folder.legacy_key.read_text(encoding="ascii") == content


def test_an_interrupted_first_start_leaves_nothing_that_blocks_the_next(tmp_path: Path) -> None:
    folder = prepare(tmp_path / "data")
    for suffix in (".new", ".new-wal", ".new-shm"):
        (folder.root / f"soglia.db{suffix}").write_bytes(os.urandom(100))
    database, result = create_database(folder, new_key())
    database.dispose()
    assert result.from_revision is None
    assert sorted(p.name for p in folder.root.glob("soglia.db*")) == ["soglia.db"]


ANY_FILE = st.one_of(
    st.binary(max_size=3 * PAGE),
    st.binary(max_size=3 * PAGE).map(lambda tail: b"SQLite format 3\x00" + tail),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=ANY_FILE)
def test_no_file_of_any_content_is_opened_or_written(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = prepare(Path(tmp))
        folder.database.write_bytes(content)
        _assert_refused_untouched(folder, new_key(), OpenFailure.NOT_A_DATABASE)


def test_a_flipped_byte_in_any_page_is_refused_before_anything_is_written(
    data_folder: DataFolder, database: Database, key: bytes
) -> None:
    """Scenario 5: every page is checked when the database is opened, so a damaged page far
    from the first one (which SQLite reads only when it needs it) is found before a migration
    or the login's audit row could write into the file."""
    fill(database, persons=60)
    database.dispose()
    data = data_folder.database.read_bytes()
    for page in range(len(data) // PAGE):
        damaged = _flip(page * PAGE + PAGE // 2)(data, data_folder)
        data_folder.database.write_bytes(damaged)
        opened = _open_or_failure(data_folder, key)
        if isinstance(opened, Database):
            opened.dispose()
        assert opened is OpenFailure.NOT_A_DATABASE, f"page {page + 1} damaged, yet opened"
        assert data_folder.database.read_bytes() == damaged
        assert sorted(p.name for p in data_folder.root.glob("soglia.db*")) == ["soglia.db"]


def test_a_flipped_byte_is_found_by_the_full_check_too(
    data_folder: DataFolder, database: Database, key: bytes
) -> None:
    fill(database, persons=60)
    database.dispose()
    data = bytearray(data_folder.database.read_bytes())
    pages = len(data) // PAGE
    data[(pages - 1) * PAGE + PAGE // 2] ^= 0x10  # the last page
    data_folder.database.write_bytes(bytes(data))
    fresh = Database.open(data_folder.database, key)  # the bare engine: no check when opening
    try:
        assert problems(fresh) == [f"HMAC verification failed for page {pages}"]
    finally:
        fresh.dispose()


def test_a_wal_left_by_a_crash_is_not_folded_into_a_damaged_file(
    data_folder: DataFolder, database: Database, key: bytes
) -> None:
    """Closing the last connection folds the WAL into the database: the check that refuses a
    damaged file reads it through a read-only connection, which never does."""
    fill(database, persons=60)
    with database.write() as session:  # one more save, left in the WAL by the "crash" below
        session.connection().exec_driver_sql("UPDATE person SET alias = 'later' WHERE id = 1")
    data = bytearray(data_folder.database.read_bytes())
    wal = (data_folder.root / "soglia.db-wal").read_bytes()
    assert wal  # the save is still in the WAL only
    database.dispose()
    data[len(data) - PAGE // 2] ^= 0x10
    data_folder.database.write_bytes(bytes(data))
    (data_folder.root / "soglia.db-wal").write_bytes(wal)
    with pytest.raises(DatabaseOpenError):
        open_database(data_folder, key)
    assert data_folder.database.read_bytes() == bytes(data)
    assert (data_folder.root / "soglia.db-wal").read_bytes() == wal


def _open_or_failure(folder: DataFolder, key: bytes) -> Database | OpenFailure:
    try:
        return open_database(folder, key)[0]
    except DatabaseOpenError as exc:
        return exc.failure
