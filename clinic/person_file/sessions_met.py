"""The street and group sessions a person was met in, as lines of their file.

A role that reads sessions (`Permission.OUTREACH_READ`) sees where the person was met and what
was done with them; every other role sees only that they were met, and when: "Met in the
street" or "Group information session" and a day, which tells the care team the person is in
touch with the street unit without telling where they work. Nobody reads a session's note in
the file: it is about the outing, not the person, and is read by opening the session (audited).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.care.lists import ListEntry, entries_by_id
from clinic.common.permissions import Actor, Permission
from clinic.outreach.vocabulary import Action, SessionKind
from db.models.outreach import OutreachContact, OutreachContactAction, OutreachSession
from db.models.staff import Staff


@dataclass(frozen=True)
class OutreachLine:
    place: ListEntry | None  # the zone (street) or venue (group)
    actions: frozenset[Action]  # what was done with the person
    asked_interview: bool


@dataclass(frozen=True)
class SessionMet:
    session_id: int
    kind: SessionKind
    day: dt.date
    starts_at: dt.datetime | None  # for a reader of sessions only: the hour says night or day
    recorded_by: str | None  # for a reader of sessions only
    line: OutreachLine | None  # None: kind and day only


def sessions_met(session: Session, actor: Actor, person_id: int) -> list[SessionMet]:
    """Every session the person was met in (one read; the actions a second, for readers)."""
    rows = session.execute(
        select(
            OutreachContact.id,
            OutreachContact.asked_interview,
            OutreachSession.id,
            OutreachSession.kind,
            OutreachSession.day,
            OutreachSession.starts_at,
            OutreachSession.zone_id,
            OutreachSession.venue_id,
            Staff.display_name,
        )
        .join(OutreachSession, OutreachSession.id == OutreachContact.session_id)
        .join(Staff, Staff.id == OutreachSession.created_by_id)
        .where(OutreachContact.person_id == person_id)
    ).all()
    if not actor.can(Permission.OUTREACH_READ):
        return [SessionMet(r[2], SessionKind(r.kind), r.day, None, None, None) for r in rows]
    actions = _actions(session, [r[0] for r in rows])
    places = entries_by_id(session, {r.zone_id or r.venue_id for r in rows} - {None})
    return [
        SessionMet(
            r[2],
            SessionKind(r.kind),
            r.day,
            r.starts_at,
            r.display_name,
            OutreachLine(
                places.get(r.zone_id or r.venue_id),
                frozenset(actions.get(r[0], ())),
                r.asked_interview,
            ),
        )
        for r in rows
    ]


def _actions(session: Session, contact_ids: list[int]) -> dict[int, set[Action]]:
    if not contact_ids:
        return {}
    found: dict[int, set[Action]] = {}
    for contact, action in session.execute(
        select(OutreachContactAction.contact_id, OutreachContactAction.action).where(
            OutreachContactAction.contact_id.in_(contact_ids)
        )
    ):
        found.setdefault(contact, set()).add(Action(action))
    return found
