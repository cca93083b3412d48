"""Stored forecasts and the clinic worklist built on them.

Forecasting everyone takes the CDSi engine a while at 100,000 persons, so each person's result is
kept in `vaccine_forecast`: rewritten when their doses change (in the same transaction) and for
everyone once a day, in the background, because ages move on. The worklist is then one indexed
query. Only series that were started are kept: someone never vaccinated is "due since birth" for
everything, which would bury the people whose next dose is the point of the list.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Row, Select, Subquery, case, delete, func, insert, null, select
from sqlalchemy.orm import Session

from clinic.audit.transactions import reading, writing
from clinic.common.clock import Clock
from clinic.common.permissions import Actor, Permission, require
from clinic.desk.vocabulary import QueueState
from clinic.registry.vocabulary import PersonStatus
from clinic.settings.configuration import load_settings
from clinic.vaccinations.status import (
    FORECAST_GROUPS,
    DoseFact,
    GroupStatus,
    assumed_birth_date,
    group_statuses,
)
from clinic.vaccinations.vocabulary import AppointmentStatus, ForecastStatus, VaccineSchedule
from db.engine import Database
from db.models.desk import Visit
from db.models.registry import Person
from db.models.vaccinations import Vaccination, VaccineAppointment, VaccineForecast, VaccineProduct

REFRESH_BATCH = 2000
# Rows turned into Python objects at a time by the refresh's reads. SQLAlchemy does it in
# compiled code that keeps Python's interpreter lock: all of a batch's rows at once held the
# desk's window for 50-70 ms; a slice is a few milliseconds.
FETCH_SLICE = 250


class Urgency(StrEnum):
    OVERDUE = "overdue"  # on or after the past-due date
    DUE = "due"  # from the earliest date
    UPCOMING = "upcoming"  # due within the days asked for


@dataclass(frozen=True)
class WorklistFilter:
    """What the nurse asks for. `followed_months` leaves out people whose last dose is older
    (they stopped coming: at 100,000 persons they are thousands, and bury the ones who come);
    None lists everyone with a series open."""

    days_ahead: int = 14
    groups: frozenset[str] = frozenset(FORECAST_GROUPS)
    urgencies: frozenset[Urgency] = frozenset(Urgency)
    followed_months: int | None = 24


@dataclass(frozen=True)
class WorklistRow:
    person_id: int
    code: str
    vaccine_group: str
    dose_number: int | None
    earliest: dt.date
    recommended: dt.date | None
    past_due: dt.date | None
    last_dose_on: dt.date | None
    appointment: dt.date | None  # the next booked day for this group, if any
    urgency: Urgency
    alias: str | None = None  # only for a role that reads the registry
    # Where the person is in today's queue (the furthest along of the day's visits); None when
    # not checked in today, or for a role that does not read visits.
    queue_today: QueueState | None = None

    @property
    def here(self) -> bool:
        """Checked in and not gone yet: the dose can be given today."""
        return self.queue_today in (QueueState.WAITING, QueueState.IN_PROGRESS)


URGENCY_ORDER = {Urgency.OVERDUE: 0, Urgency.DUE: 1, Urgency.UPCOMING: 2}
_URGENCY_OF_RANK = {rank: level for level, rank in URGENCY_ORDER.items()}
# Today's visits of a person folded into one state: being seen, else waiting, else done, else left.
_QUEUE_RANK = {
    QueueState.IN_PROGRESS: 3,
    QueueState.WAITING: 2,
    QueueState.DONE: 1,
    QueueState.LEFT: 0,
}
_RANKED_STATE = {rank: state for state, rank in _QUEUE_RANK.items()}
_HERE_RANKS = [_QUEUE_RANK[QueueState.WAITING], _QUEUE_RANK[QueueState.IN_PROGRESS]]


def urgency(earliest: dt.date, past_due: dt.date | None, today: dt.date) -> Urgency:
    if past_due is not None and today >= past_due:
        return Urgency.OVERDUE
    return Urgency.DUE if earliest <= today else Urgency.UPCOMING


def worklist(
    session: Session,
    actor: Actor,
    clock: Clock,
    wanted: WorklistFilter,
    *,
    start: int = 0,
    count: int | None = None,
) -> list[WorklistRow]:
    """Started series whose next dose is due, overdue, or due within `days_ahead` days, with the
    person's alias and today's queue state where the role may see them: one query.

    Overdue first, then due, then coming up; earliest first in each. `start` and `count` take a
    page of that list (the worklist on the screen reads it page by page as it scrolls).
    """
    require(session, actor, Permission.VACCINATION_READ)
    listed = _listed(actor, clock, wanted).subquery()
    rows = session.execute(_in_order(listed, select(listed)).offset(start).limit(count))
    return _worklist_rows(rows)


def _in_order(listed: Subquery, query: Select[Any]) -> Select[Any]:
    return query.order_by(
        listed.c.urgency_rank,
        listed.c.earliest,
        listed.c.code,
        listed.c.vaccine_group,
        listed.c.person_id,
    )


def _worklist_rows(rows: Iterable[Sequence[Any]]) -> list[WorklistRow]:
    """Rows of `_listed` in its column order. Unpacked by position: reading a Row's attributes
    by name costs ten times more at 20,000 rows."""
    worklist_rows = []
    for person_id, code, group, number, earliest, best, late, last, day, alias, queue, rank in rows:
        state = None if queue is None else _RANKED_STATE[queue]
        urgency = _URGENCY_OF_RANK[rank]
        worklist_rows.append(
            WorklistRow(
                person_id,
                code,
                group,
                number,
                earliest,
                best,
                late,
                last,
                day,
                urgency,
                alias,
                state,
            )
        )
    return worklist_rows


@dataclass(frozen=True)
class WorklistSummary:
    """How many rows of each urgency the whole list has, and how many of its people are in
    today's queue and not gone yet (the dose can be given today)."""

    counts: dict[Urgency, int]
    here: int


