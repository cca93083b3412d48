"""The audit trail (reliability.md scenario 15): one row per view, change and denial, written in
the same transaction, naming fields but never their values, and chained so that a row edited,
deleted or moved with raw SQL is found at that row."""

from __future__ import annotations

import calendar
import itertools

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.dialects import postgresql

from clinic.audit.chain import ChainBreak, Finding, verify_chain
from clinic.audit.trail import GENESIS, Action
from clinic.audit.transactions import writing
from clinic.common.errors import PermissionDeniedError, StorageError
from clinic.common.permissions import ALLOWED
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person, update_person
from clinic.staff.vocabulary import Role
from db.models.audit import AuditEvent
from tests.conftest import NOW
from tests.unit.clinic.use_cases import USE_CASES, make_world


def _events(database) -> list[AuditEvent]:
    with database.read() as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def _verify(database) -> ChainBreak | None:
    """The first break of the chain, or None when it holds."""
    with database.read() as session:
        report = verify_chain(session)
    return report.breaks[0] if report.breaks else None


@pytest.mark.parametrize("name", list(USE_CASES))
def test_each_use_case_writes_its_one_audit_row_or_none(database, clock, actors, name):
    permission, use_case, action = USE_CASES[name]
    world = make_world(database, clock, actors[Role.RECEPTION])
    actor = actors[next(role for role in Role if role in ALLOWED[permission])]
    before = len(_events(database))
    with writing(database, clock) as session:
        use_case(session, actor, world)
    new = _events(database)[before:]
    if action is None:
        assert new == []
        return
    [event] = new
    assert (event.action, event.staff_id, event.role) == (action, actor.staff_id, actor.role)
    assert event.username == f"desk-{actor.role.value}"
    assert event.at.replace(tzinfo=None) == clock.now().replace(tzinfo=None)


def test_a_change_names_its_fields_and_never_their_values(database, clock, reception):
    before = validate_person(PersonForm(alias="Zoë Marker", birth="1985"), "it_IT", NOW.date())
    after = validate_person(
        PersonForm(alias="Élodie Marker", birth="1986", country="RO"), "it_IT", NOW.date()
    )
    with writing(database, clock) as session:
        person_id = register_person(session, reception, clock, before, "OSIAR230519852").id
        update_person(session, reception, clock, person_id, 1, after)
    created, updated = _events(database)
    assert (created.action, created.record_type, created.record_id) == (
        "person.create",
        "person",
        person_id,
    )
    assert (updated.action, updated.fields) == ("person.update", "alias,birth_year,country")
    with database.read() as session:
        rows = session.execute(text("SELECT * FROM audit_event")).all()
    flat = repr(rows)
    for value in ("Zoë", "Élodie", "Marker", "OSIAR", "1986", "RO'"):
        assert value not in flat


def test_a_rolled_back_change_leaves_no_row(database, clock, reception):
    record = validate_person(PersonForm(alias="Maria"), "it_IT", NOW.date())

    def fails_after_saving() -> None:
        with writing(database, clock) as session:
            register_person(session, reception, clock, record, "OSIAR230519852")
            raise RuntimeError("the action failed after the audit row was written")

    with pytest.raises(RuntimeError):
        fails_after_saving()
    assert _events(database) == []


def test_a_denial_is_audited_although_the_action_is_undone(database, clock, actors):
    nurse = actors[Role.NURSE]
    record = validate_person(PersonForm(alias="Maria"), "it_IT", NOW.date())
    with pytest.raises(PermissionDeniedError), writing(database, clock) as session:
        register_person(session, nurse, clock, record, "OSIAR230519852")
    [event] = _events(database)
    assert (event.action, event.staff_id, event.role, event.fields) == (
        Action.DENIED,
        nurse.staff_id,
        "nurse",
        "person.create",
    )
    assert _verify(database) is None


def _five_events(database, clock, reception) -> None:
    record = validate_person(PersonForm(alias="Maria"), "it_IT", NOW.date())
    with writing(database, clock) as session:
        for n in range(5):
            register_person(session, reception, clock, record, f"CODE{n}")


def _raw(database, sql: str) -> None:
    with database.write() as session:
        session.execute(text(sql))


