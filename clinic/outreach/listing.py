"""Sessions by period, as the Sessions page lists them: filtered by kind, zone and shift,
newest first, a page at a time (some 800 outings a year, over many years: the query sorts and
cuts them, the screen never holds them all). Each row counts who was met, known and anonymous,
and names its team (one more read for the page's sessions).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic.care.lists import ListEntry, entries_by_id
from clinic.common.permissions import Actor, Permission, require
from clinic.outreach.vocabulary import SessionKind, Shift
from db.models.outreach import (
    OutreachContact,
    OutreachSession,
    OutreachSessionStaff,
    OutreachTally,
)
from db.models.staff import Staff

PAGE = 200


@dataclass(frozen=True)
class SessionFilter:
    since: dt.date | None = None
    until: dt.date | None = None  # included
    kind: SessionKind | None = None
    zone_id: int | None = None
    shift: Shift | None = None


@dataclass(frozen=True)
class SessionRow:
    id: int
    kind: SessionKind
    day: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    shift: Shift
    place: ListEntry | None  # the zone (street) or venue (group)
    known: int  # registered people met
    anonymous: int  # counted in tallies
    team: tuple[str, ...] = ()  # display names, in alphabetical order


def list_sessions(
    session: Session,
    actor: Actor,
    filters: SessionFilter,
    *,
    start: int = 0,
    count: int = PAGE,
) -> list[SessionRow]:
    """`count` sessions from the `start`th, newest first (by day, then start)."""
    require(session, actor, Permission.OUTREACH_READ)
    s = OutreachSession
    known = (
        select(func.count())
        .select_from(OutreachContact)
        .where(OutreachContact.session_id == s.id)
        .scalar_subquery()
    )
    anonymous = (
        select(func.coalesce(func.sum(OutreachTally.count), 0))
        .where(OutreachTally.session_id == s.id)
        .scalar_subquery()
    )
    query = select(
        s.id,
        s.kind,
        s.day,
        s.starts_at,
        s.ends_at,
        s.shift,
        s.zone_id,
        s.venue_id,
        known,
        anonymous,
    )
    if filters.since is not None:
        query = query.where(s.day >= filters.since)
    if filters.until is not None:
        query = query.where(s.day <= filters.until)
    if filters.kind is not None:
        query = query.where(s.kind == filters.kind.value)
    if filters.zone_id is not None:
        query = query.where(s.zone_id == filters.zone_id)
    if filters.shift is not None:
        query = query.where(s.shift == filters.shift.value)
    query = query.order_by(s.day.desc(), s.starts_at.desc(), s.id.desc())
    rows = session.execute(query.offset(start).limit(count)).all()
    places = entries_by_id(session, {r.zone_id or r.venue_id for r in rows} - {None})
    teams = _teams(session, [r.id for r in rows])
    return [
        SessionRow(
            r.id,
            SessionKind(r.kind),
            r.day,
            r.starts_at,
            r.ends_at,
            Shift(r.shift),
            places.get(r.zone_id or r.venue_id),
            int(r[8]),
            int(r[9]),
            teams.get(r.id, ()),
        )
        for r in rows
    ]


def _teams(session: Session, session_ids: list[int]) -> dict[int, tuple[str, ...]]:
    if not session_ids:
        return {}
    names: dict[int, set[str]] = {}
    for session_id, name in session.execute(
        select(OutreachSessionStaff.session_id, Staff.display_name)
        .join(Staff, Staff.id == OutreachSessionStaff.staff_id)
        .where(OutreachSessionStaff.session_id.in_(session_ids))
    ):
        names.setdefault(session_id, set()).add(name)
    return {session_id: tuple(sorted(found)) for session_id, found in names.items()}
