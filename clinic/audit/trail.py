"""The audit trail: one chained row per view, change, export, print, login, denial and erasure.

A row is written by the use case itself, in the same transaction as what it records, so a
rolled-back change leaves no row claiming it happened. Rows hold who (id, username and role at
the time), when (UTC), what, on which record and which fields: never a field's value. Each row
holds the hash of the previous row and a hash of its own content and id; `clinic.audit.chain`
walks them and names the first row that was edited, deleted or moved.

The end of the chain is recorded with each append (the head), and outside the database too
(`clinic.audit.anchor`). Before appending, the chain's end is compared with that record: rows
cut from the end, or an end replaced, are written down in a `CHAIN_BROKEN` row first, never
silently built upon (`seal_end`), so the break stays visible for good.
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

from clinic.common.clock import Clock
from clinic.common.permissions import Actor
from db.models.audit import AuditEvent
from db.models.settings import Setting
from db.models.staff import Staff

GENESIS = "0" * 64
HEAD_KEY = "audit_head"  # the last row's id and hash: rows deleted from the end are noticed too
HEAD_INFO = "soglia.audit_head"  # `Session.info`: the end this transaction appended, if any


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
    # Issue 12: a person's care.
    PERSON_FILE_VIEW = "person_file.view"
    CONSULTATION_VIEW = "consultation.view"
    CONSULTATION_CREATE = "consultation.create"
    CONSULTATION_AMEND = "consultation.amend"
    CONSULTATION_ADDENDUM = "consultation.addendum"
    CONSULTATION_ERROR = "consultation.error"
    TEST_CREATE = "test.create"
    TEST_ERROR = "test.error"
    REFERRAL_CREATE = "referral.create"
    REFERRAL_OUTCOME = "referral.outcome"
    REFERRAL_ERROR = "referral.error"
    PATHWAY_OPEN = "pathway.open"
    PATHWAY_STEP = "pathway.step"
    PATHWAY_CLOSE = "pathway.close"
    CARE_LISTS_UPDATE = "care_lists.update"
    # Issue 13: material and stock.
    STOCK_RECEIVE = "stock.receive"
    STOCK_TRANSFER = "stock.transfer"
    STOCK_ADJUST = "stock.adjust"
    STOCK_COUNT = "stock.count"
    STOCK_CATALOGUE = "stock.catalogue"  # items, places and thresholds kept by the coordinator
    HAND_OUT = "material.hand_out"
    HAND_OUT_OVERRIDE = "material.override"  # past a limit or an empty stock, with a reason
    # Issue 14: street and group sessions.
    OUTREACH_SESSION_CREATE = "outreach_session.create"
    OUTREACH_SESSION_VIEW = "outreach_session.view"
    OUTREACH_SESSION_AMEND = "outreach_session.amend"
    OUTREACH_SESSION_ADDENDUM = "outreach_session.addendum"
    # Issue 15: the activity report (its period and form are not personal; whether small counts
    # were shown is a field).
    REPORT_MADE = "report.made"
    # Issue 15: one row for a whole import, with its counts (`new:12`), never a code.
    IMPORT_PERSONS = "import.persons"
    IMPORT_CONTACTS = "import.contacts"
    LOCK = "lock"  # a person locked the desk (Ctrl+L)
    LOCK_IDLE = "lock.idle"  # the desk locked itself after the idle minutes
    UNLOCK = "unlock"
    LOCK_TAKEN_OVER = "lock.taken_over"  # someone else logged in: the locked session closed
    CHAIN_BROKEN = "audit.chain_broken"  # Soglia found the chain's end cut or changed (`Mark`)


@dataclass(frozen=True)
class Head:
    """The end of the chain: the last row's id and hash (0 and GENESIS for an empty trail)."""

    id: int
    hash: str


EMPTY = Head(0, GENESIS)


class Mark(StrEnum):
    """Why a `CHAIN_BROKEN` row was written: what Soglia found before appending to the chain."""

    ROWS_MISSING = "rows_missing"  # the end recorded lies beyond the last row: rows were cut
    END_CHANGED = "end_changed"  # the row recorded as the end is not the one there now
    END_UNKNOWN = "end_unknown"  # rows, but the record of where the trail ends was removed
    ANCHOR_INVALID = "anchor_invalid"  # the anchor file outside the database was altered


@dataclass(frozen=True)
class Anchored:
    """The end as an anchor file outside the database recorded it (`clinic.audit.anchor`)."""

    head: Head
    at: dt.datetime  # when it was written


class AnchorInvalid:
    """What an anchor file says when its signature does not hold."""


