"""The end of the audit trail cannot be cut unseen (issue 9; reliability.md scenario 15).

Rows deleted from the end, with or without the record of the end kept in the database, are
found at the next login, before the login appends anything; the break is written into the
trail for good, and the rows after it are still checked. The end is anchored outside the
database too: in a signed file beside the keys, and beside every backup.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from clinic.audit.anchor import (
    anchor_key,
    backup_anchor,
    every_anchor,
    folder_anchor,
    read_anchor,
)
from clinic.audit.chain import ChainBreak, ChainReport, Finding, verify_chain
from clinic.audit.trail import row_hash
from clinic.audit.transactions import writing
from clinic.backups.backing_up import back_up
from clinic.backups.restoring import RestoreGrant, restore_in_place
from clinic.common.clock import Clock
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.staff.accounts import SetUp
from clinic.staff.opening import OpenClinic, open_as, set_up
from clinic.staff.vocabulary import Role
from db.engine import Database
from db.folder import DataFolder
from db.keyslots import KeyStore, new_recovery_key
from db.models.audit import AuditEvent
from tests.conftest import NOW, desk_actor
from tests.unit.clinic.use_cases import FAST, STRONG

_codes = itertools.count()
SETUP = SetUp("Casa Aperta", "Europe/Rome", "it", "anna", "Anna R.", STRONG)


@pytest.fixture
def clinic(data_folder: DataFolder, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> DataFolder:
    """A clinic set up for `anna` (rows 1 and 2: set-up and her login)."""
    monkeypatch.setattr("clinic.staff.opening.KeyStore", lambda path: KeyStore(path, kdf=FAST))
    set_up(data_folder, SETUP, new_recovery_key(), clock).close()
    return data_folder


def _log_in(folder: DataFolder, clock: Clock) -> OpenClinic:
    return open_as(folder, "anna", STRONG, clock)


def _register(opened: OpenClinic, clock: Clock, persons: int) -> None:
    record = validate_person(PersonForm(alias="Maria", birth="1990"), "it_IT", NOW.date())
    with writing(opened.database, clock) as session:
        reception = desk_actor(session, clock, Role.RECEPTION)
        for _ in range(persons):
            register_person(session, reception, clock, record, f"CODE{next(_codes)}")


def _trail_of(folder: DataFolder, clock: Clock, persons: int = 6) -> tuple[bytes, int]:
    """Anna logs in (row 3) and reception registers `persons`; the key, and the last row."""
    opened = _log_in(folder, clock)
    _register(opened, clock, persons)
    opened.close()
    return opened.key, 3 + persons


def _raw(folder: DataFolder, key: bytes, *statements: str) -> None:
    """What someone with the database key could do with an SQLCipher shell."""
    database = Database.open(folder.database, key)
    try:
        with database.write() as session:
            for statement in statements:
                session.execute(text(statement))
    finally:
        database.dispose()


def _cut(folder: DataFolder, key: bytes, last_kept: int, *, head: bool) -> None:
    statements = [f"DELETE FROM audit_event WHERE id > {last_kept}"]
    if not head:
        statements.append("DELETE FROM setting WHERE key = 'audit_head'")
    _raw(folder, key, *statements)


def _report(folder: DataFolder, clock: Clock) -> ChainReport:
    """Log in (as `audit verify` does), then check the chain against every anchor."""
    opened = _log_in(folder, clock)
    try:
        with opened.database.read() as session:
            return verify_chain(session, every_anchor(folder, opened.key, None))
    finally:
        opened.close()


@pytest.mark.parametrize("head", [True, False], ids=["head kept", "head deleted"])
@pytest.mark.parametrize("cut", [1, 5, "all"])
def test_rows_cut_from_the_end_are_found_at_the_next_login_and_written_down(
    clinic, clock, cut, head
):
    key, last = _trail_of(clinic, clock)
    kept = 0 if cut == "all" else last - int(cut)
    _cut(clinic, key, kept, head=head)
    report = _report(clinic, clock)
    marker = last + 1  # the missing ids stay unused: the row noting the cut comes after them
    assert report.breaks == (
        ChainBreak(Finding.TAIL_CUT, kept + 1, last, noted_row=marker, noted_at=NOW),
    )
    assert report.rows == kept + 2  # what was left, the row noting the cut, this login
    assert report.anchors == 1


def test_a_break_written_down_stays_and_the_rows_after_it_are_still_checked(clinic, clock):
    key, last = _trail_of(clinic, clock)
    _cut(clinic, key, last - 2, head=True)
    _report(clinic, clock)  # the login notes the cut (row last+1) and appends its own row
    again = _report(clinic, clock)  # a later login: the cut is still reported, once
    assert [b.finding for b in again.breaks] == [Finding.TAIL_CUT]
    _raw(clinic, key, f"UPDATE audit_event SET record_id = 99 WHERE id = {last + 2}")
    edited = _report(clinic, clock)
    assert [(b.finding, b.first) for b in edited.breaks] == [
        (Finding.TAIL_CUT, last - 1),
        (Finding.EDITED, last + 2),
    ]


def test_the_record_of_the_end_deleted_alone_is_noted(clinic, clock):
    key, last = _trail_of(clinic, clock)
    _raw(clinic, key, "DELETE FROM setting WHERE key = 'audit_head'")
    folder_anchor(clinic).unlink()  # and the anchor beside the keys: nothing says where it ended
    [found] = _report(clinic, clock).breaks
    assert (found.finding, found.first, found.noted_row) == (Finding.END_UNKNOWN, last, last + 1)


def test_a_rewritten_end_whose_hashes_were_recomputed_is_caught_by_the_anchor(clinic, clock):
    """Someone with the key replaces the last row by a look-alike with a valid hash, and the
    head with it: the database agrees with itself, the anchor beside the keys does not."""
    key, last = _trail_of(clinic, clock)
    database = Database.open(clinic.database, key)
    with database.write() as session:
        row = session.get(AuditEvent, last)
        assert row is not None
        row.record_id = 4242  # another person's file, say
        row.hash = row_hash(row)
        head = json.dumps({"id": last, "hash": row.hash})
        session.execute(text("UPDATE setting SET value = :v WHERE key = 'audit_head'"), {"v": head})
    database.dispose()
    [found] = _report(clinic, clock).breaks
    assert (found.finding, found.first, found.noted_row) == (Finding.END_CHANGED, last, last + 1)


def test_an_altered_anchor_file_is_noted_and_replaced(clinic, clock):
    _trail_of(clinic, clock)
    path = folder_anchor(clinic)
    body = json.loads(path.read_text())
    body["id"] += 10  # pretend the trail was longer: the signature no longer holds
    path.write_text(json.dumps(body))
    [found] = _report(clinic, clock).breaks
    assert (found.finding, found.noted_row is not None) == (Finding.ANCHOR_INVALID, True)
    assert _report(clinic, clock).breaks == (found,)  # the new anchor is as signed


def test_the_anchor_follows_each_commit_to_the_trail_signed_with_a_key_of_its_own(clinic, clock):
    opened = _log_in(clinic, clock)
    try:
        _register(opened, clock, 2)
        anchor = read_anchor(folder_anchor(clinic), anchor_key(opened.key))
        assert anchor is not None
        assert anchor.says is not None
        assert anchor.says.head.id == 5  # set-up, login, login, two registrations
        with opened.database.read() as session:  # a read appends nothing
            session.execute(text("SELECT count(*) FROM person"))
        assert read_anchor(folder_anchor(clinic), anchor_key(opened.key)) == anchor
        assert anchor_key(opened.key) != opened.key
        assert opened.key.hex() not in folder_anchor(clinic).read_text()
    finally:
        opened.close()


def test_cutting_rows_head_and_anchor_is_still_caught_by_a_backup_kept_elsewhere(
    clinic, clock, tmp_path: Path
):
    usb = tmp_path / "usb"
    opened = _log_in(clinic, clock)
    _register(opened, clock, 4)
    made = back_up(opened.database, opened.login.actor, clock, opened.key, clinic, usb)
    opened.close()
    backed_up = 7  # set-up, two logins, four registrations (the backup's own row comes after)
    assert backup_anchor(usb / made.path.name).exists()
    _cut(clinic, opened.key, 0, head=False)
    folder_anchor(clinic).unlink()
    for path in clinic.backups.glob("*.anchor"):
        path.unlink()
    report_here = _report(clinic, clock)
    assert report_here.intact  # nothing left in the data folder tells
    opened = _log_in(clinic, clock)
    with opened.database.read() as session:
        report = verify_chain(session, every_anchor(clinic, opened.key, usb))
    opened.close()
    [found] = report.breaks
    assert (found.finding, found.last, found.source) == (
        Finding.TAIL_CUT,
        backed_up,
        backup_anchor(made.path).name,
    )


def test_restoring_an_older_backup_is_no_break(clinic, clock):
    opened = _log_in(clinic, clock)
    _register(opened, clock, 2)
    made = back_up(opened.database, opened.login.actor, clock, opened.key, clinic)
    _register(opened, clock, 3)  # after the backup: gone once it is restored
    opened.close()
    restore_in_place(clinic, made.path, RestoreGrant(opened.key, "anna"), clock)
    report = _report(clinic, clock)
    assert report.intact, report.breaks
    assert report.anchors == 2  # beside the keys, and beside the backup


def test_the_login_that_found_a_break_tells_a_coordinator(clinic, clock):
    key, last = _trail_of(clinic, clock)
    _cut(clinic, key, last - 5, head=True)
    opened = _log_in(clinic, clock)
    opened.close()
    assert [(b.finding, b.first, b.last) for b in opened.trail_breaks] == [
        (Finding.TAIL_CUT, last - 4, last)
    ]
    later = _log_in(clinic, clock)  # told once: not again at her next login
    later.close()
    assert later.trail_breaks == ()