def worklist_first_page(
    session: Session, actor: Actor, clock: Clock, wanted: WorklistFilter, count: int
) -> tuple[list[WorklistRow], WorklistSummary]:
    """The first `count` rows of the worklist and the counts of the whole list, read in the
    one pass that sorts it (window sums), so that the first page costs about the list's SQL."""
    require(session, actor, Permission.VACCINATION_READ)
    listed = _listed(actor, clock, wanted).subquery()
    totals = [
        func.sum(case((listed.c.urgency_rank == URGENCY_ORDER[level], 1), else_=0)).over()
        for level in Urgency
    ]
    found = session.execute(_in_order(listed, select(listed, *totals)).limit(count)).all()
    counts = dict.fromkeys(Urgency, 0)
    if found:
        counts = dict(zip(Urgency, (int(n) for n in found[0][-len(Urgency) :]), strict=True))
    rows = _worklist_rows(row[: -len(Urgency)] for row in found)
    return rows, WorklistSummary(counts, _people_here(session, actor, clock, wanted))


def _people_here(session: Session, actor: Actor, clock: Clock, wanted: WorklistFilter) -> int:
    """How many people of the list are in today's queue and not gone yet (a handful of rows,
    from today's visits); none said to a role that may not read visits."""
    if not actor.can(Permission.VISIT_READ):
        return 0
    queue = _queue_today(clock, clock.today())
    here = list(
        session.scalars(select(queue.c.person_id).where(queue.c.queue_rank.in_(_HERE_RANKS)))
    )
    if not here:
        return 0
    listed = _listed(actor, clock, wanted, among=here).subquery()  # by key: a few lookups
    return session.scalar(select(func.count(func.distinct(listed.c.person_id)))) or 0


