"""Reading the audit trail (the coordinator): filtered pages, the chain check, a CSV export.

The trail stores ids (`person 2001`, `staff 11`); the screen shows who and what they are. Each
page is one statement: the events joined to what they are about (the person behind a visit, a
dose or an appointment; the account; the vaccine lot), so that a person erased or merged since
still reads sensibly. Pages are read newest first along the index on the event time (the
trail of a busy clinic holds millions of rows), `PAGE_SIZE` at a time, each page continuing
where the last one stopped.

The export is a spreadsheet a coordinator may open: every cell that a spreadsheet would read as
a formula is neutralised (OWASP), and the export itself is audited. It keeps the ids, as stored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from clinic.audit import trail
from clinic.audit.anchor import Anchor
from clinic.audit.chain import ChainReport, verify_chain
from clinic.audit.trail import Action
from clinic.common.clock import Clock
from clinic.common.permissions import Actor, Permission, require
from db.models.audit import AuditEvent
from db.models.care import Consultation, Pathway, RapidTest, Referral
from db.models.desk import Visit
from db.models.materials import Distribution, StockLot
from db.models.outreach import OutreachSession
from db.models.registry import Person
from db.models.staff import Staff
from db.models.vaccinations import Vaccination, VaccineAppointment
from db.vocabulary.registry import PersonStatus

PAGE_SIZE = 200
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\x00")
# Records that belong to one person, by the name the trail gives their kind.
_PersonRecord = (
    type[Visit]
    | type[Vaccination]
    | type[VaccineAppointment]
    | type[Consultation]
    | type[RapidTest]
    | type[Referral]
    | type[Pathway]
    | type[Distribution]
)
_PERSON_RECORDS: dict[str, _PersonRecord] = {
    "visit": Visit,
    "vaccination": Vaccination,
    "appointment": VaccineAppointment,
    "consultation": Consultation,
    "rapid_test": RapidTest,
    "referral": Referral,
    "pathway": Pathway,
    "distribution": Distribution,
}


# An event, its actor's display name, the person's id, code and status, whether the record is
# still there, an account's display name, a lot number, a street or group session's kind and day.
_Described = tuple[
    AuditEvent,
    str | None,
    Any,
    str | None,
    str | None,
    Any,
    str | None,
    str | None,
    str | None,
    dt.date | None,
]


@dataclass(frozen=True)
class AuditFilter:
    person_code: str = ""
    staff_id: int | None = None
    action: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None  # included


class PersonState(StrEnum):
    """What became of the person an event is about, as the reader may know it."""

    IN_REGISTRY = "in_registry"
    MERGED = "merged"  # their record was merged into another one
    GONE = "gone"  # erased, or no longer in the registry at all
    HIDDEN = "hidden"  # the reader may not see persons' codes


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    username: str | None  # the account's name at the time
    staff_name: str | None  # its display name now, if the account exists
    role: str | None
    action: str
    record_type: str | None
    record_id: int | None
    fields: tuple[str, ...]  # names of fields, never their values
    record_exists: bool  # the record is still there (a cancelled check-in is not)
    person_id: int | None = None  # the person the record is about, if any
    person_code: str | None = None  # their code, when IN_REGISTRY or MERGED
    person_state: PersonState | None = None
    subject_name: str | None = None  # an account's display name, a vaccine lot's number
    session_kind: str | None = None  # a street or group session's kind (SessionKind)
    session_day: dt.date | None = None  # and its day


@dataclass(frozen=True)
class AuditCursor:
    """Where a page stopped: the next page starts just before this event."""

    at: dt.datetime
    id: int


@dataclass(frozen=True)
class AuditPage:
    rows: tuple[AuditRow, ...]
    next: AuditCursor | None  # None: there is nothing older


def audit_rows(
    session: Session,
    actor: Actor,
    clock: Clock,
    filters: AuditFilter,
    after: AuditCursor | None = None,
    size: int = PAGE_SIZE,
) -> AuditPage:
    """The newest events matching every filter, older than `after`; who and what in words."""
    require(session, actor, Permission.AUDIT_READ)
    conditions = _conditions(session, clock, filters)
    if conditions is None:
        return AuditPage((), None)
    if after is not None:
        conditions += [
            AuditEvent.at <= after.at,
            or_(AuditEvent.at < after.at, AuditEvent.id < after.id),
        ]
    query = _described().where(*conditions)
    query = query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(size + 1)
    found = session.execute(query).all()
    rows = tuple(_described_row(r, actor.can(Permission.PERSON_READ)) for r in found[:size])
    more = len(found) > size
    return AuditPage(rows, AuditCursor(rows[-1].at, rows[-1].id) if more else None)


def _conditions(
    session: Session, clock: Clock, filters: AuditFilter
) -> list[ColumnElement[bool]] | None:
    """The filters as SQL conditions; None when the code typed is nobody's."""
    conditions: list[ColumnElement[bool]] = []
    code = filters.person_code.strip().upper()
    if code:
        person_id = session.scalar(select(Person.id).where(Person.code == code))
        if person_id is None:
            return None
        conditions.append(_about_person(person_id))
    if filters.staff_id is not None:
        conditions.append(AuditEvent.staff_id == filters.staff_id)
    if filters.action:
        conditions.append(AuditEvent.action == filters.action)
    if filters.since is not None:
        conditions.append(AuditEvent.at >= clock.day_bounds(filters.since)[0])
    if filters.until is not None:
        conditions.append(AuditEvent.at < clock.day_bounds(filters.until)[1])
    return conditions


