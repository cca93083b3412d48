"""Visits and street contacts from a spreadsheet: each row checked as the desk checks the
record's day, person and zone, then all the new ones stored at once.

A row is one contact of a registered person: their code, the day, its kind (`visit`, or
`outreach` for a street contact) and, for a street contact, the zone and shift (day or night)
of the outing (`clinic.imports.street`). A visit's time of arrival is optional: without one it
is noon of its day (the report's visits by hour then show those at 12), never later than now.
A contact with the same person, day and kind as one in the database is the same contact: a
file imported twice adds nothing the second time.

An imported visit is a finished one (`done`), with no reasons (the file does not say), made
by who imported it. A merged record's code is refused with the code that survives it: the
desk writes nothing new on a merged record either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from clinic.audit.trail import Action
from clinic.care.form_fields import typed_day
from clinic.care.lists import list_entries
from clinic.care.vocabulary import CareList
from clinic.common.clock import Clock
from clinic.common.errors import ErrorCode, FieldErrors
from clinic.common.permissions import Actor, Permission, require
from clinic.common.text import search_key
from clinic.desk.vocabulary import QueueState
from clinic.imports import values
from clinic.imports.columns import CONTACT_FIELDS, Columns, ImportKind
from clinic.imports.persons import clinic_locale
from clinic.imports.rows import (
    ImportOutcome,
    RowProblem,
    RowReader,
    audit_import,
    is_example,
    table_of,
)
from clinic.imports.sheet import Row, Sheet
from clinic.imports.street import Outing, checked_outings, session_ids
from clinic.imports.values import ContactKind
from clinic.outreach.forms import SessionRecord
from clinic.outreach.vocabulary import SessionKind, Shift
from clinic.registry.vocabulary import PersonStatus
from clinic.settings.configuration import clock_time
from db.models.desk import Visit
from db.models.outreach import OutreachContact, OutreachSession
from db.models.registry import Person

NOON = dt.time(12)
_BATCH = 500  # persons' ids bound in one IN (...) list
_VISITS = table_of(Visit)
_MET = table_of(OutreachContact)
_EXAMPLE = tuple((field.name, field.example) for field in CONTACT_FIELDS)
# The desk's field names where the import's differ (the session form's).
_SESSION_FIELDS = {"day": "date", "start": "shift", "end": "shift", "zone": "zone"}


@dataclass(frozen=True)
class _Contact:
    line: int
    person_id: int
    day: dt.date
    kind: ContactKind
    arrival: dt.datetime | None = None  # a visit's
    outing: Outing | None = None  # a street contact's

    @property
    def key(self) -> tuple[int, dt.date, ContactKind]:
        return self.person_id, self.day, self.kind


@dataclass(frozen=True)
class _Known:
    """What rows are checked against: the registry's codes, the zones, the clinic's ways."""

    persons: dict[str, tuple[int, str, int | None]]  # code: id, status, merged into
    codes: dict[int, str]
    zones: dict[str, int]  # an active zone's name as a search key: its id
    locale: str
    clock: Clock


def import_contacts(
    session: Session,
    actor: Actor,
    clock: Clock,
    sheet: Sheet,
    columns: Columns,
    *,
    dry_run: bool = False,
) -> ImportOutcome:
    """Check every row; unless `dry_run`, store the new contacts (and the sessions of street
    contacts) and audit the import, in the caller's one write transaction."""
    require(session, actor, Permission.IMPORT)
    known = _known(session, clock)
    reader = RowReader(columns)
    contacts = _unique(reader, _rows(reader, sheet.rows, known))
    contacts, outings = _in_checked_outings(session, actor, reader, contacts, known)
    there = _already_there(session, clock, contacts)
    new = [contact for contact in contacts if contact.key not in there]
    problems = tuple(sorted(reader.problems, key=lambda problem: problem.line))
    outcome = ImportOutcome(
        ImportKind.CONTACTS, len(new), len(contacts) - len(new), problems, written=not dry_run
    )
    if not dry_run:
        _store(session, actor, clock, new, outings)
        audit_import(session, actor, clock, Action.IMPORT_CONTACTS, outcome)
    return outcome


