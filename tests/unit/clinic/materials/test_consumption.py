"""Monthly consumption (issue 13): what went out to people, per item, place and month of the
clinic's calendar, and its CSV and XLSX exports that a spreadsheet cannot turn into formulas."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from clinic.audit.transactions import writing
from clinic.common.errors import PermissionDeniedError
from clinic.i18n.translator import translator
from clinic.materials import ledger, stock
from clinic.materials.consumption import (
    Consumed,
    consumption_csv,
    consumption_xlsx,
    monthly_consumption,
)
from clinic.materials.hand_out import HandOutForm, hand_out
from clinic.staff.vocabulary import Role
from db.models.materials import StockItem, StockItemName
from db.vocabulary.materials import AdjustmentReason, MovementKind
from tests.unit.clinic.materials.conftest import place_id, receive

EN = translator("en")


def _at(clock, year, month, day, hour, minute=0):
    """The clock stopped at that instant, given in UTC."""
    return dataclasses.replace(
        clock, fixed=dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)
    )


def _hand_out(database, clock, actor, quantities, place="dispensary", contacts="1"):
    with writing(database, clock) as session:
        form = HandOutForm(
            {item: str(count) for item, count in quantities.items()},
            place_id=place_id(session, place),
            contacts=contacts,
        )
        hand_out(session, actor, clock, form)


def _consumption(database, clock, actor, year, place=None):
    with database.read() as session:
        where = place_id(session, place) if place else None
        return monthly_consumption(session, actor, clock, year, where)


@pytest.fixture
def year_2025(database, clock, actors, items):
    """A year of the dispensary's and the outreach bag's stock, around its edges in Rome.

    Handed out from the dispensary: 5 condoms at 00:30 on 1 January (23:30 on 31 December in
    UTC), 3 at 23:30 on 31 January (already 1 February in UTC), 4 at 00:30 on 1 February, 2
    at 00:30 on 1 April (summer time: 22:30 on 31 March in UTC), 1 lubricant in January; 7
    condoms at 23:30 on 31 December 2024 and 9 at 00:30 on 1 January 2026 fall outside the year.
    From the outreach bag, 6 condoms to three people met together in June. Receipts, the
    transfer to the bag and a damaged box move stock but are nobody's consumption.
    """
    reception, admin = actors[Role.RECEPTION], actors[Role.ADMIN]
    condom, lube = items["male_condom"], items["lubricant"]
    start = _at(clock, 2024, 12, 1, 9)
    receive(database, start, actors, "male_condom", 200)
    receive(database, start, actors, "lubricant", 20)
    with writing(database, start) as session:
        dispensary, bag = place_id(session), place_id(session, "outreach_bag")
        stock.transfer(session, admin, start, condom, None, dispensary, bag, "20")
        form = stock.AdjustmentForm(condom, dispensary, None, "-10", AdjustmentReason.DAMAGED)
        stock.adjust(session, admin, _at(clock, 2025, 3, 3, 9), form)
    _hand_out(database, _at(clock, 2024, 12, 31, 22, 30), reception, {condom: 7})
    _hand_out(database, _at(clock, 2024, 12, 31, 23, 30), reception, {condom: 5})
    _hand_out(database, _at(clock, 2025, 1, 15, 10), reception, {lube: 1})
    _hand_out(database, _at(clock, 2025, 1, 31, 22, 30), reception, {condom: 3})
    _hand_out(database, _at(clock, 2025, 1, 31, 23, 30), reception, {condom: 4})
    _hand_out(database, _at(clock, 2025, 3, 31, 22, 30), reception, {condom: 2})
    _hand_out(database, _at(clock, 2025, 12, 31, 23, 30), reception, {condom: 9})
    june = _at(clock, 2025, 6, 12, 20)
    _hand_out(database, june, actors[Role.OUTREACH], {condom: 6}, "outreach_bag", contacts="3")
    return dispensary, bag


def test_each_hand_out_counts_in_its_month_in_the_clinics_time_zone(
    database, clock, actors, items, year_2025
):
    dispensary, bag = year_2025
    condom, lube = items["male_condom"], items["lubricant"]
    assert _consumption(database, clock, actors[Role.ADMIN], 2025) == [
        Consumed(condom, dispensary, 1, 5 + 3),
        Consumed(condom, dispensary, 2, 4),
        Consumed(condom, dispensary, 4, 2),
        Consumed(condom, bag, 6, 6),
        Consumed(lube, dispensary, 1, 1),
    ]
    assert _consumption(database, clock, actors[Role.ADMIN], 2024) == [
        Consumed(condom, dispensary, 12, 7)
    ]


def test_one_place_alone(database, clock, actors, items, year_2025):
    _dispensary, bag = year_2025
    nurse = actors[Role.NURSE]
    assert _consumption(database, clock, nurse, 2025, "outreach_bag") == [
        Consumed(items["male_condom"], bag, 6, 6)
    ]


def test_vaccine_doses_count_as_their_own_items_and_a_dose_put_back_counts_back(
    database, clock, actors
):
    nurse = actors[Role.NURSE]
    with writing(database, clock) as session:
        vaccine = session.scalars(
            select(StockItem).where(StockItem.vaccine_product_id.is_not(None)).limit(1)
        ).one()
        lot = ledger.lot_for(session, nurse, clock, vaccine.id, "V-1", dt.date(2027, 1, 31))
        dispensary = place_id(session)
        for kind, quantity in [
            (MovementKind.RECEIPT, 10),
            (MovementKind.DOSE, -1),
            (MovementKind.DOSE, -1),
            (MovementKind.DOSE, -1),
            (MovementKind.DOSE, 1),  # recorded in error: back in the fridge
        ]:
            change = ledger.Change(kind, dispensary, vaccine.id, quantity, lot_id=lot.id)
            ledger.add(session, nurse, clock, change)
        vaccine_id = vaccine.id
    assert _consumption(database, clock, nurse, 2026) == [Consumed(vaccine_id, dispensary, 3, 2)]


def test_reception_sees_no_statistics(database, clock, actors):
    with pytest.raises(PermissionDeniedError):
        _consumption(database, clock, actors[Role.RECEPTION], 2025)


def _name_condoms(database, words):
    with database.write() as session:
        item = session.scalars(select(StockItem.id).where(StockItem.code == "male_condom")).one()
        session.add(StockItemName(item_id=item, language="en", name=words))


def test_the_csv_has_a_line_per_item_and_place_and_guards_formulas(
    database, clock, actors, year_2025
):
    _name_condoms(database, '=HYPERLINK("http://x")')
    with database.read() as session:
        text = consumption_csv(session, actors[Role.ADMIN], clock, 2025, EN)
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == ["Item", "Place", *(f"2025-{m:02d}" for m in range(1, 13)), "Total"]
    guarded = '\'=HYPERLINK("http://x")'
    assert lines[1:] == [
        [guarded, "Dispensary", "8", "4", "0", "2", *["0"] * 8, "14"],
        [guarded, "Outreach bag", *["0"] * 5, "6", *["0"] * 6, "6"],
        ["Lubricant sachet", "Dispensary", "1", *["0"] * 11, "1"],
    ]


def test_the_workbook_keeps_counts_as_numbers_and_names_as_text(database, clock, actors, year_2025):
    _name_condoms(database, "@SUM(A1)")
    with database.read() as session:
        data = consumption_xlsx(session, actors[Role.ADMIN], clock, 2025, EN)
    sheet = load_workbook(io.BytesIO(data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert sheet.title == "2025"
    assert rows[0][:3] == ["Item", "Place", "2025-01"]
    assert rows[1] == ["'@SUM(A1)", "Dispensary", 8, 4, 0, 2, *[0] * 8, 14]
    assert rows[3] == ["Lubricant sachet", "Dispensary", 1, *[0] * 11, 1]
    assert {cell.data_type for row in sheet.iter_rows() for cell in row} == {"s", "n"}
