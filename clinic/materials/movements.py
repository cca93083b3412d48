"""The ledger as the desk reads it: every movement, newest first, filtered by place, item, kind
and period, a page at a time (about two million rows at the planned size: the query sorts and
cuts them, the screen never holds them all)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.common.clock import Clock
from clinic.common.permissions import Actor, Permission, require
from db.models.materials import StockLot, StockMovement
from db.models.staff import Staff
from db.vocabulary.materials import AdjustmentReason, MovementKind

PAGE = 200


@dataclass(frozen=True)
class MovementFilter:
    place_id: int | None = None
    item_id: int | None = None
    kinds: frozenset[MovementKind] = frozenset()  # empty: every kind
    since: dt.date | None = None
    until: dt.date | None = None  # included


@dataclass(frozen=True)
class MovementRow:
    id: int
    at: dt.datetime
    kind: MovementKind
    place_id: int
    item_id: int
    lot_number: str | None
    quantity: int  # signed: + in, - out
    reason: AdjustmentReason | None
    note: str | None
    source: str | None  # a receipt's supplier or donor
    funder: str | None
    by: str  # who recorded it
    overdrawn: bool


def movements(
    session: Session,
    actor: Actor,
    clock: Clock,
    filters: MovementFilter,
    *,
    start: int = 0,
    count: int = PAGE,
) -> list[MovementRow]:
    """`count` movements from the `start`th, newest first (the id breaks ties of one moment)."""
    require(session, actor, Permission.STOCK_READ)
    query = (
        select(StockMovement, StockLot.lot_number, Staff.display_name)
        .join(Staff, Staff.id == StockMovement.by_id)
        .outerjoin(StockLot, StockLot.id == StockMovement.lot_id)
    )
    if filters.place_id is not None:
        query = query.where(StockMovement.place_id == filters.place_id)
    if filters.item_id is not None:
        query = query.where(StockMovement.item_id == filters.item_id)
    if filters.kinds:
        query = query.where(StockMovement.kind.in_(sorted(k.value for k in filters.kinds)))
    if filters.since is not None:
        query = query.where(StockMovement.at >= clock.day_bounds(filters.since)[0])
    if filters.until is not None:
        query = query.where(StockMovement.at < clock.day_bounds(filters.until)[1])
    query = query.order_by(StockMovement.at.desc(), StockMovement.id.desc())
    rows = session.execute(query.offset(start).limit(count))
    return [_row(movement, lot_number, by) for movement, lot_number, by in rows]


def _row(movement: StockMovement, lot_number: str | None, by: str) -> MovementRow:
    return MovementRow(
        movement.id,
        movement.at,
        MovementKind(movement.kind),
        movement.place_id,
        movement.item_id,
        lot_number,
        movement.quantity,
        AdjustmentReason(movement.reason) if movement.reason else None,
        movement.note,
        movement.source,
        movement.funder,
        by,
        movement.overdrawn,
    )