def _listed(
    actor: Actor, clock: Clock, wanted: WorklistFilter, *, among: Sequence[int] | None = None
) -> Select[Any]:
    """The worklist's rows as a query, each with its urgency's rank (`URGENCY_ORDER`);
    `among`: only the rows of these people."""
    today = clock.today()
    booked = _booked(today)
    queue = _queue_today(clock, today)
    f = VaccineForecast
    since = (
        dt.date(1900, 1, 1)
        if wanted.followed_months is None
        else today - dt.timedelta(days=round(wanted.followed_months * 30.44))
    )
    alias = Person.alias if actor.can(Permission.PERSON_READ) else null().label("alias")
    rank = queue.c.queue_rank if actor.can(Permission.VISIT_READ) else null().label("queue_rank")
    urgency_rank = case(
        (f.past_due.is_not(None) & (f.past_due <= today), URGENCY_ORDER[Urgency.OVERDUE]),
        (f.earliest <= today, URGENCY_ORDER[Urgency.DUE]),
        else_=URGENCY_ORDER[Urgency.UPCOMING],
    )
    return (
        select(
            f.person_id,
            Person.code,
            f.vaccine_group,
            f.dose_number,
            f.earliest,
            f.recommended,
            f.past_due,
            f.last_dose_on,
            booked.c.day,
            alias,
            rank,
            urgency_rank.label("urgency_rank"),
        )
        .join(Person, Person.id == f.person_id)
        .outerjoin(
            booked,
            (booked.c.person_id == f.person_id) & (booked.c.vaccine_group == f.vaccine_group),
        )
        .outerjoin(queue, queue.c.person_id == f.person_id)
        .where(
            f.status == ForecastStatus.NOT_COMPLETE.value,
            f.earliest <= today + dt.timedelta(days=wanted.days_ahead),
            f.vaccine_group.in_(wanted.groups),
            f.last_dose_on >= since,
            Person.status == PersonStatus.ACTIVE.value,
            urgency_rank.in_([URGENCY_ORDER[u] for u in wanted.urgencies]),
            *([f.person_id.in_(among)] if among is not None else []),
        )
    )


def _booked(today: dt.date) -> Subquery:
    """Each person's next booked day per vaccine group."""
    return (
        select(
            VaccineAppointment.person_id,
            VaccineAppointment.vaccine_group,
            func.min(VaccineAppointment.day).label("day"),
        )
        .where(
            VaccineAppointment.day >= today,
            VaccineAppointment.status == AppointmentStatus.BOOKED.value,
        )
        .group_by(VaccineAppointment.person_id, VaccineAppointment.vaccine_group)
        .subquery()
    )


def _queue_today(clock: Clock, today: dt.date) -> Subquery:
    """Each person checked in today, with the rank of their furthest-along visit (a handful of
    rows, found through the index on the arrival time)."""
    start, end = clock.day_bounds(today)
    rank = case(
        *((Visit.state == state.value, value) for state, value in _QUEUE_RANK.items()),
        else_=0,
    )
    return (
        select(Visit.person_id, func.max(rank).label("queue_rank"))
        .where(Visit.arrival_at >= start, Visit.arrival_at < end, Visit.person_id.is_not(None))
        .group_by(Visit.person_id)
        .subquery()
    )


def person_doses(session: Session, person_ids: Iterable[int]) -> dict[int, list[DoseFact]]:
    """The doses that count for forecasting (given, not refused, not entered in error)."""
    ids = list(person_ids)
    doses: dict[int, list[DoseFact]] = defaultdict(list)
    rows = session.execute(
        select(
            Vaccination.person_id,
            Vaccination.id,
            Vaccination.given_on,
            VaccineProduct.cvx,
            Vaccination.schedule,
        )
        .join(VaccineProduct, Vaccination.product_id == VaccineProduct.id)
        .where(
            Vaccination.person_id.in_(ids),
            ~Vaccination.refused,
            ~Vaccination.entered_in_error,
        )
        .order_by(Vaccination.person_id, Vaccination.given_on, Vaccination.id)
        .execution_options(yield_per=FETCH_SLICE)
    )
    for person_id, key, given_on, cvx, schedule in rows:
        doses[person_id].append(DoseFact(key, given_on, cvx, VaccineSchedule(schedule)))
    return doses


def person_statuses(
    session: Session, person: Person, today: dt.date, profile: str
) -> tuple[GroupStatus, ...]:
    doses = person_doses(session, [person.id]).get(person.id, [])
    birth = assumed_birth_date(person.birth_date, person.birth_year)
    return group_statuses(birth, person.gender, doses, today, profile)


def refresh_person(
    session: Session, person: Person, today: dt.date, profile: str
) -> tuple[GroupStatus, ...]:
    """Rewrite one person's stored forecasts (a dose recorded or corrected, a birth date
    changed); returns the statuses, so the caller shows them without forecasting again."""
    statuses = person_statuses(session, person, today, profile)
    _store_rows(session, [person.id], _rows(person.id, statuses, today))
    return statuses


