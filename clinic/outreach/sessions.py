"""Street and group sessions: recorded, amended on the day they were recorded by their team,
completed by addenda afterwards, opened (audited) by the roles that read them.

What a session holds besides its own row (team, settings, topics, languages, contacts,
tallies, counted actions) is written by `clinic.outreach.parts`; its material is one
aggregate hand-out through the stock ledger (`clinic.materials.hand_out.hand_out_counted`).
An amendment replaces all of it: the material's movements are put back and taken again in the
same transaction, so the stock stays the sum of its movements.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.common.clock import Clock
from clinic.common.errors import ConflictError, ErrorCode, NotFoundError, ValidationError
from clinic.common.permissions import Actor, Permission, require
from clinic.common.text import clean_note
from clinic.materials.hand_out import hand_out_counted, take_back
from clinic.outreach import parts
from clinic.outreach.forms import (
    GroupForm,
    NightHours,
    SessionForm,
    SessionRecord,
    validate_group,
    validate_street,
)
from clinic.outreach.view import SessionView, session_view
from clinic.settings.configuration import clock_time, load_settings
from db.models.care import NOTE_LIMIT
from db.models.materials import Distribution
from db.models.outreach import OutreachAddendum, OutreachSession, OutreachSessionStaff

Form = SessionForm | GroupForm


def record_session(session: Session, actor: Actor, clock: Clock, form: Form, locale: str) -> int:
    """A new street (`SessionForm`) or group (`GroupForm`) session, recorded by the actor."""
    require(session, actor, Permission.OUTREACH_WRITE)
    record = _validated(session, clock, form, locale)
    parts.check(session, record, kept=frozenset())
    row = OutreachSession(
        kind=record.kind.value,
        created_by_id=actor.staff_id,
        created_at=clock.now(),
        revision=1,
    )
    _set(row, record)
    session.add(row)
    session.flush()
    parts.write(session, row.id, record)
    if record.material:
        _hand_out(session, actor, clock, row, record, again=None)
    trail.record(session, actor, clock, Action.OUTREACH_SESSION_CREATE, "outreach_session", row.id)
    return row.id


def amend_session(
    session: Session,
    actor: Actor,
    clock: Clock,
    session_id: int,
    revision: int,
    form: Form,
    locale: str,
) -> None:
    """Replace a session, on the day it was recorded, by a member of its team or who recorded
    it; `revision` is the one they read (changed meanwhile: nothing is saved)."""
    row = amendable_row(session, actor, clock, session_id, revision)
    record = _validated(session, clock, form, locale)
    if record.kind.value != row.kind:
        raise ValidationError.single(ErrorCode.UNKNOWN_CHOICE, "kind")
    parts.check(session, record, kept=parts.entries_of(session, row))
    parts.clear(session, row.id)
    _set(row, record)
    parts.write(session, row.id, record)
    _amend_material(session, actor, clock, row, record)
    row.revision += 1
    trail.record(session, actor, clock, Action.OUTREACH_SESSION_AMEND, "outreach_session", row.id)


def amendable_row(
    session: Session, actor: Actor, clock: Clock, session_id: int, revision: int
) -> OutreachSession:
    """The session, if the actor may amend it now: in its team or its recorder, on the day it
    was recorded (a night out entered the next morning is amendable that morning), and not
    changed since `revision` was read."""
    require(session, actor, Permission.OUTREACH_WRITE)
    row = session_row(session, session_id)
    team = set(
        session.scalars(
            select(OutreachSessionStaff.staff_id).where(OutreachSessionStaff.session_id == row.id)
        )
    )
    if actor.staff_id not in team | {row.created_by_id}:
        raise ConflictError(ErrorCode.NOT_IN_TEAM)
    if clock.local(row.created_at).date() != clock.today():
        raise ConflictError(ErrorCode.SESSION_DAY_OVER)
    if row.revision != revision:
        raise ConflictError(ErrorCode.CHANGED_MEANWHILE)
    return row


def add_session_addendum(
    session: Session, actor: Actor, clock: Clock, session_id: int, note: str
) -> int:
    """Words added to a session, by anyone who records sessions, any day after."""
    require(session, actor, Permission.OUTREACH_WRITE)
    row = session_row(session, session_id)
    text, error = clean_note(note, "addendum", max_length=NOTE_LIMIT)
    if error is not None:
        raise ValidationError([error])
    if not text:
        raise ValidationError.single(ErrorCode.REQUIRED, "addendum")
    added = OutreachAddendum(
        session_id=row.id, author_id=actor.staff_id, written_at=clock.now(), note=text
    )
    session.add(added)
    session.flush()
    trail.record(
        session, actor, clock, Action.OUTREACH_SESSION_ADDENDUM, "outreach_session", row.id
    )
    return added.id


def read_session(session: Session, actor: Actor, clock: Clock, session_id: int) -> SessionView:
    """The whole session, its note and its contacts' codes, for a role that reads sessions
    (an audited view)."""
    require(session, actor, Permission.OUTREACH_READ)
    row = session_row(session, session_id)
    trail.record(session, actor, clock, Action.OUTREACH_SESSION_VIEW, "outreach_session", row.id)
    return session_view(session, actor, clock, row)


def session_row(session: Session, session_id: int) -> OutreachSession:
    row = session.get(OutreachSession, session_id)
    if row is None:
        raise NotFoundError(ErrorCode.SESSION_NOT_FOUND, session_id=session_id)
    return row


def night_hours(session: Session) -> NightHours:
    """The clinic's night hours (settings `night_from`, `night_until`; checked when saved)."""
    settings = load_settings(session)
    return NightHours(
        clock_time(settings.night_from) or dt.time(20),
        clock_time(settings.night_until) or dt.time(6),
    )


def _validated(session: Session, clock: Clock, form: Form, locale: str) -> SessionRecord:
    night = night_hours(session)
    if isinstance(form, GroupForm):
        return validate_group(form, clock, locale, night)
    return validate_street(form, clock, locale, night)


def _set(row: OutreachSession, record: SessionRecord) -> None:
    row.day, row.starts_at, row.ends_at = record.day, record.starts_at, record.ends_at
    row.shift, row.zone_id, row.venue_id = record.shift.value, record.zone_id, record.venue_id
    row.volunteers, row.interview_requests = record.volunteers, record.interview_requests
    row.note, row.place_id = record.note, record.place_id


def _contacts(record: SessionRecord) -> int:
    """How many people the session's material went to: everyone met or counted."""
    return len(record.contacts) + record.anonymous


def _hand_out(
    session: Session,
    actor: Actor,
    clock: Clock,
    row: OutreachSession,
    record: SessionRecord,
    again: int | None,
) -> None:
    assert record.place_id is not None  # the form requires a place with material
    hand_out_counted(
        session,
        actor,
        clock,
        record.place_id,
        record.material,
        _contacts(record),
        row.id,
        again=again,
    )


def _amend_material(
    session: Session, actor: Actor, clock: Clock, row: OutreachSession, record: SessionRecord
) -> None:
    """What was taken is put back and the material taken again, in this transaction, with the
    same checks as when it was first recorded (the stock, and the limits per contact for the
    number of people now counted), so that an amendment cannot get past them."""
    handed = session.scalar(select(Distribution).where(Distribution.session_id == row.id))
    if handed is not None:
        take_back(session, actor, clock, handed.id)
    if record.material:
        _hand_out(session, actor, clock, row, record, again=None if handed is None else handed.id)
