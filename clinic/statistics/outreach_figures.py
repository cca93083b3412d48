"""The figures of street work and group sessions for a period (issue 14), as the annual report
and the outreach team read them: outings, contacts, persons met and how many of them are new.

It lives in statistics, not in outreach: "new" is a person's first contact of any kind, read
across every capability (`clinic.statistics.contacts`), which the outreach layer sits below.

Four queries, each grouped in SQL: sessions by kind and shift; tallies by kind, gender, age
band, region and "met before"; links to registered persons by kind, gender, country and
interview asked; the persons met in the street (`contacts.met_facts`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, and_, cast, func, select
from sqlalchemy.orm import Session, aliased

from clinic.common.clock import Clock
from clinic.common.permissions import Actor, Permission, require
from clinic.outreach.regions import region_of
from clinic.statistics.contacts import (
    PersonCounts,
    counted_key,
    met_facts,
    read_persons,
    tally_persons,
)
from clinic.statistics.tables import Period
from db.models.outreach import OutreachContact, OutreachSession, OutreachTally
from db.models.registry import Person
from db.vocabulary.materials import AgeBand
from db.vocabulary.outreach import MetBefore, Region, SessionKind, Shift
from db.vocabulary.registry import Gender


@dataclass(frozen=True)
class AnonymousCounts:
    """Contacts counted without a code (tally rows); each mapping sums to `contacts`."""

    contacts: int
    by_gender: Mapping[Gender, int]
    by_age_band: Mapping[AgeBand, int]
    by_region: Mapping[Region, int]
    by_met_before: Mapping[MetBefore, int]


@dataclass(frozen=True)
class StreetFigures:
    """Street work: `contacts` = contacts with registered persons + anonymous ones; `known`
    the distinct registered persons met, new or returning by the report's definition."""

    outings: int
    outings_by_shift: Mapping[Shift, int]
    contacts: int
    known_contacts: int  # one per person per outing
    anonymous: AnonymousCounts
    known: PersonCounts


@dataclass(frozen=True)
class GroupFigures:
    """Group sessions: participants = tallied (no code) + linked to a code, one per session."""

    sessions: int
    participants: int
    tallied: int
    linked: int
    by_gender: Mapping[Gender, int]
    by_region: Mapping[Region, int]
    interview_requests: int  # as the session's sheet counts them, linked or not
    linked_who_asked: int


@dataclass(frozen=True)
class OutreachFigures:
    since: dt.date
    until: dt.date  # the first day after the period
    street: StreetFigures
    groups: GroupFigures


def outreach_figures(
    session: Session, actor: Actor, clock: Clock, since: dt.date, until: dt.date
) -> OutreachFigures:
    """The outreach figures of the clinic days `[since, until)`; a session belongs to the day
    it started on (a night out from 23:30 on 31 December is the old year's)."""
    require(session, actor, Permission.STATISTICS)
    return figures_of(session, clock, Period(since, until))


def figures_of(session: Session, clock: Clock, period: Period) -> OutreachFigures:
    """`outreach_figures` for a caller that checked the permission (the annual report)."""
    since, until = period.since, period.until
    outings, groups, requests = _sessions(session, period)
    tallies = _tallies(session, period)
    links = _links(session, period)
    street_persons = read_persons(session, clock, period, _street_persons(clock, period))
    return OutreachFigures(
        since,
        until,
        _street(outings, tallies[SessionKind.STREET], links[SessionKind.STREET], street_persons),
        _groups(groups, requests, tallies[SessionKind.GROUP], links[SessionKind.GROUP]),
    )


def _street(
    outings: Counter[Shift], tallies: list[Any], links: list[Any], persons: Any
) -> StreetFigures:
    anonymous = _anonymous(tallies)
    known_contacts = sum(row.n for row in links)
    return StreetFigures(
        outings=outings.total(),
        outings_by_shift=outings,
        contacts=known_contacts + anonymous.contacts,
        known_contacts=known_contacts,
        anonymous=anonymous,
        known=tally_persons(persons),
    )


