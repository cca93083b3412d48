"""Snapshots: a consistent, encrypted, verified copy, or an error and nothing left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.backup import BackupError, snapshot, verify
from db.engine import Database
from db.folder import DataFolder
from db.keys import new_key
from db.sqlcipher import connect_raw
from tests.unit.db.conftest import dump, fill

PAGE = 4096
SQLITE_HEADER = b"SQLite format 3\x00"


def _snapshot(data_folder: DataFolder, key: bytes, destination: Path) -> None:
    (data_folder.root.parent / "backups").mkdir(exist_ok=True)
    source = connect_raw(data_folder.database, key)
    try:
        snapshot(source, destination, key)
    finally:
        source.close()


def _dump_of(path: Path, key: bytes) -> dict[str, list[tuple[object, ...]]]:
    copy = Database.open(path, key)
    try:
        return dump(copy.engine)
    finally:
        copy.dispose()


def test_a_snapshot_is_an_encrypted_verified_copy(
    tmp_path: Path, data_folder: DataFolder, database: Database, key: bytes
) -> None:
    fill(database)
    destination = tmp_path / "backups" / "copy.db"
    _snapshot(data_folder, key, destination)
    assert sorted(p.name for p in destination.parent.iterdir()) == [
        "copy.db"
    ]  # no .partial, no WAL
    assert destination.read_bytes()[:16] != SQLITE_HEADER
    verify(destination, key)
    assert _dump_of(destination, key) == dump(database.engine)


def test_a_snapshot_leaves_out_what_another_connection_has_not_committed(
    tmp_path: Path, data_folder: DataFolder, database: Database, key: bytes
) -> None:
    fill(database, persons=5)
    committed = dump(database.engine)
    writer = connect_raw(data_folder.database, key)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("DELETE FROM person_language")
        writer.execute("INSERT INTO setting (key, value) VALUES ('half', 'done')")
        _snapshot(data_folder, key, tmp_path / "backups" / "copy.db")
        writer.execute("ROLLBACK")
    finally:
        writer.close()
    assert _dump_of(tmp_path / "backups" / "copy.db", key) == committed


def _damaged(data: bytes) -> bytes:
    damaged = bytearray(data)
    damaged[len(data) // 2 // PAGE * PAGE + 100] ^= 0x01  # a page in the middle of the file
    return bytes(damaged)


DAMAGE = {
    "flipped byte": _damaged,
    "truncated": lambda data: data[: len(data) // 2 // PAGE * PAGE],
    "empty": lambda data: b"",
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_copy_fails_verification(
    tmp_path: Path, data_folder: DataFolder, database: Database, key: bytes, damage
) -> None:
    fill(database)
    destination = tmp_path / "backups" / "copy.db"
    _snapshot(data_folder, key, destination)
    destination.write_bytes(damage(destination.read_bytes()))
    with pytest.raises(BackupError):
        verify(destination, key)


def test_a_copy_does_not_verify_with_another_key(
    tmp_path: Path, data_folder: DataFolder, database: Database, key: bytes
) -> None:
    _snapshot(data_folder, key, tmp_path / "backups" / "copy.db")
    with pytest.raises(BackupError):
        verify(tmp_path / "backups" / "copy.db", new_key())


def test_a_snapshot_that_cannot_be_written_leaves_nothing_behind(
    tmp_path: Path, data_folder: DataFolder, database: Database, key: bytes
) -> None:
    with pytest.raises(BackupError):
        _snapshot(data_folder, key, tmp_path / "backups" / "missing-folder" / "copy.db")
    assert list((tmp_path / "backups").iterdir()) == []
