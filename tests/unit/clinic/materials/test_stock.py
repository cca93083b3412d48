"""Keeping the stock (issue 13): receipts with their lots, transfers between places, adjustments
with a reason, a stocktake that writes the differences. Nothing edits a balance in place: each
change is a movement, and what a place holds is their sum."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from clinic.audit.transactions import writing
from clinic.common.errors import ConflictError, ErrorCode, PermissionDeniedError, ValidationError
from clinic.materials import stock
from clinic.materials.stock import AdjustmentForm, ReceiptForm
from clinic.staff.vocabulary import Role
from db.models.audit import AuditEvent
from db.models.materials import StockLot, StockMovement
from tests.unit.clinic.materials.conftest import on_hand, place_id, receive


def _fields(caught) -> set[tuple[str, str | None]]:
    return {(e.code.value, e.field) for e in caught.value.errors}


def test_a_tracked_item_is_received_with_its_lot_and_expiry(database, clock, actors, items):
    with pytest.raises(ValidationError) as caught:
        receive(database, clock, actors, "pregnancy_test", 30)
    assert _fields(caught) == {("required", "lot_number"), ("required", "expiry")}
    receive(database, clock, actors, "pregnancy_test", 30, lot_number="PT-7", expiry="31/01/2027")
    receive(database, clock, actors, "pregnancy_test", 20, lot_number="PT-7", expiry="31/01/2027")
    with pytest.raises(ValidationError) as caught:  # the same lot cannot change its expiry
        receive(
            database, clock, actors, "pregnancy_test", 5, lot_number="PT-7", expiry="28/02/2027"
        )
    assert _fields(caught) == {("lot_expiry_differs", "expiry")}
    with database.read() as session:
        [lot] = session.scalars(select(StockLot).where(StockLot.item_id == items["pregnancy_test"]))
        assert (lot.lot_number, str(lot.expiry)) == ("PT-7", "2027-01-31")
        assert on_hand(session, "pregnancy_test") == 50


@pytest.mark.parametrize(
    ("quantity", "source", "problem"),
    [
        ("", "", ("required", "quantity")),
        ("0", "", ("count_range", "quantity")),
        ("1000001", "", ("count_range", "quantity")),
        ("12.5", "", ("count_range", "quantity")),
        ("10", "Donor\x07", ("control_characters", "source")),
        ("10", "D" * 81, ("too_long", "source")),
    ],
)
def test_a_bad_receipt_is_refused_next_to_its_field(
    database, clock, actors, items, quantity, source, problem
):
    with database.read() as session:
        form = ReceiptForm(items["syringe"], place_id(session), quantity, source=source)
    with pytest.raises(ValidationError) as caught, writing(database, clock) as session:
        stock.receive(session, actors[Role.ADMIN], clock, form, "en_GB")
    assert _fields(caught) == {problem}


def test_a_transfer_fills_the_outreach_bag_and_cannot_take_more_than_there_is(
    database, clock, actors, items
):
    receive(database, clock, actors, "syringe", 100)
    admin = actors[Role.ADMIN]
    with writing(database, clock) as session:
        dispensary, bag = place_id(session), place_id(session, "outreach_bag")
        out = stock.transfer(session, admin, clock, items["syringe"], None, dispensary, bag, "60")
    with pytest.raises(ConflictError) as caught, writing(database, clock) as session:
        stock.transfer(session, admin, clock, items["syringe"], None, dispensary, bag, "41")
    assert (caught.value.code, caught.value.field, caught.value.params) == (
        ErrorCode.STOCK_SHORT,
        "quantity",  # shown under the quantity typed
        {"available": 40},
    )
    with pytest.raises(ValidationError) as same, writing(database, clock) as session:
        stock.transfer(session, admin, clock, items["syringe"], None, bag, bag, "1")
    assert _fields(same) == {("same_place", "to_place")}
    with database.read() as session:
        assert (on_hand(session, "syringe"), on_hand(session, "syringe", "outreach_bag")) == (
            40,
            60,
        )
        legs = session.execute(
            select(StockMovement.kind, StockMovement.quantity).where(
                StockMovement.transfer_id == out
            )
        ).all()
    assert sorted(legs) == [("transfer_in", 60), ("transfer_out", -60)]


@pytest.mark.parametrize(
    ("change", "problem"),
    [("", "required"), ("-", "required"), ("0", "change_range"), ("three", "change_range"),
     ("-1.5", "change_range"), ("+1000001", "change_range")],
)  # fmt: skip
def test_a_change_that_is_not_a_signed_whole_number_is_refused(
    database, clock, actors, items, change, problem
):
    with database.read() as session:
        form = AdjustmentForm(items["lubricant"], place_id(session), None, change, "damaged")
    with pytest.raises(ValidationError) as caught, writing(database, clock) as session:
        stock.adjust(session, actors[Role.ADMIN], clock, form)
    assert _fields(caught) == {(problem, "change")}


def test_an_adjustment_says_why_and_never_takes_the_stock_below_zero(
    database, clock, actors, items
):
    receive(database, clock, actors, "lubricant", 10)
    admin = actors[Role.ADMIN]
    with writing(database, clock) as session:
        here = place_id(session)
        stock.adjust(
            session, admin, clock, AdjustmentForm(items["lubricant"], here, None, "−3", "damaged")
        )
    with pytest.raises(ValidationError) as caught, writing(database, clock) as session:
        stock.adjust(
            session, admin, clock, AdjustmentForm(items["lubricant"], here, None, "-1", "other")
        )
    assert _fields(caught) == {("required", "note")}
    with pytest.raises(ConflictError), writing(database, clock) as session:
        stock.adjust(
            session, admin, clock, AdjustmentForm(items["lubricant"], here, None, "-8", "lost")
        )
    with database.read() as session:
        assert on_hand(session, "lubricant") == 7


def test_a_stocktake_writes_the_differences_and_leaves_what_was_not_counted(
    database, clock, actors, items
):
    receive(database, clock, actors, "lubricant", 10)
    receive(database, clock, actors, "syringe", 20)
    with writing(database, clock) as session:
        made = stock.stocktake(
            session,
            actors[Role.ADMIN],
            clock,
            place_id(session),
            {
                (items["lubricant"], None): "8",
                (items["syringe"], None): "",
                (items["male_condom"], None): "0",
            },
        )
        reasons = session.execute(
            select(StockMovement.item_id, StockMovement.quantity, StockMovement.reason).where(
                StockMovement.id.in_(made)
            )
        ).all()
    assert reasons == [(items["lubricant"], -2, "stocktake")]  # nothing to write for 0 of 0
    with database.read() as session:
        assert (on_hand(session, "lubricant"), on_hand(session, "syringe")) == (8, 20)


def test_a_stocktake_with_nothing_counted_is_refused_and_records_nothing(
    database, clock, actors, items
):
    with database.read() as session:
        audited = session.scalar(select(func.count()).select_from(AuditEvent))
    blank = {(items["lubricant"], None): " ", (items["syringe"], None): ""}
    with pytest.raises(ValidationError) as caught, writing(database, clock) as session:
        stock.stocktake(session, actors[Role.ADMIN], clock, place_id(session), blank)
    assert _fields(caught) == {("nothing_counted", f"count_{items['lubricant']}_0")}
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == audited


def test_a_nurse_keeps_the_vaccine_lots_not_the_rest_of_the_stock(database, clock, actors, items):
    with database.read() as session:
        form = ReceiptForm(items["syringe"], place_id(session), "10")
    with pytest.raises(PermissionDeniedError), writing(database, clock) as session:
        stock.receive(session, actors[Role.NURSE], clock, form, "en_GB")
