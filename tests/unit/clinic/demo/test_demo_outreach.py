"""The demo clinic's street and group sessions (issue 14): about 800 outings a year, three in
ten at night, teams of the street unit, tallies in the services' proportions, persons met in
the street before they first came to the desk, a group session a month. One demo of 1,000
persons over 3 years, made once for the module; every figure is counted back with plain
queries, not with the generator's code.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from clinic.common.clock import Clock
from clinic.demo.clinic import DemoSummary, generate
from db.engine import Database
from db.folder import prepare
from db.keys import new_key
from db.models.care import CareListItem
from db.models.desk import Visit
from db.models.materials import Distribution, StockPlace
from db.models.outreach import (
    OutreachContact,
    OutreachSession,
    OutreachSessionLanguage,
    OutreachSessionStaff,
    OutreachSessionTopic,
    OutreachTally,
)
from db.models.registry import Person
from db.models.staff import Staff
from db.models.vaccinations import Vaccination
from db.opening import create_database
from tests.conftest import NOW, ROME

pytestmark = pytest.mark.slow  # the demo takes a few seconds to make

PERSONS, YEARS, SEED = 1_000, 3, 11


@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock(ROME, NOW)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory, clock: Clock) -> Iterator[tuple]:
    database, _ = create_database(prepare(tmp_path_factory.mktemp("outreach-demo")), new_key())
    summary = generate(database, clock, persons=PERSONS, years=YEARS, seed=SEED)
    yield database, summary
    database.dispose()


@pytest.fixture(scope="module")
def database(made) -> Database:
    return made[0]


@pytest.fixture(scope="module")
def summary(made) -> DemoSummary:
    return made[1]


def _street_days(session) -> list[dt.date]:
    street = select(OutreachSession.day).where(OutreachSession.kind == "street")
    return list(session.scalars(street))


def test_about_800_street_outings_each_year_of_the_history(database, clock, summary):
    today = clock.today()
    with database.read() as session:
        days = _street_days(session)
    assert len(days) == summary.outreach.street
    for back in range(YEARS):
        year_end = today - dt.timedelta(days=365 * back)
        in_year = [d for d in days if year_end - dt.timedelta(days=365) <= d < year_end]
        assert 700 <= len(in_year) <= 900
    assert max(days) < today


def test_three_in_ten_outings_are_at_night_in_the_clinics_night_hours(database, clock):
    """Night: set out at or after 20:00 or before 06:00, local time (the default settings)."""
    with database.read() as session:
        rows = session.execute(
            select(OutreachSession.shift, OutreachSession.starts_at, OutreachSession.ends_at).where(
                OutreachSession.kind == "street"
            )
        ).all()
    night = [row for row in rows if row.shift == "night"]
    assert 0.25 <= len(night) / len(rows) <= 0.35
    for shift, starts_at, ends_at in rows:
        hour = clock.local(starts_at).hour
        assert (hour >= 20 or hour < 6) == (shift == "night")
        assert dt.timedelta(hours=1) < ends_at - starts_at < dt.timedelta(hours=6)
    assert sum(clock.local(r.ends_at).date() > clock.local(r.starts_at).date() for r in night) > 0


def test_each_outing_has_a_team_of_street_workers_and_a_zone_of_the_city(database):
    with database.read() as session:
        roles = dict(session.execute(select(Staff.id, Staff.role)).all())
        teams: dict[int, list[int]] = {}
        for session_id, staff_id, part in session.execute(
            select(
                OutreachSessionStaff.session_id,
                OutreachSessionStaff.staff_id,
                OutreachSessionStaff.part,
            )
            .join(OutreachSession, OutreachSession.id == OutreachSessionStaff.session_id)
            .where(OutreachSession.kind == "street")
        ):
            assert part == "team"
            teams.setdefault(session_id, []).append(staff_id)
        zones = set(
            session.scalars(select(CareListItem.id).where(CareListItem.list == "outreach_zone"))
        )
        used = Counter(
            session.scalars(select(OutreachSession.zone_id).where(OutreachSession.kind == "street"))
        )
        streets = len(_street_days(session))
    assert len(teams) == streets
    assert {len(team) for team in teams.values()} == {1, 2, 3}
    assert {roles[s] for team in teams.values() for s in team} == {"outreach", "social"}
    assert 5 <= len(zones) <= 8
    assert set(used) == zones


def test_anonymous_contacts_are_mostly_young_women_from_eastern_europe_and_africa(database):
    with database.read() as session:
        street = select(OutreachSession.id).where(OutreachSession.kind == "street")
        tallies = session.execute(
            select(
                OutreachTally.session_id,
                OutreachTally.gender,
                OutreachTally.age_band,
                OutreachTally.region,
                OutreachTally.count,
            ).where(OutreachTally.session_id.in_(street))
        ).all()
    per_outing: Counter[int] = Counter()
    gender: Counter[str] = Counter()
    age: Counter[str] = Counter()
    region: Counter[str] = Counter()
    for session_id, g, band, r, count in tallies:
        per_outing[session_id] += count
        gender[g] += count
        age[band] += count
        region[r] += count
    total = sum(per_outing.values())
    assert min(per_outing.values()) >= 3
    assert max(per_outing.values()) <= 25
    assert gender["woman"] > 0.65 * total
    assert 0.03 * total < gender["trans_woman"] < 0.2 * total
    assert age["18_24"] + age["25_34"] + age["35_44"] > 0.8 * total
    eastern_europe, africa = region["151"], region["202"]  # UN M49
    assert eastern_europe + africa > 0.5 * total
    assert {eastern_europe, africa} == set(sorted(region.values())[-2:])


def test_some_persons_are_first_met_in_the_street_and_later_come_to_the_desk(database, clock):
    """Their first contact of any kind is a street outing: no visit, hand-out or dose before,
    and the registry's first contact is that outing's day."""
    with database.read() as session:
        met = dict(
            session.execute(
                select(OutreachContact.person_id, func.min(OutreachSession.day))
                .join(OutreachSession, OutreachSession.id == OutreachContact.session_id)
                .where(OutreachSession.kind == "street")
                .group_by(OutreachContact.person_id)
            ).all()
        )
        came = dict(
            session.execute(
                select(Visit.person_id, func.min(Visit.arrival_at))
                .where(Visit.person_id.is_not(None))
                .group_by(Visit.person_id)
            ).all()
        )
        handed = dict(
            session.execute(
                select(Distribution.person_id, func.min(Distribution.at))
                .where(Distribution.person_id.is_not(None))
                .group_by(Distribution.person_id)
            ).all()
        )
        dosed = dict(
            session.execute(
                select(Vaccination.person_id, func.min(Vaccination.given_on)).group_by(
                    Vaccination.person_id
                )
            ).all()
        )
        registered = dict(session.execute(select(Person.id, Person.first_contact)).all())
    first_in_street = [
        person
        for person, day in met.items()
        if person in came
        and day < clock.local(came[person]).date()
        and (person not in handed or day < clock.local(handed[person]).date())
        and (person not in dosed or day < dosed[person])
    ]
    assert len(first_in_street) >= 0.05 * PERSONS
    assert all(registered[person] == met[person] for person in first_in_street)
    # Everyone else met in the street had come to the desk (or been met) before.
    assert all(registered[person] <= day for person, day in met.items())


def test_a_group_session_each_month_with_topics_languages_and_linked_persons(database, clock):
    with database.read() as session:
        groups = session.execute(
            select(
                OutreachSession.id,
                OutreachSession.day,
                OutreachSession.venue_id,
                OutreachSession.interview_requests,
            ).where(OutreachSession.kind == "group")
        ).all()
        topics = Counter(session.scalars(select(OutreachSessionTopic.session_id)))
        languages = Counter(session.scalars(select(OutreachSessionLanguage.session_id)))
        ids = [group.id for group in groups]
        linked = Counter(
            session.scalars(
                select(OutreachContact.session_id).where(OutreachContact.session_id.in_(ids))
            )
        )
        asked = Counter(
            session.scalars(
                select(OutreachContact.session_id).where(
                    OutreachContact.session_id.in_(ids), OutreachContact.asked_interview
                )
            )
        )
        counted = dict(
            session.execute(
                select(OutreachTally.session_id, func.sum(OutreachTally.count))
                .where(OutreachTally.session_id.in_(ids))
                .group_by(OutreachTally.session_id)
            ).all()
        )
    months = {(group.day.year, group.day.month) for group in groups}
    assert len(months) == len(groups) >= 12 * YEARS
    assert all(group.venue_id is not None for group in groups)
    assert all(2 <= topics[i] <= 3 and 1 <= languages[i] <= 2 for i in ids)
    assert sum(2 <= linked[i] <= 3 for i in ids) > 0.9 * len(ids)
    assert all(group.interview_requests >= asked[group.id] for group in groups)
    assert sum(asked.values()) > 0
    assert all(6 <= counted[i] + linked[i] <= 22 for i in ids)


def test_each_outing_hands_out_its_material_from_the_outreach_bag(database):
    with database.read() as session:
        bag = session.scalar(select(StockPlace.id).where(StockPlace.code == "outreach_bag"))
        handed = session.execute(
            select(Distribution.session_id, Distribution.place_id, Distribution.contacts).where(
                Distribution.session_id.is_not(None)
            )
        ).all()
        anonymous = dict(
            session.execute(
                select(OutreachTally.session_id, func.sum(OutreachTally.count)).group_by(
                    OutreachTally.session_id
                )
            ).all()
        )
        known = Counter(session.scalars(select(OutreachContact.session_id)))
        street = _street_days(session)
    assert len(handed) == len({row.session_id for row in handed}) == len(street)
    assert {row.place_id for row in handed} == {bag}
    assert all(row.contacts == anonymous[row.session_id] + known[row.session_id] for row in handed)
