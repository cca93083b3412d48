"""The demo's stock ledger in memory: movements numbered in advance and written in bulk, with
the balances they add up to, never below zero.

The demo writes years of movements at once, so it cannot go through `clinic.materials.ledger`
(a locked read and two writes a movement). It keeps the same rule instead: every movement
changes one balance, a balance is the sum of its movements, and stock that runs short is
received first (from a donor or a supplier, about a month's worth), so no balance goes below
zero. What it writes is what the ledger would have written: the movements, their lots, the
distributions they belong to, and at the end one `stock_balance` row per place, item and lot.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic.demo.rows import CHUNK, Row, insert_rows
from db.models.materials import NO_LOT, Distribution, StockBalance, StockLot, StockMovement
from db.vocabulary.materials import AdjustmentReason, MovementKind

SOURCES = (
    ("Regional health authority", "Region"),
    ("Sexual health association (donation)", "Association's own funds"),
    ("Pharmacy wholesaler", "Municipality"),
    ("Condom maker (donation)", None),
    ("Food bank", "Foundation grant"),
)
LOT_LIFE = dt.timedelta(days=365)
SHORT_LIFE = dt.timedelta(days=120)  # a donation close to its expiry date
SHORT_LIFE_SHARE = 0.2
WINDOW_DAYS = 30  # receipts bring about this many days of use


@dataclass(frozen=True)
class Item:
    """What the demo needs to know of a catalogue item."""

    id: int
    code: str
    tracks_lots: bool
    pack: int  # receipts come in multiples of this


@dataclass
class Lot:
    id: int
    expiry: dt.date


class DemoLedger:
    """Movements, distributions and lots, written a chunk at a time to `session`."""

    def __init__(self, session: Session, rng: random.Random, receiver: int) -> None:
        self.session = session
        self._rng = rng
        self._receiver = receiver  # the coordinator: receipts, stocktakes
        self._movement_id = (session.scalar(select(func.max(StockMovement.id))) or 0) + 1
        self._distribution_id = (session.scalar(select(func.max(Distribution.id))) or 0) + 1
        self._lot_id = (session.scalar(select(func.max(StockLot.id))) or 0) + 1
        self.balances: Counter[tuple[int, int, int]] = Counter()
        self._lots: dict[tuple[int, int], list[Lot]] = {}  # (place, item): oldest first
        self._used: Counter[tuple[int, int]] = Counter()  # (item, day ordinal)
        self._movements: list[Row] = []
        self._distributions: list[Row] = []
        self._new_lots: list[Row] = []
        self.movements = 0

    def available(self, place: int, item: Item, day: dt.date) -> list[tuple[int, int]]:
        """(lot key, quantity) the place can hand out on `day`: unexpired lots, oldest first."""
        if not item.tracks_lots:
            return [(NO_LOT, self.balances[(place, item.id, NO_LOT)])]
        return [
            (lot.id, self.balances[(place, item.id, lot.id)])
            for lot in self._lots.get((place, item.id), [])
            if lot.expiry >= day and self.balances[(place, item.id, lot.id)] > 0
        ]

    def distribution(self, row: Row) -> int:
        """A hand-out's row (given without its id); returns the id its movements carry."""
        number = self._distribution_id
        self._distribution_id += 1
        self._distributions.append(
            {"id": number, "override_reason": None, "session_id": None} | row
        )
        return number

    def take(
        self, place: int, item: Item, quantity: int, at: dt.datetime, by: int, distribution: int
    ) -> None:
        """Hand out `quantity`, received first if short; the lots that expire first first."""
        day = at.date()
        if sum(q for _lot, q in self.available(place, item, day)) < quantity:
            self.receive(place, item, quantity, at)
        left = quantity
        for lot, held in self.available(place, item, day):
            taken = min(left, held)
            extra = {"distribution_id": distribution}
            self.move(MovementKind.DISTRIBUTION, place, item.id, lot, -taken, at, by, extra)
            left -= taken
            if not left:
                break
        self._used[(item.id, day.toordinal())] += quantity

    def receive(self, place: int, item: Item, needed: int, at: dt.datetime) -> None:
        """About a month of use (or what is needed, if more), from a donor or a supplier, on
        the morning of `at`'s day."""
        today = at.date().toordinal()
        recent = sum(self._used[(item.id, day)] for day in range(today - WINDOW_DAYS, today))
        quantity = item.pack * max(1, math.ceil(max(needed, recent) / item.pack))
        morning = at - dt.timedelta(hours=2)
        source, funder = self._rng.choice(SOURCES)
        lot = self._new_lot(place, item, morning) if item.tracks_lots else NO_LOT
        extra = {"source": source, "funder": funder}
        self.move(
            MovementKind.RECEIPT, place, item.id, lot, quantity, morning, self._receiver, extra
        )

    def transfer(
        self, source: int, target: int, item: Item, quantity: int, at: dt.datetime, by: int
    ) -> None:
        """`quantity` of an item whose lots are not tracked, from one place to another."""
        if self.balances[(source, item.id, NO_LOT)] < quantity:
            self.receive(source, item, quantity, at)
        out = self._movement_id
        self.move(
            MovementKind.TRANSFER_OUT,
            source,
            item.id,
            NO_LOT,
            -quantity,
            at,
            by,
            {"transfer_id": out},
        )
        self.move(
            MovementKind.TRANSFER_IN,
            target,
            item.id,
            NO_LOT,
            quantity,
            at,
            by,
            {"transfer_id": out},
        )

    def adjust(
        self, key: tuple[int, int, int], change: int, reason: AdjustmentReason, at: dt.datetime
    ) -> None:
        place, item, lot = key
        extra = {"reason": reason.value}
        self.move(MovementKind.ADJUSTMENT, place, item, lot, change, at, self._receiver, extra)

    def expired(self, day: dt.date) -> list[tuple[int, int, int]]:
        """Balance keys of lots past their expiry on `day` that still hold something."""
        return [
            (place, item, lot.id)
            for (place, item), lots in self._lots.items()
            for lot in lots
            if lot.expiry < day and self.balances[(place, item, lot.id)] > 0
        ]

    def move(
        self,
        kind: MovementKind,
        place: int,
        item: int,
        lot: int,
        quantity: int,
        at: dt.datetime,
        by: int,
        extra: Row,
    ) -> None:
        key = (place, item, lot)
        assert self.balances[key] + quantity >= 0, "the demo takes only what is there"
        self.balances[key] += quantity
        self._movements.append(
            _MOVEMENT
            | {
                "id": self._movement_id,
                "at": at,
                "by_id": by,
                "kind": kind.value,
                "place_id": place,
                "item_id": item,
                "lot_id": lot or None,
                "quantity": quantity,
            }
            | extra
        )
        self._movement_id += 1
        self.movements += 1
        if len(self._movements) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        """Write what is waiting: lots and distributions before the movements that name them."""
        insert_rows(self.session, StockLot, self._new_lots)
        insert_rows(self.session, Distribution, self._distributions)
        insert_rows(self.session, StockMovement, self._movements)
        self._new_lots, self._distributions, self._movements = [], [], []

    def write_balances(self) -> None:
        self.flush()
        rows = [
            {"place_id": place, "item_id": item, "lot_key": lot, "quantity": quantity}
            for (place, item, lot), quantity in sorted(self.balances.items())
        ]
        insert_rows(self.session, StockBalance, rows)

    def _new_lot(self, place: int, item: Item, at: dt.datetime) -> int:
        life = SHORT_LIFE if self._rng.random() < SHORT_LIFE_SHARE else LOT_LIFE
        lot = Lot(self._lot_id, at.date() + life)
        self._lot_id += 1
        self._lots.setdefault((place, item.id), []).append(lot)
        self._lots[(place, item.id)].sort(key=lambda known: (known.expiry, known.id))
        self._new_lots.append(
            {
                "id": lot.id,
                "item_id": item.id,
                "lot_number": f"{item.code[:3].upper()}-{lot.id:05d}",
                "expiry": lot.expiry,
                "received_at": at,
                "received_by_id": self._receiver,
            }
        )
        return lot.id


_MOVEMENT: Row = {
    "reason": None,
    "note": None,
    "source": None,
    "funder": None,
    "distribution_id": None,
    "vaccination_id": None,
    "transfer_id": None,
    "overdrawn": False,
}
