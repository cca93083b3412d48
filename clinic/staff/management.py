"""Managing staff accounts (the coordinator) and one's own password (everyone).

An account is a row of `staff` and a key slot in `soglia.keys`: the row says who and in which
role, the slot lets that person's password open the database. Both change together here; the
slot is written once the row is in place, so a failure between the two leaves an account that
cannot log in until its password is reset, never a slot without an account. The last active
coordinator can be neither deactivated nor given another role.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.common.clock import Clock
from clinic.common.errors import ConflictError, ErrorCode, NotFoundError, ValidationError
from clinic.common.permissions import ALLOWED, Actor, Permission, require
from clinic.staff.accounts import (
    display_name_problem,
    new_password_problems,
    normal_username,
    password_problem,
    username_problem,
)
from clinic.staff.vocabulary import Role
from db.keyslots import KeyStore
from db.models.staff import Staff


@dataclass(frozen=True)
class StaffAccount:
    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    must_change_password: bool
    locked_until: dt.datetime | None
    interviewer: bool = False  # trained for identification interviews


@dataclass(frozen=True)
class KeyAccess:
    """What changing a password needs: the keys file and the database key it wraps."""

    store: KeyStore
    key: bytes


def list_staff(
    session: Session, actor: Actor, store: KeyStore, now: dt.datetime
) -> list[StaffAccount]:
    require(session, actor, Permission.STAFF_MANAGE)
    accounts = []
    for staff in session.scalars(select(Staff).order_by(Staff.active.desc(), Staff.display_name)):
        failures = store.failures_of(staff.username)
        locked = failures.locked_until if failures else None
        accounts.append(
            StaffAccount(
                staff.id,
                staff.username,
                staff.display_name,
                Role(staff.role),
                staff.active,
                staff.must_change_password,
                locked if locked and locked > now else None,
                staff.interviewer,
            )
        )
    return accounts


def create_staff(
    session: Session,
    actor: Actor,
    clock: Clock,
    keys: KeyAccess,
    username: str,
    display_name: str,
    role: Role,
    password: str,
) -> StaffAccount:
    """A new account with a first password that its owner must change at their first login."""
    require(session, actor, Permission.STAFF_MANAGE)
    username = normal_username(username)
    name, name_error = display_name_problem(display_name)
    errors = [
        e
        for e in (username_problem(username), name_error, password_problem(password, username))
        if e
    ]
    if errors:
        raise ValidationError(errors)
    if session.scalar(select(Staff.id).where(Staff.username == username)) is not None:
        raise ValidationError.single(ErrorCode.USERNAME_TAKEN, "username")
    staff = Staff(
        username=username,
        display_name=name,
        role=role.value,
        active=True,
        created_at=clock.now(),
        must_change_password=True,
    )
    session.add(staff)
    session.flush()
    trail.record(session, actor, clock, Action.STAFF_CREATE, "staff", staff.id, ["role"])
    keys.store.set_password(username, keys.key, password)
    keys.store.save()
    return _account(staff)


def reset_password(
    session: Session,
    actor: Actor,
    clock: Clock,
    keys: KeyAccess,
    staff_id: int,
    password: str,
) -> StaffAccount:
    """A new password given by the coordinator (to change at next login); unlocks the account."""
    require(session, actor, Permission.STAFF_MANAGE)
    staff = _active(session, staff_id)
    problem = password_problem(password, staff.username)
    if problem:
        raise ValidationError([problem])
    staff.must_change_password = staff.id != actor.staff_id
    trail.record(session, actor, clock, Action.STAFF_UPDATE, "staff", staff.id, ["password"])
    keys.store.set_password(staff.username, keys.key, password)
    keys.store.clear_failures(staff.username)
    keys.store.save()
    return _account(staff)


def unlock_account(
    session: Session, actor: Actor, clock: Clock, store: KeyStore, staff_id: int
) -> StaffAccount:
    """Lift the lock that failed logins put on an account."""
    require(session, actor, Permission.STAFF_MANAGE)
    staff = _active(session, staff_id)
    trail.record(session, actor, clock, Action.STAFF_UPDATE, "staff", staff.id, ["locked"])
    store.clear_failures(staff.username)
    store.save()
    return _account(staff)


def change_role(
    session: Session, actor: Actor, clock: Clock, staff_id: int, role: Role
) -> StaffAccount:
    require(session, actor, Permission.STAFF_MANAGE)
    staff = _active(session, staff_id)
    if staff.role == Role.ADMIN.value and role is not Role.ADMIN:
        _keep_one_admin(session, staff)
    staff.role = role.value
    changed = ["role"]
    if staff.interviewer and role not in ALLOWED[Permission.INTERVIEW_WRITE]:
        staff.interviewer = False  # the training mark goes with a role that interviews
        changed.append("interviewer")
    trail.record(session, actor, clock, Action.STAFF_UPDATE, "staff", staff.id, changed)
    return _account(staff)


def set_interviewer(
    session: Session, actor: Actor, clock: Clock, staff_id: int, trained: bool
) -> StaffAccount:
    """Mark a social worker or psychologist as trained for identification interviews (they
    record them from their next login), or no longer."""
    require(session, actor, Permission.STAFF_MANAGE)
    staff = _active(session, staff_id)
    if trained and Role(staff.role) not in ALLOWED[Permission.INTERVIEW_WRITE]:
        raise ConflictError(ErrorCode.ROLE_DOES_NOT_INTERVIEW, staff_id=staff.id)
    staff.interviewer = trained
    trail.record(session, actor, clock, Action.STAFF_UPDATE, "staff", staff.id, ["interviewer"])
    return _account(staff)


def deactivate_staff(
    session: Session, actor: Actor, clock: Clock, store: KeyStore, staff_id: int
) -> StaffAccount:
    """The person can no longer log in: their key slot is removed; what they did stays theirs."""
    require(session, actor, Permission.STAFF_MANAGE)
    staff = _active(session, staff_id)
    if staff.role == Role.ADMIN.value:
        _keep_one_admin(session, staff)
    staff.active = False
    trail.record(session, actor, clock, Action.STAFF_UPDATE, "staff", staff.id, ["active"])
    store.remove_user(staff.username)
    store.save()
    return _account(staff)


def change_own_password(
    session: Session,
    actor: Actor,
    clock: Clock,
    keys: KeyAccess,
    password: str,
    password_again: str,
) -> None:
    """Anyone may choose their own password (it must be strong)."""
    require(session, actor, Permission.OWN_PASSWORD)
    staff = _active(session, actor.staff_id)
    errors = new_password_problems(password, password_again, staff.username)
    if errors:
        raise ValidationError(errors)
    staff.must_change_password = False
    trail.record(session, actor, clock, Action.PASSWORD_CHANGE, "staff", staff.id)
    keys.store.set_password(staff.username, keys.key, password)
    keys.store.save()


def _active(session: Session, staff_id: int) -> Staff:
    staff = session.get(Staff, staff_id)
    if staff is None or not staff.active:
        raise NotFoundError(ErrorCode.STAFF_NOT_FOUND, staff_id=staff_id)
    return staff


def _keep_one_admin(session: Session, leaving: Staff) -> None:
    others = session.scalar(
        select(func.count())
        .select_from(Staff)
        .where(Staff.active, Staff.role == Role.ADMIN.value, Staff.id != leaving.id)
    )
    if not others:
        raise ConflictError(ErrorCode.LAST_ADMIN, staff_id=leaving.id)


def _account(staff: Staff) -> StaffAccount:
    return StaffAccount(
        staff.id,
        staff.username,
        staff.display_name,
        Role(staff.role),
        staff.active,
        staff.must_change_password,
        None,
        staff.interviewer,
    )