def refresh_all(
    session: Session,
    today: dt.date,
    profile: str,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Forecast again everyone who has a dose, in the caller's transaction; returns how many
    series are stored."""
    people = _vaccinated(session)
    stored = 0
    for start in range(0, len(people), REFRESH_BATCH):
        batch = people[start : start + REFRESH_BATCH]
        stored += _refresh_batch(session, batch, today, profile)
        if progress is not None:
            progress(start + len(batch), len(people))
    return stored


def _refresh_batch(
    session: Session,
    batch: Sequence[Row[int, dt.date | None, int | None, str]],
    today: dt.date,
    profile: str,
) -> int:
    rows = _forecast_rows(session, batch, today, profile)
    _store_rows(session, [row.id for row in batch], rows)
    return len(rows)


# What the engine needs of one person: id, birth date (assumed from the year if need be),
# gender and the doses that count. Plain values, so the engine may run in another process.
History = tuple[int, dt.date | None, str, list[DoseFact]]
# Turns histories into the rows stored for them (`forecast_people`, here or in another process).
Forecaster = Callable[[list[History], dt.date, str], list[dict[str, object]]]


def forecast_people(people: list[History], today: dt.date, profile: str) -> list[dict[str, object]]:
    """The rows stored for these people: the engine alone, without the database."""
    rows = []
    for person_id, birth, gender, doses in people:
        rows.extend(_rows(person_id, group_statuses(birth, gender, doses, today, profile), today))
    return rows


def _histories(
    session: Session, batch: Sequence[Row[int, dt.date | None, int | None, str]]
) -> list[History]:
    doses = person_doses(session, [row.id for row in batch])
    return [
        (person_id, assumed_birth_date(birth_date, birth_year), gender, doses.get(person_id, []))
        for person_id, birth_date, birth_year, gender in batch
    ]


def _forecast_rows(
    session: Session,
    batch: Sequence[Row[int, dt.date | None, int | None, str]],
    today: dt.date,
    profile: str,
) -> list[dict[str, object]]:
    return forecast_people(_histories(session, batch), today, profile)


def _store_rows(session: Session, ids: list[int], rows: list[dict[str, object]]) -> None:
    session.execute(delete(VaccineForecast).where(VaccineForecast.person_id.in_(ids)))
    if rows:
        session.execute(insert(VaccineForecast), rows)


def refresh_stale(
    database: Database,
    clock: Clock,
    progress: Callable[[int, int], None] | None = None,
    forecaster: Forecaster = forecast_people,
) -> int:
    """The daily refresh: everyone forecast again if any forecast is from before today.

    One short write transaction per batch of persons, so the desks keep saving meanwhile (a
    dose recorded in between rewrites its person again, which is just as right). The engine's
    work is the `forecaster`'s (the desk runs it in a process of its own:
    `clinic.vaccinations.forecast_process`).
    """
    today = clock.today()
    with reading(database, clock) as session:
        if not stale(session, today):
            return 0
        profile = load_settings(session).vaccine_profile
        people = _vaccinated(session)
    stored = 0
    for start in range(0, len(people), REFRESH_BATCH):
        batch = people[start : start + REFRESH_BATCH]
        ids = [row.id for row in batch]
        with reading(database, clock) as session:
            histories = _histories(session, batch)
        rows = forecaster(histories, today, profile)  # outside any transaction
        with writing(database, clock) as session:
            _store_rows(session, ids, rows)
        stored += len(rows)
        if progress is not None:
            progress(start + len(batch), len(people))
    return stored


def _vaccinated(session: Session) -> Sequence[Row[int, dt.date | None, int | None, str]]:
    return list(
        session.execute(
            select(Person.id, Person.birth_date, Person.birth_year, Person.gender)
            .where(
                Person.status == PersonStatus.ACTIVE.value,
                Person.id.in_(select(Vaccination.person_id)),
            )
            .order_by(Person.id)
            .execution_options(yield_per=FETCH_SLICE)
        )
    )


def stale(session: Session, today: dt.date) -> bool:
    """Whether some stored forecast was made before today (the daily refresh is due)."""
    oldest = session.scalar(select(func.min(VaccineForecast.computed_on)))
    return oldest is not None and oldest < today


def _rows(
    person_id: int, statuses: Iterable[GroupStatus], today: dt.date
) -> list[dict[str, object]]:
    return [
        {
            "person_id": person_id,
            "vaccine_group": s.vaccine_group,
            "status": s.status.value,
            "dose_number": s.dose_number,
            "earliest": s.earliest,
            "recommended": s.recommended,
            "past_due": s.past_due,
            "last_dose_on": s.last_dose_on,
            "computed_on": today,
        }
        for s in statuses
        if s.started
    ]
