"""Restoring a backup without logging in to the database it replaces (which may be damaged):
who may, with which keys file, and what is kept (reliability.md scenario 5)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from clinic.audit.trail import Action
from clinic.backups.backing_up import Backup, BackupRefusedError, back_up
from clinic.backups.restoring import (
    authorise_restore,
    authorise_restore_with_recovery_key,
    grant_restore,
    restorable_backups,
    restore_without_login,
)
from clinic.common.clock import Clock
from clinic.common.errors import PermissionDeniedError
from clinic.staff.accounts import LoginRefusedError
from clinic.staff.vocabulary import Role
from db.engine import Database
from db.folder import DataFolder
from db.keyslots import KdfParams, KeyStore, new_recovery_key
from db.models.audit import AuditEvent
from db.models.registry import Person
from db.models.staff import Staff
from db.opening import open_database
from tests.conftest import NOW

AT_NOW = Clock(ZoneInfo("UTC"), NOW)

PASSWORD = "Quokka-Lantern-9-Harbour"
FAST = KdfParams(time_cost=1, memory_cost=1024, parallelism=1)
PAGE = 4096


def _add(database: Database, *rows: object) -> None:
    with database.write() as session:
        session.add_all(rows)


def _person(code: str) -> Person:
    return Person(
        code=code,
        gender="woman",
        engagement="not_stated",
        first_contact=NOW.date(),
        contact_channel="self",
        created_at=NOW,
        updated_at=NOW,
    )


def _staff(username: str, role: str) -> Staff:
    return Staff(username=username, display_name="X", role=role, active=True, created_at=NOW)


@pytest.fixture
def recovery_key() -> str:
    return new_recovery_key()


@pytest.fixture
def backup(
    data_folder: DataFolder, database: Database, key: bytes, clock: Clock, recovery_key: str
) -> Backup:
    """A clinic with a coordinator `coord` and a receptionist `desk`, a backup holding one
    person, and another person saved after it; the database is closed."""
    _add(database, _staff("coord", "admin"), _staff("desk", "reception"), _person("IN-BACKUP"))
    store = KeyStore(data_folder.keys, kdf=FAST)
    for username in ("coord", "desk"):
        store.set_password(username, key, PASSWORD)
    store.set_recovery_key(key, recovery_key)
    store.save()
    made = back_up(database, None, clock, key, data_folder)
    _add(database, _person("AFTER"))
    database.dispose()
    return made


def _damage(folder: DataFolder) -> bytes:
    """A flipped byte in the last page; the damaged content."""
    content = bytearray(folder.database.read_bytes())
    content[-PAGE // 2] ^= 0x04
    folder.database.write_bytes(bytes(content))
    return bytes(content)


def _codes(folder: DataFolder, key: bytes) -> list[str]:
    database, _ = open_database(folder, key)
    try:
        with database.read() as session:
            return list(session.scalars(select(Person.code).order_by(Person.code)))
    finally:
        database.dispose()


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def test_a_damaged_database_is_replaced_by_the_backup_and_kept_unchanged(
    data_folder, backup, key, clock
):
    damaged = _damage(data_folder)
    grant = authorise_restore(data_folder, backup.path, "Coord", PASSWORD, AT_NOW)
    restored = restore_without_login(data_folder, backup.path, grant, clock)
    assert restored.damaged
    assert restored.kept_as == data_folder.root / "soglia.db.damaged-20260310-093000Z"
    assert _digest(restored.kept_as.read_bytes()) == _digest(damaged)
    assert _codes(data_folder, key) == ["IN-BACKUP"]
    database, _ = open_database(data_folder, key)
    try:
        with database.read() as session:
            last = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    finally:
        database.dispose()
    assert (last.action, last.username) == (Action.RESTORE.value, "coord")


def test_a_sound_database_replaced_is_kept_under_its_usual_name(data_folder, backup, key, clock):
    grant = authorise_restore(data_folder, backup.path, "coord", PASSWORD, AT_NOW)
    restored = restore_without_login(data_folder, backup.path, grant, clock)
    assert not restored.damaged
    assert restored.kept_as is not None
    assert restored.kept_as.name == "soglia.db.before-restore-20260310-093000Z"
    assert _codes(data_folder, key) == ["IN-BACKUP"]


def test_a_lost_keys_file_is_replaced_by_the_backups_own(data_folder, backup, key, clock):
    data_folder.keys.write_text("{ half a file", encoding="utf-8")
    _damage(data_folder)
    grant = authorise_restore(data_folder, backup.path, "coord", PASSWORD, AT_NOW)
    restore_without_login(data_folder, backup.path, grant, clock)
    assert KeyStore.load(data_folder.keys).open_with_password("coord", PASSWORD) == key
    [kept] = data_folder.root.glob("soglia.keys.damaged-*")
    assert kept.read_text(encoding="utf-8") == "{ half a file"


def test_a_wrong_password_is_refused_counted_and_changes_nothing(data_folder, backup):
    damaged = _damage(data_folder)
    with pytest.raises(LoginRefusedError) as caught:
        authorise_restore(data_folder, backup.path, "coord", "not it", AT_NOW)
    assert caught.value.code == "wrong_login"
    assert KeyStore.load(data_folder.keys).failures_of("coord").count == 1
    assert data_folder.database.read_bytes() == damaged


def test_only_an_active_coordinator_in_the_backup_may_restore(data_folder, backup):
    with pytest.raises(BackupRefusedError) as caught:
        authorise_restore(data_folder, backup.path, "desk", PASSWORD, AT_NOW)
    assert (caught.value.code, caught.value.field) == ("restore_not_coordinator", "username")


def test_a_coordinator_made_after_the_backup_may_not_restore_it(data_folder, backup, key):
    database, _ = open_database(data_folder, key)
    _add(database, _staff("late", "admin"))
    database.dispose()
    store = KeyStore.load(data_folder.keys)
    store.set_password("late", key, PASSWORD)
    store.save()
    with pytest.raises(BackupRefusedError):
        authorise_restore(data_folder, backup.path, "late", PASSWORD, AT_NOW)


def test_the_recovery_key_unlocks_a_restore_for_a_coordinator_named(
    data_folder, backup, key, clock, recovery_key
):
    data_folder.keys.unlink()  # a new computer, or a lost keys file: the backup's own is used
    _damage(data_folder)
    with pytest.raises(LoginRefusedError):
        authorise_restore_with_recovery_key(data_folder, backup.path, "coord", "ABCD-EFGH")
    grant = authorise_restore_with_recovery_key(
        data_folder, backup.path, "coord", recovery_key.lower()
    )
    restore_without_login(data_folder, backup.path, grant, clock)
    assert _codes(data_folder, key) == ["IN-BACKUP"]


def test_without_any_readable_keys_file_the_restore_says_which_is_missing(data_folder, backup):
    data_folder.keys.unlink()
    backup.keys.unlink()
    with pytest.raises(BackupRefusedError) as caught:
        authorise_restore(data_folder, backup.path, "coord", PASSWORD, AT_NOW)
    assert caught.value.code == "backup_keys_missing"
    assert caught.value.params["file"] == backup.keys.name


def test_a_backup_of_another_clinic_is_refused(data_folder, backup, tmp_path: Path):
    other = prepare_other_clinic(tmp_path)
    with pytest.raises(BackupRefusedError) as caught:
        authorise_restore(data_folder, other, "coord", PASSWORD, AT_NOW)
    assert caught.value.code == "backup_unreadable"


def prepare_other_clinic(tmp_path: Path) -> Path:
    from db.folder import prepare
    from db.keys import new_key
    from db.opening import create_database

    folder = prepare(tmp_path / "other")
    database, _ = create_database(folder, new_key())
    database.dispose()
    return folder.database


def test_onto_an_empty_folder_nothing_is_said_to_be_kept(backup, key, clock, tmp_path: Path):
    from db.folder import prepare

    new = prepare(tmp_path / "new-computer")
    grant = authorise_restore(new, backup.path, "coord", PASSWORD, AT_NOW)
    restored = restore_without_login(new, backup.path, grant, clock)
    assert (restored.kept_as, restored.damaged) == (None, False)
    assert sorted(p.name for p in new.root.iterdir() if p.is_file()) == ["soglia.db", "soglia.keys"]
    assert _codes(new, key) == ["IN-BACKUP"]


def test_the_backups_of_both_folders_are_offered_newest_first(
    data_folder, database, key, clock, tmp_path: Path
):
    usb = tmp_path / "usb"
    for days in (2, 0, 1):
        when = Clock(clock.zone, NOW - dt.timedelta(days=days))
        back_up(database, None, when, key, data_folder, usb if days != 1 else None)
    offered = restorable_backups(data_folder, usb)
    assert [(b.made_at.day, b.path.parent) for b in offered] == [
        (10, data_folder.backups),
        (10, usb),
        (9, data_folder.backups),
        (8, data_folder.backups),
        (8, usb),
    ]
    assert restorable_backups(data_folder, tmp_path / "not plugged in") == [
        b for b in offered if b.path.parent == data_folder.backups
    ]


def test_reading_the_backup_to_authorise_writes_nothing_to_it(data_folder, backup):
    before = backup.path.read_bytes()
    authorise_restore(data_folder, backup.path, "coord", PASSWORD, AT_NOW)
    assert backup.path.read_bytes() == before
    assert sorted(p.name for p in backup.path.parent.iterdir()) == sorted(
        [backup.path.name, backup.keys.name, backup.path.with_suffix(".anchor").name, "backup.lock"]
    )


def test_at_the_desk_only_an_account_allowed_to_restore_gets_leave(database, key, actors):
    """The backups tab asks clinic/ (no rule of its own): reception and nurses are refused."""
    for role in (Role.RECEPTION, Role.NURSE):
        with pytest.raises(PermissionDeniedError), database.read() as session:
            grant_restore(session, actors[role], key)
    with database.read() as session:
        grant = grant_restore(session, actors[Role.ADMIN], key)
    assert grant.key == key
