"""Stock for the material tests: Soglia's starting catalogue and places, and receipts."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from clinic.audit.transactions import writing
from clinic.materials import stock
from clinic.materials.stock import ReceiptForm
from clinic.staff.vocabulary import Role
from db.models.materials import StockItem, StockMovement, StockPlace


def item_id(session, code: str) -> int:
    return session.scalars(select(StockItem.id).where(StockItem.code == code)).one()


def place_id(session, code: str = "dispensary") -> int:
    return session.scalars(select(StockPlace.id).where(StockPlace.code == code)).one()


def receive(database, clock, actors, code: str, quantity: int, place: str = "dispensary", **lot):
    with writing(database, clock) as session:
        form = ReceiptForm(item_id(session, code), place_id(session, place), str(quantity), **lot)
        return stock.receive(session, actors[Role.ADMIN], clock, form, "en_GB")


def on_hand(session, code: str, place: str = "dispensary") -> int:
    """What a place holds of an item: the sum of its movements there (the ledger's truth)."""
    total = session.scalar(
        select(func.sum(StockMovement.quantity)).where(
            StockMovement.item_id == item_id(session, code),
            StockMovement.place_id == place_id(session, place),
        )
    )
    return int(total or 0)


@pytest.fixture
def items(database) -> dict[str, int]:
    with database.read() as session:
        return {
            code: item_id(session, code)
            for code in ("male_condom", "lubricant", "wet_wipes", "pregnancy_test", "syringe")
        }
