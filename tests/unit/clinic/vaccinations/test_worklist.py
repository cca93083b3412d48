"""The nurse's worklist: who each row is (code and alias) and whether they are at the desk today,
in one query."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import event

from clinic.desk.checkin import check_in, set_queue_state
from clinic.desk.vocabulary import QueueState, VisitReason
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.staff.vocabulary import Role
from clinic.vaccinations.form import DoseForm
from clinic.vaccinations.records import record_dose
from clinic.vaccinations.stock import LotForm, list_products, receive_lot
from clinic.vaccinations.worklist import Urgency, WorklistFilter, worklist
from tests.conftest import NOW

# Three women who each had a first hepatitis B dose (Engerix-B) on 2 January 2026: their second
# dose was due from 30 January (4 weeks), with no past-due date in CDSi's adult series.
FIRST_DOSE = dt.date(2026, 1, 2)
PEOPLE = {"WAITS": "Bea", "SEEN": "Carla", "AWAY": None}


@pytest.fixture
def nurse(actors):
    return actors[Role.NURSE]


@pytest.fixture
def people(database, clock, reception, nurse) -> dict[str, int]:
    """Each person of PEOPLE registered, with one Engerix-B dose given on FIRST_DOSE."""
    then = dataclasses.replace(clock, fixed=dt.datetime(2026, 1, 2, 9, tzinfo=dt.UTC))
    with database.write() as session:
        engerix = next(p for p in list_products(session, nurse) if p.name.startswith("Engerix"))
        lot = receive_lot(
            session, nurse, then, LotForm(engerix.id, "EN-1", "31/12/2027", "10"), "en_GB"
        )
    ids = {}
    for code, alias in PEOPLE.items():
        record = validate_person(
            PersonForm(alias=alias or "", gender="woman", birth="1990"), "en_GB", NOW.date()
        )
        with database.write() as session:
            ids[code] = register_person(session, reception, clock, record, code).id
            form = DoseForm(engerix.id, "02/01/2026", lot_id=lot.id)
            record_dose(session, nurse, then, ids[code], form, "en_GB")
    return ids


def arrive(database, reception, clock, person_id: int, at: dt.datetime) -> int:
    with database.write() as session:
        moment = dataclasses.replace(clock, fixed=at)
        return check_in(session, reception, moment, person_id, [VisitReason.MEDICAL]).visit_id


def rows_by_code(database, nurse, clock) -> dict[str, tuple]:
    with database.read() as session:
        rows = worklist(session, nurse, clock, WorklistFilter())
    return {r.code: (r.alias, r.urgency, r.queue_today, r.here) for r in rows}


def test_each_row_shows_the_alias_and_where_the_person_is_in_todays_queue(
    database, reception, nurse, clock, people
):
    arrive(database, reception, clock, people["WAITS"], NOW - dt.timedelta(hours=1))
    seen = arrive(database, reception, clock, people["SEEN"], NOW - dt.timedelta(hours=2))
    with database.write() as session:
        set_queue_state(session, reception, clock, seen, QueueState.IN_PROGRESS)

    assert rows_by_code(database, nurse, clock) == {
        "WAITS": ("Bea", Urgency.DUE, QueueState.WAITING, True),
        "SEEN": ("Carla", Urgency.DUE, QueueState.IN_PROGRESS, True),
        "AWAY": (None, Urgency.DUE, None, False),
    }


def test_today_is_the_clinics_day_and_a_visit_over_is_no_longer_here(
    database, reception, nurse, clock, people
):
    # 00:30 in Rome on 10 March is today; 23:30 in Rome the evening before is not.
    arrive(
        database, reception, clock, people["WAITS"], dt.datetime(2026, 3, 9, 23, 30, tzinfo=dt.UTC)
    )
    arrive(
        database, reception, clock, people["AWAY"], dt.datetime(2026, 3, 9, 22, 30, tzinfo=dt.UTC)
    )
    done = arrive(database, reception, clock, people["SEEN"], NOW - dt.timedelta(hours=3))
    with database.write() as session:
        set_queue_state(session, reception, clock, done, QueueState.DONE)

    rows = rows_by_code(database, nurse, clock)

    assert rows["WAITS"][2:] == (QueueState.WAITING, True)
    assert rows["AWAY"][2:] == (None, False)
    assert rows["SEEN"][2:] == (QueueState.DONE, False)


def test_a_second_visit_the_same_day_shows_the_one_still_open(
    database, reception, nurse, clock, people
):
    first = arrive(database, reception, clock, people["WAITS"], NOW - dt.timedelta(hours=3))
    with database.write() as session:
        set_queue_state(session, reception, clock, first, QueueState.DONE)
        again = dataclasses.replace(clock, fixed=NOW - dt.timedelta(hours=1))
        check_in(
            session, reception, again, people["WAITS"], [VisitReason.MEDICAL], allow_repeat=True
        )

    assert rows_by_code(database, nurse, clock)["WAITS"][2:] == (QueueState.WAITING, True)


def test_the_alias_and_the_queue_come_in_the_worklists_one_query(
    database, reception, nurse, clock, people
):
    for person_id in people.values():
        arrive(database, reception, clock, person_id, NOW - dt.timedelta(hours=1))
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    with database.read() as session:
        event.listen(database.engine, "before_cursor_execute", count)
        try:
            rows = worklist(session, nurse, clock, WorklistFilter())
        finally:
            event.remove(database.engine, "before_cursor_execute", count)

    assert len(rows) == 3
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    # The account check every use case makes (`require`), then the worklist's one query.
    assert len(selects) == 2
    assert " ".join(selects[0].split()).startswith(
        "SELECT staff.role, staff.active, staff.interviewer FROM staff"
    )


def test_the_first_page_comes_with_the_counts_of_the_whole_list(
    database, reception, nurse, clock, people
):
    """The screen shows a page of the list and the counts of all of it: three due, two of them
    in today's queue (one waiting, one being seen), one gone home after being seen."""
    from clinic.vaccinations.worklist import worklist_first_page

    arrive(database, reception, clock, people["WAITS"], NOW - dt.timedelta(hours=1))
    seen = arrive(database, reception, clock, people["SEEN"], NOW - dt.timedelta(hours=2))
    gone = arrive(database, reception, clock, people["AWAY"], NOW - dt.timedelta(hours=3))
    with database.write() as session:
        set_queue_state(session, reception, clock, seen, QueueState.IN_PROGRESS)
        set_queue_state(session, reception, clock, gone, QueueState.IN_PROGRESS)
        set_queue_state(session, reception, clock, gone, QueueState.DONE)
    with database.read() as session:
        whole = worklist(session, nurse, clock, WorklistFilter())
        rows, summary = worklist_first_page(session, nurse, clock, WorklistFilter(), 2)
    assert rows == whole[:2]
    assert summary.counts == {Urgency.OVERDUE: 0, Urgency.DUE: 3, Urgency.UPCOMING: 0}
    assert summary.here == 2
