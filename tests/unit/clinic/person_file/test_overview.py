"""The person's summary opened with Enter: what each role may see of a person, and nothing more,
with the opening audited."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from clinic.audit.trail import Action
from clinic.desk.checkin import check_in, set_queue_state
from clinic.desk.vocabulary import QueueState, VisitReason
from clinic.person_file.overview import LAST_VISITS, age_on, person_overview
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.registry.vocabulary import ConsentStatus, Gender
from clinic.staff.vocabulary import Role
from clinic.vaccinations.vocabulary import ForecastStatus
from db.models.audit import AuditEvent
from tests.conftest import NOW

TODAY = NOW.date()


@pytest.fixture
def ana(database, clock, reception) -> int:
    form = PersonForm(
        alias="Ana",
        gender="woman",
        birth="03/11/1991",
        country="RO",
        languages=("ro", "it"),
        consent_date="01/02/2024",
    )
    with database.write() as session:
        record = validate_person(form, "it_IT", TODAY)
        return register_person(session, reception, clock, record, "NAOOA031119912").id


def _overview(database, clock, actor, person_id):
    with database.write() as session:
        return person_overview(session, actor, clock, person_id)


def _days_ago(clock, days: int):
    return dataclasses.replace(clock, fixed=clock.now() - dt.timedelta(days=days))


def test_reception_sees_the_registry_and_the_last_visits_newest_first(
    database, clock, reception, ana
):
    with database.write() as session:
        for days, reason in [(30, "material"), (7, "medical"), (0, "social")]:
            check_in(session, reception, _days_ago(clock, days), ana, [reason, "rest"])
    seen = _overview(database, clock, reception, ana)
    assert (seen.code, seen.alias, seen.gender, seen.country) == (
        "NAOOA031119912",
        "Ana",
        Gender.WOMAN,
        "RO",
    )
    assert (seen.birth_date, seen.age) == (dt.date(1991, 11, 3), 34)  # 35 only in November
    assert seen.languages == ("it", "ro")
    assert (seen.consent, seen.consent_date) == (ConsentStatus.GIVEN, dt.date(2024, 2, 1))
    assert seen.visit_count == 3
    assert seen.last_visits is not None
    assert [v.arrival_at for v in seen.last_visits] == [
        NOW,
        NOW - dt.timedelta(days=7),
        NOW - dt.timedelta(days=30),
    ]
    assert seen.last_visits[1].reasons == (VisitReason.MEDICAL, VisitReason.REST)
    assert seen.vaccines_due is None  # reception never reads vaccinations


def test_only_the_last_few_visits_are_listed_with_their_state(database, clock, actors, ana):
    reception, social = actors[Role.RECEPTION], actors[Role.SOCIAL]
    with database.write() as session:
        for days in range(LAST_VISITS + 2, 0, -1):
            check_in(session, reception, _days_ago(clock, days), ana, ["social"])
        today = check_in(session, reception, clock, ana, ["social"])
        set_queue_state(session, social, clock, today.visit_id, QueueState.IN_PROGRESS)
    seen = _overview(database, clock, social, ana)
    assert seen.visit_count == LAST_VISITS + 3
    assert seen.last_visits is not None
    assert len(seen.last_visits) == LAST_VISITS
    assert seen.last_visits[0].state is QueueState.IN_PROGRESS
    assert seen.vaccines_due is None  # social workers: "vaccinations —"


def test_a_nurse_also_sees_the_vaccines_due_and_both_views_are_audited(
    database, clock, actors, ana
):
    nurse = actors[Role.NURSE]
    seen = _overview(database, clock, nurse, ana)
    assert seen.vaccines_due is not None
    groups = {g.vaccine_group: g for g in seen.vaccines_due}
    # A 34-year-old never vaccinated: hepatitis B dose 1 is due now (vaccines.md, adults 19-59).
    assert groups["HepB"].dose_number == 1
    assert groups["HepB"].earliest is not None
    assert groups["HepB"].earliest <= TODAY
    assert all(g.status is ForecastStatus.NOT_COMPLETE for g in seen.vaccines_due)
    earliest = [g.earliest for g in seen.vaccines_due]
    assert earliest == sorted(earliest)  # type: ignore[type-var]
    with database.read() as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.staff_id == nurse.staff_id)
        ).all()
    assert sorted(actions) == sorted([Action.PERSON_VIEW, Action.VACCINATION_VIEW])


def test_the_coordinator_sees_the_registry_but_no_visits(database, clock, actors, reception, ana):
    with database.write() as session:
        check_in(session, reception, clock, ana, ["medical"])
    seen = _overview(database, clock, actors[Role.ADMIN], ana)
    assert seen.alias == "Ana"
    assert (seen.last_visits, seen.visit_count, seen.vaccines_due) == (None, None, None)


@pytest.mark.parametrize(
    ("birth_date", "birth_year", "age"),
    [
        (dt.date(1991, 3, 10), None, 35),  # birthday today
        (dt.date(1991, 3, 11), None, 34),  # tomorrow
        (dt.date(2000, 2, 29), None, 26),
        (None, 1991, 35),  # a year alone: the age reached this year
        (None, None, None),
    ],
)
def test_age_counts_whole_years(birth_date, birth_year, age):
    assert age_on(TODAY, birth_date, birth_year) == age
