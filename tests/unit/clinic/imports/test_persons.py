"""Persons from a spreadsheet (issue 15): every row checked by the desk's own validation, a
dry run that lists each bad row and writes nothing, and a file imported twice adding no one
twice; in CSV (UTF-8, or Excel's Windows-1252 with semicolons) and XLSX alike.

The clinic's language is English, whose dates are typed day first (`02/04/2019` is 2 April).
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from clinic.audit.trail import Action
from clinic.imports.columns import ImportKind
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from db.models.audit import AuditEvent
from db.models.registry import Person
from db.search_keys import person_terms
from tests.unit.clinic.imports.conftest import audit_rows, problems, run_import
from tests.unit.clinic.imports.files import FORMATS, write

HEADER = ("code", "birth", "gender", "country", "first_contact", "languages", "work_settings")
GOOD = [
    ("AB-100", "1985", "woman", "RO", "02/04/2019", "ro, it", "street"),  # line 2
    ("ab-101", "23/05/1990", "Donna", "Romania", "2020-01-05", "Romanian; it", "apartment"),
]
# Line: (row, the column refused, why), each one mistake of a file kept by hand.
BAD = {
    4: (("AB-102", "31/02/1990", "woman", "RO", "2020-01-05", "", ""), "birth", "date_impossible"),
    5: (("AB-103", "1990", "alien", "RO", "2020-01-05", "", ""), "gender", "unknown_choice"),
    6: (("AB-104", "1990", "woman", "RO", "yesterday", "", ""), "first_contact", "date_format"),
    7: (("AB-105", "1990", "woman", "RO", "2031-01-05", "", ""), "first_contact", "date_in_future"),
    8: (("AB-100", "1985", "woman", "RO", "02/04/2019", "", ""), "code", "same_in_file"),
    9: (('=HYPERLINK("http://x")', "1990", "woman", "", "2020-01-05", "", ""), "code", "formula"),
    10: (("AB-106", "@SUM(A1)", "woman", "", "2020-01-05", "", ""), "birth", "formula"),
    11: (("AB-107", "1990", "woman", "", "2020-01-05", "", "\u202etserts"), "work_settings",
         "control_characters"),
    12: (("AB-108", "1990", "woman", "", "2020-01-05", "x" * 10_000, ""), "languages", "too_long"),
    13: (("AB-109", "1990", "woman", "", "", "", ""), "first_contact", "required"),
    14: (("AB 110", "1990", "woman", "", "2020-01-05", "", ""), "code", "code_format"),
}  # fmt: skip
# The bad rows as someone fixed them (the duplicate line 8 deleted).
FIXED = [
    ("AB-102", "28/02/1990", "woman", "RO", "2020-01-05", "", ""),
    ("AB-103", "1990", "trans woman", "RO", "2020-01-05", "", ""),
    ("AB-104", "1990", "woman", "RO", "2020-01-04", "", ""),
    ("AB-105", "1990", "woman", "RO", "2021-01-05", "", ""),
    ("AB-111", "1990", "man", "", "2020-01-05", "", ""),
    ("AB-106", "1990", "woman", "", "2020-01-05", "", ""),
    ("AB-107", "1990", "woman", "", "2020-01-05", "", "street"),
    ("AB-108", "1990", "woman", "", "2020-01-05", "en", ""),
    ("AB-109", "1990", "woman", "", "2020-01-05", "", ""),
    ("AB-110", "1990", "woman", "", "2020-01-05", "", ""),
]
PERSONS = ImportKind.PERSONS


def _registry(database) -> list[tuple[object, ...]]:
    """Every person with what the import stores of them, by code."""
    with database.read() as session:
        persons = session.scalars(select(Person).order_by(Person.code)).all()
        return [
            (
                p.code,
                p.gender,
                p.birth_date,
                p.birth_year,
                p.country,
                p.first_contact,
                tuple(row.language for row in p.languages),
                tuple(row.setting for row in p.work_settings),
                p.consent,
                p.status,
            )
            for p in persons
        ]


@pytest.mark.parametrize("name", FORMATS)
def test_a_dry_run_lists_each_bad_row_and_writes_nothing(
    database, clock, coordinator, tmp_path, name
):
    """`AB-102` has 31 February, `AB-103` a gender that is none, line 8 repeats line 2,
    line 9 is a formula in a cell, line 11 hides a right-to-left override, line 12 is 10,000
    characters: each is named with its line, its column and why; the two good rows would be
    imported, and nothing at all is written (no person, no audit row)."""
    rows = [HEADER, *GOOD, *(row for row, _field, _why in BAD.values())]
    if "cp1252" in name:  # Windows-1252 has no bidi control, but a terminal's escape
        rows[10] = tuple(cell.replace("\u202e", "\x1b[8m") for cell in rows[10])
    path = write(tmp_path, name, rows)
    audited = audit_rows(database)
    outcome = run_import(database, clock, coordinator, PERSONS, path, dry_run=True)
    assert problems(outcome) == {(line, field, why) for line, (_row, field, why) in BAD.items()}
    assert (outcome.new, outcome.existing, outcome.refused) == (2, 0, len(BAD))
    assert outcome.written is False
    assert _registry(database) == []
    assert audit_rows(database) == audited


@pytest.mark.parametrize("name", FORMATS)
def test_the_fixed_file_imported_twice_gives_the_same_registry_as_once(
    database, clock, coordinator, tmp_path, name
):
    path = write(tmp_path, name, [HEADER, *GOOD, *FIXED])
    first = run_import(database, clock, coordinator, PERSONS, path)
    once = _registry(database)
    second = run_import(database, clock, coordinator, PERSONS, path)
    assert (first.new, first.existing, first.refused) == (12, 0, 0)
    assert (second.new, second.existing, second.refused) == (0, 12, 0)
    assert _registry(database) == once
    assert len(once) == 12
    # Read by hand from the rows above: an English clinic types the day first; the Italian
    # "Donna" and the country and language names are the values the desk would have chosen.
    assert once[0] == (
        "AB-100", "woman", None, 1985, "RO", dt.date(2019, 4, 2), ("it", "ro"), ("street",),
        None, "active",
    )  # fmt: skip
    assert once[1] == (
        "AB-101", "woman", dt.date(1990, 5, 23), 1990, "RO", dt.date(2020, 1, 5), ("it", "ro"),
        ("apartment",), None, "active",
    )  # fmt: skip


def test_each_import_is_one_audit_row_with_its_counts_and_no_code(
    database, clock, coordinator, tmp_path
):
    path = write(tmp_path, "file.csv", [HEADER, *GOOD, BAD[4][0]])
    before = audit_rows(database)
    run_import(database, clock, coordinator, PERSONS, path)
    assert audit_rows(database) == before + 1
    with database.read() as session:
        row = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert row is not None
        assert (row.action, row.record_type, row.record_id, row.staff_id) == (
            Action.IMPORT_PERSONS.value,
            "import",
            None,
            coordinator.staff_id,
        )
        assert row.fields == "existing:0,new:2,refused:1"


def test_the_names_make_the_slk_code_and_are_not_kept(database, clock, coordinator, tmp_path):
    """Rossi, Maria, born 23 May 1985, a woman: `OSIAR230519852` (DESIGN.md's example)."""
    header = ("family_name", "given_name", "birth", "gender", "first_contact")
    rows = [
        header,
        ("Rossi", "Maria", "23/05/1985", "woman", "2020-01-05"),
        ("Rossi", "Maria", "1985", "woman", "2020-01-05"),  # no day: 1 January, as the desk
        ("Bianchi", "Anna", "", "woman", "2020-01-05"),  # no birth: no code can be made
        ("", "", "1985", "woman", "2020-01-05"),
    ]
    outcome = run_import(database, clock, coordinator, PERSONS, write(tmp_path, "f.csv", rows))
    assert problems(outcome) == {
        (4, "birth", "birth_required_for_code"),
        (5, "code", "code_or_names"),
    }
    codes = [row[0] for row in _registry(database)]
    assert codes == ["OSIAR010119852", "OSIAR230519852"]
    with database.read() as session:
        stored = " ".join(str(v) for row in session.execute(select(Person.__table__)) for v in row)
    assert "Rossi" not in stored
    assert "Maria" not in stored


def test_a_person_the_registry_has_is_left_as_it_is(database, clock, coordinator, tmp_path):
    run_import(database, clock, coordinator, PERSONS, write(tmp_path, "a.csv", [HEADER, GOOD[0]]))
    changed = ("AB-100", "1970", "man", "NG", "2010-01-01", "en", "bar_club")
    outcome = run_import(
        database, clock, coordinator, PERSONS, write(tmp_path, "b.csv", [HEADER, changed])
    )
    assert (outcome.new, outcome.existing) == (0, 1)
    assert _registry(database)[0][1:5] == ("woman", None, 1985, "RO")


def test_the_templates_example_row_left_in_the_file_is_refused(
    database, clock, coordinator, tmp_path
):
    from clinic.imports.columns import PERSON_FIELDS

    rows = [[f.name for f in PERSON_FIELDS], [f.example for f in PERSON_FIELDS]]
    outcome = run_import(database, clock, coordinator, PERSONS, write(tmp_path, "t.xlsx", rows))
    assert problems(outcome) == {(2, None, "example_row")}
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 0


def test_another_files_columns_come_in_through_a_mapping(database, clock, coordinator, tmp_path):
    rows = [("Codice", "Sesso", "Anno", "Primo contatto"), ("ZZ-1", "F", "1979", "03/02/2018")]
    mapping = {
        "Codice": "code",
        "Sesso": "gender",
        "Anno": "birth",
        "Primo contatto": "first_contact",
    }
    path = write(tmp_path, "old.xlsx", rows)
    outcome = run_import(database, clock, coordinator, PERSONS, path, mapping=mapping)
    assert (outcome.new, outcome.problems) == (1, ())
    assert _registry(database)[0][:6] == ("ZZ-1", "woman", None, 1979, None, dt.date(2018, 2, 3))


def test_an_imported_person_is_stored_as_the_desk_stores_one(
    database, clock, coordinator, reception, tmp_path
):
    """The import writes in bulk: the same columns, languages, settings and search words as
    `register_person` writes for the same answers at the desk."""
    row = ("AB-100", "1985", "woman", "RO", "02/04/2019", "ro, it", "street; apartment")
    run_import(database, clock, coordinator, PERSONS, write(tmp_path, "p.csv", [HEADER, row]))
    form = PersonForm(
        gender="woman",
        birth="1985",
        country="RO",
        languages=("ro", "it"),
        work_settings=("street", "apartment"),
        first_contact="02/04/2019",
    )
    with database.write() as session:
        record = validate_person(form, "en_GB", clock.today())
        register_person(session, reception, clock, record, "AB-200")

    def stored(code: str) -> tuple[object, ...]:
        with database.read() as session:
            person = session.scalars(select(Person).where(Person.code == code)).one()
            own = {k: v for k, v in vars(person).items() if not k.startswith("_")}
            names = [column.name for column in Person.__table__.columns]
            columns = {k: own[k] for k in names if k not in SKIP}
            words = {t.term for t in person.search_terms} - set(person_terms(code, None, None))
            languages = sorted(r.language for r in person.languages)
            return columns, languages, sorted(s.setting for s in person.work_settings), words

    assert stored("AB-100") == stored("AB-200")


SKIP = {"id", "code", "created_at", "updated_at"}
