"""A realistic demo clinic: staff, persons and years of visits, for training and benchmarks.

Deterministic for a seed, so a benchmark or a bug report can be reproduced. Everything is made up
(`clinic.demo.registry`); as at the desk, the names SLK codes are computed from are never stored.

A million visits must take minutes, so rows are numbered in advance and written with SQLAlchemy
Core bulk inserts in a few transactions, holding the values the use cases would store
(`clinic.registry.persons._apply`, `clinic.desk.checkin`). Visits are written in arrival
order, so their ids grow with time as they do in a real clinic.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic.common.clock import Clock
from clinic.common.errors import ConflictError, ErrorCode
from clinic.demo.care import CareSummary, write_care
from clinic.demo.materials import write_materials
from clinic.demo.names import COUNTRIES, DEFAULT_HOST, HOSTS, POOLS, NamePool
from clinic.demo.outreach import OutreachSummary, write_outreach
from clinic.demo.registry import (
    MAX_PERSON_ID,
    Calendar,
    PersonRows,
    Population,
    Weighted,
    split_visit_key,
)
from clinic.demo.rows import CHUNK, Row, insert_rows
from clinic.demo.stock import write_vaccinations
from clinic.demo.vaccinations import DemoVaccinations, appointment_rows, visit_days
from clinic.desk.vocabulary import QueueState, VisitReason
from clinic.settings.configuration import load_settings
from clinic.staff.vocabulary import Role
from clinic.vaccinations.forecasts import refresh_all
from db.engine import Database
from db.models.desk import Visit, reason_bits
from db.models.materials import StockMovement
from db.models.registry import Person, PersonLanguage, PersonWorkSetting, SearchTerm
from db.models.staff import Staff
from db.models.vaccinations import VaccineAppointment

Progress = Callable[[str, int, int], None]
VISITS_PER_TRANSACTION = 250_000
STAFF_PER_ROLE = {
    Role.RECEPTION: 3,
    Role.NURSE: 3,
    Role.SOCIAL: 3,
    Role.PSYCHOLOGIST: 1,
    Role.OUTREACH: 2,
    Role.ADMIN: 1,
}
WALK_IN_SHARE = 0.05
# One person comes on this many days, in a clinic of at least `REGULAR_FROM` persons: a file of
# about 500 entries with their consultations, tests and referrals (issue 12's benchmark).
REGULAR_VISITS = 250
REGULAR_FROM = 1_000

_OPENING = dt.time(10)
_MEAN_WAIT_S = 15 * 60
_MAX_WAIT_S = 2 * 3600
_CONSULT_S = {
    Role.NURSE: (10 * 60, 40 * 60),
    Role.SOCIAL: (15 * 60, 60 * 60),
    Role.PSYCHOLOGIST: (30 * 60, 60 * 60),
}
_DESK_S = (3 * 60, 15 * 60)


@dataclass(frozen=True)
class DemoSummary:
    persons: int
    visits: int
    staff: int
    care: CareSummary = field(default_factory=CareSummary)
    movements: int = 0  # of stock, vaccine doses included
    outreach: OutreachSummary = field(default_factory=OutreachSummary)


_REASONS = Weighted.of(
    [
        (VisitReason.MEDICAL, 40),
        (VisitReason.MATERIAL, 25),
        (VisitReason.SOCIAL, 13),
        (VisitReason.INFORMATION, 10),
        (VisitReason.PSYCHOLOGICAL, 7),
        (VisitReason.REST, 5),
    ]
)


def generate(
    database: Database,
    clock: Clock,
    *,
    persons: int,
    years: int,
    seed: int,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill an empty database with a demo clinic of `persons` seen over `years` up to today.

    Raises `ConflictError` if the database already holds persons or visits: demo data must never
    mix with real data.
    """
    if not 0 < persons <= MAX_PERSON_ID or years < 1:
        raise ValueError(f"persons must be 1..{MAX_PERSON_ID} and years at least 1")
    report = progress or _silent
    rng = random.Random(seed)  # noqa: S311 (reproducible made-up data, not secrets)
    calendar = Calendar.build(clock, years)
    host_country, host_language = HOSTS.get(clock.zone.key, DEFAULT_HOST)
    with database.write() as session:
        _require_empty(session)
        staff = _staff(session, rng, calendar, POOLS[COUNTRIES[host_country][0]])
    report("staff", 1, 1)
    population = Population(rng, calendar, host_country, host_language)
    regular = persons if persons >= REGULAR_FROM else None
    _write_persons(database, population, persons, regular, report)
    keys = population.visit_keys + population.walk_ins(WALK_IN_SHARE)
    keys.sort()
    visits = _VisitMaker(rng, calendar, staff)
    queue = visits.todays_queue(clock, population.regulars or list(range(1, persons + 1)), keys)
    _write_visits(database, visits, keys, queue, report)
    _write_vaccinations(database, rng, calendar, clock, population.visit_keys, staff, report)
    care = write_care(database, rng, clock, staff, (host_country, host_language), report)
    outreach, outings = write_outreach(database, rng, calendar, clock, staff, host_country)
    report("outreach", 1, 1)
    write_materials(database, rng, clock, staff, report, outings)
    visits_made = len(keys) + len(queue)
    staff_count = sum(len(ids) for ids in staff.values())
    movements = _movements(database)
    return DemoSummary(persons, visits_made, staff_count, care, movements, outreach)


