"""Logging in (reliability.md scenario 12) and setting up a clinic: the key opens only with the
right password, failures are counted and lock the account with growing delays, nothing is
written to the database by a wrong password, and the recovery key lets the last admin back in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from clinic.common.clock import Clock
from clinic.common.errors import ConflictError, ValidationError
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.settings.configuration import load_settings
from clinic.staff.accounts import (
    LoginRefusedError,
    SetUp,
    SetUpForm,
    lock_until,
    password_problem,
    unlock_key,
    validate_setup,
)
from clinic.staff.opening import open_as, open_with_recovery_key, set_up
from db.folder import DataFolder, FolderState
from db.keys import write_key
from db.keyslots import KeyStore, load_key_store, new_recovery_key
from db.models.audit import AuditEvent
from db.models.registry import Person
from db.models.staff import Staff
from tests.conftest import NOW
from tests.unit.clinic.use_cases import FAST, STRONG

SETUP = SetUp("Casa Aperta", "Europe/Rome", "it", "anna", "Anna R.", STRONG)


def _set_up(folder: DataFolder, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr("clinic.staff.opening.KeyStore", _fast_store)
    recovery = new_recovery_key()
    set_up(folder, SETUP, recovery, clock).close()
    return recovery


def _fast_store(path: Path) -> KeyStore:
    return KeyStore(path, kdf=FAST)


def _audit(folder: DataFolder, clock: Clock) -> list[tuple[str, str | None]]:
    opened = open_as(folder, "anna", STRONG, clock)
    try:
        with opened.database.read() as session:
            rows = session.scalars(select(AuditEvent).order_by(AuditEvent.id))
            return [(e.action, e.username) for e in rows]
    finally:
        opened.close()


# Locks -----------------------------------------------------------------------------------------


def test_the_lock_starts_at_the_fifth_failure_and_doubles_up_to_an_hour():
    delays = [lock_until(n, NOW) for n in range(1, 14)]
    assert delays[:4] == [None] * 4
    minutes = [(d - NOW) / dt.timedelta(minutes=1) for d in delays[4:] if d]
    assert minutes == [1, 2, 4, 8, 16, 32, 60, 60, 60]


def _store_with(tmp_path: Path, key: bytes) -> KeyStore:
    store = KeyStore(tmp_path / "soglia.keys", kdf=FAST)
    store.set_password("anna", key, STRONG)
    store.save()
    return store


def test_the_right_password_gives_the_key_and_clears_the_failures(tmp_path, key):
    store = _store_with(tmp_path, key)
    with pytest.raises(LoginRefusedError):
        unlock_key(store, "anna", "wrong", NOW)
    assert unlock_key(store, " Anna ", STRONG, NOW) == key  # case and spaces do not matter
    assert KeyStore.load(store.path).failures_of("anna") is None


def test_five_failures_lock_the_account_even_for_the_right_password(tmp_path, key):
    store = _store_with(tmp_path, key)
    for _ in range(5):
        with pytest.raises(LoginRefusedError) as caught:
            unlock_key(store, "anna", "wrong", NOW)
        assert caught.value.code == "wrong_login"
    with pytest.raises(LoginRefusedError) as caught:
        unlock_key(store, "anna", STRONG, NOW + dt.timedelta(seconds=59))
    assert caught.value.code == "account_locked"
    assert caught.value.params["until"] == NOW + dt.timedelta(minutes=1)
    # Once the lock is over, the right password works.
    assert unlock_key(store, "anna", STRONG, NOW + dt.timedelta(minutes=2)) == key


def test_a_wrong_password_after_the_lock_locks_for_longer(tmp_path, key):
    store = _store_with(tmp_path, key)
    for _ in range(5):
        with pytest.raises(LoginRefusedError):
            unlock_key(store, "anna", "wrong", NOW)
    later = NOW + dt.timedelta(minutes=5)
    with pytest.raises(LoginRefusedError):
        unlock_key(store, "anna", "wrong", later)
    failures = KeyStore.load(store.path).failures_of("anna")
    assert (failures.count, failures.locked_until) == (6, later + dt.timedelta(minutes=2))


def test_attempts_during_a_lock_are_refused_audited_and_not_counted(tmp_path, key):
    """Someone tries four more times during the one-minute lock, then makes one more mistake
    after it: the account is locked for two minutes (the sixth failure), not sixteen."""
    store = _store_with(tmp_path, key)
    for _ in range(5):
        with pytest.raises(LoginRefusedError):
            unlock_key(store, "anna", "wrong", NOW)
    for seconds in (10, 20, 30, 40):
        with pytest.raises(LoginRefusedError) as caught:
            unlock_key(store, "anna", "wrong", NOW + dt.timedelta(seconds=seconds))
        assert caught.value.code == "account_locked"
        assert caught.value.params["until"] == NOW + dt.timedelta(minutes=1)
    after_the_lock = NOW + dt.timedelta(minutes=1, seconds=5)
    with pytest.raises(LoginRefusedError) as caught:
        unlock_key(store, "anna", "wrong", after_the_lock)
    assert caught.value.code == "wrong_login"
    failures = KeyStore.load(store.path).failures_of("anna")
    assert (failures.count, failures.locked_until) == (6, after_the_lock + dt.timedelta(minutes=2))
    assert len(KeyStore.load(store.path).pending_events) == 10  # every attempt is audited


def test_an_unknown_name_fails_like_a_wrong_password_and_is_not_kept_for_the_audit(tmp_path, key):
    store = _store_with(tmp_path, key)
    with pytest.raises(LoginRefusedError) as caught:
        unlock_key(store, "Maria Rossi", STRONG, NOW)  # perhaps a visitor's name, typed by mistake
    assert caught.value.code == "wrong_login"
    with pytest.raises(LoginRefusedError):
        unlock_key(store, "anna", "wrong", NOW)
    assert KeyStore.load(store.path).pending_events == [
        {"at": NOW.isoformat(), "username": ""},
        {"at": NOW.isoformat(), "username": "anna"},
    ]


# Set-up and login ------------------------------------------------------------------------------


def test_set_up_makes_the_clinic_and_its_coordinator_who_then_logs_in(
    data_folder, clock, monkeypatch
):
    assert data_folder.state() is FolderState.NEW
    _set_up(data_folder, clock, monkeypatch)
    assert data_folder.state() is FolderState.READY
    opened = open_as(data_folder, "anna", STRONG, clock)
    try:
        assert (opened.login.username, opened.login.display_name) == ("anna", "Anna R.")
        assert opened.login.actor.role == "admin"
        assert not opened.login.must_change_password
        with opened.database.read() as session:
            settings = load_settings(session)
        assert (settings.name, settings.time_zone, settings.language) == (
            "Casa Aperta",
            "Europe/Rome",
            "it",
        )
    finally:
        opened.close()
    assert _audit(data_folder, clock)[:3] == [
        ("setup", "anna"),
        ("login", "anna"),
        ("login", "anna"),
    ]


def test_a_clinic_is_set_up_only_once(data_folder, clock, monkeypatch):
    _set_up(data_folder, clock, monkeypatch)
    with pytest.raises(ConflictError):
        set_up(data_folder, SETUP, new_recovery_key(), clock)


def test_a_folder_from_before_accounts_keeps_its_data_and_loses_its_key_file(
    data_folder, database, key, clock, reception, monkeypatch
):
    record = validate_person(PersonForm(alias="Maria"), "it_IT", NOW.date())
    with database.write() as session:
        register_person(session, reception, clock, record, "OSIAR230519852")
    database.dispose()
    write_key(data_folder.legacy_key, key)
    assert data_folder.state() is FolderState.LEGACY
    _set_up(data_folder, clock, monkeypatch)
    assert not data_folder.legacy_key.exists()
    opened = open_as(data_folder, "anna", STRONG, clock)
    try:
        assert opened.key == key  # the same database key, now only wrapped
        with opened.database.read() as session:
            assert session.scalars(select(Person.code)).all() == ["OSIAR230519852"]
    finally:
        opened.close()


def test_a_wrong_password_writes_nothing_to_the_database(data_folder, clock, monkeypatch):
    _set_up(data_folder, clock, monkeypatch)
    before = [
        (p.name, p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(data_folder.root.glob("soglia.db*"))
    ]
    for attempt in range(7):
        with pytest.raises(LoginRefusedError):
            open_as(data_folder, "anna", f"wrong {attempt}", clock)
    after = [
        (p.name, p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(data_folder.root.glob("soglia.db*"))
    ]
    assert after == before
    # The sixth and seventh came during the lock the fifth started: refused, not counted.
    assert load_key_store(data_folder).failures_of("anna").count == 5
    assert len(load_key_store(data_folder).pending_events) == 7


def test_failed_logins_reach_the_audit_at_the_next_login(data_folder, clock, monkeypatch):
    _set_up(data_folder, clock, monkeypatch)
    for typed in ("anna", "someone"):
        with pytest.raises(LoginRefusedError):
            open_as(data_folder, typed, "wrong", clock)
    assert _audit(data_folder, clock)[-3:] == [
        ("login.failed", "anna"),
        ("login.failed", None),
        ("login", "anna"),
    ]
    assert load_key_store(data_folder).pending_events == []


def test_a_deactivated_account_cannot_log_in_even_with_its_slot(data_folder, clock, monkeypatch):
    _set_up(data_folder, clock, monkeypatch)
    opened = open_as(data_folder, "anna", STRONG, clock)
    with opened.database.write() as session:
        staff = session.scalar(select(Staff).where(Staff.username == "anna"))
        assert staff is not None
        staff.active = False
    opened.close()
    with pytest.raises(LoginRefusedError) as caught:
        open_as(data_folder, "anna", STRONG, clock)
    assert caught.value.code == "wrong_login"


def test_the_recovery_key_lets_the_coordinator_back_in_to_choose_a_password(
    data_folder, clock, monkeypatch
):
    recovery = _set_up(data_folder, clock, monkeypatch)
    opened = open_with_recovery_key(data_folder, recovery.lower(), "anna", clock)
    try:
        assert opened.login.must_change_password
    finally:
        opened.close()
    with pytest.raises(LoginRefusedError) as caught:
        open_with_recovery_key(data_folder, new_recovery_key(), "anna", clock)
    assert caught.value.code == "wrong_recovery_key"
    assert ("recovery_key.used", "anna") in _audit(data_folder, clock)


def test_the_recovery_key_opens_only_a_coordinators_account(data_folder, clock, monkeypatch):
    recovery = _set_up(data_folder, clock, monkeypatch)
    opened = open_as(data_folder, "anna", STRONG, clock)
    with opened.database.write() as session:
        session.add(Staff(username="bea", display_name="Bea", role="reception", created_at=NOW))
    opened.close()
    with pytest.raises(LoginRefusedError) as caught:
        open_with_recovery_key(data_folder, recovery, "bea", clock)
    assert caught.value.code == "wrong_recovery_admin"


# Passwords and the set-up form -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "password_too_short"),
        ("password123", "password_too_weak"),
        ("anna-anna-anna", "password_too_weak"),
        ("x" * 201, "too_long"),
        (STRONG, None),
        ("correct horse battery staple", None),
    ],
)
def test_passwords_must_be_long_and_hard_to_guess(password, problem):
    found = password_problem(password, "anna")
    assert (found.code if found else None) == problem


def test_the_set_up_form_reports_every_problem_at_once():
    form = SetUpForm("", "Mars/Base", "xx", "Anna Rossi!", "", "short", "other")
    with pytest.raises(ValidationError) as caught:
        validate_setup(form, frozenset({"Europe/Rome"}), frozenset({"it"}))
    assert {(e.field, e.code) for e in caught.value.errors} == {
        ("clinic_name", "required"),
        ("time_zone", "unknown_time_zone"),
        ("language", "unknown_choice"),
        ("username", "username_format"),
        ("display_name", "required"),
        ("password", "password_too_short"),
        ("password_again", "passwords_differ"),
    }


def test_a_good_set_up_form_is_normalised():
    form = SetUpForm(" Casa  Aperta ", "Europe/Rome", "it", " Anna ", " Anna R. ", STRONG, STRONG)
    assert validate_setup(form, frozenset({"Europe/Rome"}), frozenset({"it"})) == SETUP


def test_scenario_12_the_last_coordinator_locked_out_comes_back_with_the_recovery_key(
    data_folder, clock, monkeypatch
):
    """reliability.md scenario 12 end to end: wrong passwords get one generic message and
    lock the only coordinator with growing delays, all without writing to the database; the
    recovery key still lets her in, lifts the lock, and every failure is in the audit trail."""
    recovery = _set_up(data_folder, clock, monkeypatch)
    database_files = sorted(data_folder.root.glob("soglia.db*"))
    before = [p.read_bytes() for p in database_files]
    codes = []
    for attempt in range(6):  # five failures, then one during the lock
        with pytest.raises(LoginRefusedError) as caught:
            open_as(data_folder, "anna", f"wrong {attempt}", clock)
        codes.append(caught.value.code)
    assert codes == ["wrong_login"] * 5 + ["account_locked"]
    later = Clock(clock.zone, NOW + dt.timedelta(minutes=2))  # the first lock is over
    with pytest.raises(LoginRefusedError):
        open_as(data_folder, "anna", "wrong again", later)
    failures = load_key_store(data_folder).failures_of("anna")
    assert (failures.count, failures.locked_until) == (6, later.now() + dt.timedelta(minutes=2))
    assert [p.read_bytes() for p in database_files] == before
    opened = open_with_recovery_key(data_folder, recovery, "anna", later)
    opened.close()
    assert load_key_store(data_folder).failures_of("anna") is None
    trail = _audit(data_folder, later)
    assert trail.count(("login.failed", "anna")) == 7
    assert ("recovery_key.used", "anna") in trail
