"""Protection pathways: a programme a person follows, in dated stages, until it is closed.

A social-protection pathway opens when a person accepts the programme offered at their
identification interview (`clinic.protection.interviews`); an exit programme like dropIn's is
opened by hand. Stages are dated and never rewritten: the pathway stands at its latest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.care.vocabulary import ClosingReason, PathwayKind, PathwayStage
from clinic.common.clock import Clock
from clinic.common.dates import check_past_date, parse_date
from clinic.common.errors import ConflictError, ErrorCode, FieldErrors, NotFoundError
from clinic.common.permissions import Actor, Permission, require
from clinic.common.text import clean_note
from clinic.registry.persons import active_person
from db.models.care import Pathway, PathwayStep
from db.models.registry import Person
from db.models.staff import Staff
from db.vocabulary.registry import PersonStatus

STEP_NOTE_MAX = 2000
EARLIEST = dt.date(2000, 1, 1)


@dataclass(frozen=True)
class Step:
    stage: PathwayStage
    started_on: dt.date
    note: str
    recorded_by: str


@dataclass(frozen=True)
class PathwayView:
    id: int
    person_id: int
    kind: PathwayKind
    opened_on: dt.date
    closed_on: dt.date | None
    closing_reason: ClosingReason | None
    steps: tuple[Step, ...]  # oldest first

    @property
    def stage(self) -> PathwayStage | None:
        return self.steps[-1].stage if self.steps else None


@dataclass(frozen=True)
class OpenPathway:
    """A line of the list of open pathways."""

    id: int
    person_id: int
    code: str
    alias: str | None
    kind: PathwayKind
    opened_on: dt.date
    stage: PathwayStage
    stage_since: dt.date


def open_pathway(
    session: Session,
    actor: Actor,
    clock: Clock,
    person_id: int,
    kind: PathwayKind,
    stage: PathwayStage,
    opened_on: str,
    locale: str,
    interview_id: int | None = None,
) -> int:
    """A new pathway of the person, at its first `stage` from `opened_on` (typed, or today)."""
    require(session, actor, Permission.PATHWAY_WRITE)
    active_person(session, person_id)
    errors = FieldErrors()
    day = _day(errors, opened_on, "opened_on", locale, clock.today(), EARLIEST)
    errors.raise_if_any()
    return start_pathway(session, actor, clock, person_id, kind, stage, day, interview_id)


def start_pathway(
    session: Session,
    actor: Actor,
    clock: Clock,
    person_id: int,
    kind: PathwayKind,
    stage: PathwayStage,
    day: dt.date,
    interview_id: int | None,
) -> int:
    """The checked insert of `open_pathway`, shared with the interview whose offer was
    accepted."""
    row = Pathway(
        person_id=person_id,
        kind=kind.value,
        interview_id=interview_id,
        opened_on=day,
        opened_by_id=actor.staff_id,
    )
    session.add(row)
    session.flush()
    session.add(_step(actor, clock, row.id, stage, day, ""))
    trail.record(session, actor, clock, Action.PATHWAY_OPEN, "pathway", row.id)
    return row.id


def add_stage(
    session: Session,
    actor: Actor,
    clock: Clock,
    pathway_id: int,
    stage: str,
    started_on: str,
    note: str,
    locale: str,
) -> None:
    """The pathway moves on to `stage` from `started_on`, not before its latest stage."""
    row, errors, day = _next_day(
        session, actor, clock, pathway_id, started_on, "started_on", locale
    )
    chosen = _choice(errors, stage)
    text, error = clean_note(note, "note", max_length=STEP_NOTE_MAX)
    errors.keep(text, error)
    errors.raise_if_any()
    assert chosen is not None
    session.add(_step(actor, clock, row.id, chosen, day, text))
    trail.record(session, actor, clock, Action.PATHWAY_STEP, "pathway", row.id, ["stage"])


def close_pathway(
    session: Session,
    actor: Actor,
    clock: Clock,
    pathway_id: int,
    reason: str,
    closed_on: str,
    locale: str,
) -> None:
    """The pathway ends on `closed_on`, not before its latest stage, for `reason`."""
    row, errors, day = _next_day(session, actor, clock, pathway_id, closed_on, "closed_on", locale)
    try:
        why = ClosingReason(reason)
    except ValueError:
        errors.add(ErrorCode.REQUIRED if not reason else ErrorCode.UNKNOWN_CHOICE, "reason")
    errors.raise_if_any()
    row.closed_on, row.closing_reason, row.closed_by_id = day, why.value, actor.staff_id
    trail.record(session, actor, clock, Action.PATHWAY_CLOSE, "pathway", row.id, ["closing_reason"])


def pathways_of(session: Session, person_id: int) -> list[PathwayView]:
    """The person's pathways, the latest opened first: for the person's file, which checks
    PATHWAY_READ and audits its opening."""
    rows = session.scalars(
        select(Pathway)
        .where(Pathway.person_id == person_id)
        .order_by(Pathway.opened_on.desc(), Pathway.id.desc())
    ).all()
    steps: dict[int, list[Step]] = {row.id: [] for row in rows}
    for step, name in session.execute(
        select(PathwayStep, Staff.display_name)
        .join(Staff, Staff.id == PathwayStep.recorded_by_id)
        .where(PathwayStep.pathway_id.in_(steps))
        .order_by(PathwayStep.started_on, PathwayStep.id)
    ):
        steps[step.pathway_id].append(
            Step(PathwayStage(step.stage), step.started_on, step.note, name)
        )
    return [
        PathwayView(
            id=row.id,
            person_id=row.person_id,
            kind=PathwayKind(row.kind),
            opened_on=row.opened_on,
            closed_on=row.closed_on,
            closing_reason=ClosingReason(row.closing_reason) if row.closing_reason else None,
            steps=tuple(steps[row.id]),
        )
        for row in rows
    ]


def open_pathways(session: Session, actor: Actor) -> list[OpenPathway]:
    """Every pathway not closed, with the stage it stands at, the longest open first.

    A clinic follows a few dozen at most: one statement, no paging."""
    require(session, actor, Permission.PATHWAY_READ)
    latest = aliased(PathwayStep)
    later = aliased(PathwayStep)
    newer_step = (
        select(later.id)
        .where(
            later.pathway_id == latest.pathway_id,
            (later.started_on > latest.started_on)
            | and_(later.started_on == latest.started_on, later.id > latest.id),
        )
        .exists()
    )
    rows = session.execute(
        select(
            Pathway.id,
            Pathway.person_id,
            Person.code,
            Person.alias,
            Pathway.kind,
            Pathway.opened_on,
            latest.stage,
            latest.started_on,
        )
        .join(Person, Person.id == Pathway.person_id)
        .join(latest, latest.pathway_id == Pathway.id)
        .where(Pathway.closed_on.is_(None), ~newer_step, Person.status != PersonStatus.ERASED)
        .order_by(Pathway.opened_on, Pathway.id)
    )
    return [
        OpenPathway(i, p, code, alias, PathwayKind(kind), opened, PathwayStage(stage), since)
        for i, p, code, alias, kind, opened, stage, since in rows
    ]


def open_pathway_of(session: Session, person_id: int, kind: PathwayKind) -> int | None:
    return session.scalar(
        select(func.min(Pathway.id)).where(
            Pathway.person_id == person_id,
            Pathway.kind == kind.value,
            Pathway.closed_on.is_(None),
        )
    )


def _next_day(
    session: Session,
    actor: Actor,
    clock: Clock,
    pathway_id: int,
    text: str,
    field: str,
    locale: str,
) -> tuple[Pathway, FieldErrors, dt.date]:
    """The open pathway the actor may move on, and the typed day of its next event: today if
    left empty, not in the future, not before its latest stage."""
    require(session, actor, Permission.PATHWAY_WRITE)
    row = _open(session, pathway_id)
    errors = FieldErrors()
    latest = _latest_day(session, row.id) or row.opened_on
    return row, errors, _day(errors, text, field, locale, clock.today(), latest)


def _open(session: Session, pathway_id: int) -> Pathway:
    row = session.get(Pathway, pathway_id)
    if row is None:
        raise NotFoundError(ErrorCode.PATHWAY_NOT_FOUND, pathway_id=pathway_id)
    if row.closed_on is not None:
        raise ConflictError(ErrorCode.PATHWAY_CLOSED)
    return row


def _latest_day(session: Session, pathway_id: int) -> dt.date | None:
    return session.scalar(
        select(func.max(PathwayStep.started_on)).where(PathwayStep.pathway_id == pathway_id)
    )


def _day(
    errors: FieldErrors, text: str, field: str, locale: str, today: dt.date, earliest: dt.date
) -> dt.date:
    """The typed day, or today when left empty; not in the future nor before `earliest`."""
    value, error = parse_date(text, field, locale)
    if error is not None:
        errors.keep(None, error)
        return today
    day = value or today
    errors.keep(None, check_past_date(day, field, today, earliest))
    return day


def _choice(errors: FieldErrors, stage: str) -> PathwayStage | None:
    try:
        return PathwayStage(stage)
    except ValueError:
        errors.add(ErrorCode.UNKNOWN_CHOICE, "stage")
        return None


def _step(
    actor: Actor, clock: Clock, pathway_id: int, stage: PathwayStage, day: dt.date, note: str
) -> PathwayStep:
    return PathwayStep(
        pathway_id=pathway_id,
        stage=stage.value,
        started_on=day,
        note=note,
        recorded_at=clock.now(),
        recorded_by_id=actor.staff_id,
    )


def opened_by(session: Session, interview_id: int) -> int | None:
    """The pathway an interview opened, if any."""
    return session.scalar(select(func.min(Pathway.id)).where(Pathway.interview_id == interview_id))
