"""Registering, reading and editing persons. Use cases take a Session and never commit it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from sqlalchemy import Table, bindparam, func, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.common.clock import Clock
from clinic.common.errors import ConflictError, ErrorCode, NotFoundError, ValidationError
from clinic.common.permissions import Actor, Permission, require
from clinic.registry.codes import with_suffix
from clinic.registry.person_form import PersonRecord, validate_consent
from clinic.registry.vocabulary import (
    ConsentStatus,
    ContactChannel,
    Engagement,
    Gender,
    PersonStatus,
    WorkSetting,
)
from clinic.registry.words import code_and_alias
from db.models.base import Base
from db.models.desk import Visit
from db.models.registry import Person, PersonChange, PersonLanguage, PersonWorkSetting, SearchTerm
from db.models.staff import Staff
from db.search_keys import person_terms

MAX_SHARED_CODE = 99
_BATCH = 500  # codes bound in one IN (...) list, well under any database's limit

R = TypeVar("R")


@dataclass(frozen=True)
class PersonSummary:
    """One line of search results: enough to recognise someone, nothing clinical."""

    id: int
    code: str
    alias: str | None
    gender: Gender
    birth_year: int | None
    country: str | None
    last_visit: dt.datetime | None


@dataclass(frozen=True)
class PersonDetail:
    id: int
    code: str
    record: PersonRecord
    status: PersonStatus
    revision: int
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class Change:
    changed_at: dt.datetime
    staff_id: int
    staff_name: str
    field: str
    old_value: str | None
    new_value: str | None


def register_person(
    session: Session,
    actor: Actor,
    clock: Clock,
    record: PersonRecord,
    code: str,
    *,
    shared_code_ok: bool = False,
) -> PersonDetail:
    """Store a new person under `code`.

    When another person already has the code, the receptionist must have decided this is a
    different person (`shared_code_ok`); the new person then gets the code with a suffix.
    """
    require(session, actor, Permission.PERSON_CREATE)
    holders = session.scalars(select(Person.status).where(Person.code == code)).all()
    if holders:
        # A merged or erased record keeps its code; the desk never saw it, so no decision.
        if not shared_code_ok and PersonStatus.ACTIVE.value in holders:
            raise ConflictError(ErrorCode.CODE_TAKEN, "code")
        code = _free_suffix(session, code)
    person = new_person(code, record, clock.now())
    session.add(person)
    session.flush()
    trail.record(session, actor, clock, Action.PERSON_CREATE, "person", person.id)
    return _detail(person)


def new_person(code: str, record: PersonRecord, now: dt.datetime) -> Person:
    """The row of a new person under `code`, with their languages, settings and search words,
    not yet added: what `register_person` stores, and an import adds thousands of at once."""
    person = Person(code=code, created_at=now, updated_at=now, status=PersonStatus.ACTIVE.value)
    _apply(person, record)
    return person


def _code_taken(session: Session, code: str) -> bool:
    return session.scalar(select(Person.id).where(Person.code == code)) is not None


def _free_suffix(session: Session, code: str) -> str:
    for n in range(2, MAX_SHARED_CODE + 1):
        candidate = with_suffix(code, n)
        if not _code_taken(session, candidate):
            return candidate
    raise ConflictError(ErrorCode.CODE_EXHAUSTED, "code")


def get_person(session: Session, actor: Actor, clock: Clock, person_id: int) -> PersonDetail:
    """A person's whole record: a view of their file, audited (call it in a write transaction)."""
    require(session, actor, Permission.PERSON_READ)
    detail = _detail(_load(session, person_id))
    trail.record(session, actor, clock, Action.PERSON_VIEW, "person", person_id)
    return detail


def person_label(session: Session, actor: Actor, person_id: int) -> str:
    """`code · alias` (`code_and_alias`): to name the person in a dialog."""
    require(session, actor, Permission.PERSON_READ)
    person = _load(session, person_id)
    return code_and_alias(person.code, person.alias)


