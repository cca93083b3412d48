"""The vaccinations section (issue 15) on two hand-built years, 2025 beside 2024 (the clock
says 10 March 2026, so both periods have ended; each ends on its 31 December). Every expected
number is counted by hand from the list below, the reason beside it.

Persons (all women born 1 Jan 1985, 39-40 years old: HPV's adult 3-dose series, hepatitis A's
and B's adult series; "here" = given by the clinic, Engerix-B is cvx 43, Havrix 52, Twinrix 104,
Gardasil 9 165, Td 113):
- P: HPV here 1 Feb, 1 Mar and 1 Aug 2024: started and completed in 2024 (3rd dose 12 weeks
  after the 2nd and 5 months after the 1st).
- Q: HPV here 3 Mar 2025, nothing since: dose 2 past due 16 weeks less a day after dose 1
  (reference case 2024-0017): 22 Jun 2025, overdue on 31 Dec 2025.
- R: Havrix given ELSEWHERE 1 May 2024; here 15 Jan 2025 (6 months after): completed here in
  2025, started here never.
- S: Engerix-B here 1 Oct and 1 Nov 2024, 1 Mar 2025: started 2024, completed 2025; an adult's
  hepatitis B dose has no past-due date (reference case 2022-0047), never overdue.
- T, merged into U: HPV here 1 Jun 2024 (T's record). U: HPV here 10 Jan 2025. One person, U:
  started 2024; overdue on 31 Dec 2024 (dose 2 past due 20 Sep 2024) and on 31 Dec 2025 (dose
  3 past due in 2025 whichever rule: 8 months after dose 1, 30 weeks after dose 2).
- W, erased: HPV here 5 May 2025: a dose, never a person.
- X: Havrix here 10 Nov 2022 only: dose 2 past due in July 2024 (reference case 2019-0011:
  20 months after), but her last dose is over 24 months before either end: not followed, not
  overdue.
- Y: refused hepatitis B on 1 Apr 2024 ("later") and 1 Apr 2025 ("declined"); a refusal of
  1 May 2025 ("medical") and an Engerix-B dose of 2 May 2025 both entered in error; Td here
  9 Sep 2025, recorded without its dose number.
- Z: Twinrix here 22 Dec 2025: starts hepatitis A and B (nothing is past due nine days after
  a first dose).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.audit.transactions import writing
from clinic.i18n.translator import Translator
from clinic.staff.vocabulary import Role
from clinic.statistics.scope import Scope
from clinic.statistics.sections import vaccinations
from clinic.statistics.tables import Period, Section
from db.models.registry import Person
from db.models.vaccinations import Vaccination, VaccineProduct
from tests.conftest import NOW

D = dt.date
# code: (status, [(cvx or None for a refusal, given on, dose number, options)])
DOSES: Mapping[str, tuple[str, list[tuple[str | None, dt.date, int | None, dict[str, object]]]]] = {
    "P": ("active", [("165", D(2024, 2, 1), 1, {}), ("165", D(2024, 3, 1), 2, {})]),
    "Q": ("active", [("165", D(2025, 3, 3), 1, {})]),
    "R": (
        "active",
        [("52", D(2024, 5, 1), 1, {"given_elsewhere": True}), ("52", D(2025, 1, 15), 2, {})],
    ),
    "S": (
        "active",
        [
            ("43", D(2024, 10, 1), 1, {}),
            ("43", D(2024, 11, 1), 2, {}),
            ("43", D(2025, 3, 1), 3, {}),
        ],
    ),
    "T": ("merged", [("165", D(2024, 6, 1), 1, {})]),
    "U": ("active", [("165", D(2025, 1, 10), 2, {})]),
    "W": ("erased", [("165", D(2025, 5, 5), 1, {})]),
    "X": ("active", [("52", D(2022, 11, 10), 1, {})]),
    "Y": (
        "active",
        [
            (None, D(2024, 4, 1), None, {"refusal_reason": "later"}),
            (None, D(2025, 4, 1), None, {"refusal_reason": "declined"}),
            (None, D(2025, 5, 1), None, {"refusal_reason": "medical", "entered_in_error": True}),
            ("43", D(2025, 5, 2), 1, {"entered_in_error": True}),
            ("113", D(2025, 9, 9), None, {}),
        ],
    ),
    "Z": ("active", [("104", D(2025, 12, 22), 1, {})]),
}
P_THIRD = ("165", D(2024, 8, 1), 3, {})


def _build(session: Session, staff_id: int) -> dict[str, int]:
    products = {
        p.cvx: p for p in session.scalars(select(VaccineProduct).order_by(VaccineProduct.id))
    }
    ids: dict[str, int] = {}
    for code, (status, doses) in DOSES.items():
        person = Person(
            code=f"VAC-{code}",
            gender="woman",
            birth_date=D(1985, 1, 1),
            birth_year=1985,
            engagement="not_stated",
            first_contact=D(2022, 1, 1),
            contact_channel="self",
            status=status,
            created_at=NOW,
            updated_at=NOW,
        )
        session.add(person)
        session.flush()
        ids[code] = person.id
        for cvx, day, number, options in doses + ([P_THIRD] if code == "P" else []):
            session.add(_dose(products, person.id, staff_id, cvx, day, number, options))
    session.get_one(Person, ids["T"]).merged_into_id = ids["U"]
    session.flush()
    return ids


def _dose(
    products: Mapping[str, VaccineProduct],
    person_id: int,
    staff_id: int,
    cvx: str | None,
    day: dt.date,
    number: int | None,
    options: dict[str, object],
) -> Vaccination:
    product = products[cvx] if cvx else None
    reason = options.get("refusal_reason")
    return Vaccination(
        person_id=person_id,
        vaccine_group=product.vaccine_group if product else "HepB",
        product_id=product.id if product else None,
        dose_number=number,
        given_on=day,
        given_elsewhere=bool(options.get("given_elsewhere", False)),
        refused=reason is not None,
        refusal_reason=reason,
        entered_in_error=bool(options.get("entered_in_error", False)),
        recorded_at=NOW,
        recorded_by_id=staff_id,
    )


@pytest.fixture
def made(database, clock, actors) -> Section:
    with writing(database, clock) as session:
        _build(session, actors[Role.NURSE].staff_id)
    with database.read() as session:
        scope = Scope(session, clock, Translator("en"), Period.year(2025), Period.year(2024))
        return vaccinations.section(scope)


def _table(made: Section, key: str):
    return next(table for table in made.tables if table.key == key)


def test_headline_counts_doses_persons_series_and_refusals(made):
    headline = _table(made, "vaccinations")
    rows = [row.key for row in headline.rows]
    now = dict(zip(rows, (cell[0] for cell in headline.current), strict=True))
    before = dict(zip(rows, (cell[0] for cell in headline.previous), strict=True))
    # 2025 given here: Q, R, S, U, W (erased: still a dose), Z, Y's Td; not Y's dose in error.
    # 2024: P's three, S's two, T's one; R's dose elsewhere is not the clinic's.
    assert (now["doses"], before["doses"]) == (7, 6)
    # 2025: Q, R, S, U, Y, Z (W erased). 2024: P, S, and U through T's record.
    assert (now["persons_vaccinated"], before["persons_vaccinated"]) == (6, 3)
    # Started 2025: Q (HPV), Z (A and B: once). 2024: P, U (T's dose), S; R's was elsewhere.
    assert (now["persons_started"], before["persons_started"]) == (2, 3)
    # Completed 2025: R (hepatitis A), S (hepatitis B). 2024: P.
    assert (now["persons_completed"], before["persons_completed"]) == (2, 1)
    # Overdue 31 Dec 2025: Q and U. 31 Dec 2024: U. X is no longer followed.
    assert (now["persons_overdue"], before["persons_overdue"]) == (2, 1)
    # Y's "declined" of 2025 (the "medical" one was entered in error); "later" in 2024.
    assert (now["refusals"], before["refusals"]) == (1, 1)


def test_doses_by_vaccine_and_dose_number(made):
    table = _table(made, "vaccinations.by_vaccine")
    # The groups given in either year, in the catalogue's order; doses 1 to 3 and Y's Td
    # recorded without a number.
    assert [row.key for row in table.rows] == ["HepB", "HepA", "HPV", "HepA-HepB", "Td"]
    assert [column.key for column in table.columns] == ["1", "2", "3", "unknown"]
    assert table.current == (
        (0, 0, 1, 0),  # S's third
        (0, 1, 0, 0),  # R's second (her first was elsewhere)
        (2, 1, 0, 0),  # Q's and W's first, U's second
        (1, 0, 0, 0),  # Z's Twinrix
        (0, 0, 0, 1),  # Y's Td
    )
    assert table.previous == (
        (1, 1, 0, 0),  # S
        (0, 0, 0, 0),
        (2, 1, 1, 0),  # P's three, T's first
        (0, 0, 0, 0),
        (0, 0, 0, 0),
    )
    assert table.rows[3].label == "Hepatitis A and B"


def test_series_by_group_started_completed_overdue(made):
    table = _table(made, "vaccinations.series")
    assert [row.key for row in table.rows] == ["HepB", "HepA", "HPV"]
    assert [column.key for column in table.columns] == ["started", "completed", "overdue"]
    assert table.current == (
        (1, 1, 0),  # Z started (Twinrix); S completed
        (1, 1, 0),  # Z started; R completed (a dose here completing one begun elsewhere)
        (1, 0, 2),  # Q started; Q and U overdue (W erased)
    )
    assert table.previous == (
        (1, 0, 0),  # S started
        (0, 0, 0),  # R's first dose was elsewhere; X not followed
        (2, 1, 1),  # P and U (T) started; P completed; U overdue
    )


def test_refusals_by_reason_show_every_reason(made):
    table = _table(made, "vaccinations.refusals_by_reason")
    assert [row.key for row in table.rows] == ["declined", "later", "medical", "elsewhere", "other"]
    assert table.current == ((1,), (0,), (0,), (0,), (0,))
    assert table.previous == ((0,), (1,), (0,), (0,), (0,))
    assert table.whole
