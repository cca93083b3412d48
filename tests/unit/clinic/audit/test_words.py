"""The audit trail as the coordinator reads it: codes and names instead of ids, fields and
refusals in words, a person erased or merged since still named sensibly, page after page."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import event

from clinic.audit.log import PAGE_SIZE, AuditFilter, PersonState, audit_rows
from clinic.audit.transactions import writing
from clinic.audit.words import (
    AUDIT_FIELDS,
    CLINIC_RECORDS,
    PERSON_FIELDS,
    PERSON_RECORDS,
    RECORD_KINDS,
    field_name,
    fields_text,
    record_text,
    who_text,
)
from clinic.common.clock import Clock
from clinic.common.errors import PermissionDeniedError
from clinic.common.permissions import ALLOWED, Permission
from clinic.desk.checkin import cancel_check_in, check_in, set_queue_state
from clinic.desk.vocabulary import QueueState
from clinic.i18n.translator import Translator
from clinic.registry.person_form import PersonForm, PersonRecord, validate_person
from clinic.registry.persons import get_person, register_person
from clinic.registry.vocabulary import PersonStatus
from clinic.settings.configuration import _FIELDS as SETTINGS_FIELDS
from clinic.settings.first_steps import DISMISSED_KEY
from clinic.staff.vocabulary import Role
from db.models.registry import Person
from tests.conftest import NOW, ROME
from tests.unit.clinic.use_cases import USE_CASES, make_world

EN, IT = Translator("en"), Translator("it")
CODE = "OSIAR230519852"


def _register(database, clock, reception, code: str = CODE) -> int:
    record = validate_person(PersonForm(alias="Maria", birth="1985"), "it_IT", NOW.date())
    with database.write() as session:
        return register_person(session, reception, clock, record, code).id


def _page(database, clock, actor, **filters):
    with database.read() as session:
        return audit_rows(session, actor, clock, AuditFilter(**filters))


def _newest(database, clock, actors):
    return _page(database, clock, actors[Role.ADMIN]).rows[0]


def test_a_visit_names_its_person_by_code_the_staff_by_name_and_the_fields_in_words(
    database, clock, actors
):
    reception = actors[Role.RECEPTION]
    person_id = _register(database, clock, reception)
    with database.write() as session:
        visit_id = check_in(session, reception, clock, person_id, ["medical"]).visit_id
        set_queue_state(session, reception, clock, visit_id, QueueState.IN_PROGRESS)
    row = _newest(database, clock, actors)
    assert (row.action, row.record_id, row.fields) == (
        "visit.update",
        visit_id,
        ("served_by", "state"),
    )
    assert who_text(row) == "Desk (reception) (desk-reception)"
    assert record_text(EN, row) == f"Visit of {CODE}"
    assert fields_text(EN, row) == "Seen by, Queue state"
    assert record_text(IT, row) == f"Visita di {CODE}"
    assert fields_text(IT, row) == "Seguita da, Stato in coda"


def test_the_persons_own_events_show_their_code(database, clock, actors):
    person_id = _register(database, clock, actors[Role.RECEPTION])
    with database.write() as session:
        get_person(session, actors[Role.NURSE], clock, person_id)
    row = _newest(database, clock, actors)
    assert (row.action, row.person_code, row.person_state) == (
        "person.view",
        CODE,
        PersonState.IN_REGISTRY,
    )
    assert record_text(EN, row) == CODE
    assert who_text(row) == "Desk (nurse) (desk-nurse)"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (PersonStatus.MERGED, f"{CODE} (merged into another record)"),
        (PersonStatus.ERASED, "person #{id} (no longer in the registry)"),
    ],
)
def test_a_person_merged_or_erased_since_still_reads_sensibly(
    database, clock, actors, status, expected
):
    person_id = _register(database, clock, actors[Role.RECEPTION])
    with database.write() as session:
        session.get(Person, person_id).status = status.value
    row = _newest(database, clock, actors)
    assert record_text(EN, row) == expected.format(id=person_id)


def test_a_person_no_longer_in_the_registry_shows_their_number_and_no_code(database, clock, actors):
    person_id = _register(database, clock, actors[Role.RECEPTION])
    with database.write() as session:
        session.delete(session.get(Person, person_id))
    row = _newest(database, clock, actors)
    assert (row.person_code, row.record_exists) == (None, False)
    assert record_text(EN, row) == f"person #{person_id} (no longer in the registry)"
    assert record_text(IT, row) == f"persona n. {person_id} (non più nel registro)"


def test_a_cancelled_check_in_and_a_walk_in_read_as_such(database, clock, actors):
    reception = actors[Role.RECEPTION]
    with database.write() as session:
        walk_in = check_in(session, reception, clock, None, ["material"]).visit_id
    assert record_text(EN, _newest(database, clock, actors)) == "Visit of someone not registered"
    with database.write() as session:
        cancel_check_in(session, reception, clock, walk_in)
    assert (
        record_text(EN, _newest(database, clock, actors)) == f"Visit #{walk_in} (no longer there)"
    )


def test_a_refusal_says_what_was_refused(database, clock, actors):
    with pytest.raises(PermissionDeniedError), writing(database, clock) as session:
        audit_rows(session, actors[Role.NURSE], clock, AuditFilter())
    row = _newest(database, clock, actors)
    assert (row.action, row.fields) == ("denied", ("audit.read",))
    assert fields_text(EN, row) == "Read the audit trail"


def test_codes_are_shown_only_to_a_reader_who_may_read_persons(
    database, clock, actors, monkeypatch
):
    person_id = _register(database, clock, actors[Role.RECEPTION])
    monkeypatch.setitem(ALLOWED, Permission.PERSON_READ, frozenset({Role.RECEPTION}))
    row = _newest(database, clock, actors)
    assert (row.person_code, row.person_state) == (None, PersonState.HIDDEN)
    assert record_text(EN, row) == f"person #{person_id}"


def test_a_persons_filter_finds_their_visits_too(database, clock, actors):
    reception = actors[Role.RECEPTION]
    person_id = _register(database, clock, reception)
    other = _register(database, clock, reception, "USOAR120419902")
    with database.write() as session:
        check_in(session, reception, clock, person_id, ["medical"])
        check_in(session, reception, clock, other, ["medical"])
    page = _page(database, clock, actors[Role.ADMIN], person_code=CODE.lower())
    assert [(r.action, r.person_id) for r in page.rows] == [
        ("visit.create", person_id),
        ("person.create", person_id),
    ]


def test_older_events_come_page_by_page_without_gaps_or_repeats(database, actors):
    reception, admin = actors[Role.RECEPTION], actors[Role.ADMIN]
    for minutes in range(5):
        clock = Clock(ROME, NOW + dt.timedelta(minutes=minutes))
        _register(database, clock, reception, f"P{minutes}")
    clock = Clock(ROME, NOW + dt.timedelta(minutes=5))
    seen, after, pages = [], None, 0
    while True:
        with database.read() as session:
            page = audit_rows(session, admin, clock, AuditFilter(), after, size=2)
        seen += [row.id for row in page.rows]
        pages += 1
        if page.next is None:
            break
        after = page.next
    assert pages == 3
    assert seen == [5, 4, 3, 2, 1]  # the newest first, each once
    assert PAGE_SIZE >= 100  # a screenful and more per page, yet bounded


def test_a_day_is_read_along_the_index_on_the_time_in_order(database, clock, actors):
    """The trail of a busy clinic has millions of rows: today's page must be an index range
    read in order, not a scan nor a sort."""
    _register(database, clock, actors[Role.RECEPTION])
    statements: list[tuple[str, object]] = []
    admin, today = actors[Role.ADMIN], NOW.date()
    with database.read() as session:
        connection = session.connection()

        def keep(conn, cursor, statement, parameters, context, executemany):
            if "ORDER BY audit_event.at DESC" in statement:
                statements.append((statement, parameters))

        event.listen(connection, "before_cursor_execute", keep)
        audit_rows(session, admin, clock, AuditFilter(since=today, until=today))
        event.remove(connection, "before_cursor_execute", keep)
        [(statement, parameters)] = statements
        plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
        captured = [str(row[-1]) for row in plan]
    assert any("audit_event USING INDEX ix_audit_event_at (at>? AND at<?)" in s for s in captured)
    assert not any("SCAN audit_event" in s or "TEMP B-TREE" in s for s in captured), captured


# --- every use case reads in words --------------------------------------------------------


AUDITED = [name for name, (_p, _u, action) in USE_CASES.items() if action is not None]


@pytest.mark.parametrize("name", AUDITED)
def test_every_audited_use_case_reads_in_words(database, clock, actors, name):
    permission, use_case, _action = USE_CASES[name]
    world = make_world(database, clock, actors[Role.RECEPTION])
    actor = actors[next(role for role in Role if role in ALLOWED[permission])]
    with writing(database, clock) as session:
        use_case(session, actor, world)
    row = _newest(database, clock, actors)
    kinds = {*PERSON_RECORDS, *CLINIC_RECORDS, *RECORD_KINDS}
    assert row.record_type in kinds, f"no words for records of kind {row.record_type}"
    names = {field_name(field) for field in row.fields}  # an import's fields carry counts
    unnamed = names - set(AUDIT_FIELDS.get(row.record_type or "", {}))
    assert unnamed == set(), f"no words for the fields {unnamed} of {row.record_type}"
    text = record_text(EN, row)
    assert text
    assert f"{row.record_type} {row.record_id}" not in text


def test_every_field_of_a_person_and_of_the_settings_has_words():
    assert set(PERSON_FIELDS) == {f.name for f in dataclasses.fields(PersonRecord)}
    assert set(AUDIT_FIELDS["settings"]) == {*SETTINGS_FIELDS, DISMISSED_KEY}
