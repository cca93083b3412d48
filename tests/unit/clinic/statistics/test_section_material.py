"""The material section (issue 15) on two hand-built years in Rome, 2025 beside 2024. Every
expected number is counted by hand from the list below, the reason beside it.

Hand-outs (rows written as `clinic.materials.hand_out` leaves them: a distribution and one
movement per item, at its instant; times are Rome's):
- A (woman): 10 condoms and 5 lubricant sachets on 1 Mar 2025; 4 condoms on 1 Jul 2025;
  3 condoms on 5 May 2024.
- B, merged into C: a leaflet in Italian on 2 Feb 2025. C: 2 condoms on 9 Sep 2025.
- D: a lubricant sachet at 00:30 on 1 Jan 2025 (23:30 on 31 Dec 2024 in UTC: 2025's).
- E, erased: 6 condoms on 4 Apr 2025.
- Without a record: 20 condoms and 2 bus tickets (an item the clinic added, no code, named
  "Bus ticket" in English and "Biglietto del bus" in Italian) on 5 May 2025; 4 lubricant
  sachets on 10 Oct 2024.
- An outreach session's bag, for 8 people counted together, on 6 Jun 2025: 40 condoms, 10 of
  them taken back by the session's amendment that evening.
Not hand-outs: 500 condoms received on 2 Jan 2025; a Gardasil dose taken out of the fridge on
3 Mar 2025.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.audit.transactions import writing
from clinic.i18n.translator import Translator
from clinic.staff.vocabulary import Role
from clinic.statistics.scope import Scope
from clinic.statistics.sections import material
from clinic.statistics.tables import Period, Section, Table
from db.models.materials import (
    Distribution,
    StockItem,
    StockItemName,
    StockMovement,
    StockPlace,
)
from db.models.outreach import OutreachSession
from db.models.registry import Person
from tests.conftest import NOW
from tests.unit.clinic.statistics.street_year import local


def _build(session: Session, staff: int) -> dict[str, int]:
    """Write the hand-outs above; returns the item ids by code (the bus ticket's: "bus")."""
    items = {i.code: i.id for i in session.scalars(select(StockItem)) if i.code}
    items["bus"] = _bus_ticket(session)
    places = {p.code: p.id for p in session.scalars(select(StockPlace))}
    people = {code: _person(session, code, status) for code, status in _STATUSES.items()}
    session.get_one(Person, people["B"]).merged_into_id = people["C"]
    hand = _Hands(session, staff, places["dispensary"], items)
    hand.out(people["A"], local(2025, 3, 1), male_condom=10, lubricant=5)
    hand.out(people["A"], local(2025, 7, 1), male_condom=4)
    hand.out(people["A"], local(2024, 5, 5), male_condom=3)
    hand.out(people["B"], local(2025, 2, 2), leaflet_it=1)
    hand.out(people["C"], local(2025, 9, 9), male_condom=2)
    hand.out(people["D"], local(2025, 1, 1, 0, 30), lubricant=1)
    hand.out(people["E"], local(2025, 4, 4), male_condom=6)
    hand.out(None, local(2025, 5, 5), male_condom=20, bus=2)
    hand.out(None, local(2024, 10, 10), lubricant=4)
    _outreach(hand, places["outreach_bag"])
    _not_handed_out(hand, items)
    session.flush()
    return items


_STATUSES = {"A": "active", "B": "merged", "C": "active", "D": "active", "E": "erased"}


class _Hands:
    def __init__(self, session: Session, staff: int, place: int, items: dict[str, int]) -> None:
        self.session, self.staff, self.place, self.items = session, staff, place, items

    def out(self, person: int | None, at: dt.datetime, **quantities: int) -> Distribution:
        row = Distribution(at=at, by_id=self.staff, place_id=self.place, person_id=person)
        if person is None:
            row.gender, row.age_band = "woman", "25_34"
        self.session.add(row)
        self.session.flush()
        for code, quantity in quantities.items():
            self.move("distribution", at, code, -quantity, distribution_id=row.id)
        return row

    def move(self, kind: str, at: dt.datetime, code: str, quantity: int, **more: object) -> None:
        self.session.add(
            StockMovement(
                at=at,
                by_id=self.staff,
                kind=kind,
                place_id=more.pop("place_id", self.place),
                item_id=self.items[code],
                quantity=quantity,
                **more,
            )
        )


def _outreach(hand: _Hands, bag: int) -> None:
    starts = local(2025, 6, 6, 15)
    outing = OutreachSession(
        kind="street",
        day=dt.date(2025, 6, 6),
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        shift="day",
        created_by_id=hand.staff,
        created_at=starts,
    )
    hand.session.add(outing)
    hand.session.flush()
    row = Distribution(at=starts, by_id=hand.staff, place_id=bag, contacts=8, session_id=outing.id)
    hand.session.add(row)
    hand.session.flush()
    hand.move("distribution", starts, "male_condom", -40, distribution_id=row.id, place_id=bag)
    back = local(2025, 6, 6, 20)
    hand.move("distribution", back, "male_condom", 10, distribution_id=row.id, place_id=bag)


def _not_handed_out(hand: _Hands, items: dict[str, int]) -> None:
    hand.move("receipt", local(2025, 1, 2), "male_condom", 500, source="Donor")
    vaccine = hand.session.scalars(
        select(StockItem.id).where(StockItem.vaccine_product_id.is_not(None))
    ).first()
    assert vaccine is not None
    items["vaccine"] = vaccine
    hand.move("dose", local(2025, 3, 3), "vaccine", -1)


def _bus_ticket(session: Session) -> int:
    item = StockItem(category="other", unit="piece", position=90)
    session.add(item)
    session.flush()
    for language, name in (("en", "Bus ticket"), ("it", "Biglietto del bus")):
        session.add(StockItemName(item_id=item.id, language=language, name=name))
    return item.id


def _person(session: Session, code: str, status: str) -> int:
    person = Person(
        code=f"MAT-{code}",
        gender="woman",
        birth_year=1990,
        engagement="not_stated",
        first_contact=dt.date(2024, 1, 1),
        contact_channel="self",
        status=status,
        created_at=NOW,
        updated_at=NOW,
    )
    session.add(person)
    session.flush()
    return person.id


@pytest.fixture
def items(database, clock, actors) -> dict[str, int]:
    with writing(database, clock) as session:
        return _build(session, actors[Role.ADMIN].staff_id)


def _section(database, clock, language: str = "en") -> Section:
    with database.read() as session:
        scope = Scope(session, clock, Translator(language), Period.year(2025), Period.year(2024))
        return material.section(scope)


def _table(made: Section, key: str) -> Table:
    return next(table for table in made.tables if table.key == key)


def test_units_by_item_and_to_whom(database, clock, items):
    made = _section(database, clock)
    table = _table(made, "material.by_item_and_recipient")
    bus = f"item-{items['bus']}"
    # Items handed out in either year, in the catalogue's order (the vaccine dose is none).
    assert [row.key for row in table.rows] == ["male_condom", "lubricant", "leaflet_it", bus]
    assert [column.key for column in table.columns] == ["person", "anonymous", "outreach"]
    assert table.current == (
        # A 10 + 4, C 2; E's 6 (erased) and 20 without a record; the bag's 40 less 10 back.
        (16, 26, 30),
        # A 5, D 1 (00:30 on New Year's Day, Rome).
        (6, 0, 0),
        # B's, merged into C: still a registered person's.
        (1, 0, 0),
        (0, 2, 0),
    )
    assert table.previous == ((3, 0, 0), (0, 4, 0), (0, 0, 0), (0, 0, 0))
    assert table.rows[3].label == "Bus ticket"
    # The same items whoever received them: 16 + 26 + 30 condoms, and so on.
    units = _table(made, "material.by_item")
    assert units.current == ((72,), (6,), (1,), (2,))
    assert units.previous == ((3,), (4,), (0,), (0,))


def test_headline_units_and_persons(database, clock, items):
    table = _table(_section(database, clock), "material")
    assert [row.key for row in table.rows] == ["units", "units_to_persons", "persons"]
    # 2025: 30 + 6 + 1 + 2 + 26 + 16 = 81 units, 16 + 6 + 1 = 23 of them to registered
    # persons: A, C (and B, merged into her: once), D; E is erased. 2024: 3 + 4; A alone.
    assert table.current == ((81,), (23,), (3,))
    assert table.previous == ((7,), (3,), (1,))


def test_items_are_named_in_the_reports_language(database, clock, items):
    table = _table(_section(database, clock, "it"), "material.by_item")
    labels = {row.key: row.label for row in table.rows}
    assert labels["male_condom"] == "Preservativo"
    assert labels[f"item-{items['bus']}"] == "Biglietto del bus"