ANCHOR_INVALID = AnchorInvalid()
Outside = Anchored | AnchorInvalid | None  # what the anchor file beside the keys says, if any


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

    A chain whose end is not the one recorded is never silently extended: the break is first
    written down (`seal_end`). Without an actor (a failed login), `username` names the account
    tried, if it exists, and `at` when it happened.
    """
    end, _broken = _sealed_end(session, clock, None)
    staff = _staff(session, actor, username)
    event = AuditEvent(
        at=at or clock.now(),
        staff_id=staff.id if staff else None,
        username=staff.username if staff else username,
        role=actor.role.value if actor else (staff.role if staff else None),
        action=action.value,
        record_type=record_type,
        record_id=record_id,
        fields=",".join(sorted(fields)) or None,
    )
    return _append(session, event, end.id, end.hash)


def _staff(session: Session, actor: Actor | None, username: str | None) -> Staff | None:
    if actor is not None:
        return session.get(Staff, actor.staff_id)
    if username is not None:
        return session.scalar(select(Staff).where(Staff.username == username))
    return None


# Appends are serialised on the head's row, so that "the id after the end" is never a race: on a
# server database (PostgreSQL) a second writer waits here until the first commits, then reads
# the new end. SQLite has one writer at a time anyway, and is not sent FOR UPDATE. The very
# first append has no head row to hold: two first writers meet at the id's primary key and one
# is refused as a conflict (`writing` says "save_conflict"), the chain never forks.
LOCK_HEAD = select(Setting.key).where(Setting.key == HEAD_KEY).with_for_update()


def _append(session: Session, event: AuditEvent, after_id: int, prev_hash: str) -> AuditEvent:
    """Give `event` the id after `after_id`, link it to `prev_hash`, record it as the end."""
    event.id = after_id + 1
    event.prev_hash = prev_hash
    event.hash = row_hash(event)
    session.add(event)
    head = Head(event.id, event.hash)
    session.merge(Setting(key=HEAD_KEY, value=json.dumps({"id": head.id, "hash": head.hash})))
    session.flush()
    session.info[HEAD_INFO] = head  # for the anchor file, once committed (`clinic.audit.anchor`)
    return event


def last_row(session: Session) -> Head:
    last = session.execute(
        select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).first()
    return Head(last[0], last[1]) if last else EMPTY


def stored_head(session: Session) -> Head | None:
    """The end recorded with the last append; None when there is no record of it."""
    setting = session.get(Setting, HEAD_KEY)
    try:
        value = json.loads(setting.value) if setting is not None else None
        return Head(int(value["id"]), str(value["hash"])) if value is not None else None
    except (ValueError, KeyError, TypeError):  # edited by hand: as good as removed
        return None


def seal_end(session: Session, clock: Clock, outside: Outside = None) -> AuditEvent | None:
    """Before appending: is the chain's end the one recorded, in the database and in the anchor
    file (`outside`, when the caller read it)? If not, write a `CHAIN_BROKEN` row saying what
    was found, so that the break stays in the trail for good; it is linked to the last row
    there is, so the rows after it can still be verified, and its id skips the ids of the rows
    known to be missing. Returns that row, or None when the end is as recorded.
    """
    return _sealed_end(session, clock, outside)[1]


def _sealed_end(session: Session, clock: Clock, outside: Outside) -> tuple[Head, AuditEvent | None]:
    session.execute(LOCK_HEAD)
    last = last_row(session)
    found = _end_problem(session, last, stored_head(session), outside)
    if found is None:
        return last, None
    mark, named = found
    marker = AuditEvent(
        at=clock.now(),
        action=Action.CHAIN_BROKEN.value,
        record_type="audit",
        record_id=named if mark is Mark.END_CHANGED else last.id,
        fields=mark.value,
    )
    _append(session, marker, max(last.id, named), last.hash)
    return Head(marker.id, marker.hash), marker


def _end_problem(
    session: Session, last: Head, stored: Head | None, outside: Outside
) -> tuple[Mark, int] | None:
    """What is wrong with the chain's end, and the row the record of it names."""
    anchor = outside.head if isinstance(outside, Anchored) else None
    if isinstance(outside, Anchored) and _restored_since(session, outside):
        anchor = None  # a backup was put back since: the anchor speaks of a replaced trail
    beyond = max((c.id for c in (stored, anchor) if c is not None), default=0)
    if beyond > last.id:
        return Mark.ROWS_MISSING, beyond
    if stored is not None and stored != last:
        return Mark.END_CHANGED, stored.id
    if anchor is not None and anchor.id > 0 and _hash_of(session, anchor.id) != anchor.hash:
        return Mark.END_CHANGED, anchor.id
    if stored is None and last.id > 0:
        return Mark.END_UNKNOWN, last.id
    if isinstance(outside, AnchorInvalid):
        return Mark.ANCHOR_INVALID, last.id
    return None


def _restored_since(session: Session, anchor: Anchored) -> bool:
    """A backup was restored after the anchor was written, and the anchor names a row of the
    trail it replaced (one at or after the restore's own row, the first after the backup's)."""
    first = session.scalar(
        select(func.min(AuditEvent.id)).where(
            AuditEvent.action == Action.RESTORE.value, AuditEvent.at >= anchor.at
        )
    )
    return first is not None and first <= anchor.head.id


def _hash_of(session: Session, row_id: int) -> str | None:
    return session.scalar(select(AuditEvent.hash).where(AuditEvent.id == row_id))


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