def test_an_untouched_chain_verifies(database, clock, reception):
    assert _verify(database) is None  # empty
    _five_events(database, clock, reception)
    events = _events(database)
    assert [e.id for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == GENESIS
    assert all(e.prev_hash == p.hash for p, e in itertools.pairwise(events))
    assert _verify(database) is None


@pytest.mark.parametrize(
    ("tampering", "found"),
    [
        ("UPDATE audit_event SET record_id = 99 WHERE id = 3", ChainBreak(Finding.EDITED, 3)),
        (
            "UPDATE audit_event SET action = 'person.view' WHERE id = 2",
            ChainBreak(Finding.EDITED, 2),
        ),
        (
            "UPDATE audit_event SET at = 1577836800000000 WHERE id = 4",
            ChainBreak(Finding.EDITED, 4),
        ),
        ("DELETE FROM audit_event WHERE id = 3", ChainBreak(Finding.MISSING, 3, 3)),
        ("DELETE FROM audit_event WHERE id = 5", ChainBreak(Finding.TAIL_CUT, 5, 5)),
        ("DELETE FROM audit_event WHERE id = 1", ChainBreak(Finding.MISSING, 1, 1)),
        (
            # Swap the contents of rows 2 and 3: the order of events changes, ids stay.
            "UPDATE audit_event SET id = -2 WHERE id = 2; "
            "UPDATE audit_event SET id = 2 WHERE id = 3; "
            "UPDATE audit_event SET id = 3 WHERE id = -2",
            ChainBreak(Finding.EDITED, 2),
        ),
    ],
)
def test_raw_sql_tampering_is_found_at_the_row(database, clock, reception, tampering, found):
    _five_events(database, clock, reception)
    for statement in tampering.split("; "):
        _raw(database, statement)
    assert _verify(database) == found


def test_an_edit_whose_hash_was_recomputed_is_found_at_that_row(database, clock, reception):
    from clinic.audit.trail import row_hash

    _five_events(database, clock, reception)
    with database.write() as session:
        event = session.get(AuditEvent, 3)
        assert event is not None
        event.record_id = 99
        event.hash = row_hash(event)
    assert _verify(database) == ChainBreak(Finding.EDITED, 3)


def test_a_full_disk_leaves_neither_the_change_nor_its_row(database, clock, reception):
    from tests.conftest import fill_the_disk

    fill_the_disk(database, reception, clock)
    before = len(_events(database))
    record = validate_person(PersonForm(alias="Maria"), "it_IT", NOW.date())
    with pytest.raises(StorageError), writing(database, clock) as session:
        register_person(session, reception, clock, record, "OSIAR230519852")
    assert len(_events(database)) == before
    assert _verify(database) is None


def test_the_time_of_each_row_is_stored_in_utc(database, clock, reception):
    """10:30 in Rome is stored as 09:30: the trail reads the same wherever it is checked."""
    _five_events(database, clock, reception)
    with database.read() as session:
        stored = session.execute(text("SELECT DISTINCT at FROM audit_event")).scalars().all()
    assert clock.now().astimezone(clock.zone).hour == 10
    assert stored == [calendar.timegm((2026, 3, 10, 9, 30, 0)) * 1_000_000]  # UTC microseconds


def test_an_append_holds_the_chains_end_before_reading_it(database, clock, reception):
    """Two desks on a server database must not both append "the row after the end": each
    append first takes the head's row FOR UPDATE (PostgreSQL then makes the second wait), and
    only then reads the end."""
    statements: list[str] = []

    def seen(state) -> None:  # type: ignore[no-untyped-def]
        statements.append(str(state.statement.compile(dialect=postgresql.dialect())))

    record = validate_person(PersonForm(alias="Maria"), "it_IT", NOW.date())
    with database.write() as session:
        event.listen(session, "do_orm_execute", seen)
        register_person(session, reception, clock, record, "OSIAR230519852")
    held = next(i for i, s in enumerate(statements) if "FOR UPDATE" in s)
    assert "FROM setting" in statements[held]
    read = next(i for i, s in enumerate(statements) if "FROM audit_event ORDER BY" in s)
    assert held < read
