"""What the stock list says of each lot: empty, expired, or expiring within 30 days."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from clinic.staff.vocabulary import Role
from clinic.vaccinations.stock import Lot, LotForm, LotState, list_lots, list_products, receive_lot

TODAY = dt.date(2026, 3, 10)


def a_lot(expiry: dt.date, quantity: int = 10) -> Lot:
    return Lot(1, 1, "Engerix-B 20", "EN-1", expiry, quantity)


@pytest.mark.parametrize(
    ("expiry", "quantity", "expected"),
    [
        (dt.date(2027, 1, 1), 10, None),
        (dt.date(2026, 4, 10), 10, None),  # 31 days ahead
        (dt.date(2026, 4, 9), 10, LotState.EXPIRES_SOON),  # 30 days ahead
        (TODAY, 10, LotState.EXPIRES_SOON),  # may still be given today
        (dt.date(2026, 3, 9), 10, LotState.EXPIRED),
        (dt.date(2027, 1, 1), 0, LotState.EMPTY),
        (dt.date(2026, 3, 9), 0, LotState.EMPTY),  # nothing left to throw away
    ],
)
def test_a_lot_says_whether_it_is_empty_expired_or_expiring_soon(expiry, quantity, expected):
    assert a_lot(expiry, quantity).state(TODAY) is expected


def test_the_stock_list_flags_a_lot_received_a_fortnight_before_its_expiry(database, actors, clock):
    nurse = actors[Role.NURSE]
    with database.write() as session:
        havrix = next(p for p in list_products(session, nurse) if p.name.startswith("Havrix"))
        for number, expiry in (("SOON", "24/03/2026"), ("LATER", "31/12/2027")):
            receive_lot(session, nurse, clock, LotForm(havrix.id, number, expiry, "5"), "en_GB")
    a_month_on = dataclasses.replace(clock, fixed=clock.now() + dt.timedelta(days=30))

    with database.read() as session:
        lots = list_lots(session, nurse)

    today, later = clock.today(), a_month_on.today()
    assert [(lot.lot_number, lot.state(today)) for lot in lots] == [
        ("SOON", LotState.EXPIRES_SOON),
        ("LATER", None),
    ]
    assert [lot.state(later) for lot in lots] == [LotState.EXPIRED, None]
