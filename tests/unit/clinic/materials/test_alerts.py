"""What the desk warns of (issue 13): below a threshold, lasting under two weeks at the last 8
weeks' rate, and lots expiring within the clinic's days (60 unless set otherwise)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from clinic.audit.transactions import writing
from clinic.materials.alerts import Expiring, LowStock, stock_alerts
from clinic.materials.hand_out import HandOutForm, hand_out
from clinic.staff.vocabulary import Role
from db.models.materials import StockThreshold
from tests.unit.clinic.materials.conftest import place_id, receive


def _at(clock, days: int):
    return dataclasses.replace(clock, fixed=clock.now() + dt.timedelta(days=days))


def test_low_stock_days_left_and_lots_about_to_expire(database, clock, actors, world, items):
    month_ago = _at(clock, -30)
    receive(database, month_ago, actors, "lubricant", 30)
    receive(database, clock, actors, "pregnancy_test", 5, lot_number="SOON", expiry="09/05/2026")
    receive(database, clock, actors, "pregnancy_test", 5, lot_number="LATER", expiry="10/05/2026")
    nurse = actors[Role.NURSE]
    with writing(database, _at(clock, -10)) as session:
        dispensary = place_id(session)
        # 56 condoms (of the world's 1,000) and 28 sachets in the last 8 weeks: 1 and 0.5 a day.
        for code, quantity in (("male_condom", 56), ("lubricant", 28)):
            form = HandOutForm(
                {items[code]: str(quantity)},
                person_id=world.person_id,
                override_reason="A group of colleagues",
            )
            hand_out(session, nurse, _at(clock, -10), form)
        session.add(StockThreshold(place_id=dispensary, item_id=items["male_condom"], minimum=950))
    with database.read() as session:
        alerts = stock_alerts(session, actors[Role.RECEPTION], clock)
    assert alerts.low == (
        LowStock(dispensary, items["male_condom"], 944, 950, 944),  # below its threshold
        LowStock(dispensary, items["lubricant"], 2, None, 4),  # 2 left at half a day: 4 days
    )
    # Today is 10/03/2026: 09/05 is 60 days away (flagged), 10/05 is 61 (not yet).
    [soon] = alerts.expiring
    assert (soon.lot_number, soon.expiry, soon.quantity) == ("SOON", dt.date(2026, 5, 9), 5)
    assert isinstance(soon, Expiring)
