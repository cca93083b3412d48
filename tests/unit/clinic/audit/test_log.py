"""The coordinator's audit screen underneath: filters, the chain check, a spreadsheet-safe CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

from hypothesis import given
from hypothesis import strategies as st

from clinic.audit.log import AuditFilter, audit_csv, audit_rows, check_chain, safe_cell
from clinic.common.clock import Clock
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import get_person, register_person
from clinic.staff.vocabulary import Role
from tests.conftest import NOW, ROME


def _history(database, clock, actors) -> dict[str, int]:
    """Maria registered yesterday; today reception views her and registers Anna; a nurse views
    Maria."""
    reception, nurse = actors[Role.RECEPTION], actors[Role.NURSE]
    yesterday = Clock(ROME, NOW - dt.timedelta(days=1))
    record = validate_person(PersonForm(alias="Maria"), "it_IT", NOW.date())
    with database.write() as session:
        maria = register_person(session, reception, yesterday, record, "OSIAR230519852").id
        get_person(session, reception, clock, maria)
        anna = register_person(session, reception, clock, record, "NNAAN010119902").id
        get_person(session, nurse, clock, maria)
    return {"maria": maria, "anna": anna}


def _rows(database, actor, clock, **filters):
    with database.read() as session:
        return [
            (r.action, r.role, r.record_id)
            for r in audit_rows(session, actor, clock, AuditFilter(**filters)).rows
        ]


def test_rows_are_filtered_by_person_staff_action_and_day(database, clock, actors):
    ids = _history(database, clock, actors)
    admin = actors[Role.ADMIN]
    assert _rows(database, admin, clock, person_code="osiar230519852") == [
        ("person.view", "nurse", ids["maria"]),
        ("person.view", "reception", ids["maria"]),
        ("person.create", "reception", ids["maria"]),
    ]
    assert _rows(database, admin, clock, staff_id=actors[Role.NURSE].staff_id) == [
        ("person.view", "nurse", ids["maria"])
    ]
    assert _rows(database, admin, clock, action="person.create", since=NOW.date()) == [
        ("person.create", "reception", ids["anna"])
    ]
    assert _rows(database, admin, clock, until=NOW.date() - dt.timedelta(days=1)) == [
        ("person.create", "reception", ids["maria"])
    ]
    assert _rows(database, admin, clock, person_code="NOBODY") == []


def test_the_export_is_csv_of_every_matching_row_and_is_audited(database, clock, actors):
    _history(database, clock, actors)
    admin = actors[Role.ADMIN]
    with database.write() as session:
        text = audit_csv(session, admin, clock, AuditFilter(action="person.view"))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == ["id", "at_utc", "username", "role", "action"]
    assert [(r[2], r[4]) for r in rows[1:]] == [
        ("desk-reception", "person.view"),
        ("desk-nurse", "person.view"),
    ]
    assert "Maria" not in text
    assert "OSIAR" not in text
    with database.read() as session:
        assert audit_rows(session, admin, clock, AuditFilter()).rows[0].action == "audit.export"
        assert check_chain(session, admin).intact


def test_cells_that_would_be_formulas_are_neutralised():
    for formula in ('=HYPERLINK("x")', "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\x00x"):
        assert safe_cell(formula) == "'" + formula
    assert safe_cell("anna") == "anna"
    assert safe_cell(None) == ""
    assert safe_cell(42) == "42"


@given(st.text())
def test_no_cell_starts_a_formula_and_none_loses_its_text(text):
    cell = safe_cell(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\x00"))
    assert cell in (text, "'" + text)
