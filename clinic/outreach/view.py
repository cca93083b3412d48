"""A session as its readers see it: what `read_session` returns after its check and audit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic.care.lists import ListEntry, entries_by_id
from clinic.common.clock import Clock
from clinic.common.permissions import Actor
from clinic.outreach.forms import Tally
from clinic.outreach.vocabulary import (
    Action,
    MetBefore,
    Region,
    SessionKind,
    Setting,
    Shift,
    StaffPart,
)
from db.models.materials import Distribution, StockMovement
from db.models.outreach import (
    OutreachAddendum,
    OutreachContact,
    OutreachContactAction,
    OutreachSession,
    OutreachSessionAction,
    OutreachSessionLanguage,
    OutreachSessionSetting,
    OutreachSessionStaff,
    OutreachSessionTopic,
    OutreachTally,
)
from db.models.registry import Person
from db.models.staff import Staff
from db.vocabulary.materials import AgeBand
from db.vocabulary.registry import Gender


@dataclass(frozen=True)
class Member:
    staff_id: int
    name: str
    part: StaffPart


@dataclass(frozen=True)
class Met:
    """A registered person met in the session, by their code."""

    person_id: int
    code: str
    actions: frozenset[Action]
    asked_interview: bool


@dataclass(frozen=True)
class SessionAddendum:
    written_at: dt.datetime
    author: str
    note: str


@dataclass(frozen=True)
class SessionView:
    id: int
    kind: SessionKind
    day: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    shift: Shift
    place: ListEntry | None  # the zone (street) or venue (group)
    staff: tuple[Member, ...]
    volunteers: int
    settings: frozenset[Setting]
    languages: frozenset[str]
    topics: tuple[ListEntry, ...]
    contacts: tuple[Met, ...]
    tallies: tuple[Tally, ...]
    actions: dict[Action, int]
    material: dict[int, int]  # item: quantity handed out
    stock_place_id: int | None
    interview_requests: int
    note: str
    recorded_by: str
    created_at: dt.datetime
    revision: int
    addenda: tuple[SessionAddendum, ...]
    amendable: bool  # by this reader, now

    @property
    def anonymous(self) -> int:
        return sum(tally.count for tally in self.tallies)


def session_view(session: Session, actor: Actor, clock: Clock, row: OutreachSession) -> SessionView:
    staff = _staff(session, row.id)
    topic_ids = session.scalars(
        select(OutreachSessionTopic.topic_id).where(OutreachSessionTopic.session_id == row.id)
    ).all()
    place = row.zone_id if row.zone_id is not None else row.venue_id
    entries = entries_by_id(session, [*topic_ids, *([place] if place is not None else [])])
    in_team = actor.staff_id in {m.staff_id for m in staff} | {row.created_by_id}
    return SessionView(
        id=row.id,
        kind=SessionKind(row.kind),
        day=row.day,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        shift=Shift(row.shift),
        place=entries.get(place) if place is not None else None,
        staff=staff,
        volunteers=row.volunteers,
        settings=frozenset(
            Setting(s)
            for s in session.scalars(
                select(OutreachSessionSetting.setting).where(
                    OutreachSessionSetting.session_id == row.id
                )
            )
        ),
        languages=frozenset(
            session.scalars(
                select(OutreachSessionLanguage.language).where(
                    OutreachSessionLanguage.session_id == row.id
                )
            )
        ),
        topics=tuple(entries[t] for t in sorted(topic_ids)),
        contacts=_contacts(session, row.id),
        tallies=_tallies(session, row.id),
        actions={
            Action(action): count
            for action, count in session.execute(
                select(OutreachSessionAction.action, OutreachSessionAction.count).where(
                    OutreachSessionAction.session_id == row.id
                )
            )
        },
        material=_material(session, row.id),
        stock_place_id=row.place_id,
        interview_requests=row.interview_requests,
        note=row.note,
        recorded_by=str(
            session.scalar(select(Staff.display_name).where(Staff.id == row.created_by_id))
        ),
        created_at=row.created_at,
        revision=row.revision,
        addenda=_addenda(session, row.id),
        amendable=in_team and clock.local(row.created_at).date() == clock.today(),
    )


def _staff(session: Session, session_id: int) -> tuple[Member, ...]:
    rows = session.execute(
        select(OutreachSessionStaff.staff_id, Staff.display_name, OutreachSessionStaff.part)
        .join(Staff, Staff.id == OutreachSessionStaff.staff_id)
        .where(OutreachSessionStaff.session_id == session_id)
        .order_by(OutreachSessionStaff.part, Staff.display_name)
    )
    return tuple(Member(staff, name, StaffPart(part)) for staff, name, part in rows)


def _contacts(session: Session, session_id: int) -> tuple[Met, ...]:
    rows = session.execute(
        select(
            OutreachContact.id,
            OutreachContact.person_id,
            Person.code,
            OutreachContact.asked_interview,
        )
        .join(Person, Person.id == OutreachContact.person_id)
        .where(OutreachContact.session_id == session_id)
        .order_by(Person.code)
    ).all()
    actions: dict[int, set[Action]] = {}
    for contact, action in session.execute(
        select(OutreachContactAction.contact_id, OutreachContactAction.action).where(
            OutreachContactAction.contact_id.in_([row.id for row in rows])
        )
    ):
        actions.setdefault(contact, set()).add(Action(action))
    return tuple(
        Met(person, code, frozenset(actions.get(contact, ())), asked)
        for contact, person, code, asked in rows
    )


def _tallies(session: Session, session_id: int) -> tuple[Tally, ...]:
    rows = session.scalars(
        select(OutreachTally)
        .where(OutreachTally.session_id == session_id)
        .order_by(OutreachTally.id)
    )
    return tuple(
        Tally(
            Gender(r.gender),
            AgeBand(r.age_band),
            Region(r.region),
            MetBefore(r.met_before),
            r.count,
        )
        for r in rows
    )


def _material(session: Session, session_id: int) -> dict[int, int]:
    rows = session.execute(
        select(StockMovement.item_id, func.sum(-StockMovement.quantity))
        .join(Distribution, Distribution.id == StockMovement.distribution_id)
        .where(Distribution.session_id == session_id)
        .group_by(StockMovement.item_id)
    )
    return {item: int(quantity) for item, quantity in rows if quantity}


def _addenda(session: Session, session_id: int) -> tuple[SessionAddendum, ...]:
    rows = session.execute(
        select(OutreachAddendum.written_at, Staff.display_name, OutreachAddendum.note)
        .join(Staff, Staff.id == OutreachAddendum.author_id)
        .where(OutreachAddendum.session_id == session_id)
        .order_by(OutreachAddendum.written_at, OutreachAddendum.id)
    )
    return tuple(SessionAddendum(at, name, note) for at, name, note in rows)
