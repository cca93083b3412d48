"""Checking people in and moving them through the day's queue.

Which day a visit belongs to is decided in the clinic's time zone (`Clock`). A person checked in
twice on the same day is almost always a mistake at a busy desk, so the second check-in needs the
receptionist's explicit confirmation (`allow_repeat`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.common.clock import Clock
from clinic.common.errors import ConflictError, ErrorCode, NotFoundError, ValidationError
from clinic.common.permissions import Actor, Permission, require
from clinic.desk.vocabulary import QueueState, VisitReason
from clinic.registry.vocabulary import PersonStatus
from db.models.desk import Visit
from db.models.registry import Person
from db.models.staff import Staff


@dataclass(frozen=True)
class QueueEntry:
    visit_id: int
    person_id: int | None
    code: str | None
    alias: str | None
    arrival_at: dt.datetime
    reasons: tuple[VisitReason, ...]
    state: QueueState
    served_by_id: int | None
    served_by: str | None
    called_at: dt.datetime | None
    departed_at: dt.datetime | None

    def waited(self, now: dt.datetime) -> dt.timedelta:
        """Time from arrival until called in, or until leaving uncalled, or until now."""
        end = self.called_at or self.departed_at or now
        return max(end - self.arrival_at, dt.timedelta())


@dataclass(frozen=True)
class EarlierCheckIn:
    """A check-in of the same person earlier today: when they came, where they are now."""

    arrival_at: dt.datetime
    state: QueueState


class AlreadyCheckedInError(ConflictError):
    """The person is already in today's queue; `earlier` says since when and in which state,
    so that the desk can ask "check them in again?" with what the database holds."""

    def __init__(self, person_id: int, earlier: tuple[EarlierCheckIn, ...]) -> None:
        super().__init__(ErrorCode.ALREADY_CHECKED_IN_TODAY, "person", person_id=person_id)
        self.earlier = earlier


def check_in(
    session: Session,
    actor: Actor,
    clock: Clock,
    person_id: int | None,
    reasons: Iterable[VisitReason],
    *,
    allow_repeat: bool = False,
) -> QueueEntry:
    """Put a person (or, with `person_id=None`, an unregistered walk-in) in today's queue."""
    require(session, actor, Permission.VISIT_CREATE)
    chosen = visit_reasons(reasons)
    if person_id is not None:
        _active_person(session, person_id)
        earlier = () if allow_repeat else check_ins_today(session, clock, person_id)
        if earlier:
            raise AlreadyCheckedInError(person_id, earlier)
    visit = Visit(
        person_id=person_id,
        arrival_at=clock.now(),
        state=QueueState.WAITING.value,
        created_by_id=actor.staff_id,
        reasons=frozenset(chosen),
    )
    session.add(visit)
    session.flush()
    trail.record(session, actor, clock, Action.VISIT_CREATE, "visit", visit.id)
    return _entry(session, visit)


def visit_reasons(values: Iterable[VisitReason]) -> tuple[VisitReason, ...]:
    """The reasons chosen, in the desk's order, each once: at least one (the check-in dialog
    asks this before it closes). A value that is not a reason is refused, not ignored."""
    try:
        chosen = _in_order(VisitReason(v) for v in values)
    except ValueError:
        raise ValidationError.single(ErrorCode.UNKNOWN_CHOICE, "reasons") from None
    if not chosen:
        raise ValidationError.single(ErrorCode.REASONS_REQUIRED, "reasons")
    return chosen


def _in_order(reasons: Iterable[str]) -> tuple[VisitReason, ...]:
    """The reasons in the order the desk lists them (medical first), each once."""
    wanted = set(reasons)
    return tuple(reason for reason in VisitReason if reason in wanted)


def _active_person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None or person.status != PersonStatus.ACTIVE.value:
        raise NotFoundError(ErrorCode.PERSON_NOT_FOUND, "person", person_id=person_id)
    return person


def check_ins_today(session: Session, clock: Clock, person_id: int) -> tuple[EarlierCheckIn, ...]:
    """The person's check-ins of today, oldest first (a repeat is confirmed with them)."""
    start, end = clock.day_bounds(clock.today())
    rows = session.execute(
        select(Visit.arrival_at, Visit.state)
        .where(Visit.person_id == person_id, Visit.arrival_at >= start, Visit.arrival_at < end)
        .order_by(Visit.arrival_at, Visit.id)
    )
    return tuple(EarlierCheckIn(at, QueueState(state)) for at, state in rows)


