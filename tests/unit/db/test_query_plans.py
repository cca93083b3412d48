"""Each index kept on a large table serves the query the desk or a report runs, found by it.

The statements are the ones the use cases really send (caught as they run on a small demo
clinic), each put to SQLite's `EXPLAIN QUERY PLAN`: the index must be searched, and the large
table never scanned whole. A dropped or reshaped index, or a query that stops using it, fails
here rather than at a clinic with a million visits.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic.audit.log import AuditFilter, audit_rows
from clinic.common.clock import Clock
from clinic.demo.clinic import generate
from clinic.desk.checkin import check_ins_today, todays_queue
from clinic.person_file.overview import person_overview
from clinic.person_file.reading import read_person_file
from clinic.registry.search import find_persons
from clinic.staff.vocabulary import Role
from clinic.vaccinations.appointments import appointments_between
from clinic.vaccinations.worklist import WorklistFilter, worklist
from db.engine import Database
from db.models.care import Consultation
from db.models.desk import Visit
from db.statements import selects_sent
from tests.conftest import desk_actor

LARGE = (
    "visit",
    "person",
    "search_term",
    "audit_event",
    "vaccine_forecast",
    "vaccination",
    "consultation",
    "consultation_item",
    "rapid_test",
    "referral",
)


@pytest.fixture
def demo(database: Database, clock: Clock) -> Database:
    generate(database, clock, persons=200, years=1, seed=7)
    return database


def _plans(database: Database, run: Callable[[Session], object]) -> list[tuple[str, str]]:
    """Each step of SQLite's plan for every SELECT that `run` sends, beside the statement."""
    with selects_sent(database.engine) as caught, database.write() as session:
        run(session)
    with database.read() as session:
        connection = session.connection()
        return [
            (sql, str(row[3]))
            for sql, parameters in caught
            for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, parameters)
        ]


def _assert_uses(plans: list[tuple[str, str]], index: str) -> None:
    """`index` is searched, and no large table is scanned."""
    assert any("USING" in step and f"INDEX {index} " in f"{step} " for _, step in plans), plans
    _assert_no_scan(plans)


def _assert_no_scan(plans: list[tuple[str, str]]) -> None:
    """No large table is scanned: except the newest row read from the end of its row-id
    b-tree (the audit trail's last link), which is one step, not a scan."""
    scans = [
        (sql, step)
        for sql, step in plans
        if step.startswith("SCAN")
        and step.split()[1] in LARGE
        and not re.search(rf"ORDER BY {step.split()[1]}\.id DESC\s+LIMIT", sql)
    ]
    assert scans == [], scans


def test_todays_queue_finds_the_day_through_the_arrival_index(demo: Database, clock: Clock):
    with demo.write() as session:
        actor = desk_actor(session, clock, Role.RECEPTION)
    plans = _plans(demo, lambda s: todays_queue(s, actor, clock))
    _assert_uses(plans, "ix_visit_arrival_at")


def test_check_ins_today_seek_the_person_and_day(demo: Database, clock: Clock):
    with demo.read() as session:
        person_id = session.scalar(select(Visit.person_id).where(Visit.person_id.is_not(None)))
    assert person_id is not None
    plans = _plans(demo, lambda s: check_ins_today(s, clock, person_id))
    _assert_uses(plans, "ix_visit_person_arrival")
    assert any("person_id=? AND arrival_at>? AND arrival_at<?" in step for _, step in plans)


def test_a_persons_file_reads_their_visits_newest_first_from_the_index(
    demo: Database, clock: Clock
):
    with demo.write() as session:
        actor = desk_actor(session, clock, Role.NURSE)
        person_id = session.scalar(select(Visit.person_id).where(Visit.person_id.is_not(None)))
    assert person_id is not None
    plans = _plans(demo, lambda s: person_overview(s, actor, clock, person_id))
    _assert_uses(plans, "ix_visit_person_arrival")
    assert not any("TEMP B-TREE FOR ORDER BY" in step for _, step in plans), plans


def test_search_walks_the_terms_key(demo: Database, clock: Clock):
    # search_term is WITHOUT ROWID: its primary key (term, person) is the table, and a typed
    # prefix is a range of it (as `walked`, the alias the search gives it, or by name).
    prefix_walk = re.compile(
        r"SEARCH (search_term|walked) USING PRIMARY KEY \(term>\? AND term<\?\)"
    )
    with demo.write() as session:
        actor = desk_actor(session, clock, Role.RECEPTION)
    for query in ("a", "k7 19", "1990"):
        plans = _plans(demo, lambda s, q=query: find_persons(s, actor, q))
        assert any(prefix_walk.match(step) for _, step in plans), plans
        _assert_no_scan(plans)


def test_the_worklist_starts_from_the_status_index(demo: Database, clock: Clock):
    with demo.write() as session:
        actor = desk_actor(session, clock, Role.NURSE)
    plans = _plans(demo, lambda s: worklist(s, actor, clock, WorklistFilter()))
    _assert_uses(plans, "ix_vaccine_forecast_status_earliest")
    _assert_uses(plans, "ix_visit_arrival_at")  # today's queue, joined in


def test_the_appointments_of_a_day_are_found_by_day(demo: Database, clock: Clock):
    with demo.write() as session:
        actor = desk_actor(session, clock, Role.RECEPTION)
    today = clock.today()
    plans = _plans(demo, lambda s: appointments_between(s, actor, today, today))
    _assert_uses(plans, "ix_vaccine_appointment_day")


def test_audit_pages_by_time_read_the_time_index(demo: Database, clock: Clock):
    with demo.write() as session:
        actor = desk_actor(session, clock, Role.ADMIN)
    since = clock.today() - dt.timedelta(days=7)
    plans = _plans(demo, lambda s: audit_rows(s, actor, clock, AuditFilter(since=since)))
    _assert_uses(plans, "ix_audit_event_at")


@pytest.mark.parametrize(
    ("role", "indexes"),
    [
        (
            Role.NURSE,
            (
                "ix_visit_person_arrival",
                "ix_consultation_person_written",
                "ix_rapid_test_person_read",
                "ix_referral_person",
            ),
        ),
        (Role.SOCIAL, ("ix_consultation_person_written", "ix_pathway_person")),
    ],
)
def test_the_persons_file_seeks_each_kind_of_record_by_person(
    demo: Database, clock: Clock, role: Role, indexes: tuple[str, ...]
):
    """Opening a file reads the person's rows of each table through its person index, so a
    file opens as fast among a million visits as among a thousand (issue 12's benchmark)."""
    with demo.write() as session:
        actor = desk_actor(session, clock, role)
        most = select(Consultation.person_id).group_by(Consultation.person_id)
        person_id = session.scalar(most.order_by(func.count().desc()).limit(1))
    assert person_id is not None
    plans = _plans(demo, lambda s: read_person_file(s, actor, clock, person_id))
    for index in indexes:
        _assert_uses(plans, index)
