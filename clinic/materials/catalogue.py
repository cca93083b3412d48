"""The catalogue as the desk shows it: items with their name in the user's language, places,
and an item's lots. Reading it needs STOCK_READ (everyone); the coordinator keeps it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic.common.permissions import Actor, Permission, require
from clinic.i18n.translator import Translator
from clinic.materials.words import ITEM_NAMES, PLACE_NAMES
from db.models.materials import StockBalance, StockItem, StockItemName, StockLot, StockPlace
from db.models.vaccinations import VaccineProduct
from db.vocabulary.materials import ItemCategory, ItemUnit, PlaceKind


@dataclass(frozen=True)
class Item:
    id: int
    code: str | None
    names: tuple[tuple[str, str], ...]  # (language, the coordinator's words)
    product: str | None  # a vaccine's product name
    category: ItemCategory
    unit: ItemUnit
    active: bool
    tracks_lots: bool
    contact_limit: int | None
    weekly_limit: int | None

    def name(self, t: Translator) -> str:
        """In the user's language: the coordinator's words for it, else Soglia's, else a
        vaccine's product name, else the words of another language."""
        by_language = dict(self.names)
        if t.language in by_language:
            return by_language[t.language]
        if self.code is not None and self.code in ITEM_NAMES:
            return t.gettext(ITEM_NAMES[self.code])
        if self.product:
            return self.product
        return next(iter(by_language.values()), self.code or f"#{self.id}")


@dataclass(frozen=True)
class Place:
    id: int
    code: str | None
    given_name: str | None
    kind: PlaceKind
    active: bool

    def name(self, t: Translator) -> str:
        if self.given_name:
            return self.given_name
        return t.gettext(PLACE_NAMES.get(self.code or "", self.code or f"#{self.id}"))


@dataclass(frozen=True)
class LotInStock:
    id: int
    item_id: int
    lot_number: str
    expiry: dt.date | None
    quantity: int  # in every place


def items(session: Session, actor: Actor, *, active_only: bool = True) -> list[Item]:
    """The items, in the catalogue's order; the vaccines after the rest."""
    require(session, actor, Permission.STOCK_READ)
    return read_items(session, active_only=active_only)


def read_items(
    session: Session, *, active_only: bool = False, ids: Collection[int] | None = None
) -> list[Item]:
    """`items` for a caller that checked its own permission (the annual report names the items
    that moved): all of them, or the active ones, or those of `ids`, in the catalogue's order."""
    query = select(StockItem, VaccineProduct.name).outerjoin(
        VaccineProduct, VaccineProduct.id == StockItem.vaccine_product_id
    )
    named = select(StockItemName.item_id, StockItemName.language, StockItemName.name)
    if active_only:
        query = query.where(StockItem.active)
    if ids is not None:
        query = query.where(StockItem.id.in_(sorted(ids)))
        named = named.where(StockItemName.item_id.in_(sorted(ids)))
    rows = session.execute(query.order_by(StockItem.position, StockItem.id)).all()
    names: dict[int, list[tuple[str, str]]] = {}
    for item_id, language, name in session.execute(named):
        names.setdefault(item_id, []).append((language, name))
    return [
        Item(
            row.id,
            row.code,
            tuple(sorted(names.get(row.id, ()))),
            product,
            ItemCategory(row.category),
            ItemUnit(row.unit),
            row.active,
            row.tracks_lots,
            row.contact_limit,
            row.weekly_limit,
        )
        for row, product in rows
    ]


def places(session: Session, actor: Actor, *, active_only: bool = True) -> list[Place]:
    require(session, actor, Permission.STOCK_READ)
    query = select(StockPlace)
    if active_only:
        query = query.where(StockPlace.active)
    return [
        Place(p.id, p.code, p.name, PlaceKind(p.kind), p.active)
        for p in session.scalars(query.order_by(StockPlace.position, StockPlace.id))
    ]


def lots(session: Session, actor: Actor, item_id: int | None = None) -> list[LotInStock]:
    """An item's lots (every item's, without one) with what they hold, the ones that expire
    first first."""
    require(session, actor, Permission.STOCK_READ)
    held = select(StockBalance.lot_key, func.sum(StockBalance.quantity).label("quantity"))
    query = select(StockLot)
    if item_id is not None:
        held = held.where(StockBalance.item_id == item_id)
        query = query.where(StockLot.item_id == item_id)
    totals = held.group_by(StockBalance.lot_key).subquery()
    rows = session.execute(
        query.add_columns(totals.c.quantity)
        .outerjoin(totals, totals.c.lot_key == StockLot.id)
        .order_by(StockLot.expiry, StockLot.id)
    )
    return [
        LotInStock(lot.id, lot.item_id, lot.lot_number, lot.expiry, int(quantity or 0))
        for lot, quantity in rows
    ]
