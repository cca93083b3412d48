"""The ledger as the Stock page lists it: newest first, filtered, a page at a time."""

from __future__ import annotations

import datetime as dt

from clinic.audit.transactions import writing
from clinic.common.clock import Clock
from clinic.materials import stock
from clinic.materials.movements import MovementFilter, movements
from clinic.staff.vocabulary import Role
from db.vocabulary.materials import MovementKind
from tests.unit.clinic.materials.conftest import place_id, receive


def test_the_ledger_lists_newest_first_with_its_filters_and_pages(database, clock, actors, items):
    days = [clock.now() - dt.timedelta(days=n) for n in (3, 2, 1)]
    for moment, quantity in zip(days, (10, 20, 30), strict=True):
        receive(database, Clock(clock.zone, moment), actors, "syringe", quantity)
    receive(database, clock, actors, "lubricant", 5)
    with writing(database, clock) as session:
        here, bag = place_id(session), place_id(session, "outreach_bag")
        stock.transfer(session, actors[Role.ADMIN], clock, items["syringe"], None, here, bag, "7")
    reader = actors[Role.RECEPTION]
    with database.read() as session:
        everything = movements(session, reader, clock, MovementFilter())
        syringes_here = movements(
            session, reader, clock, MovementFilter(place_id=here, item_id=items["syringe"])
        )
        receipts = movements(
            session, reader, clock, MovementFilter(kinds=frozenset({MovementKind.RECEIPT}))
        )
        recent = movements(
            session, reader, clock, MovementFilter(since=clock.today() - dt.timedelta(days=1))
        )
        older = movements(
            session, reader, clock, MovementFilter(until=clock.today() - dt.timedelta(days=2))
        )
        second_page = movements(session, reader, clock, MovementFilter(), start=2, count=2)
    assert [m.quantity for m in everything] == [7, -7, 5, 30, 20, 10]
    assert [m.quantity for m in syringes_here] == [-7, 30, 20, 10]
    assert {m.kind for m in receipts} == {MovementKind.RECEIPT}
    assert len(receipts) == 4
    assert [m.quantity for m in recent] == [7, -7, 5, 30]
    assert [m.quantity for m in older] == [20, 10]
    assert [m.quantity for m in second_page] == [5, 30]
    assert everything[0].place_id == bag
    assert everything[0].by
