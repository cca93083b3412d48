"""Backups and restore (reliability.md scenarios 8 and 9): consistent encrypted snapshots taken
while another process writes, kept with rotation, restored only after a check, the replaced
database kept aside."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text

from clinic.backups.backing_up import (
    Backup,
    BackupRefusedError,
    back_up,
    backup_due,
    backup_name,
    list_backups,
    restore,
    to_keep,
)
from clinic.common.clock import Clock
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from db.engine import Database
from db.keys import new_key
from db.models.audit import AuditEvent
from db.models.registry import Person
from db.opening import open_database
from db.sqlcipher import connect_raw, integrity_problems
from tests.conftest import NOW, ROME

ROOT = Path(__file__).resolve().parents[4]
MARKER = "MARKER-Zoë-5151"


def _persons(database: Database) -> int:
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(Person)) or 0


def _register(database, clock, actor, count=3, prefix="P") -> None:
    record = validate_person(PersonForm(alias=MARKER, birth="1985"), "it_IT", NOW.date())
    with database.write() as session:
        for n in range(count):
            register_person(session, actor, clock, record, f"{prefix}{n:05d}")


# Rotation --------------------------------------------------------------------------------------


def _daily(days: int) -> list[Backup]:
    """One backup at 09:00 UTC each day for `days` days up to NOW, newest first."""
    first = NOW.replace(hour=9, minute=0) - dt.timedelta(days=days - 1)
    made = [first + dt.timedelta(days=n) for n in range(days)]
    return [Backup(Path(backup_name(at)), at, 1) for at in reversed(made)]


def test_rotation_keeps_7_days_4_weeks_and_12_months():
    backups = _daily(400)
    kept = {b.made_at.date() for b in backups if b.path in to_keep(backups, ROME)}
    newest = NOW.date()  # Tuesday 10 March 2026
    days = {newest - dt.timedelta(days=n) for n in range(7)}
    # The newest backup of each of the last four ISO weeks: this week's is today's; the three
    # before end on a Sunday.
    weeks = {newest, dt.date(2026, 3, 8), dt.date(2026, 3, 1), dt.date(2026, 2, 22)}
    months = {newest} | {
        dt.date(y, m, 1) - dt.timedelta(days=1)  # the last day of each month before
        for y, m in [
            (2026, 3),
            (2026, 2),
            (2026, 1),
            (2025, 12),
            (2025, 11),
            (2025, 10),
            (2025, 9),
            (2025, 8),
            (2025, 7),
            (2025, 6),
            (2025, 5),
        ]
    }
    assert kept == days | weeks | months
    assert len(kept) == len(days | weeks | months) < 7 + 4 + 12


def test_several_backups_a_day_keep_the_days_newest():
    morning = Backup(Path("a.db"), NOW.replace(hour=7), 1)
    evening = Backup(Path("b.db"), NOW.replace(hour=17), 1)
    assert to_keep([evening, morning], ROME) == {Path("b.db")}


# Making backups ---------------------------------------------------------------------------------


def test_a_backup_is_checked_encrypted_and_audited(
    data_folder, database, key, clock, reception, actors
):
    _register(database, clock, reception)
    data_folder.keys.write_text("{}", encoding="utf-8")
    made = back_up(database, actors["admin"], clock, key, data_folder)
    assert made.path.parent == data_folder.backups
    assert made.keys.read_text(encoding="utf-8") == "{}"
    content = made.path.read_bytes()
    assert not content.startswith(b"SQLite format 3")
    assert MARKER.encode() not in content
    assert MARKER.encode("utf-16-le") not in content
    assert not list(data_folder.backups.glob("*.partial"))
    connection = connect_raw(made.path, key, pragmas=False)
    try:
        assert integrity_problems(connection) == []
        assert connection.execute("SELECT count(*) FROM person").fetchone()[0] == 3
    finally:
        connection.close()
    with database.read() as session:
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (last.action, last.role) == ("backup", "admin")


def test_a_backup_is_copied_to_the_second_folder_and_both_rotate(
    data_folder, database, key, clock, actors, tmp_path
):
    usb = tmp_path / "usb"
    for days in (40, 20, 0):
        back_up(database, None, Clock(ROME, NOW - dt.timedelta(days=days)), key, data_folder, usb)
    for folder in (data_folder.backups, usb):
        assert len(list_backups(folder)) == 3
    # 60 days later, the month-old ones give way to the newest of each period.
    for days in range(60):
        later = Clock(ROME, NOW + dt.timedelta(days=days + 1))
        back_up(database, None, later, key, data_folder, usb)
    kept = list_backups(data_folder.backups)
    assert [b.path.name for b in kept] == [b.path.name for b in list_backups(usb)]
    assert len(kept) <= 7 + 4 + 12
    assert all(b.path.exists() for b in kept)


def test_the_first_login_of_the_day_finds_a_backup_due(data_folder, database, key, clock):
    assert backup_due(data_folder, clock)
    back_up(database, None, clock, key, data_folder)
    assert not backup_due(data_folder, clock)
    assert backup_due(data_folder, Clock(ROME, NOW + dt.timedelta(days=1)))


def test_only_a_coordinator_backs_up(data_folder, database, key, clock, reception):
    from clinic.common.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        back_up(database, reception, clock, key, data_folder)
    assert list_backups(data_folder.backups) == []


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from sqlalchemy import text
    from db.engine import Database
    database = Database.open(Path({path!r}), bytes.fromhex({key!r}))
    PERSON = text(
        "INSERT INTO person (code, gender, engagement, first_contact, contact_channel, status, "
        "created_at, updated_at, revision) VALUES (:c, 'woman', 'not_stated', '2026-01-01', "
        "'self', 'active', '2026-01-01', '2026-01-01', 1)"
    )
    TERM = text("INSERT INTO search_term (term, person_id) VALUES (:t, :p)")
    print("ready", flush=True)
    n = 0
    while True:
        with database.write() as session:  # a person and their terms, all or nothing
            session.execute(PERSON, {{"c": f"W{{n}}"}})
            pid = session.execute(text("SELECT max(id) FROM person")).scalar()
            for term in ("alpha", "beta", "gamma"):
                session.execute(TERM, {{"t": term, "p": pid}})
        n += 1
    """
)


