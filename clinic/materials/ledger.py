"""The one writer of stock: every change is a movement, and the balance it changes is updated in
the same transaction, under a lock.

`stock_balance` holds, per place, item and lot, the sum of that stock's movements. Adding a
movement reads its balance row `FOR UPDATE` (PostgreSQL locks the row; SQLite's write
transactions already run one at a time, `BEGIN IMMEDIATE`), checks that the stock suffices,
then writes both. So two desks handing out the last box at the same moment cannot both take it:
the second one reads the balance the first one left, and is refused. Nothing else in Soglia
writes a balance, and nothing edits or deletes a movement.

Functions here check no permission: the use cases that call them do (`clinic.materials.stock`,
`clinic.materials.hand_out`, `clinic.vaccinations`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.common.clock import Clock
from clinic.common.errors import ConflictError, ErrorCode, ValidationError
from clinic.common.permissions import Actor
from db.models.materials import NO_LOT, StockBalance, StockLot, StockMovement
from db.vocabulary.materials import AdjustmentReason, MovementKind


@dataclass(frozen=True)
class Change:
    """One movement to add: how many of an item (and lot) come in (+) or go out (-) at a place."""

    kind: MovementKind
    place_id: int
    item_id: int
    quantity: int
    lot_id: int | None = None
    reason: AdjustmentReason | None = None
    note: str | None = None
    source: str | None = None
    funder: str | None = None
    distribution_id: int | None = None
    vaccination_id: int | None = None
    transfer_id: int | None = None


def lot_key(lot_id: int | None) -> int:
    return NO_LOT if lot_id is None else lot_id


def locked_balance(session: Session, place_id: int, item_id: int, lot_id: int | None) -> int:
    """The stock of an item (and lot) at a place, its row locked until the transaction ends."""
    return _balance_row(session, place_id, item_id, lot_id).quantity


def add(
    session: Session,
    actor: Actor,
    clock: Clock,
    change: Change,
    *,
    overdraw: bool = False,
    field: str | None = None,
) -> StockMovement:
    """Add one movement and its balance. Going below zero is refused (`stock_short`, with what
    is left, on `field`: the form's, else the item's) unless `overdraw`, the caller having
    checked who may and recorded why."""
    if change.quantity == 0:
        raise ValueError("a movement moves something")
    balance = _balance_row(session, change.place_id, change.item_id, change.lot_id)
    after = balance.quantity + change.quantity
    if change.quantity < 0 and after < 0 and not overdraw:
        raise ConflictError(
            ErrorCode.STOCK_SHORT,
            field or f"item_{change.item_id}",
            available=max(balance.quantity, 0),
        )
    balance.quantity = after
    movement = StockMovement(
        at=clock.now(),
        by_id=actor.staff_id,
        kind=change.kind.value,
        place_id=change.place_id,
        item_id=change.item_id,
        lot_id=change.lot_id,
        quantity=change.quantity,
        reason=change.reason.value if change.reason else None,
        note=change.note,
        source=change.source,
        funder=change.funder,
        distribution_id=change.distribution_id,
        vaccination_id=change.vaccination_id,
        transfer_id=change.transfer_id,
        overdrawn=change.quantity < 0 and after < 0,
    )
    session.add(movement)
    session.flush()
    return movement


def lot_for(
    session: Session,
    actor: Actor,
    clock: Clock,
    item_id: int,
    number: str,
    expiry: dt.date | None,
) -> StockLot:
    """The item's lot of that number, made at its first receipt; received again, its expiry
    must be the one it came with (`lot_expiry_differs`, on the expiry field)."""
    lot = session.scalars(
        select(StockLot).where(StockLot.item_id == item_id, StockLot.lot_number == number)
    ).first()
    if lot is None:
        lot = StockLot(
            item_id=item_id,
            lot_number=number,
            expiry=expiry,
            received_at=clock.now(),
            received_by_id=actor.staff_id,
        )
        session.add(lot)
        session.flush()
    elif lot.expiry != expiry:
        raise ValidationError.single(ErrorCode.LOT_EXPIRY_DIFFERS, "expiry", expiry=lot.expiry)
    return lot


def _balance_row(session: Session, place_id: int, item_id: int, lot_id: int | None) -> StockBalance:
    key = (place_id, item_id, lot_key(lot_id))
    row = session.scalars(
        select(StockBalance)
        .where(
            StockBalance.place_id == key[0],
            StockBalance.item_id == key[1],
            StockBalance.lot_key == key[2],
        )
        .with_for_update()
    ).first()
    if row is None:
        row = StockBalance(place_id=key[0], item_id=key[1], lot_key=key[2], quantity=0)
        session.add(row)
        session.flush()
    return row