def _known(session: Session, clock: Clock) -> _Known:
    rows = session.execute(
        select(Person.code, Person.id, Person.status, Person.merged_into_id)
    ).all()
    zones = list_entries(session, [CareList.OUTREACH_ZONE])[CareList.OUTREACH_ZONE]
    return _Known(
        persons={code: (pid, status, merged) for code, pid, status, merged in rows},
        codes={pid: code for code, pid, _status, _merged in rows},
        zones={search_key(zone.name): zone.id for zone in zones if zone.name},
        locale=clinic_locale(session),
        clock=clock,
    )


def _rows(reader: RowReader, rows: Iterable[Row], known: _Known) -> Iterator[_Contact]:
    for row in rows:
        contact = _checked(reader, row, known)
        if contact is not None:
            yield contact


def _checked(reader: RowReader, row: Row, known: _Known) -> _Contact | None:
    """The row as a contact, or None with its problems kept by `reader`."""
    cells = reader.cells(row)
    if cells is None:
        return None
    if is_example(cells, _EXAMPLE):
        reader.refuse(row.line, None, ErrorCode.EXAMPLE_ROW)
        return None
    before = len(reader.problems)
    person_id = _person(reader, row.line, cells.get("code", ""), known)
    day = _day(reader, row.line, cells.get("date", ""), known)
    kind = _kind(reader, row.line, cells.get("kind", ""))
    arrival = outing = None
    if kind is ContactKind.VISIT:
        arrival = _arrival(reader, row.line, day, cells.get("time", ""), known.clock)
    elif kind is ContactKind.OUTREACH:
        outing = _outing(reader, row.line, day, cells, known)
    if len(reader.problems) > before or person_id is None or day is None or kind is None:
        return None
    return _Contact(row.line, person_id, day, kind, arrival, outing)


def _person(reader: RowReader, line: int, code: str, known: _Known) -> int | None:
    """The active person with this code; a merged record's survivor is named, not guessed."""
    if not code:
        reader.refuse(line, "code", ErrorCode.REQUIRED)
        return None
    found = known.persons.get(code.upper())
    if found is None or found[1] == PersonStatus.ERASED.value:
        reader.refuse(line, "code", ErrorCode.CODE_UNKNOWN)
        return None
    person_id, status, merged_into = found
    if status == PersonStatus.MERGED.value:
        survivor = known.codes.get(merged_into or 0, "")
        reader.refuse(line, "code", ErrorCode.CODE_MERGED, survivor=survivor)
        return None
    return person_id


def _day(reader: RowReader, line: int, text: str, known: _Known) -> dt.date | None:
    if not text:
        reader.refuse(line, "date", ErrorCode.REQUIRED)
        return None
    errors = FieldErrors()
    day = typed_day(errors, text, "date", known.locale, known.clock.today())
    reader.problems.extend(_at(line, errors))
    return day


def _kind(reader: RowReader, line: int, text: str) -> ContactKind | None:
    if not text:
        reader.refuse(line, "kind", ErrorCode.REQUIRED)
        return None
    try:
        return ContactKind(values.contact_kind(text))
    except ValueError:
        reader.refuse(line, "kind", ErrorCode.UNKNOWN_CHOICE)
        return None


def _arrival(
    reader: RowReader, line: int, day: dt.date | None, text: str, clock: Clock
) -> dt.datetime | None:
    """When the visit began: its day at the time given, or at noon (never later than now)."""
    time = clock_time(text) if text else NOON
    if time is None:
        reader.refuse(line, "time", ErrorCode.TIME_FORMAT)
        return None
    if day is None:
        return None
    arrival = dt.datetime.combine(day, time, clock.zone).astimezone(dt.UTC)
    if arrival <= clock.now():
        return arrival
    if text:
        reader.refuse(line, "time", ErrorCode.DATE_IN_FUTURE)
        return None
    return clock.now()


