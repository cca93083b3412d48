"""Consultations: written, amended on their day, completed by addenda, never deleted.

Clinical record rules (issue 12): the author may amend a consultation on the day it was written
(the clinic's day), each earlier version kept as a revision; afterwards only an addendum can be
added; "entered in error" hides it with a reason, audited. Who may read and write each kind is
`READ` and `WRITE` below, checked here; others learn only that a session took place
(`clinic.person_file.timeline`) and the open follow-up flags (`open_follow_ups`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.care.consultation_form import (
    ANSWERS,
    LISTS,
    ConsultationForm,
    ConsultationRecord,
    validate_consultation,
)
from clinic.care.form_fields import error_reason
from clinic.care.lists import ListEntry, entries_by_id
from clinic.care.vocabulary import ConsultationKind, FollowUpNeed
from clinic.common.clock import Clock
from clinic.common.errors import (
    ConflictError,
    ErrorCode,
    NotFoundError,
    ValidationError,
)
from clinic.common.permissions import Actor, Permission, require
from clinic.common.text import clean_note
from clinic.registry.persons import active_person
from db.models.care import (
    NOTE_LIMIT,
    Consultation,
    ConsultationAddendum,
    ConsultationItem,
    ConsultationRevision,
    FollowUp,
)
from db.models.staff import Staff

READ: Mapping[ConsultationKind, Permission] = {
    ConsultationKind.MEDICAL: Permission.MEDICAL_READ,
    ConsultationKind.SOCIAL: Permission.SOCIAL_READ,
    ConsultationKind.PSYCHOLOGICAL: Permission.PSYCHOLOGICAL_READ,
    ConsultationKind.IDENTIFICATION: Permission.INTERVIEW_READ,
}
WRITE: Mapping[ConsultationKind, Permission] = {
    ConsultationKind.MEDICAL: Permission.MEDICAL_WRITE,
    ConsultationKind.SOCIAL: Permission.SOCIAL_WRITE,
    ConsultationKind.PSYCHOLOGICAL: Permission.PSYCHOLOGICAL_WRITE,
    ConsultationKind.IDENTIFICATION: Permission.INTERVIEW_WRITE,
}


@dataclass(frozen=True)
class Addendum:
    written_at: dt.datetime
    author: str
    note: str


@dataclass(frozen=True)
class Revision:
    number: int
    replaced_at: dt.datetime
    note: str


@dataclass(frozen=True)
class ConsultationView:
    """A consultation as its readers see it, with what was added and what it replaced."""

    id: int
    person_id: int
    kind: ConsultationKind
    author_id: int
    author: str
    written_at: dt.datetime
    items: tuple[ListEntry, ...]
    duration_min: int | None
    mediator: bool
    mediator_language: str | None
    note: str
    follow_ups: frozenset[FollowUpNeed]  # the flags this consultation raised
    revision: int
    entered_in_error: bool
    error_reason: str | None
    addenda: tuple[Addendum, ...]
    revisions: tuple[Revision, ...]  # earlier versions, oldest first
    amendable: bool  # by this reader, today

    def form(self) -> ConsultationForm:
        """The consultation as a form again, to amend it."""
        return ConsultationForm(
            kind=self.kind.value,
            items=frozenset(item.id for item in self.items),
            duration="" if self.duration_min is None else str(self.duration_min),
            mediator=self.mediator,
            mediator_language=self.mediator_language or "",
            note=self.note,
            follow_ups=frozenset(need.value for need in self.follow_ups),
        )


def write_consultation(
    session: Session, actor: Actor, clock: Clock, person_id: int, form: ConsultationForm
) -> int:
    """A new consultation of the person, by the actor; its follow-up flags set (`_follow_up`)."""
    record = validate_consultation(form)
    return insert_consultation(session, actor, clock, person_id, record, Action.CONSULTATION_CREATE)


def insert_consultation(
    session: Session,
    actor: Actor,
    clock: Clock,
    person_id: int,
    record: ConsultationRecord,
    action: Action,
) -> int:
    """The row of a checked consultation, its entries and flags, audited as `action`: shared
    with the identification interview, which adds its own row to it."""
    require(session, actor, WRITE[record.kind])
    active_person(session, person_id)
    _check_items(session, record, keep=frozenset())
    row = Consultation(
        person_id=person_id,
        visit_id=record.visit_id,
        kind=record.kind.value,
        author_id=actor.staff_id,
        written_at=clock.now(),
        duration_min=record.duration_min,
        mediator=record.mediator,
        mediator_language=record.mediator_language,
        note=record.note,
        revision=1,
    )
    session.add(row)
    session.flush()
    session.add_all(ConsultationItem(consultation_id=row.id, item_id=i) for i in record.items)
    _follow_up(session, row, record.follow_ups, answered=ANSWERS[record.kind])
    trail.record(session, actor, clock, action, "consultation", row.id)
    return row.id


def amend_consultation(
    session: Session,
    actor: Actor,
    clock: Clock,
    consultation_id: int,
    revision: int,
    form: ConsultationForm,
    extra: Mapping[str, object] | None = None,
) -> None:
    """Replace a consultation by its author on its day; the version it replaces is kept.

    `revision` is the one the author read: if it changed meanwhile, nothing is saved.
    `extra` is what a kind adds to the kept version (an interview's answers).
    """
    row = amendable_row(session, actor, clock, consultation_id, revision)
    record = validate_consultation(form)
    if record.kind.value != row.kind:
        raise ValidationError.single(ErrorCode.UNKNOWN_CHOICE, "kind")
    before = _item_ids(session, row.id)
    _check_items(session, record, keep=before)
    raised = _raised_by(session, row.id)
    session.add(
        ConsultationRevision(
            consultation_id=row.id,
            number=row.revision,
            fields=json.dumps(
                {
                    "items": sorted(before),
                    "duration_min": row.duration_min,
                    "mediator": row.mediator,
                    "mediator_language": row.mediator_language,
                    "follow_ups": sorted(raised),
                    **(extra or {}),
                },
                sort_keys=True,
            ),
            note=row.note,
            replaced_at=clock.now(),
        )
    )
    row.duration_min, row.mediator = record.duration_min, record.mediator
    row.mediator_language, row.note = record.mediator_language, record.note
    row.revision += 1
    if record.items != before:
        session.execute(delete(ConsultationItem).where(ConsultationItem.consultation_id == row.id))
        session.add_all(ConsultationItem(consultation_id=row.id, item_id=i) for i in record.items)
    _withdraw(session, row, raised - record.follow_ups)
    _follow_up(session, row, record.follow_ups - raised, answered=None)
    trail.record(session, actor, clock, Action.CONSULTATION_AMEND, "consultation", row.id)


def amendable_row(
    session: Session, actor: Actor, clock: Clock, consultation_id: int, revision: int
) -> Consultation:
    """The consultation, if the actor may amend it now: its author, on its day, not struck out,
    and not changed since `revision` was read."""
    row = consultation_row(session, consultation_id)
    require(session, actor, WRITE[ConsultationKind(row.kind)])
    if row.author_id != actor.staff_id:
        raise ConflictError(ErrorCode.NOT_AUTHOR)
    if row.entered_in_error:
        raise ConflictError(ErrorCode.ALREADY_ENTERED_IN_ERROR)
    if clock.local(row.written_at).date() != clock.today():
        raise ConflictError(ErrorCode.AMEND_DAY_OVER)
    if row.revision != revision:
        raise ConflictError(ErrorCode.CHANGED_MEANWHILE)
    return row


def add_addendum(
    session: Session, actor: Actor, clock: Clock, consultation_id: int, note: str
) -> int:
    """Words added to a consultation, by anyone who may write its kind, any day after."""
    row = consultation_row(session, consultation_id)
    require(session, actor, WRITE[ConsultationKind(row.kind)])
    if row.entered_in_error:
        raise ConflictError(ErrorCode.ALREADY_ENTERED_IN_ERROR)
    text, error = clean_note(note, "addendum", max_length=NOTE_LIMIT)
    if error is not None:
        raise ValidationError([error])
    if not text:
        raise ValidationError.single(ErrorCode.REQUIRED, "addendum")
    added = ConsultationAddendum(
        consultation_id=row.id, author_id=actor.staff_id, written_at=clock.now(), note=text
    )
    session.add(added)
    session.flush()
    trail.record(session, actor, clock, Action.CONSULTATION_ADDENDUM, "consultation", row.id)
    return added.id


def mark_consultation_in_error(
    session: Session, actor: Actor, clock: Clock, consultation_id: int, reason: str
) -> None:
    """Hide a consultation written by mistake (wrong person, wrong kind), with why; it stays
    in the file as a struck-out line, and its open follow-up flags close."""
    row = consultation_row(session, consultation_id)
    require(session, actor, WRITE[ConsultationKind(row.kind)])
    if row.entered_in_error:
        raise ConflictError(ErrorCode.ALREADY_ENTERED_IN_ERROR)
    why = error_reason(reason)
    row.entered_in_error, row.error_reason = True, why
    row.error_at, row.error_by_id = clock.now(), actor.staff_id
    _withdraw(session, row, _raised_by(session, row.id))
    trail.record(
        session, actor, clock, Action.CONSULTATION_ERROR, "consultation", row.id, ["in_error"]
    )


def read_consultation(
    session: Session, actor: Actor, clock: Clock, consultation_id: int
) -> ConsultationView:
    """The whole consultation, for a role that may read its kind (an audited view)."""
    row = consultation_row(session, consultation_id)
    require(session, actor, READ[ConsultationKind(row.kind)])
    trail.record(session, actor, clock, Action.CONSULTATION_VIEW, "consultation", row.id)
    return view(session, actor, clock, row)


def view(session: Session, actor: Actor, clock: Clock, row: Consultation) -> ConsultationView:
    """The consultation's view without a check or an audit row: for use cases that did both."""
    names = _names(session, row)
    entries = entries_by_id(session, _item_ids(session, row.id))
    addenda = session.execute(
        select(ConsultationAddendum.written_at, Staff.display_name, ConsultationAddendum.note)
        .join(Staff, Staff.id == ConsultationAddendum.author_id)
        .where(ConsultationAddendum.consultation_id == row.id)
        .order_by(ConsultationAddendum.written_at, ConsultationAddendum.id)
    )
    revisions = session.execute(
        select(
            ConsultationRevision.number,
            ConsultationRevision.replaced_at,
            ConsultationRevision.note,
        )
        .where(ConsultationRevision.consultation_id == row.id)
        .order_by(ConsultationRevision.number)
    )
    amendable = (
        row.author_id == actor.staff_id
        and not row.entered_in_error
        and clock.local(row.written_at).date() == clock.today()
    )
    return ConsultationView(
        id=row.id,
        person_id=row.person_id,
        kind=ConsultationKind(row.kind),
        author_id=row.author_id,
        author=names,
        written_at=row.written_at,
        items=tuple(sorted(entries.values(), key=lambda e: (e.list, e.id))),
        duration_min=row.duration_min,
        mediator=row.mediator,
        mediator_language=row.mediator_language,
        note=row.note,
        follow_ups=_raised_by(session, row.id),
        revision=row.revision,
        entered_in_error=row.entered_in_error,
        error_reason=row.error_reason,
        addenda=tuple(Addendum(at, author, note) for at, author, note in addenda),
        revisions=tuple(Revision(number, at, note) for number, at, note in revisions),
        amendable=amendable,
    )


def open_follow_ups(session: Session, actor: Actor, person_id: int) -> frozenset[FollowUpNeed]:
    """The person's open "needs ... follow-up" flags: seen across the care team, no content."""
    require(session, actor, Permission.CARE_SEEN)
    return open_needs(session, person_id)


def open_needs(session: Session, person_id: int) -> frozenset[FollowUpNeed]:
    needs = session.scalars(
        select(FollowUp.need).where(
            FollowUp.person_id == person_id, FollowUp.cleared_in_id.is_(None)
        )
    )
    return frozenset(FollowUpNeed(need) for need in needs)


def consultation_row(session: Session, consultation_id: int) -> Consultation:
    row = session.get(Consultation, consultation_id)
    if row is None:
        raise NotFoundError(ErrorCode.CONSULTATION_NOT_FOUND, consultation_id=consultation_id)
    return row


def _names(session: Session, row: Consultation) -> str:
    return str(session.scalar(select(Staff.display_name).where(Staff.id == row.author_id)))


def _item_ids(session: Session, consultation_id: int) -> frozenset[int]:
    ids = session.scalars(
        select(ConsultationItem.item_id).where(ConsultationItem.consultation_id == consultation_id)
    )
    return frozenset(ids)


def _check_items(session: Session, record: ConsultationRecord, keep: frozenset[int]) -> None:
    """Only entries of the lists this kind offers; a retired one only if it was already there."""
    offered = set(LISTS[record.kind])
    entries = entries_by_id(session, record.items)
    for item in record.items:
        entry = entries.get(item)
        if entry is None or entry.list not in offered or not (entry.active or item in keep):
            raise ValidationError.single(ErrorCode.ITEM_NOT_OFFERED, "items", item_id=item)


def _raised_by(session: Session, consultation_id: int) -> frozenset[FollowUpNeed]:
    needs = session.scalars(
        select(FollowUp.need).where(
            FollowUp.raised_in_id == consultation_id, FollowUp.cleared_in_id.is_(None)
        )
    )
    return frozenset(FollowUpNeed(need) for need in needs)


def _follow_up(
    session: Session,
    row: Consultation,
    raised: frozenset[FollowUpNeed],
    answered: FollowUpNeed | None,
) -> None:
    """A consultation of a kind answers that kind's open flag, unless its author raises it
    again; each need it raises opens a flag, if none is open already."""
    open_now = session.scalars(
        select(FollowUp).where(
            FollowUp.person_id == row.person_id, FollowUp.cleared_in_id.is_(None)
        )
    ).all()
    for flag in open_now:
        if flag.need == answered and answered not in raised:
            flag.cleared_in_id = row.id
    still = {flag.need for flag in open_now if flag.cleared_in_id is None}
    for need in sorted(raised - {FollowUpNeed(n) for n in still}):
        session.add(FollowUp(person_id=row.person_id, need=need.value, raised_in_id=row.id))


def _withdraw(session: Session, row: Consultation, needs: frozenset[FollowUpNeed]) -> None:
    """Close the flags this consultation raised and its author has taken back."""
    for flag in session.scalars(
        select(FollowUp).where(FollowUp.raised_in_id == row.id, FollowUp.cleared_in_id.is_(None))
    ):
        if FollowUpNeed(flag.need) in needs:
            flag.cleared_in_id = row.id