def _silent(stage: str, done: int, total: int) -> None:
    pass


def _movements(database: Database) -> int:
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(StockMovement)) or 0


def _require_empty(session: Session) -> None:
    anyone = session.scalar(select(Person.id).limit(1))
    if anyone is not None or session.scalar(select(Visit.id).limit(1)) is not None:
        raise ConflictError(ErrorCode.DEMO_NEEDS_EMPTY_DATABASE)


def _staff(
    session: Session, rng: random.Random, calendar: Calendar, pool: NamePool
) -> dict[Role, list[int]]:
    """A few named accounts per role (`demo-nurse-1`...), kept if they exist already."""
    created = calendar.moment(0, 9 * 3600)
    wanted = [
        {
            "username": f"demo-{role.value}-{n}",
            "display_name": _staff_name(rng, pool),
            "role": role.value,
            "active": True,
            "created_at": created,
            # They interview the persons they meet first (clinic.demo.protection).
            "interviewer": role in (Role.SOCIAL, Role.PSYCHOLOGIST),
        }
        for role, count in STAFF_PER_ROLE.items()
        for n in range(1, count + 1)
    ]
    names = [row["username"] for row in wanted]
    have = set(session.scalars(select(Staff.username).where(Staff.username.in_(names))))
    insert_rows(session, Staff, [row for row in wanted if row["username"] not in have])
    by_role: dict[Role, list[int]] = {role: [] for role in Role}
    for staff_id, role in session.execute(
        select(Staff.id, Staff.role).where(Staff.username.in_(names)).order_by(Staff.id)
    ):
        by_role[Role(role)].append(staff_id)
    return by_role


def _staff_name(rng: random.Random, pool: NamePool) -> str:
    given = rng.choice(pool.female if rng.random() < 0.7 else pool.male)
    return f"{given} {rng.choice(pool.family)}"


def _write_persons(
    database: Database,
    population: Population,
    persons: int,
    regular: int | None,
    report: Progress,
) -> None:
    """Persons in chunks; `regular` is the one who comes most (`REGULAR_VISITS`), whose long
    file the person-file benchmark opens."""
    with database.write() as session:
        for start in range(1, persons + 1, CHUNK):
            rows = PersonRows()
            end = min(start + CHUNK, persons + 1)
            for person_id in range(start, end):
                visits = REGULAR_VISITS if person_id == regular else None
                population.add(person_id, rows, regular=visits)
            insert_rows(session, Person, rows.persons)
            insert_rows(session, PersonLanguage, rows.languages)
            insert_rows(session, PersonWorkSetting, rows.settings)
            insert_rows(session, SearchTerm, rows.terms)
            report("persons", end - 1, persons)


