"""The demo clinic: reproducible, realistic in proportion, stored as the use cases store."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text

from clinic.common.clock import Clock
from clinic.common.errors import ConflictError
from clinic.demo.clinic import DemoSummary, generate
from clinic.desk.checkin import todays_queue
from clinic.desk.vocabulary import QueueState
from clinic.registry.codes import CARD_ALPHABET
from clinic.registry.search import find_persons
from clinic.registry.vocabulary import Gender, country_codes, language_codes
from db.engine import Database
from db.folder import prepare
from db.keys import new_key
from db.models.base import Base
from db.models.desk import REASON_BITS, Visit, has_reason
from db.models.materials import StockLot
from db.models.registry import Person, PersonLanguage, PersonWorkSetting, SearchTerm
from db.models.staff import Staff
from db.models.vaccinations import Vaccination, VaccineForecast
from db.opening import create_database
from db.search_keys import person_terms

PERSONS, YEARS, SEED = 300, 2, 1234
SLK = re.compile(r"^[A-Z29]{5}\d{8}[1239](/\d{1,2})?$")
CARD = re.compile(rf"^[{CARD_ALPHABET}]{{4}}-[{CARD_ALPHABET}]{{4}}$")


@pytest.fixture
def demo(database: Database, clock: Clock) -> DemoSummary:
    return generate(database, clock, persons=PERSONS, years=YEARS, seed=SEED)


def _dump(database: Database) -> dict[str, list[Any]]:
    with database.read() as session:
        return {
            table.name: session.execute(select(table).order_by(*table.primary_key.columns)).all()
            for table in Base.metadata.sorted_tables
        }


def _other_database(tmp_path: Path, name: str) -> Database:
    database, _ = create_database(prepare(tmp_path / name), new_key())
    return database


def test_the_same_seed_gives_the_same_clinic(tmp_path, database, clock, demo):
    again = _other_database(tmp_path, "again")
    other = _other_database(tmp_path, "other")
    try:
        assert generate(again, clock, persons=PERSONS, years=YEARS, seed=SEED) == demo
        generate(other, clock, persons=PERSONS, years=YEARS, seed=SEED + 1)
        assert _dump(again) == _dump(database)
        assert _dump(other)["person"] != _dump(database)["person"]
    finally:
        again.dispose()
        other.dispose()


def test_summary_counts_what_was_written(database, demo):
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == demo.persons == PERSONS
        assert session.scalar(select(func.count()).select_from(Visit)) == demo.visits
        demo_staff = select(func.count()).where(Staff.username.like("demo-%"))
        assert session.scalar(demo_staff) == demo.staff >= 4


def test_genders_follow_the_services_proportions(database, demo):
    with database.read() as session:
        genders = Counter(session.scalars(select(Person.gender)))
    assert set(genders) <= {g.value for g in Gender}
    assert genders[Gender.WOMAN] > 0.5 * PERSONS
    assert 0.1 * PERSONS < genders[Gender.TRANS_WOMAN] < 0.3 * PERSONS
    assert 0 < genders[Gender.MAN] < 0.15 * PERSONS


def test_codes_are_unique_and_well_formed(database, demo):
    with database.read() as session:
        codes = list(session.scalars(select(Person.code)))
    assert len(set(codes)) == len(codes)
    assert all(SLK.match(code) or CARD.match(code) for code in codes)
    cards = sum(1 for code in codes if CARD.match(code))
    assert 0.03 * PERSONS < cards < 0.2 * PERSONS


def test_persons_are_stored_as_the_registry_stores_them(database, clock, demo):
    with database.read() as session:
        people = session.scalars(select(Person)).all()
        terms = {(t.person_id, t.term) for t in session.scalars(select(SearchTerm))}
        languages = set(session.scalars(select(PersonLanguage.language)))
        settings = session.scalar(select(func.count(func.distinct(PersonWorkSetting.person_id))))
    assert terms == {
        (p.id, term) for p in people for term in person_terms(p.code, p.alias, p.birth_year)
    }
    assert 0.3 * PERSONS < sum(1 for p in people if p.alias) < 0.5 * PERSONS
    assert languages <= language_codes()
    assert {p.country for p in people} <= country_codes()
    assert settings == PERSONS
    assert all(p.birth_date is None or p.birth_date.year == p.birth_year for p in people)
    assert 0.5 * PERSONS < sum(1 for p in people if p.birth_date) < 0.9 * PERSONS
    assert all(p.first_contact < clock.today() for p in people)
    assert any(p.first_contact.year - p.birth_year < 18 for p in people)  # minors come too


def test_the_database_is_consistent(database, demo):
    with database.read() as session:
        assert session.execute(text("PRAGMA foreign_key_check")).all() == []
        unreasoned = select(func.count()).where(Visit.reasons == 0)
        assert session.scalar(unreasoned) == 0
        reasons = sum(
            session.scalar(select(func.count()).where(has_reason(reason))) or 0
            for reason in REASON_BITS
        )
    assert demo.visits < reasons <= 3 * demo.visits


def test_visits_are_in_the_past_and_times_follow_each_other(database, clock, demo):
    start, _ = clock.day_bounds(clock.today())
    with database.read() as session:
        visits = session.scalars(select(Visit)).all()
    assert max(v.arrival_at for v in visits) <= clock.now()
    for visit in visits:
        if visit.arrival_at < start:
            assert visit.state == QueueState.DONE
        if visit.called_at is not None:
            assert visit.arrival_at <= visit.called_at <= clock.now()
            assert visit.served_by_id is not None
        if visit.departed_at is not None:
            assert visit.called_at is not None
            assert visit.called_at <= visit.departed_at <= clock.now()


def test_todays_queue_looks_alive(database, clock, reception, demo):
    with database.read() as session:
        queue = todays_queue(session, reception, clock)
    states = Counter(entry.state for entry in queue)
    assert states[QueueState.WAITING]
    assert states[QueueState.IN_PROGRESS]
    assert states[QueueState.DONE]
    assert all(entry.code for entry in queue if entry.person_id is not None)
    people = [entry.person_id for entry in queue if entry.person_id is not None]
    assert len(set(people)) == len(people)


def test_weeks_are_busy_on_weekdays_and_quiet_on_sundays(database, clock, demo):
    with database.read() as session:
        arrivals = session.scalars(select(Visit.arrival_at))
        weekdays = Counter(clock.local(at).weekday() for at in arrivals)
    assert min(weekdays[day] for day in range(5)) > weekdays[5] > weekdays[6]
    assert weekdays[6] < 0.02 * sum(weekdays.values())


def test_walk_ins_are_about_one_visit_in_twenty(database, demo):
    with database.read() as session:
        walk_ins = session.scalar(select(func.count()).where(Visit.person_id.is_(None)))
    assert 0.02 * demo.visits < walk_ins < 0.1 * demo.visits


def test_search_finds_demo_persons_by_alias_word_and_code(database, reception, demo):
    with database.read() as session:
        person = session.scalars(select(Person).where(Person.alias.is_not(None))).first()
        assert person is not None
        assert person.alias
        by_alias = find_persons(session, reception, person.alias.split()[0])
        by_code = find_persons(session, reception, person.code[:6].lower())
        by_both = find_persons(session, reception, f"{person.alias[:3]} {person.code[:2]}")
    assert person.id in {p.id for p in by_alias}
    assert person.id in {p.id for p in by_code}
    assert person.id in {p.id for p in by_both}
    assert all(p.last_visit is not None for p in by_code)


def test_demo_data_never_mixes_with_existing_data(database, clock, demo):
    with pytest.raises(ConflictError):
        generate(database, clock, persons=10, years=1, seed=SEED)


def test_progress_is_reported_up_to_the_end(tmp_path, clock):
    database = _other_database(tmp_path, "progress")
    calls: list[tuple[str, int, int]] = []
    try:
        summary = generate(
            database, clock, persons=20, years=1, seed=1, progress=lambda *c: calls.append(c)
        )
    finally:
        database.dispose()
    assert ("persons", 20, 20) in calls
    assert ("visits", summary.visits, summary.visits) in calls
    forecasts = [(done, total) for stage, done, total in calls if stage == "forecasts"]
    assert forecasts[-1][0] == forecasts[-1][1]
    cares = [(done, total) for stage, done, total in calls if stage == "care"]
    assert cares[-1][0] == cares[-1][1]
    stage, done, total = calls[-1]  # the material handed out at the visits comes last
    assert (stage, done) == ("material", total)


@pytest.mark.parametrize(("persons", "years"), [(0, 1), (10, 0)])
def test_nonsense_sizes_are_refused(database, clock, persons, years):
    with pytest.raises(ValueError, match="persons"):
        generate(database, clock, persons=persons, years=years, seed=1)


def test_a_day_starts_in_the_clinic_time_zone(tmp_path):
    """Just after midnight in Rome (still yesterday in UTC) the queue is today's, in the past."""
    clock = Clock(ZoneInfo("Europe/Rome"), dt.datetime(2026, 3, 10, 23, 20, tzinfo=dt.UTC))
    database = _other_database(tmp_path, "midnight")
    try:
        generate(database, clock, persons=30, years=1, seed=3)
        with database.read() as session:
            arrivals = list(session.scalars(select(Visit.arrival_at)))
    finally:
        database.dispose()
    start, _ = clock.day_bounds(clock.today())
    assert max(arrivals) <= clock.now()
    assert sum(1 for at in arrivals if at >= start) >= 6


def test_demo_vaccinations_come_from_unexpired_lots_and_are_forecast(demo, database, clock):
    with database.read() as session:
        doses = session.execute(
            select(Vaccination.given_on, StockLot.expiry, Vaccination.person_id).join(
                StockLot, Vaccination.lot_id == StockLot.id
            )
        ).all()
        forecast_people = set(session.scalars(select(VaccineForecast.person_id)))
        births = dict(session.execute(select(Person.id, Person.birth_year)).all())
    assert doses, "a demo clinic vaccinates"
    assert all(given <= expiry for given, expiry, _ in doses)
    assert all(given <= clock.today() for given, _, _ in doses)
    assert all(given.year >= births[person] for given, _, person in doses)
    assert {person for _, _, person in doses} == forecast_people
