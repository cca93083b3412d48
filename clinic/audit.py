"""The audit trail: one chained row per view, change, export, print, login, denial and erasure.

A row is written by the use case itself, in the same transaction as what it records, so a
rolled-back change leaves no row claiming it happened. Rows hold who (id, username and role at
the time), when (UTC), what, on which record and which fields: never a field's value. Each row
holds the hash of the previous row and a hash of its own content and id; `verify_chain` walks
them and names the first row that was edited, deleted or moved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic.clock import Clock
from clinic.permissions import Actor
from db.models import AuditEvent, Setting, Staff

GENESIS = "0" * 64
HEAD_KEY = "audit_head"  # the last row's id and hash: rows deleted from the end are noticed too


class Action(StrEnum):
    PERSON_VIEW = "person.view"
    PERSON_CREATE = "person.create"
    PERSON_UPDATE = "person.update"
    VISIT_CREATE = "visit.create"
    VISIT_UPDATE = "visit.update"
    VISIT_CANCEL = "visit.cancel"
    SETTINGS_UPDATE = "settings.update"
    DENIED = "denied"
    SETUP = "setup"
    LOGIN = "login"
    LOGIN_FAILED = "login.failed"
    LOGOUT = "logout"
    RECOVERY_KEY_USED = "recovery_key.used"
    STAFF_CREATE = "staff.create"
    STAFF_UPDATE = "staff.update"
    PASSWORD_CHANGE = "password.change"  # noqa: S105 - an action, not a password
    AUDIT_EXPORT = "audit.export"
    BACKUP = "backup"
    RESTORE = "restore"
    VACCINATION_VIEW = "vaccination.view"
    VACCINATION_CREATE = "vaccination.create"
    VACCINATION_CORRECT = "vaccination.correct"
    VACCINATION_CARD_PRINT = "vaccination.card_print"
    LOT_RECEIVE = "lot.receive"
    APPOINTMENT_CREATE = "appointment.create"
    APPOINTMENT_UPDATE = "appointment.update"
    LOCK = "lock"  # a person locked the desk (Ctrl+L)
    LOCK_IDLE = "lock.idle"  # the desk locked itself after the idle minutes
    UNLOCK = "unlock"
    LOCK_TAKEN_OVER = "lock.taken_over"  # someone else logged in: the locked session closed


@dataclass(frozen=True)
class ChainBreak:
    """The first row that is not as it was written: `edited`, or `missing` (deleted)."""

    row_id: int
    reason: str


def record(
    session: Session,
    actor: Actor | None,
    clock: Clock,
    action: Action,
    record_type: str | None = None,
    record_id: int | None = None,
    fields: Iterable[str] = (),
    *,
    at: dt.datetime | None = None,
    username: str | None = None,
) -> AuditEvent:
    """Append one row to the chain, inside the caller's (write) transaction.

    Without an actor (a failed login), `username` names the account tried, if it exists, and
    `at` when it happened.
    """
    last = session.execute(
        select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).first()
    if actor is not None:
        staff = session.get(Staff, actor.staff_id)
    elif username is not None:
        staff = session.scalar(select(Staff).where(Staff.username == username))
    else:
        staff = None
    event = AuditEvent(
        id=(last[0] + 1) if last else 1,
        at=at or clock.now(),
        staff_id=staff.id if staff else None,
        username=staff.username if staff else username,
        role=actor.role.value if actor else (staff.role if staff else None),
        action=action.value,
        record_type=record_type,
        record_id=record_id,
        fields=",".join(sorted(fields)) or None,
        prev_hash=last[1] if last else GENESIS,
        hash="",
    )
    event.hash = row_hash(event)
    session.add(event)
    session.merge(Setting(key=HEAD_KEY, value=json.dumps({"id": event.id, "hash": event.hash})))
    session.flush()
    return event


def row_hash(event: AuditEvent) -> str:
    """SHA-256 of the row's id, content and link to the previous row."""
    at = event.at.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    content = [
        event.id,
        at,
        event.staff_id,
        event.username,
        event.role,
        event.action,
        event.record_type,
        event.record_id,
        event.fields,
        event.prev_hash,
    ]
    canonical = json.dumps(content, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def verify_chain(session: Session, batch: int = 5000) -> ChainBreak | None:
    """The first row where the chain breaks, or None when every row is as it was written.

    A row whose content no longer gives its hash was `edited`; a row whose link to the one
    before is wrong means that one was edited and its hash recomputed; a gap in the ids is a
    row `missing` before this one; rows missing at the end are found against the stored head.
    """
    expected_id, previous = 1, GENESIS
    query = select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=batch)
    for event in session.scalars(query):
        if event.id != expected_id:
            return ChainBreak(expected_id, "missing")
        if row_hash(event) != event.hash:  # the id is hashed too: a moved row fails here
            return ChainBreak(event.id, "edited")
        if event.prev_hash != previous:  # the row before was changed and its hash recomputed
            return ChainBreak(event.id - 1, "edited")
        expected_id, previous = event.id + 1, event.hash
        session.expunge(event)
    head = session.get(Setting, HEAD_KEY)
    stored = json.loads(head.value) if head else {"id": 0, "hash": GENESIS}
    if stored != {"id": expected_id - 1, "hash": previous}:
        return ChainBreak(expected_id, "missing")
    return None


def count_rows(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEvent)) or 0
