"""What the desk warns of before anything runs out (issue 13): an item below its threshold at
a place, a lot expiring within the clinic's number of days (60 by default, a setting), and
how many days an item's stock lasts at the rate of the last 8 weeks."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic.common.clock import Clock
from clinic.common.permissions import Actor, Permission, require
from clinic.settings.configuration import load_settings
from db.models.materials import StockBalance, StockLot, StockMovement, StockThreshold
from db.vocabulary.materials import MovementKind

RATE_WEEKS = 8
SOON_DAYS = 14  # an item lasting less than this long at its rate is flagged, threshold or not


@dataclass(frozen=True)
class LowStock:
    place_id: int
    item_id: int
    quantity: int
    minimum: int | None  # the threshold passed, if that is why
    days_left: int | None  # at the last 8 weeks' rate; None when nothing went out


@dataclass(frozen=True)
class Expiring:
    place_id: int
    item_id: int
    lot_id: int
    lot_number: str
    expiry: dt.date
    quantity: int


@dataclass(frozen=True)
class StockAlerts:
    low: tuple[LowStock, ...]
    expiring: tuple[Expiring, ...]

    def __bool__(self) -> bool:
        return bool(self.low or self.expiring)


def stock_alerts(session: Session, actor: Actor, clock: Clock) -> StockAlerts:
    require(session, actor, Permission.STOCK_READ)
    held = _held(session)
    rates = _daily_rates(session, clock)
    minimums = {(t.place_id, t.item_id): t.minimum for t in session.scalars(select(StockThreshold))}
    low = []
    for key in sorted(set(held) | set(minimums)):
        quantity = held.get(key, 0)
        rate = rates.get(key, 0.0)
        days_left = math.floor(quantity / rate) if rate > 0 else None
        minimum = minimums.get(key)
        below = minimum is not None and quantity < minimum
        if below or (days_left is not None and days_left < SOON_DAYS):
            low.append(LowStock(key[0], key[1], quantity, minimum if below else None, days_left))
    days = load_settings(session).stock_expiry_days
    return StockAlerts(tuple(low), tuple(_expiring(session, clock.today(), days)))


def _held(session: Session) -> dict[tuple[int, int], int]:
    rows = session.execute(
        select(
            StockBalance.place_id, StockBalance.item_id, func.sum(StockBalance.quantity)
        ).group_by(StockBalance.place_id, StockBalance.item_id)
    )
    return {(place, item): int(quantity) for place, item, quantity in rows}


def _daily_rates(session: Session, clock: Clock) -> dict[tuple[int, int], float]:
    """What went out per day over the last 8 weeks (hand-outs and doses, net of doses put
    back), per place and item."""
    since = clock.now() - dt.timedelta(weeks=RATE_WEEKS)
    rows = session.execute(
        select(StockMovement.place_id, StockMovement.item_id, func.sum(-StockMovement.quantity))
        .where(
            StockMovement.at >= since,
            StockMovement.kind.in_((MovementKind.DISTRIBUTION.value, MovementKind.DOSE.value)),
        )
        .group_by(StockMovement.place_id, StockMovement.item_id)
    )
    days = RATE_WEEKS * 7
    return {(place, item): int(out) / days for place, item, out in rows if out and out > 0}


def _expiring(session: Session, today: dt.date, days: int) -> list[Expiring]:
    rows = session.execute(
        select(StockBalance, StockLot)
        .join(StockLot, StockLot.id == StockBalance.lot_key)
        .where(
            StockBalance.quantity > 0,
            StockLot.expiry.is_not(None),
            StockLot.expiry <= today + dt.timedelta(days=days),
        )
        .order_by(StockLot.expiry, StockLot.id, StockBalance.place_id)
    )
    found = []
    for balance, lot in rows:
        assert lot.expiry is not None
        found.append(
            Expiring(
                balance.place_id,
                balance.item_id,
                lot.id,
                lot.lot_number,
                lot.expiry,
                balance.quantity,
            )
        )
    return found