def test_a_backup_taken_while_another_process_writes_is_a_consistent_snapshot(
    data_folder, database, key, clock
):
    script = WRITER.format(root=str(ROOT), path=str(data_folder.database), key=key.hex())
    with subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as writer:
        try:
            assert writer.stdout is not None
            assert writer.stdout.readline().strip() == "ready"
            while _persons(database) < 50:
                pass  # the writer is well under way
            made = [back_up(database, None, clock, key, data_folder) for _ in range(3)]
        finally:
            writer.kill()
    for backup in made:
        copy = Database.open(backup.path, key)
        try:
            with copy.read() as session:
                connection = session.connection()
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                persons = connection.exec_driver_sql("SELECT count(*) FROM person").scalar()
                terms = connection.exec_driver_sql("SELECT count(*) FROM search_term").scalar()
        finally:
            copy.dispose()
        assert persons >= 50
        assert terms == 3 * persons  # never a person without the terms written with it


# Restore ---------------------------------------------------------------------------------------


def test_a_restore_puts_the_backup_in_place_and_keeps_the_old_database(
    data_folder, database, key, clock, reception
):
    _register(database, clock, reception, count=2)
    made = back_up(database, None, clock, key, data_folder)
    _register(database, clock, reception, count=5, prefix="LATER")
    database.dispose()
    aside = restore(data_folder, made.path, key, NOW)
    restored, _ = open_database(data_folder, key)
    try:
        assert _persons(restored) == 2
    finally:
        restored.dispose()
    kept = Database.open(aside, key)
    try:
        assert _persons(kept) == 7
    finally:
        kept.dispose()


def test_a_stale_wal_of_the_old_database_is_not_replayed_onto_the_restored_one(
    data_folder, database, key, clock, reception
):
    _register(database, clock, reception, count=2)
    made = back_up(database, None, clock, key, data_folder)
    _register(database, clock, reception, count=4, prefix="LATER")
    # The old database crashed: its last pages are still in its WAL.
    with database.read() as session:
        session.connection().exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
    wal = data_folder.root / "soglia.db-wal"
    database.engine.dispose()
    if not wal.exists():
        wal.write_bytes(os.urandom(4096))  # what a crash leaves, in any case
    restore(data_folder, made.path, key, NOW)
    assert not wal.exists() or wal.stat().st_size == 0
    restored, _ = open_database(data_folder, key)
    try:
        assert _persons(restored) == 2
        with restored.read() as session:
            assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        restored.dispose()


@pytest.mark.parametrize("damage", ["another clinic's key", "flipped byte", "not a backup"])
def test_a_bad_backup_is_refused_and_nothing_is_replaced(
    data_folder, database, key, clock, reception, damage
):
    _register(database, clock, reception, count=2)
    made = back_up(database, None, clock, key, data_folder)
    database.dispose()
    use_key = key
    if damage == "another clinic's key":
        use_key = new_key()
    elif damage == "flipped byte":
        data = bytearray(made.path.read_bytes())
        data[len(data) // 2] ^= 0x40
        made.path.write_bytes(bytes(data))
    else:
        made.path.write_bytes(b"holiday photos " * 1000)
    before = data_folder.database.read_bytes()
    with pytest.raises(BackupRefusedError) as caught:
        restore(data_folder, made.path, use_key, NOW)
    assert caught.value.code == "backup_unreadable"
    assert data_folder.database.read_bytes() == before
    assert not list(data_folder.root.glob("soglia.db.before-restore-*"))


def test_the_zone_of_rotation_is_the_clinics():
    # 23:30 in Rome on 9 March is 22:30 UTC: the day of the backup is the 9th.
    late = Backup(Path("x.db"), dt.datetime(2026, 3, 9, 22, 30, tzinfo=dt.UTC), 1)
    next_morning = Backup(Path("y.db"), dt.datetime(2026, 3, 10, 7, 0, tzinfo=dt.UTC), 1)
    assert to_keep([next_morning, late], ZoneInfo("Europe/Rome")) == {Path("x.db"), Path("y.db")}


def test_a_restore_is_audited_by_the_account_of_that_name_in_the_restored_database(
    data_folder, database, key, clock, actors
):
    from clinic.backups.restoring import RestoreGrant, restore_in_place
    from db.models.staff import Staff

    made = back_up(database, None, clock, key, data_folder)
    with database.write() as session:  # an account created after the backup
        session.add(Staff(username="late", display_name="L", role="admin", created_at=NOW))
    database.dispose()
    _aside, migration = restore_in_place(data_folder, made.path, RestoreGrant(key, "late"), clock)
    assert migration.from_revision == migration.to_revision
    restored, _ = open_database(data_folder, key)
    try:
        with restored.read() as session:
            last = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    finally:
        restored.dispose()
    assert (last.action, last.staff_id, last.username) == ("restore", None, "late")
    with pytest.raises(BackupRefusedError):
        restore_in_place(data_folder, made.path, RestoreGrant(new_key(), "late"), clock)