def _groups(sessions: int, requests: int, tallies: list[Any], links: list[Any]) -> GroupFigures:
    by_gender: Counter[Gender] = Counter()
    by_region: Counter[Region] = Counter()
    for row in tallies:
        by_gender[Gender(row.gender)] += row.n
        by_region[Region(row.region)] += row.n
    for row in links:
        by_gender[Gender(row.gender)] += row.n
        by_region[region_of(row.country)] += row.n
    tallied, linked = sum(r.n for r in tallies), sum(r.n for r in links)
    return GroupFigures(
        sessions=sessions,
        participants=tallied + linked,
        tallied=tallied,
        linked=linked,
        by_gender=by_gender,
        by_region=by_region,
        interview_requests=requests,
        linked_who_asked=sum(r.asked for r in links),
    )


def _anonymous(tallies: list[Any]) -> AnonymousCounts:
    by: tuple[Counter[Any], ...] = (Counter(), Counter(), Counter(), Counter())
    for row in tallies:
        for counter, value in zip(
            by,
            (Gender(row.gender), AgeBand(row.age_band), Region(row.region), MetBefore(row.met)),
            strict=True,
        ):
            counter[value] += row.n
    return AnonymousCounts(by[0].total(), *by)


def _in(period: Period) -> ColumnElement[bool]:
    return and_(OutreachSession.day >= period.since, OutreachSession.day < period.until)


def _sessions(session: Session, period: Period) -> tuple[Counter[Shift], int, int]:
    """Street outings by shift; group sessions and their interview requests."""
    rows = session.execute(
        select(
            OutreachSession.kind,
            OutreachSession.shift,
            func.count().label("n"),
            func.sum(OutreachSession.interview_requests).label("requests"),
        )
        .where(_in(period))
        .group_by(OutreachSession.kind, OutreachSession.shift)
    ).all()
    street = Counter({Shift(r.shift): r.n for r in rows if r.kind == SessionKind.STREET})
    groups = [r for r in rows if r.kind == SessionKind.GROUP]
    return street, sum(r.n for r in groups), sum(r.requests or 0 for r in groups)


def _tallies(session: Session, period: Period) -> dict[SessionKind, list[Any]]:
    tally = OutreachTally
    columns = (OutreachSession.kind, tally.gender, tally.age_band, tally.region, tally.met_before)
    rows = session.execute(
        select(*columns[:-1], tally.met_before.label("met"), func.sum(tally.count).label("n"))
        .join(OutreachSession, OutreachSession.id == tally.session_id)
        .where(_in(period))
        .group_by(*columns)
    ).all()
    return _by_kind(rows)


def _links(session: Session, period: Period) -> dict[SessionKind, list[Any]]:
    """Contacts with registered persons, by their survivor's gender and country: an erased
    person's contact still counts as a contact (reports.md: "anonymous counts")."""
    recorded, survivor = aliased(Person), aliased(Person)
    columns = (OutreachSession.kind, survivor.gender, survivor.country)
    asked = func.sum(cast(OutreachContact.asked_interview, Integer))
    rows = session.execute(
        select(*columns, func.count().label("n"), asked.label("asked"))
        .select_from(OutreachContact)
        .join(OutreachSession, OutreachSession.id == OutreachContact.session_id)
        .join(recorded, recorded.id == OutreachContact.person_id)
        .join(survivor, survivor.id == counted_key(recorded))
        .where(_in(period))
        .group_by(*columns)
    ).all()
    return _by_kind(rows)


def _by_kind(rows: Any) -> dict[SessionKind, list[Any]]:
    kinds: dict[SessionKind, list[Any]] = {kind: [] for kind in SessionKind}
    for row in rows:
        kinds[SessionKind(row.kind)].append(row)
    return kinds


def _street_persons(clock: Clock, period: Period) -> Select[Any]:
    """`met_facts` of the persons met in the street in the period."""
    met = (
        select(OutreachContact.person_id, OutreachSession.day)
        .join(OutreachSession, OutreachSession.id == OutreachContact.session_id)
        .where(_in(period), OutreachSession.kind == SessionKind.STREET.value)
    )
    return met_facts(clock, period, met)
