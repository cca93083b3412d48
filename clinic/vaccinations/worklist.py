"""The nurse's worklist: started series whose next dose is due, overdue or coming up, read from
the stored forecasts (`clinic.vaccinations.forecasts`) in one indexed query.

The list is filtered and sorted in SQL, and read a page at a time: at the planned size its
widest filter has tens of thousands of rows, which neither Python nor the screen should take in
at once. Each order ends with the same tie-breakers, so that a page follows the one before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, Subquery, case, func, null, select
from sqlalchemy.orm import Session

from clinic.common.clock import Clock
from clinic.common.permissions import Actor, Permission, require
from clinic.desk.vocabulary import QueueState
from clinic.registry.vocabulary import PersonStatus
from clinic.vaccinations.status import FORECAST_GROUPS
from clinic.vaccinations.vocabulary import AppointmentStatus, ForecastStatus
from db.models.desk import Visit
from db.models.registry import Person
from db.models.vaccinations import VaccineAppointment, VaccineForecast


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


class WorklistSort(StrEnum):
    """What the list can be sorted by: a column of the worklist on the screen."""

    URGENCY = "urgency"  # overdue first, then due, then coming up; earliest first in each
    CODE = "code"
    ALIAS = "alias"
    QUEUE = "queue"  # here today first, then gone today, then not checked in
    VACCINE = "vaccine"  # in `WorklistOrder.vaccines`' order (their names in the language shown)
    DOSE = "dose"
    EARLIEST = "earliest"
    RECOMMENDED = "recommended"
    PAST_DUE = "past_due"
    LAST_DOSE = "last_dose"
    APPOINTMENT = "appointment"


@dataclass(frozen=True)
class WorklistOrder:
    """The list's order: `by` a column, ascending unless `descending`; rows that tie follow the
    default order. `vaccines`: the groups in the order their names are shown in (a nurse
    working in Italian sorts by the Italian names); a group left out comes last."""

    by: WorklistSort = WorklistSort.URGENCY
    descending: bool = False
    vaccines: tuple[str, ...] = ()


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
    order: WorklistOrder = WorklistOrder(),
    start: int = 0,
    count: int | None = None,
) -> list[WorklistRow]:
    """Started series whose next dose is due, overdue, or due within `days_ahead` days, with the
    person's alias and today's queue state where the role may see them: one query.

    In `order` (overdue first, then due, then coming up; earliest first in each, by default).
    `start` and `count` take a page of that list (the worklist on the screen reads it page by
    page as it scrolls).
    """
    require(session, actor, Permission.VACCINATION_READ)
    listed = _listed(actor, clock, wanted).subquery()
    rows = session.execute(_in_order(listed, select(listed), order).offset(start).limit(count))
    return _worklist_rows(rows)


def _in_order(listed: Subquery, query: Select[Any], order: WorklistOrder) -> Select[Any]:
    c = listed.c
    ties = [c.urgency_rank, c.earliest, c.code, c.vaccine_group, c.person_id]
    if order.by is WorklistSort.URGENCY and not order.descending:
        return query.order_by(*ties)  # the default order: its keys once
    chosen = _sort_keys(listed, order)
    if order.descending:
        chosen = [key.desc() for key in chosen]
    return query.order_by(*chosen, *ties)


def _sort_keys(listed: Subquery, order: WorklistOrder) -> list[ColumnElement[Any]]:
    """What `order.by` sorts on, as the screen's column shows it: an empty date after the
    dates (then by the earliest date), an alias not known as an empty one."""
    c = listed.c

    def dates_then_empty(day: ColumnElement[Any]) -> list[ColumnElement[Any]]:
        return [case((day.is_(None), 1), else_=0), func.coalesce(day, c.earliest)]

    match order.by:
        case WorklistSort.URGENCY:
            return [c.urgency_rank, c.earliest]
        case WorklistSort.CODE:
            return [c.code]
        case WorklistSort.ALIAS:
            return [func.coalesce(c.alias, "")]
        case WorklistSort.QUEUE:
            return [case((c.queue_rank.in_(_HERE_RANKS), 0), (c.queue_rank.is_(None), 2), else_=1)]
        case WorklistSort.VACCINE:
            ranks = {group: rank for rank, group in enumerate(order.vaccines)}
            return [
                case(ranks, value=c.vaccine_group, else_=len(ranks)) if ranks else c.vaccine_group
            ]
        case WorklistSort.DOSE:
            return [func.coalesce(c.dose_number, 0)]
        case WorklistSort.EARLIEST:
            return [c.earliest]
        case WorklistSort.RECOMMENDED:
            return [func.coalesce(c.recommended, c.earliest)]
        case WorklistSort.PAST_DUE:
            return dates_then_empty(c.past_due)
        case WorklistSort.LAST_DOSE:
            return dates_then_empty(c.last_dose_on)
        case WorklistSort.APPOINTMENT:
            return dates_then_empty(c.day)


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
    session: Session,
    actor: Actor,
    clock: Clock,
    wanted: WorklistFilter,
    count: int,
    order: WorklistOrder = WorklistOrder(),
) -> tuple[list[WorklistRow], WorklistSummary]:
    """The first `count` rows of the worklist in `order` and the counts of the whole list, read
    in the one pass that sorts it (window sums), so that the first page costs about the list's
    SQL."""
    require(session, actor, Permission.VACCINATION_READ)
    listed = _listed(actor, clock, wanted).subquery()
    totals = [
        func.sum(case((listed.c.urgency_rank == URGENCY_ORDER[level], 1), else_=0)).over()
        for level in Urgency
    ]
    found = session.execute(_in_order(listed, select(listed, *totals), order).limit(count)).all()
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
