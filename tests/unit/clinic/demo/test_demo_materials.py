"""The demo's material (issue 13): baskets tied to visits, and a stock ledger that adds up."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from clinic.common.clock import Clock
from clinic.demo.clinic import DemoSummary, generate
from db.engine import Database
from db.models.desk import Visit
from db.models.materials import (
    Distribution,
    StockBalance,
    StockItem,
    StockMovement,
    StockPlace,
)
from db.vocabulary.materials import AdjustmentReason, MovementKind

PERSONS, YEARS, SEED = 300, 2, 77


@pytest.fixture
def demo(database: Database, clock: Clock) -> DemoSummary:
    return generate(database, clock, persons=PERSONS, years=YEARS, seed=SEED)


def _sums(session):
    lot_key = func.coalesce(StockMovement.lot_id, 0)
    rows = session.execute(
        select(
            StockMovement.place_id, StockMovement.item_id, lot_key, func.sum(StockMovement.quantity)
        ).group_by(StockMovement.place_id, StockMovement.item_id, lot_key)
    )
    return {(place, item, lot): total for place, item, lot, total in rows}


def test_every_balance_is_the_sum_of_its_movements_and_none_is_negative(database, demo):
    with database.read() as session:
        balances = {
            (row.place_id, row.item_id, row.lot_key): row.quantity
            for row in session.scalars(select(StockBalance))
        }
        assert balances == _sums(session)
        assert min(balances.values()) >= 0
        assert session.scalar(select(func.count()).where(StockMovement.overdrawn)) == 0
        assert session.scalar(select(func.count()).select_from(StockMovement)) == demo.movements


def test_most_visits_that_ended_take_a_basket_tied_to_them(database, demo):
    with database.read() as session:
        ended = session.scalar(select(func.count()).where(Visit.departed_at.is_not(None)))
        baskets = session.scalar(select(func.count()).where(Distribution.visit_id.is_not(None)))
        assert 0.6 * ended < baskets <= ended
        mismatched = session.scalar(
            select(func.count())
            .select_from(Distribution)
            .join(Visit, Visit.id == Distribution.visit_id)
            .where(Visit.person_id.is_not(Distribution.person_id))
        )
        assert mismatched == 0
        empty = session.scalar(
            select(func.count())
            .select_from(Distribution)
            .where(
                ~select(StockMovement.id)
                .where(StockMovement.distribution_id == Distribution.id)
                .exists()
            )
        )
        assert empty == 0


def test_receipts_outreach_stocktakes_and_expired_lots_are_there(database, demo):
    with database.read() as session:
        kinds: dict[str, int] = dict(
            session.execute(
                select(StockMovement.kind, func.count()).group_by(StockMovement.kind)
            ).all()
        )
        reasons: dict[str | None, int] = dict(
            session.execute(
                select(StockMovement.reason, func.count())
                .where(StockMovement.kind == MovementKind.ADJUSTMENT.value)
                .group_by(StockMovement.reason)
            ).all()
        )
        outings = session.scalar(
            select(func.count()).where(
                Distribution.session_id.is_not(None), Distribution.contacts > 1
            )
        )
        funded = session.scalar(
            select(func.count()).where(
                StockMovement.kind == MovementKind.RECEIPT.value, StockMovement.funder.is_not(None)
            )
        )
        wipes = session.scalar(select(StockItem.id).where(StockItem.code == "wet_wipes"))
        weekly = session.scalar(
            select(func.count())
            .select_from(StockMovement)
            .join(Distribution, Distribution.id == StockMovement.distribution_id)
            .where(StockMovement.item_id == wipes, StockMovement.quantity != -1)
        )
    assert kinds[MovementKind.TRANSFER_OUT.value] == kinds[MovementKind.TRANSFER_IN.value] > 50
    assert kinds[MovementKind.RECEIPT.value] > 2 * 12  # months of receipts, vaccine lots aside
    assert funded > 0
    assert outings > 2 * 700  # two years of street outings, each with its material
    assert reasons[AdjustmentReason.STOCKTAKE.value] >= 7  # a count a quarter finds something
    assert reasons.get(AdjustmentReason.EXPIRED.value, 0) >= 1
    assert weekly == 0  # one pack of wipes at a time


def test_the_outreach_bag_never_goes_below_zero_in_time_order(database, demo):
    """The bag is filled from the dispensary before each outing sets out: replayed in the
    order the movements happened, no item in it ever goes below zero."""
    with database.read() as session:
        bag = session.scalar(select(StockPlace.id).where(StockPlace.code == "outreach_bag"))
        moves = session.execute(
            select(StockMovement.item_id, StockMovement.quantity, StockMovement.kind)
            .where(StockMovement.place_id == bag)
            .order_by(StockMovement.at, StockMovement.id)
        ).all()
    held: dict[int, int] = {}
    lowest = 0
    for item, quantity, _kind in moves:
        held[item] = held.get(item, 0) + quantity
        lowest = min(lowest, held[item])
    assert lowest == 0
    kinds = {kind for _item, _quantity, kind in moves}
    assert {MovementKind.TRANSFER_IN.value, MovementKind.DISTRIBUTION.value} <= kinds
