"""What the Stock page reads in one go: the catalogue, the places, every balance with its lot,
and the minimums. A few hundred rows at most (items by places by lots in stock), read in one
transaction so that the numbers shown belong together."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from clinic.common.permissions import Actor
from clinic.i18n.translator import Translator
from clinic.materials import catalogue, keeping, stock
from clinic.materials.catalogue import Item, LotInStock, Place
from clinic.materials.stock import Balance
from clinic.settings.configuration import load_settings


@dataclass(frozen=True)
class StockState:
    items: list[Item]  # retired ones too (a retired item may still hold stock)
    places: list[Place]  # in use
    balances: list[Balance]
    lots: dict[int, LotInStock]  # by lot id
    minimums: dict[tuple[int, int], int]  # (place, item) -> minimum
    expiry_days: int = 60  # lots expiring within this many days are flagged (a setting)

    def item(self, item_id: int) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def place(self, place_id: int) -> Place | None:
        return next((p for p in self.places if p.id == place_id), None)

    def held(self, place_id: int, item_id: int, lot_id: int | None) -> int:
        return sum(
            b.quantity
            for b in self.balances
            if (b.place_id, b.item_id, b.lot_id) == (place_id, item_id, lot_id)
        )

    def lots_at(self, place_id: int, item_id: int) -> list[LotInStock]:
        """The item's lots with stock at the place (or owed: below zero), first to expire
        first."""
        ids = {
            b.lot_id
            for b in self.balances
            if b.place_id == place_id and b.item_id == item_id and b.lot_id and b.quantity
        }
        found = [self.lots[i] for i in ids if i in self.lots]
        return sorted(found, key=lambda lot: (lot.expiry or dt.date.max, lot.id))


def read_stock(session: Session, actor: Actor) -> StockState:
    return StockState(
        catalogue.items(session, actor, active_only=False),
        catalogue.places(session, actor),
        stock.balances(session, actor),
        {lot.id: lot for lot in catalogue.lots(session, actor)},
        keeping.thresholds(session, actor),
        load_settings(session).stock_expiry_days,
    )


def by_name(t: Translator, items: list[Item]) -> list[Item]:
    """Items in the order a person looks them up: by category as the catalogue lists them,
    then by name."""
    return sorted(items, key=lambda i: i.name(t).casefold())