def todays_queue(
    session: Session, actor: Actor, clock: Clock, day: dt.date | None = None
) -> list[QueueEntry]:
    """Every visit of the day in arrival order, with codes and who is serving."""
    require(session, actor, Permission.VISIT_READ)
    start, end = clock.day_bounds(day or clock.today())
    rows = session.execute(
        select(Visit, Person.code, Person.alias, Staff.display_name)
        .outerjoin(Person, Visit.person_id == Person.id)
        .outerjoin(Staff, Visit.served_by_id == Staff.id)
        .where(Visit.arrival_at >= start, Visit.arrival_at < end)
        .order_by(Visit.arrival_at, Visit.id)
    ).all()
    return [_make_entry(visit, code, alias, staff) for visit, code, alias, staff in rows]


def set_queue_state(
    session: Session,
    actor: Actor,
    clock: Clock,
    visit_id: int,
    state: QueueState,
    served_by_id: int | None = None,
) -> QueueEntry:
    """Move a visit to `state`; being seen needs who is seeing them (default: the actor).

    Whoever sees people takes them in and marks them done (`QUEUE_SERVE`); sending someone
    back to waiting, marking them gone, or naming someone else as who serves them is running
    the queue, reception's job (`QUEUE_UPDATE`).
    """
    if state is QueueState.IN_PROGRESS and served_by_id not in (None, actor.staff_id):
        require(session, actor, Permission.QUEUE_UPDATE)
    require(session, actor, _SERVING.get(state, Permission.QUEUE_UPDATE))
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFoundError(ErrorCode.VISIT_NOT_FOUND, visit_id=visit_id)
    now = clock.now()
    if state is QueueState.WAITING:
        visit.served_by_id, visit.called_at, visit.departed_at = None, None, None
    elif state is QueueState.IN_PROGRESS:
        visit.served_by_id = _staff_id(session, served_by_id or actor.staff_id)
        visit.called_at, visit.departed_at = visit.called_at or now, None
    else:  # done, or left without being seen
        visit.departed_at = now
    visit.state = state.value
    session.flush()
    fields = ["state", "served_by"] if state is QueueState.IN_PROGRESS else ["state"]
    trail.record(session, actor, clock, Action.VISIT_UPDATE, "visit", visit.id, fields)
    return _entry(session, visit)


_SERVING = {
    QueueState.IN_PROGRESS: Permission.QUEUE_SERVE,
    QueueState.DONE: Permission.QUEUE_SERVE,
}


def cancel_check_in(session: Session, actor: Actor, clock: Clock, visit_id: int) -> None:
    """Remove a check-in made by mistake: only today's, and only while the person is waiting
    (a closed day's figures never change)."""
    require(session, actor, Permission.VISIT_CREATE)
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFoundError(ErrorCode.VISIT_NOT_FOUND, visit_id=visit_id)
    start, end = clock.day_bounds(clock.today())
    if visit.state != QueueState.WAITING.value or not start <= visit.arrival_at < end:
        raise ConflictError(ErrorCode.VISIT_NOT_WAITING, visit_id=visit_id)
    session.delete(visit)
    trail.record(session, actor, clock, Action.VISIT_CANCEL, "visit", visit_id)


def _staff_id(session: Session, staff_id: int) -> int:
    staff = session.get(Staff, staff_id)
    if staff is None or not staff.active:
        raise ValidationError.single(ErrorCode.UNKNOWN_STAFF, "served_by")
    return staff.id


def _entry(session: Session, visit: Visit) -> QueueEntry:
    person = session.get(Person, visit.person_id) if visit.person_id else None
    staff = session.get(Staff, visit.served_by_id) if visit.served_by_id else None
    return _make_entry(
        visit,
        person.code if person else None,
        person.alias if person else None,
        staff.display_name if staff else None,
    )


def _make_entry(visit: Visit, code: str | None, alias: str | None, staff: str | None) -> QueueEntry:
    return QueueEntry(
        visit_id=visit.id,
        person_id=visit.person_id,
        code=code,
        alias=alias,
        arrival_at=visit.arrival_at,
        reasons=_in_order(visit.reasons),
        state=QueueState(visit.state),
        served_by_id=visit.served_by_id,
        served_by=staff,
        called_at=visit.called_at,
        departed_at=visit.departed_at,
    )
