"""Logging in: the key slots opened by a password, the lock after repeated failures, set-up.

Before login nothing can be read: the database key is wrapped per account (`db.keyslots`), so
a wrong password writes nothing to the database. Failures are counted in the keys file; from
the fifth, the account is locked for a while that doubles each time (1, 2, 4... up to 60
minutes). Attempts made during a lock are refused without trying the password and are not
counted: a mistake after a one-minute lock locks for two minutes, however often someone tried.
Failures and refused attempts reach the audit trail at the next successful login. The last
admin can always get back in with the recovery key printed at set-up.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.common.clock import Clock
from clinic.common.errors import ConflictError, ErrorCode, FieldError, KnownError, ValidationError
from clinic.common.permissions import Actor
from clinic.common.text import clean_line
from clinic.registry.vocabulary import CodeScheme
from clinic.settings.configuration import ClinicSettings, store_settings
from clinic.staff.vocabulary import Role
from db.keyslots import Failures, KeyStore, WrongSecret
from db.models.staff import Staff

MAX_FAILURES = 5
FIRST_LOCK = dt.timedelta(minutes=1)
LONGEST_LOCK = dt.timedelta(hours=1)
PASSWORD_MIN = 10
PASSWORD_MAX = 200
PASSWORD_SCORE = 3  # zxcvbn: 3 is "safely unguessable: moderate protection from offline attacks"
DISPLAY_NAME_MAX = 80
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
_TRACKED_MAX = 500  # failure counts kept at most (names typed at the login window)


class LoginRefusedError(KnownError):
    """Wrong user name or password (one message for both), or the account is locked."""

    kind = "login"


@dataclass(frozen=True)
class LoggedIn:
    actor: Actor
    username: str
    display_name: str
    must_change_password: bool


def normal_username(typed: str) -> str:
    return typed.strip().casefold()


def username_problem(username: str, field: str = "username") -> FieldError | None:
    if not _USERNAME.match(username):
        return FieldError(ErrorCode.USERNAME_FORMAT, field)
    return None


def password_problem(password: str, username: str, field: str = "password") -> FieldError | None:
    """Why a new password is refused, or None: at least 10 characters, and not guessable."""
    if len(password) < PASSWORD_MIN:
        return FieldError(ErrorCode.PASSWORD_TOO_SHORT, field, {"min": PASSWORD_MIN})
    if len(password) > PASSWORD_MAX:
        return FieldError(ErrorCode.TOO_LONG, field, {"max": PASSWORD_MAX})
    # Imported here: its word lists take ~35 ms to load, in one step that holds Python's
    # interpreter lock, and logging in (which imports this module) never needs them.
    from zxcvbn import zxcvbn

    if zxcvbn(password, user_inputs=[username, "soglia"])["score"] < PASSWORD_SCORE:
        return FieldError(ErrorCode.PASSWORD_TOO_WEAK, field)
    return None


def new_password_problems(password: str, again: str, username: str) -> list[FieldError]:
    """What is wrong with a new password typed twice (`password`, `password_again` fields)."""
    problems = []
    problem = password_problem(password, username)
    if problem is not None:
        problems.append(problem)
    if password != again:
        problems.append(FieldError(ErrorCode.PASSWORDS_DIFFER, "password_again"))
    return problems


def display_name_problem(name: str, field: str = "display_name") -> tuple[str, FieldError | None]:
    cleaned, error = clean_line(name, field, max_length=DISPLAY_NAME_MAX)
    if error is None and cleaned is None:
        return "", FieldError(ErrorCode.REQUIRED, field)
    return cleaned or "", error


def lock_until(failures: int, now: dt.datetime) -> dt.datetime | None:
    """After the fifth failure 1 minute, then twice as long each time, at most an hour."""
    if failures < MAX_FAILURES:
        return None
    delay = min(FIRST_LOCK * (1 << min(failures - MAX_FAILURES, 10)), LONGEST_LOCK)
    return now + delay


def unlock_key(store: KeyStore, typed_username: str, password: str, now: dt.datetime) -> bytes:
    """The database key, if the password opens the account's slot and it is not locked.

    Raises LoginRefusedError `wrong_login` (unknown user and wrong password alike) or
    `account_locked` with `until`. Every failure is counted and kept for the audit trail.
    """
    username = normal_username(typed_username)
    failures = store.failures_of(username) or Failures()
    if failures.locked_until is not None and now < failures.locked_until:
        _note_attempt(store, username, now)  # audited, not counted: the lock is already on
        raise LoginRefusedError(ErrorCode.ACCOUNT_LOCKED, "password", until=failures.locked_until)
    try:
        key = store.open_with_password(username, password)
    except WrongSecret:
        _note_failure(store, username, now, failures)
        raise LoginRefusedError(ErrorCode.WRONG_LOGIN, "password") from None
    if store.clear_failures(username):
        store.save()
    return key


def _note_failure(store: KeyStore, username: str, now: dt.datetime, before: Failures) -> None:
    """A wrong password while not locked: counted, and locks from the fifth (`lock_until`)."""
    count = before.count + 1
    store.set_failures(username, Failures(count, lock_until(count, now)))
    while len(store.failures) > _TRACKED_MAX:
        del store.failures[next(iter(store.failures))]
    _note_attempt(store, username, now)


def _note_attempt(store: KeyStore, username: str, now: dt.datetime) -> None:
    """Keep a refused login for the audit trail (written at the next successful login).

    A name that is no account is not kept: it may be anything someone typed.
    """
    known = username if store.has_user(username) else ""
    store.pending_events.append({"at": now.isoformat(), "username": known})
    store.save()


def unlock_with_recovery_key(store: KeyStore, recovery_key: str) -> bytes:
    try:
        return store.open_with_recovery_key(recovery_key)
    except WrongSecret:
        raise LoginRefusedError(ErrorCode.WRONG_RECOVERY_KEY, "recovery_key") from None


def log_in(
    session: Session,
    clock: Clock,
    store: KeyStore,
    typed_username: str,
    *,
    recovery: bool = False,
) -> LoggedIn:
    """Once the key opened the database: the account, active; failed logins written to the
    audit trail; the login itself audited.

    With the recovery key, only an active admin may come in, and must then choose a password.
    """
    username = normal_username(typed_username)
    staff = session.scalar(select(Staff).where(Staff.username == username))
    if staff is None or not staff.active or (recovery and staff.role != Role.ADMIN.value):
        if recovery:
            raise LoginRefusedError(ErrorCode.WRONG_RECOVERY_ADMIN, "username")
        raise LoginRefusedError(ErrorCode.WRONG_LOGIN, "password")
    actor = Actor(staff.id, Role(staff.role), staff.interviewer)
    flush_failed_logins(session, clock, store)
    action = Action.RECOVERY_KEY_USED if recovery else Action.LOGIN
    trail.record(session, actor, clock, action, "staff", staff.id)
    if recovery:
        staff.must_change_password = True
        store.clear_failures(username)
        store.save()
    return LoggedIn(actor, staff.username, staff.display_name, staff.must_change_password)


def flush_failed_logins(session: Session, clock: Clock, store: KeyStore) -> None:
    """Move the failures counted in the keys file into the audit trail (this transaction)."""
    for event in store.pending_events:
        at = dt.datetime.fromisoformat(event["at"])
        trail.record(
            session, None, clock, Action.LOGIN_FAILED, at=at, username=event["username"] or None
        )
    if store.pending_events:
        store.pending_events.clear()
        store.save()


@dataclass(frozen=True)
class SetUpForm:
    """What the set-up wizard asks: the clinic and its first admin."""

    clinic_name: str
    time_zone: str
    language: str
    username: str
    display_name: str
    password: str
    password_again: str


@dataclass(frozen=True)
class SetUp:
    clinic_name: str
    time_zone: str
    language: str
    username: str
    display_name: str
    password: str


def validate_setup(form: SetUpForm, time_zones: frozenset[str], languages: frozenset[str]) -> SetUp:
    """Every problem of the set-up form at once; nothing is created before this passes."""
    errors: list[FieldError] = []
    clinic_name, error = clean_line(form.clinic_name, "clinic_name", max_length=DISPLAY_NAME_MAX)
    if error or clinic_name is None:
        errors.append(error or FieldError(ErrorCode.REQUIRED, "clinic_name"))
    if form.time_zone not in time_zones:
        errors.append(FieldError(ErrorCode.UNKNOWN_TIME_ZONE, "time_zone"))
    if form.language not in languages:
        errors.append(FieldError(ErrorCode.UNKNOWN_CHOICE, "language"))
    username = normal_username(form.username)
    display_name, name_error = display_name_problem(form.display_name)
    errors += [problem for problem in (username_problem(username), name_error) if problem]
    errors += new_password_problems(form.password, form.password_again, username)
    if errors:
        raise ValidationError(errors)
    return SetUp(
        clinic_name or "", form.time_zone, form.language, username, display_name, form.password
    )


def set_up_clinic(
    session: Session,
    clock: Clock,
    store: KeyStore,
    key: bytes,
    setup: SetUp,
    recovery_key: str,
    code_scheme: CodeScheme,
) -> LoggedIn:
    """The first admin, the clinic's settings, and the key slots of both the admin's password
    and the recovery key; on a new database or one from before staff accounts."""
    if store.slots:
        raise ConflictError(ErrorCode.ALREADY_SET_UP)
    if session.scalar(select(Staff.id).where(Staff.username == setup.username)) is not None:
        raise ConflictError(ErrorCode.USERNAME_TAKEN, "username")
    staff = Staff(
        username=setup.username,
        display_name=setup.display_name,
        role=Role.ADMIN.value,
        active=True,
        created_at=clock.now(),
        must_change_password=False,
    )
    session.add(staff)
    session.flush()
    settings = ClinicSettings(code_scheme, setup.time_zone, setup.clinic_name, setup.language)
    store_settings(session, settings)
    actor = Actor(staff.id, Role.ADMIN)
    trail.record(session, actor, clock, Action.SETUP, "staff", staff.id)
    trail.record(session, actor, clock, Action.LOGIN, "staff", staff.id)
    store.set_password(setup.username, key, setup.password)
    store.set_recovery_key(key, recovery_key)
    store.save()
    return LoggedIn(actor, staff.username, staff.display_name, False)
