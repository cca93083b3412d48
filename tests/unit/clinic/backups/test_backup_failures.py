"""A backup that cannot be made says why, truly: the disk is full, the folder cannot be
written, or the database has a damaged page (then it does not claim the database is fine).
Nothing half-made stays behind, and what interrupted backups left is cleaned at the next one."""

from __future__ import annotations

import datetime as dt
import errno
import shutil
from pathlib import Path

import pytest

import clinic.backups.backing_up
import db.backup
from clinic.backups.backing_up import back_up, clean_leftovers, list_backups
from clinic.common.clock import Clock
from clinic.common.errors import StorageError
from clinic.i18n.messages import error_text
from clinic.i18n.translator import translator
from db.engine import Database
from db.folder import BackupLock, DataFolder
from tests.conftest import NOW, ROME
from tests.unit.db.conftest import fill

PAGE = 4096
T = translator("en")
TOMORROW = Clock(ROME, NOW + dt.timedelta(days=1))


def _failure(database: Database, key: bytes, folder: DataFolder) -> str:
    with pytest.raises(StorageError) as caught:
        back_up(database, None, TOMORROW, key, folder)
    return caught.value.code


def _only_the_first(folder: Path, first: Path) -> None:
    """The backup made before is still there, alone, and nothing half-made is left."""
    assert [b.path for b in list_backups(folder)] == [first]
    assert not [p for p in folder.iterdir() if ".partial" in p.name]


@pytest.fixture
def first(data_folder: DataFolder, database: Database, key: bytes, clock: Clock) -> Path:
    fill(database)
    return back_up(database, None, clock, key, data_folder).path


def test_a_full_disk_is_said_and_the_earlier_backups_stay(
    data_folder, database, key, first, monkeypatch
):
    real = db.backup.connect_raw

    def small_disk(path: Path, key: bytes, **options: bool):
        connection = real(path, key, **options)
        if path.name.endswith(".partial"):  # the copy may not grow: as on a full disk
            connection.execute("PRAGMA max_page_count = 2")
        return connection

    monkeypatch.setattr(db.backup, "connect_raw", small_disk)
    assert _failure(database, key, data_folder) == "backup_disk_full"
    _only_the_first(data_folder.backups, first)
    text = error_text(T, StorageError("backup_disk_full"))
    assert "the disk is full" in text
    assert "The database itself is fine" in text


def test_a_damaged_page_is_said_and_not_called_fine(data_folder, database, key, first):
    database.dispose()
    content = bytearray(data_folder.database.read_bytes())
    content[-PAGE // 2] ^= 0x01
    data_folder.database.write_bytes(bytes(content))
    damaged = Database.open(data_folder.database, key)  # as the desk had it before the damage
    try:
        assert _failure(damaged, key, data_folder) == "backup_damaged"
    finally:
        damaged.dispose()
    _only_the_first(data_folder.backups, first)
    text = error_text(T, StorageError("backup_damaged"))
    assert "a page of the database is damaged" in text
    assert "fine" not in text


def test_a_backups_folder_that_cannot_be_written_is_said(data_folder, database, key):
    data_folder.backups.write_text("a file where the folder should be", encoding="utf-8")
    assert _failure(database, key, data_folder) == "backup_not_writable"
    assert "cannot be written to" in error_text(T, StorageError("backup_not_writable"))


def test_a_full_usb_stick_is_said_and_the_backup_in_the_data_folder_stays(
    data_folder, database, key, tmp_path, monkeypatch
):
    usb = tmp_path / "usb"
    real = shutil.copyfile

    def full_stick(source: Path, destination: Path) -> Path:
        if Path(destination).is_relative_to(usb):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(source, destination)

    monkeypatch.setattr(clinic.backups.backing_up.shutil, "copyfile", full_stick)
    with pytest.raises(StorageError) as caught:
        back_up(database, None, TOMORROW, key, data_folder, usb)
    assert (caught.value.code, caught.value.field) == ("backup_second_folder_full", "second_folder")
    assert len(list_backups(data_folder.backups)) == 1
    assert list(usb.iterdir()) == []


def test_what_interrupted_backups_left_is_removed_at_the_next_one(
    data_folder, database, key, clock, tmp_path
):
    usb = tmp_path / "usb"
    leftovers = [
        data_folder.backups / "soglia-20260301-090000Z.db.partial",
        data_folder.backups / "soglia-20260301-090000Z.db.partial-journal",
        data_folder.backups / "soglia-20260301-090000Z.keys.partial",
        data_folder.backups / "before-migration-0004-20260301T090000Z.db.partial",
        usb / "soglia-20260301-090000Z.db.partial",
    ]
    others = [data_folder.backups / "notes.txt", usb / "holiday.jpg.partial"]
    for path in leftovers + others:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * 1000)
    made = back_up(database, None, clock, key, data_folder, usb)
    assert [p for p in leftovers if p.exists()] == []
    assert all(p.exists() for p in others)  # not Soglia's: left alone
    assert made.path.exists()
    assert (usb / made.path.name).exists()


def test_the_leftover_of_a_backup_under_way_is_not_taken_for_one(
    data_folder, database, key, monkeypatch
):
    """The scheduler's backup and the desk's wait for each other: a copy under way is never
    cleaned away by the other."""
    data_folder.backups.mkdir(parents=True, exist_ok=True)
    under_way = data_folder.backups / "soglia-20260310-093000Z.db.partial"
    under_way.write_bytes(b"being written")
    monkeypatch.setattr(clinic.backups.backing_up, "BACKUP_WAIT_SECONDS", 0.2)
    with BackupLock(data_folder, 0):  # another process's backup, under way
        assert _failure(database, key, data_folder) == "backup_in_progress"
        assert under_way.exists()
    assert clean_leftovers(data_folder.backups) == [under_way]
