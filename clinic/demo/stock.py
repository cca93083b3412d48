"""The demo's stock (issue 13): the vaccine lots its doses came from, as the ledger keeps them.

Each lot is received once, at the start of the demo's history, with what it holds today plus
every dose given from it; each dose is its own movement out of the dispensary. A lot's balance
is then what the demo meant it to hold.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.demo.rows import Row, insert_rows
from clinic.materials.places import dispensary_id
from db.models.materials import StockBalance, StockItem, StockLot, StockMovement
from db.models.vaccinations import Vaccination
from db.vocabulary.materials import MovementKind


def write_vaccinations(session: Session, lots: list[Row], doses: list[Row]) -> None:
    """The lots (as `DemoVaccinations.lots` makes them, with `product_id` and `quantity`), then
    the doses (`vaccination` rows, each with the `lot_id` it came from), then their movements."""
    vaccine_items = select(StockItem.vaccine_product_id, StockItem.id).where(
        StockItem.vaccine_product_id.is_not(None)
    )
    item_of = dict(session.execute(vaccine_items).all())
    place = dispensary_id(session)
    taken = Counter(dose["lot_id"] for dose in doses if dose.get("lot_id") is not None)
    insert_rows(
        session,
        StockLot,
        [
            {
                "id": lot["id"],
                "item_id": item_of[lot["product_id"]],
                "lot_number": lot["lot_number"],
                "expiry": lot["expiry"],
                "received_at": lot["received_at"],
                "received_by_id": lot["received_by_id"],
            }
            for lot in lots
        ],
    )
    insert_rows(session, Vaccination, doses)
    movements: list[Row] = []
    for lot in lots:
        received = lot["quantity"] + taken[lot["id"]]
        if received:
            movements.append(
                _movement(lot["received_at"], lot["received_by_id"], MovementKind.RECEIPT)
                | {
                    "place_id": place,
                    "item_id": item_of[lot["product_id"]],
                    "lot_id": lot["id"],
                    "quantity": received,
                }
            )
    product_of_lot = {lot["id"]: lot["product_id"] for lot in lots}
    for dose in doses:
        if dose.get("lot_id") is None:
            continue
        movements.append(
            _movement(dose["recorded_at"], dose["recorded_by_id"], MovementKind.DOSE)
            | {
                "place_id": place,
                "item_id": item_of[product_of_lot[dose["lot_id"]]],
                "lot_id": dose["lot_id"],
                "quantity": -1,
                "vaccination_id": dose["id"],
            }
        )
    insert_rows(session, StockMovement, movements)
    balances: Counter[tuple[int, int, int]] = Counter()
    for movement in movements:
        balances[(place, movement["item_id"], movement["lot_id"])] += movement["quantity"]
    insert_rows(
        session,
        StockBalance,
        [
            {"place_id": p, "item_id": i, "lot_key": lot, "quantity": q}
            for (p, i, lot), q in balances.items()
        ],
    )


def _movement(at: object, by: object, kind: MovementKind) -> Row:
    return {
        "at": at,
        "by_id": by,
        "kind": kind.value,
        "reason": None,
        "note": None,
        "source": None,
        "funder": None,
        "distribution_id": None,
        "vaccination_id": None,
        "transfer_id": None,
        "overdrawn": False,
    }