class _VisitMaker:
    """Turns visit keys into rows: reasons, who served, waiting and consultation times."""

    def __init__(
        self, rng: random.Random, calendar: Calendar, staff: dict[Role, list[int]]
    ) -> None:
        self._rng = rng
        self._calendar = calendar
        self._staff = staff

    def rows(self, keys: Sequence[int], first_id: int) -> list[Row]:
        visits: list[Row] = []
        for visit_id, key in enumerate(keys, first_id):
            day, second, person_id = split_visit_key(key)
            arrival = self._calendar.moment(day, second)
            visit, role = self._visit(visit_id, person_id or None, arrival)
            self._serve(visit, role, arrival + dt.timedelta(days=1), done=True)
            visits.append(visit)
        return visits

    def todays_queue(self, clock: Clock, regulars: list[int], keys: Sequence[int]) -> list[Row]:
        """Today so far: the first arrivals done, some being seen, the latest waiting."""
        rng, now = self._rng, clock.now()
        size = min(60, max(6, round(len(keys) / (self._calendar.last + 1) * 1.3)))
        start = _queue_start(clock)
        window = max(1, int((now - start).total_seconds()))
        arrivals = sorted(start + dt.timedelta(seconds=rng.randrange(window)) for _ in range(size))
        walk_ins = max(1, round(size * WALK_IN_SHARE))
        people: list[int | None] = [None] * walk_ins
        people += rng.sample(regulars, min(size - walk_ins, len(regulars)))
        rng.shuffle(people)
        waiting, busy = max(1, round(size * 0.25)), max(1, round(size * 0.1))
        visits: list[Row] = []
        for index, (arrival, person_id) in enumerate(zip(arrivals, people, strict=False)):
            visit, role = self._visit(len(keys) + 1 + index, person_id, arrival)
            if index < len(people) - waiting:
                self._serve(visit, role, now, done=index < len(people) - waiting - busy)
            visits.append(visit)
        return visits

    def _visit(
        self, visit_id: int, person_id: int | None, arrival: dt.datetime
    ) -> tuple[Row, Role]:
        rng = self._rng
        roll = rng.random()
        reasons = _REASONS.distinct(rng, 1 if roll < 0.6 else 2 if roll < 0.9 else 3)
        visit: Row = {
            "id": visit_id,
            "person_id": person_id,
            "arrival_at": arrival,
            "state": QueueState.WAITING.value,
            "served_by_id": None,
            "called_at": None,
            "departed_at": None,
            "created_by_id": rng.choice(self._staff[Role.RECEPTION]),
            "reasons": reason_bits(reasons),
        }
        return visit, _role_for(reasons)

    def _serve(self, visit: Row, role: Role, now: dt.datetime, *, done: bool) -> None:
        """Called in after a wait, and (if `done`) gone after the consultation; all before now."""
        rng, arrival = self._rng, visit["arrival_at"]
        wait = dt.timedelta(seconds=min(int(rng.expovariate(1 / _MEAN_WAIT_S)), _MAX_WAIT_S))
        called = arrival + min(wait, (now - arrival) / 2)
        length = dt.timedelta(seconds=int(rng.uniform(*_CONSULT_S.get(role, _DESK_S))))
        visit["served_by_id"] = rng.choice(self._staff[role])
        visit["called_at"] = called
        visit["state"] = QueueState.IN_PROGRESS.value
        if done:
            visit["departed_at"] = called + min(length, now - called)
            visit["state"] = QueueState.DONE.value


def _role_for(reasons: list[VisitReason]) -> Role:
    """Who sees the person: the nurse for anything medical, then social, then the
    psychologist, else the desk."""
    if VisitReason.MEDICAL in reasons:
        return Role.NURSE
    if VisitReason.SOCIAL in reasons:
        return Role.SOCIAL
    if VisitReason.PSYCHOLOGICAL in reasons:
        return Role.PSYCHOLOGIST
    return Role.RECEPTION


def _queue_start(clock: Clock) -> dt.datetime:
    """Opening time, or earlier when the demo is made early in the morning (never yesterday)."""
    now, today = clock.now(), clock.today()
    midnight, _ = clock.day_bounds(today)
    opening = dt.datetime.combine(today, _OPENING, clock.zone).astimezone(dt.UTC)
    return max(midnight, min(opening, now - dt.timedelta(hours=3)))


def _write_visits(
    database: Database,
    maker: _VisitMaker,
    keys: list[int],
    queue: list[Row],
    report: Progress,
) -> None:
    total = len(keys) + len(queue)
    for start in range(0, len(keys), VISITS_PER_TRANSACTION):
        with database.write() as session:
            end = min(start + VISITS_PER_TRANSACTION, len(keys))
            for chunk in range(start, end, CHUNK):
                visits = maker.rows(keys[chunk : min(chunk + CHUNK, end)], chunk + 1)
                insert_rows(session, Visit, visits)
                report("visits", chunk + len(visits), total)
    with database.write() as session:
        insert_rows(session, Visit, queue)
    report("visits", total, total)


def _write_vaccinations(
    database: Database,
    rng: random.Random,
    calendar: Calendar,
    clock: Clock,
    keys: list[int],
    staff: dict[Role, list[int]],
    report: Progress,
) -> None:
    """Doses from the lots they came from, the stored forecasts, and a few appointments."""
    days = visit_days(keys)
    today = clock.today()
    with database.write() as session:
        maker = DemoVaccinations(rng, calendar, session)
        births = session.execute(select(Person.id, Person.birth_date, Person.birth_year))
        for person_id, birth_date, birth_year in births:
            born = birth_date or dt.date(birth_year or 1990, 7, 1)
            maker.person(person_id, born, days.get(person_id, []), staff[Role.NURSE])
        write_vaccinations(session, maker.lots(today, staff[Role.ADMIN][0]), maker.doses)
        profile = load_settings(session).vaccine_profile
        refresh_all(session, today, profile, lambda done, total: report("forecasts", done, total))
        appointments = appointment_rows(session, rng, today, clock.now(), staff[Role.NURSE])
        insert_rows(session, VaccineAppointment, appointments)