def _outing(
    reader: RowReader, line: int, day: dt.date | None, cells: dict[str, str], known: _Known
) -> Outing | None:
    zone_text, shift_text = cells.get("zone", ""), cells.get("shift", "")
    zone_id = known.zones.get(search_key(zone_text)) if zone_text else None
    if not zone_text:
        reader.refuse(line, "zone", ErrorCode.REQUIRED)
    elif zone_id is None:
        reader.refuse(line, "zone", ErrorCode.ZONE_UNKNOWN)
    shift = None
    if not shift_text:
        reader.refuse(line, "shift", ErrorCode.REQUIRED)
    else:
        try:
            shift = Shift(values.shift(shift_text))
        except ValueError:
            reader.refuse(line, "shift", ErrorCode.UNKNOWN_CHOICE)
    if day is None or zone_id is None or shift is None:
        return None
    return Outing(day, zone_id, shift)


def _unique(reader: RowReader, contacts: Iterable[_Contact]) -> list[_Contact]:
    """The contacts in file order, a second one of the same person, day and kind refused."""
    first_line: dict[tuple[int, dt.date, ContactKind], int] = {}
    kept = []
    for contact in contacts:
        if contact.key in first_line:
            line = first_line[contact.key]
            reader.refuse(contact.line, None, ErrorCode.SAME_IN_FILE, first=line)
            continue
        first_line[contact.key] = contact.line
        kept.append(contact)
    return kept


def _in_checked_outings(
    session: Session, actor: Actor, reader: RowReader, contacts: list[_Contact], known: _Known
) -> tuple[list[_Contact], dict[Outing, SessionRecord]]:
    """The contacts whose outing the desk's form takes, with the outings as it takes them;
    the others refused with its reasons."""
    outings = {contact.outing for contact in contacts if contact.outing is not None}
    records, refused = checked_outings(session, actor, known.clock, outings, known.locale)
    kept = []
    for contact in contacts:
        error = refused.get(contact.outing) if contact.outing is not None else None
        if error is None:
            kept.append(contact)
        else:
            reader.refuse_all(contact.line, error, _SESSION_FIELDS)
    return kept, records


def _already_there(
    session: Session, clock: Clock, contacts: Sequence[_Contact]
) -> set[tuple[int, dt.date, ContactKind]]:
    """The contacts the database already has: a visit of the person that day, or their being
    met in a street session of that day. Read by person (their index), never by a range of
    days: a range of years would have the database walk every visit in it for each batch."""
    persons = sorted({contact.person_id for contact in contacts})
    sessions = select(OutreachSession.id, OutreachSession.day).where(
        OutreachSession.kind == SessionKind.STREET.value
    )
    street = dict(session.execute(sessions).all())
    found: set[tuple[int, dt.date, ContactKind]] = set()
    for start in range(0, len(persons), _BATCH):
        batch = persons[start : start + _BATCH]
        visits = session.execute(
            select(Visit.person_id, Visit.arrival_at).where(Visit.person_id.in_(batch))
        )
        found |= {(p, clock.local(at).date(), ContactKind.VISIT) for p, at in visits if p}
        met = session.execute(
            select(OutreachContact.person_id, OutreachContact.session_id).where(
                OutreachContact.person_id.in_(batch)
            )
        )
        found |= {(p, street[s], ContactKind.OUTREACH) for p, s in met if s in street}
    return found


def _store(
    session: Session,
    actor: Actor,
    clock: Clock,
    new: Sequence[_Contact],
    outings: dict[Outing, SessionRecord],
) -> None:
    visits: list[dict[str, object]] = [
        {
            "person_id": contact.person_id,
            "arrival_at": contact.arrival,
            "state": QueueState.DONE.value,
            "created_by_id": actor.staff_id,
            "reasons": frozenset[str](),
        }
        for contact in new
        if contact.kind is ContactKind.VISIT
    ]
    if visits:
        session.execute(insert(_VISITS), visits)
    met = [contact for contact in new if contact.outing is not None]
    if not met:
        return
    wanted = {contact.outing for contact in met if contact.outing is not None}
    ids = session_ids(session, actor, clock, {o: outings[o] for o in wanted})
    session.execute(
        insert(_MET),
        [
            {"session_id": ids[contact.outing], "person_id": contact.person_id}
            for contact in met
            if contact.outing is not None
        ],
    )


def _at(line: int, errors: FieldErrors) -> list[RowProblem]:
    return [RowProblem(line, error.field, error) for error in errors.items]
