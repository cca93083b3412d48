"""Persons from a spreadsheet: each row checked as the desk checks a new person, then all the
new ones stored at once.

A row is a person of the registry: their code (or the family and given names SLK-581 makes
it from, then forgotten), birth date or year, gender, country, languages, work settings and
first contact. A person whose code the registry already holds is the same person, and is left
as it is: importing a file again adds no one twice. The first contact is required: left out,
the desk's form would date it today, and the person would count as new this year.

Imported persons have no consent answer: the desk asks at their next visit, as for anyone
registered before answers were kept.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.audit.trail import Action
from clinic.common.clock import Clock
from clinic.common.errors import ErrorCode, ValidationError
from clinic.common.permissions import Actor, Permission, require
from clinic.i18n.translator import translator
from clinic.imports import values
from clinic.imports.columns import PERSON_FIELDS, Columns, ImportKind
from clinic.imports.rows import ImportOutcome, RowReader, audit_import, is_example
from clinic.imports.sheet import Row, Sheet
from clinic.registry.person_form import CodeAnswers, PersonForm, PersonRecord, validate_person
from clinic.registry.persons import insert_persons
from clinic.registry.registration import slk_code
from clinic.registry.vocabulary import Gender
from clinic.settings.configuration import load_settings
from db.models.registry import Person

CODE_MAX = 24  # the column's width, a suffix (`/2`) included
_CODE = re.compile(r"[A-Z0-9]+(?:[-/][A-Z0-9]+)*")
_EXAMPLE = tuple((field.name, field.example) for field in PERSON_FIELDS)


@dataclass(frozen=True)
class _NewPerson:
    code: str
    record: PersonRecord


def import_persons(
    session: Session,
    actor: Actor,
    clock: Clock,
    sheet: Sheet,
    columns: Columns,
    *,
    dry_run: bool = False,
) -> ImportOutcome:
    """Check every row; unless `dry_run`, store the new persons and audit the import (the
    caller's one write transaction). Rows refused are listed, the others imported."""
    require(session, actor, Permission.IMPORT)
    locale = clinic_locale(session)
    reader = RowReader(columns)
    known = set(session.scalars(select(Person.code)))
    first_line: dict[str, int] = {}
    new: list[_NewPerson] = []
    for row in sheet.rows:
        checked = _checked(reader, row, locale, clock.today())
        if checked is None:
            continue
        if checked.code in first_line:
            line = first_line[checked.code]
            reader.refuse(row.line, "code", ErrorCode.SAME_IN_FILE, first=line)
            continue
        first_line[checked.code] = row.line
        if checked.code not in known:
            new.append(checked)
    existing = len(first_line) - len(new)
    outcome = ImportOutcome(
        ImportKind.PERSONS, len(new), existing, tuple(reader.problems), written=not dry_run
    )
    if not dry_run:
        _store(session, new, clock.now())
        audit_import(session, actor, clock, Action.IMPORT_PERSONS, outcome)
    return outcome


def clinic_locale(session: Session) -> str:
    """The locale dates are typed in at this clinic: its language's (day first in English)."""
    return translator(load_settings(session).language).locale_name


def _checked(reader: RowReader, row: Row, locale: str, today: dt.date) -> _NewPerson | None:
    """The row as a person to store, or None with its problems kept by `reader`."""
    cells = reader.cells(row)
    if cells is None:
        return None
    if is_example(cells, _EXAMPLE):
        reader.refuse(row.line, None, ErrorCode.EXAMPLE_ROW)
        return None
    before = len(reader.problems)
    if not cells.get("first_contact"):
        reader.refuse(row.line, "first_contact", ErrorCode.REQUIRED)
    try:
        record = validate_person(_form(cells), locale, today)
    except ValidationError as refused:
        reader.refuse_all(row.line, refused, {})
        return None
    code = _code(reader, row.line, cells, record)
    if code is None or len(reader.problems) > before:
        return None
    return _NewPerson(code, record)


def _form(cells: dict[str, str]) -> PersonForm:
    return PersonForm(
        gender=values.gender(cells.get("gender", "")) or Gender.NOT_STATED.value,
        birth=cells.get("birth", ""),
        country=values.country(cells.get("country", "")),
        languages=values.languages(cells.get("languages", "")),
        work_settings=values.work_settings(cells.get("work_settings", "")),
        first_contact=cells.get("first_contact", ""),
    )


def _code(reader: RowReader, line: int, cells: dict[str, str], record: PersonRecord) -> str | None:
    """The code typed, or the SLK-581 code of the names given (as the desk makes it)."""
    typed = cells.get("code", "").upper()
    if typed:
        if len(typed) > CODE_MAX or not _CODE.fullmatch(typed):
            reader.refuse(line, "code", ErrorCode.CODE_FORMAT, max=CODE_MAX)
            return None
        return typed
    answers = CodeAnswers(cells.get("family_name", ""), cells.get("given_name", ""))
    if not (answers.family_name or answers.given_name):
        reader.refuse(line, "code", ErrorCode.CODE_OR_NAMES)
        return None
    try:
        return slk_code(record, answers)
    except ValidationError as refused:
        reader.refuse_all(line, refused, {})
        return None


def _store(session: Session, new: list[_NewPerson], now: dt.datetime) -> None:
    """The new persons as the desk stores one, in bulk (`insert_persons`)."""
    insert_persons(session, [(person.code, person.record) for person in new], now)
