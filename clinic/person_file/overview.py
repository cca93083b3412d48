"""A person at a glance, read-only: what the desk opens on Enter until the person's file exists.

Each role gets only its share (reliability.md, "Roles"): the registry for everyone, the last
visits for those who read visits, the next vaccines for those who read vaccinations. Opening it
is a view of the person's file, audited like `persons.get_person`; the vaccines part is also a
view of the vaccination file, audited as such.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic.common.clock import Clock
from clinic.common.permissions import Actor, Permission, require
from clinic.desk.vocabulary import QueueState, VisitReason
from clinic.registry import persons
from clinic.registry.vocabulary import ConsentStatus, Gender
from clinic.vaccinations import records
from clinic.vaccinations.status import GroupStatus
from clinic.vaccinations.vocabulary import ForecastStatus
from db.models.desk import Visit

LAST_VISITS = 5


@dataclass(frozen=True)
class PastVisit:
    arrival_at: dt.datetime
    reasons: tuple[VisitReason, ...]
    state: QueueState


@dataclass(frozen=True)
class PersonOverview:
    id: int
    code: str
    alias: str | None
    gender: Gender
    birth_date: dt.date | None
    birth_year: int | None
    age: int | None  # from a birth year alone: the age reached this year
    country: str | None
    languages: tuple[str, ...]
    consent: ConsentStatus | None
    consent_date: dt.date | None
    # None where the actor may not read them (not the same as "none yet": an empty tuple).
    last_visits: tuple[PastVisit, ...] | None
    visit_count: int | None
    vaccines_due: tuple[GroupStatus, ...] | None  # series not complete, soonest first


def person_overview(session: Session, actor: Actor, clock: Clock, person_id: int) -> PersonOverview:
    """The person's summary for this actor (an audited view: call it in a write transaction)."""
    require(session, actor, Permission.PERSON_READ)
    detail = persons.get_person(session, actor, clock, person_id)
    record, today = detail.record, clock.today()
    visits = actor.can(Permission.VISIT_READ)
    return PersonOverview(
        id=detail.id,
        code=detail.code,
        alias=record.alias,
        gender=record.gender,
        birth_date=record.birth_date,
        birth_year=record.birth_year,
        age=age_on(today, record.birth_date, record.birth_year),
        country=record.country,
        languages=record.languages,
        consent=record.consent,
        consent_date=record.consent_date,
        last_visits=_last_visits(session, person_id) if visits else None,
        visit_count=_visit_count(session, person_id) if visits else None,
        vaccines_due=_vaccines_due(session, actor, clock, person_id),
    )


def age_on(today: dt.date, birth_date: dt.date | None, birth_year: int | None) -> int | None:
    """Whole years at `today`; from a year alone, the age reached in `today`'s year."""
    if birth_date is not None:
        before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
        return today.year - birth_date.year - before_birthday
    return None if birth_year is None else today.year - birth_year


def _last_visits(session: Session, person_id: int) -> tuple[PastVisit, ...]:
    rows = session.scalars(
        select(Visit)
        .where(Visit.person_id == person_id)
        .order_by(Visit.arrival_at.desc(), Visit.id.desc())
        .limit(LAST_VISITS)
    )
    return tuple(
        PastVisit(v.arrival_at, _in_order(set(v.reasons)), QueueState(v.state)) for v in rows
    )


def _in_order(reasons: set[str]) -> tuple[VisitReason, ...]:
    return tuple(reason for reason in VisitReason if reason in reasons)


def _visit_count(session: Session, person_id: int) -> int:
    count = session.scalar(select(func.count()).where(Visit.person_id == person_id))
    return int(count or 0)


def _vaccines_due(
    session: Session, actor: Actor, clock: Clock, person_id: int
) -> tuple[GroupStatus, ...] | None:
    if not actor.can(Permission.VACCINATION_READ):
        return None
    file = records.person_vaccinations(session, actor, clock, person_id)
    due = [
        g for g in file.groups if g.status is ForecastStatus.NOT_COMPLETE and g.earliest is not None
    ]
    return tuple(sorted(due, key=lambda g: (g.earliest or dt.date.max, g.vaccine_group)))
