"""The worklist sorted by any of its columns in its query, as a nurse reads each column, and read
page by page in that order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from clinic.desk.checkin import check_in
from clinic.desk.vocabulary import VisitReason
from clinic.i18n.translator import translator
from clinic.staff.vocabulary import Role
from clinic.vaccinations.appointments import AppointmentForm, book_appointment
from clinic.vaccinations.status import FORECAST_GROUPS
from clinic.vaccinations.words import groups_by_name, vaccine_group_text
from clinic.vaccinations.worklist import (
    URGENCY_ORDER,
    WorklistFilter,
    WorklistOrder,
    WorklistRow,
    WorklistSort,
    worklist,
)
from tests.vaccination_steps import give_before, register

# Six people with a series open: HPV, hepatitis B and hepatitis A, started on different days
# (some overdue, some due, some with no late date), one alias left empty.
SERIES = [
    ("MIKA", "Zoe", "Gardasil", dt.date(2025, 11, 10)),
    ("ALBA", "Mia", "Engerix", dt.date(2026, 1, 2)),
    ("ZETA", "", "Gardasil", dt.date(2025, 12, 1)),
    ("BRUNO", "Ada", "Engerix", dt.date(2026, 1, 20)),
    ("COCO", "Lia", "Havrix", dt.date(2025, 6, 1)),
    ("DORA", "Eva", "Havrix", dt.date(2025, 12, 15)),
]
WANTED = WorklistFilter(days_ahead=365, followed_months=None)  # all six, coming up or not
ITALIAN = translator("it")
ITALIAN_VACCINES = tuple(sorted(FORECAST_GROUPS, key=lambda g: vaccine_group_text(ITALIAN, g)))


def _last_if_empty(day: Callable[[WorklistRow], dt.date | None]) -> Callable[[WorklistRow], Any]:
    return lambda r: (day(r) is None, day(r) or r.earliest)


# What a nurse expects each column to sort by, written from the screen's point of view.
EXPECTED: dict[WorklistSort, Callable[[WorklistRow], Any]] = {
    WorklistSort.URGENCY: lambda r: (URGENCY_ORDER[r.urgency], r.earliest),
    WorklistSort.CODE: lambda r: r.code,
    WorklistSort.ALIAS: lambda r: r.alias or "",
    WorklistSort.QUEUE: lambda r: 0 if r.here else 2 if r.queue_today is None else 1,
    WorklistSort.VACCINE: lambda r: vaccine_group_text(ITALIAN, r.vaccine_group),
    WorklistSort.DOSE: lambda r: r.dose_number or 0,
    WorklistSort.EARLIEST: lambda r: r.earliest,
    WorklistSort.RECOMMENDED: lambda r: r.recommended or r.earliest,
    WorklistSort.PAST_DUE: _last_if_empty(lambda r: r.past_due),
    WorklistSort.LAST_DOSE: _last_if_empty(lambda r: r.last_dose_on),
    WorklistSort.APPOINTMENT: _last_if_empty(lambda r: r.appointment),
}


@pytest.fixture
def nurse(actors):
    return actors[Role.NURSE]


@pytest.fixture
def varied(database, clock, reception, nurse) -> list[WorklistRow]:
    """SERIES given, DORA waiting in today's queue, ALBA booked for her next dose; the whole
    list in its default order."""
    ids = {}
    for code, alias, product, day in SERIES:
        ids[code] = register(database, reception, clock, code, alias, "03/11/1991")
        give_before(database, nurse, clock, ids[code], product, day)
    with database.write() as session:
        check_in(session, reception, clock, ids["DORA"], [VisitReason.MEDICAL])
        form = AppointmentForm("HepB", "20/03/2026")
        book_appointment(session, nurse, clock, ids["ALBA"], form, "en_GB")
    with database.read() as session:
        return worklist(session, nurse, clock, WANTED)


def test_the_fixture_has_what_the_orders_need(varied):
    assert len(varied) == len(SERIES)
    assert any(r.here for r in varied)
    assert any(r.appointment for r in varied)
    assert any(r.past_due is None for r in varied)
    assert any(r.past_due for r in varied)
    assert not any(r.alias for r in varied if r.code == "ZETA")


@pytest.mark.parametrize("by", list(WorklistSort))
@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
def test_each_column_sorts_the_whole_list_as_it_reads(
    database, nurse, clock, varied, by, descending
):
    """Rows that tie keep the default order (overdue first, earliest first), either way."""
    order = WorklistOrder(by, descending, ITALIAN_VACCINES)
    with database.read() as session:
        rows = worklist(session, nurse, clock, WANTED, order=order)
    # Python's sort is stable, also reversed: ties stay in the default order.
    assert rows == sorted(varied, key=EXPECTED[by], reverse=descending)


@pytest.mark.parametrize(
    "by", [WorklistSort.CODE, WorklistSort.ALIAS, WorklistSort.VACCINE, WorklistSort.PAST_DUE]
)
def test_a_sorted_list_is_not_the_default_one(database, nurse, clock, varied, by):
    """The data can tell the orders apart: each of these differs from the default."""
    assert sorted(varied, key=EXPECTED[by]) != varied


@pytest.mark.parametrize("by", [WorklistSort.APPOINTMENT, WorklistSort.DOSE, WorklistSort.QUEUE])
def test_pages_of_a_sorted_list_follow_each_other(database, nurse, clock, varied, by):
    """Orders where rows tie (one appointment, doses 2 and 3, one person here): page by page,
    every row once, in the order a nurse expects."""
    order = WorklistOrder(by, descending=True)
    with database.read() as session:
        pages = [
            worklist(session, nurse, clock, WANTED, order=order, start=start, count=2)
            for start in range(0, len(varied), 2)
        ]
    assert [row for page in pages for row in page] == sorted(varied, key=EXPECTED[by], reverse=True)
    assert all(len(page) == 2 for page in pages)


def test_the_vaccine_column_follows_the_names_in_the_language_shown(database, nurse, clock, varied):
    """Hepatitis A, hepatitis B and HPV in Italian ("Epatite A", "Epatite B", "HPV") and in an
    order given backwards: the query follows the order given, not the groups' codes."""
    backwards = tuple(reversed(ITALIAN_VACCINES))
    order = WorklistOrder(WorklistSort.VACCINE, vaccines=backwards)
    with database.read() as session:
        rows = worklist(session, nurse, clock, WANTED, order=order)
    seen = list(dict.fromkeys(r.vaccine_group for r in rows))
    assert seen == [group for group in backwards if group in seen]


def test_vaccines_are_in_the_order_a_french_reader_expects():
    """ "Hépatite A" and "Hépatite B" before "HPV": the accent is not a letter after "P"."""
    french = translator("fr")
    assert groups_by_name(french, ["HPV", "HepB", "HepA"]) == ("HepA", "HepB", "HPV")
    assert groups_by_name(ITALIAN, ["HPV", "HepB", "HepA"]) == ("HepA", "HepB", "HPV")