def _load(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None or person.status == PersonStatus.ERASED:
        raise NotFoundError(ErrorCode.PERSON_NOT_FOUND, "person", person_id=person_id)
    return person


def active_person(session: Session, person_id: int) -> Person:
    """The person that something new is written for: in the registry and not merged into
    another record (whose file the new record would then miss)."""
    person = _load(session, person_id)
    if person.status != PersonStatus.ACTIVE.value:
        raise ConflictError(ErrorCode.PERSON_MERGED, person_id=person_id)
    return person


def update_person(
    session: Session,
    actor: Actor,
    clock: Clock,
    person_id: int,
    revision: int,
    record: PersonRecord,
) -> PersonDetail:
    """Save an edit made on the record as it was at `revision`; each changed field is recorded.

    If someone else saved the person in between, a `ConflictError` says so and nothing is saved.
    What other capabilities derive from the record (vaccine forecasts count from the birth date)
    is not the registry's: the desk edits through `clinic.person_file.editing.edit_person`.
    """
    require(session, actor, Permission.PERSON_UPDATE)
    person = _load(session, person_id)
    if person.status != PersonStatus.ACTIVE.value:
        raise ConflictError(ErrorCode.PERSON_MERGED, person_id=person_id)
    if person.revision != revision:
        raise ConflictError(ErrorCode.CHANGED_MEANWHILE, person_id=person_id)
    before = _flat(_record(person))
    with session.no_autoflush:  # else loading a collection flushes half the edit: two revisions
        _apply(person, record)
    after = _flat(record)
    now = clock.now()
    for field in before:
        if before[field] != after[field]:
            session.add(
                PersonChange(
                    person_id=person.id,
                    staff_id=actor.staff_id,
                    changed_at=now,
                    field=field,
                    old_value=before[field],
                    new_value=after[field],
                )
            )
    changed = [field for field in before if before[field] != after[field]]
    if changed:
        person.updated_at = now
        trail.record(session, actor, clock, Action.PERSON_UPDATE, "person", person.id, changed)
    try:
        session.flush()
    except StaleDataError:
        raise ConflictError(ErrorCode.CHANGED_MEANWHILE, person_id=person_id) from None
    return _detail(person)


def consent_to_ask(session: Session, actor: Actor, person_id: int) -> bool:
    """Whether the desk should ask the person now if the clinic may keep their record.

    Asked once: while no answer is recorded (a new person saved without one, a person registered
    before answers were kept). "Not asked" is an answer: the desk decided, at a busy moment or
    with a person in distress, not to ask, and a receptionist asked the same question at every
    visit would learn to click it away. It stays on the person's summary and form, where the
    date goes in once the person agrees.
    """
    require(session, actor, Permission.PERSON_READ)
    return _load(session, person_id).consent is None


def record_consent(
    session: Session,
    actor: Actor,
    clock: Clock,
    person_id: int,
    date_text: str,
    not_asked: bool,
    locale: str,
) -> PersonDetail:
    """Record the answer given at check-in: a change of the record like any other (history,
    audit), made on the record as it is now."""
    require(session, actor, Permission.PERSON_UPDATE)
    status, given_on = validate_consent(date_text, not_asked, locale, clock.today())
    if status is None:
        raise ValidationError.single(ErrorCode.CONSENT_REQUIRED, "consent_date")
    person = _load(session, person_id)
    record = replace(_record(person), consent=status, consent_date=given_on)
    return update_person(session, actor, clock, person_id, person.revision, record)


def person_history(session: Session, actor: Actor, person_id: int) -> list[Change]:
    """Every change to the person's record, oldest first, with who made it."""
    require(session, actor, Permission.PERSON_READ)
    _load(session, person_id)
    rows = session.execute(
        select(PersonChange, Staff.display_name)
        .join(Staff, Staff.id == PersonChange.staff_id)
        .where(PersonChange.person_id == person_id)
        .order_by(PersonChange.changed_at, PersonChange.id)
    )
    return [
        Change(c.changed_at, c.staff_id, name, c.field, c.old_value, c.new_value)
        for c, name in rows
    ]


def person_summaries(
    session: Session, actor: Actor, person_ids: Sequence[int]
) -> list[PersonSummary]:
    """Search-result lines for `person_ids`, in their order, each with its last visit when the
    actor may read visits (the coordinator sees visits as statistics only).

    One prepared statement: the last visit is one seek per person in the (person, arrival) index.
    `max()` keeps the column's type, so the last visit comes back an aware instant like any other.
    """
    require(session, actor, Permission.PERSON_READ)
    if not person_ids:
        return []
    rows = session.connection().execute(_SUMMARIES, {"ids": list(person_ids)})
    visits = actor.can(Permission.VISIT_READ)
    by_id = {
        pid: PersonSummary(
            pid, code, alias, Gender(gender), year, country, last if visits else None
        )
        for pid, code, alias, gender, year, country, last in rows
    }
    return [by_id[pid] for pid in person_ids if pid in by_id]


_PERSON = Person.__table__
_VISIT = Visit.__table__
_SUMMARIES = select(
    _PERSON.c.id,
    _PERSON.c.code,
    _PERSON.c.alias,
    _PERSON.c.gender,
    _PERSON.c.birth_year,
    _PERSON.c.country,
    select(func.max(_VISIT.c.arrival_at))
    .where(_VISIT.c.person_id == _PERSON.c.id)
    .correlate(_PERSON)
    .scalar_subquery(),
).where(_PERSON.c.id.in_(bindparam("ids", expanding=True)))


def _apply(person: Person, record: PersonRecord) -> None:
    for name, value in _columns(record).items():
        setattr(person, name, value)
    languages, settings, terms = _children(person.code, record)
    _sync(person.languages, languages, lambda v: PersonLanguage(language=v), "language")
    _sync(person.work_settings, settings, lambda v: PersonWorkSetting(setting=v), "setting")
    _sync(person.search_terms, terms, lambda v: SearchTerm(term=v), "term")


def _columns(record: PersonRecord) -> dict[str, object]:
    """The person's own columns for `record`: what an edit sets, and a new row holds."""
    return {
        "alias": record.alias,
        "gender": record.gender.value,
        "birth_date": record.birth_date,
        "birth_year": record.birth_year,
        "country": record.country,
        "engagement": record.engagement.value,
        "first_contact": record.first_contact,
        "contact_channel": record.contact_channel.value,
        "consent_date": record.consent_date,
        "consent": None if record.consent is None else record.consent.value,
    }


def _children(
    code: str, record: PersonRecord
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The values of the person's languages, work settings and search words."""
    settings = tuple(s.value for s in record.work_settings)
    return record.languages, settings, person_terms(code, record.alias, record.birth_year)


def insert_persons(
    session: Session, new: Sequence[tuple[str, PersonRecord]], now: dt.datetime
) -> None:
    """Store many new persons at once (`(code, record)`), each as `new_person` makes one:
    the same columns and children, in one statement per table instead of one unit of work
    per person (an import's ten thousand persons: about a second instead of ten)."""
    if not new:
        return
    status = PersonStatus.ACTIVE.value
    rows = [
        {"code": code, "created_at": now, "updated_at": now, "status": status, **_columns(record)}
        for code, record in new
    ]
    session.execute(insert(_table(Person)), rows)
    ids = _ids_of(session, [code for code, _record in new])
    children: dict[type[Base], list[dict[str, object]]] = {
        PersonLanguage: [],
        PersonWorkSetting: [],
        SearchTerm: [],
    }
    for code, record in new:
        languages, settings, terms = _children(code, record)
        children[PersonLanguage] += [{"person_id": ids[code], "language": v} for v in languages]
        children[PersonWorkSetting] += [{"person_id": ids[code], "setting": v} for v in settings]
        children[SearchTerm] += [{"person_id": ids[code], "term": v} for v in terms]
    for model, values in children.items():
        if values:
            session.execute(insert(_table(model)), values)


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _ids_of(session: Session, codes: Sequence[str]) -> dict[str, int]:
    """The ids of the persons with `codes`, read back in batches (plain inserts, not
    RETURNING: SQLAlchemy's bulk RETURNING matches rows to parameters in quadratic time)."""
    ids: dict[str, int] = {}
    for start in range(0, len(codes), _BATCH):
        batch = codes[start : start + _BATCH]
        rows = session.execute(select(Person.code, Person.id).where(Person.code.in_(batch)))
        ids.update((code, pid) for code, pid in rows)
    return ids


def _sync(rows: list[R], wanted: tuple[str, ...], make: Callable[[str], R], attribute: str) -> None:
    """Make a child collection hold exactly `wanted`, touching only what differs."""
    have = {getattr(row, attribute): row for row in rows}
    for value, row in have.items():
        if value not in wanted:
            rows.remove(row)
    for value in wanted:
        if value not in have:
            rows.append(make(value))


def _record(person: Person) -> PersonRecord:
    return PersonRecord(
        alias=person.alias,
        gender=Gender(person.gender),
        birth_date=person.birth_date,
        birth_year=person.birth_year,
        country=person.country,
        languages=tuple(row.language for row in person.languages),
        work_settings=tuple(sorted(WorkSetting(row.setting) for row in person.work_settings)),
        engagement=Engagement(person.engagement),
        first_contact=person.first_contact,
        contact_channel=ContactChannel(person.contact_channel),
        consent_date=person.consent_date,
        consent=None if person.consent is None else ConsentStatus(person.consent),
    )


def _flat(record: PersonRecord) -> dict[str, str | None]:
    """Each field as text, to compare and to keep in the history."""
    flat: dict[str, str | None] = {}
    for field, value in vars(record).items():
        if isinstance(value, tuple):
            flat[field] = ",".join(str(v) for v in value) or None
        elif value is None:
            flat[field] = None
        else:
            flat[field] = value.isoformat() if isinstance(value, dt.date) else str(value)
    return flat


def _detail(person: Person) -> PersonDetail:
    return PersonDetail(
        id=person.id,
        code=person.code,
        record=_record(person),
        status=PersonStatus(person.status),
        revision=person.revision,
        created_at=person.created_at,
        updated_at=person.updated_at,
    )