def _about_person(person_id: int) -> ColumnElement[bool]:
    """Events on the person's record, or on their visits, doses and appointments (each found
    through its table's index on the person, then the trail's index on the record)."""
    about = [and_(AuditEvent.record_type == "person", AuditEvent.record_id == person_id)]
    for kind, model in _PERSON_RECORDS.items():
        theirs = select(model.id).where(model.person_id == person_id)
        about.append(and_(AuditEvent.record_type == kind, AuditEvent.record_id.in_(theirs)))
    return or_(*about)


def _described() -> Select[*_Described]:
    """Each event with the account that acted and what its record is, in one statement; a
    record joins only when the event is about its kind (the trail holds ids, not keys)."""
    kind, record_id = AuditEvent.record_type, AuditEvent.record_id
    actor, subject = aliased(Staff), aliased(Staff)
    theirs = {name: aliased(model) for name, model in _PERSON_RECORDS.items()}
    person_id = func.coalesce(
        case((kind == "person", record_id)), *(record.person_id for record in theirs.values())
    )
    record_found = func.coalesce(
        *(record.id for record in theirs.values()), subject.id, StockLot.id, OutreachSession.id
    )
    statement = select(
        AuditEvent,
        actor.display_name,
        person_id,
        Person.code,
        Person.status,
        record_found,
        subject.display_name,
        StockLot.lot_number,
        OutreachSession.kind,
        OutreachSession.day,
    ).outerjoin(actor, actor.id == AuditEvent.staff_id)
    for name, record in theirs.items():
        statement = statement.outerjoin(record, and_(kind == name, record.id == record_id))
    return (
        statement.outerjoin(subject, and_(kind == "staff", subject.id == record_id))
        # A vaccine lot kept its id when it joined the stock (migration 0013).
        .outerjoin(StockLot, and_(kind.in_(("vaccine_lot", "stock_lot")), StockLot.id == record_id))
        .outerjoin(
            OutreachSession,
            and_(kind == "outreach_session", OutreachSession.id == record_id),
        )
        .outerjoin(Person, Person.id == person_id)
    )


def _described_row(found: Row[*_Described], may_see_codes: bool) -> AuditRow:
    event, staff_name, person_id, code, status, record_found, subject, lot, kind, day = found
    state = _person_state(person_id, status, may_see_codes)
    exists = record_found is not None or (event.record_type == "person" and status is not None)
    return AuditRow(
        id=event.id,
        at=event.at,
        username=event.username,
        staff_name=staff_name,
        role=event.role,
        action=event.action,
        record_type=event.record_type,
        record_id=event.record_id,
        fields=_field_names(event.fields),
        record_exists=exists,
        person_id=person_id,
        person_code=code if state in (PersonState.IN_REGISTRY, PersonState.MERGED) else None,
        person_state=state,
        subject_name=subject or lot,
        session_kind=kind,
        session_day=day,
    )


def _person_state(
    person_id: int | None, status: str | None, may_see_codes: bool
) -> PersonState | None:
    if person_id is None:
        return None
    if status is None or status == PersonStatus.ERASED.value:
        return PersonState.GONE
    if not may_see_codes:
        return PersonState.HIDDEN
    if status == PersonStatus.MERGED.value:
        return PersonState.MERGED
    return PersonState.IN_REGISTRY


def _field_names(stored: str | None) -> tuple[str, ...]:
    return tuple(stored.split(",")) if stored else ()


def check_chain(
    session: Session, actor: Actor | None, anchors: Sequence[Anchor] = ()
) -> ChainReport:
    """The whole chain walked, its end compared with the head and the anchors outside: from the
    desk's audit tab and `main.py audit verify`. `actor` is None only for a folder from before
    staff accounts, opened with its key file, which has no account to ask."""
    if actor is not None:
        require(session, actor, Permission.AUDIT_READ)
    return verify_chain(session, anchors)


def audit_csv(session: Session, actor: Actor, clock: Clock, filters: AuditFilter) -> str:
    """The matching rows (all of them) as CSV text, each cell safe to open in a spreadsheet."""
    require(session, actor, Permission.AUDIT_READ)
    conditions = _conditions(session, clock, filters)
    query = select(AuditEvent).where(*(conditions or [])).order_by(AuditEvent.id)
    events: Iterable[AuditEvent] = (
        [] if conditions is None else session.scalars(query.execution_options(yield_per=5000))
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["id", "at_utc", "username", "role", "action", "record_type", "record_id", "fields"]
    )
    for event in events:
        writer.writerow([safe_cell(value) for value in _csv_values(event)])
    trail.record(session, actor, clock, Action.AUDIT_EXPORT, "audit", None)
    return out.getvalue()


def _csv_values(event: AuditEvent) -> tuple[object, ...]:
    return (
        event.id,
        event.at.astimezone(dt.UTC).isoformat(timespec="seconds"),
        event.username,
        event.role,
        event.action,
        event.record_type,
        event.record_id,
        event.fields,
    )


def safe_cell(value: object) -> str:
    """Text a spreadsheet shows as written: one that would start a formula gets a leading `'`."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
