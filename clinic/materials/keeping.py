"""The coordinator's catalogue and places: items added, renamed, given limits, retired and
offered again; places added, renamed, retired; a minimum per item and place under which the
desk is warned. Nothing is deleted: movements and hand-outs keep naming what they moved.

Every change needs STOCK_KEEP, is checked here with its message next to its field, and is
audited (`stock.catalogue`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.common.clock import Clock
from clinic.common.errors import ConflictError, ErrorCode, FieldErrors, NotFoundError
from clinic.common.permissions import Actor, Permission, require
from clinic.common.text import clean_line, whole_number
from clinic.i18n.translator import LANGUAGES
from db.models.materials import (
    StockBalance,
    StockItem,
    StockItemName,
    StockPlace,
    StockThreshold,
)
from db.vocabulary.materials import ItemCategory, ItemUnit, PlaceKind

E = TypeVar("E", ItemCategory, ItemUnit, PlaceKind)

NAME_MAX = 80
PLACE_NAME_MAX = 60
LIMIT_MAX = 10_000  # per contact or per week: more is a typing slip
MINIMUM_MAX = 1_000_000


@dataclass(frozen=True)
class ItemForm:
    """An item as the coordinator types it. `language`: theirs, whose name is required; the
    other languages' names are optional (an item without one reads in another language)."""

    language: str
    names: Mapping[str, str] = field(default_factory=dict)  # language -> name
    category: str = ""
    unit: str = ""
    tracks_lots: bool = False  # chosen when the item is added; its lots depend on it after
    contact_limit: str = ""  # blank: no limit
    weekly_limit: str = ""


@dataclass(frozen=True)
class PlaceForm:
    name: str = ""
    kind: str = ""


def add_item(session: Session, actor: Actor, clock: Clock, form: ItemForm) -> int:
    """A new item, at the end of the catalogue. Vaccines come from the vaccine products, not
    from here."""
    require(session, actor, Permission.STOCK_KEEP)
    errors = FieldErrors()
    names = _names(session, errors, form, None)
    category = _choice(errors, ItemCategory, form.category, "category")
    if category is ItemCategory.VACCINES:
        errors.add(ErrorCode.UNKNOWN_CHOICE, "category")
    unit = _choice(errors, ItemUnit, form.unit, "unit")
    limits = _limits(errors, form)
    errors.raise_if_any()
    assert category is not None
    assert unit is not None
    last = session.scalar(select(func.max(StockItem.position))) or 0
    item = StockItem(
        category=category.value,
        unit=unit.value,
        tracks_lots=form.tracks_lots,
        contact_limit=limits[0],
        weekly_limit=limits[1],
        position=last + 1,
    )
    session.add(item)
    session.flush()
    session.add_all(StockItemName(item_id=item.id, language=k, name=v) for k, v in names.items())
    trail.record(
        session, actor, clock, Action.STOCK_CATALOGUE, "stock_catalogue", item.id, ["new_item"]
    )
    return item.id


def change_item(session: Session, actor: Actor, clock: Clock, item_id: int, form: ItemForm) -> None:
    """An item's names, category, unit and limits. A vaccine stays a vaccine; whether lots
    are tracked stays as it was chosen (the lots received depend on it)."""
    require(session, actor, Permission.STOCK_KEEP)
    item = _item(session, item_id)
    errors = FieldErrors()
    names = _names(session, errors, form, item)
    category = _choice(errors, ItemCategory, form.category, "category")
    vaccine = item.vaccine_product_id is not None
    if category is not None and (category is ItemCategory.VACCINES) != vaccine:
        errors.add(ErrorCode.UNKNOWN_CHOICE, "category")
    unit = _choice(errors, ItemUnit, form.unit, "unit")
    limits = _limits(errors, form)
    errors.raise_if_any()
    assert category is not None
    assert unit is not None
    item.category, item.unit = category.value, unit.value
    item.contact_limit, item.weekly_limit = limits
    session.execute(delete(StockItemName).where(StockItemName.item_id == item.id))
    session.add_all(StockItemName(item_id=item.id, language=k, name=v) for k, v in names.items())
    trail.record(
        session, actor, clock, Action.STOCK_CATALOGUE, "stock_catalogue", item.id, ["item"]
    )


def set_item_active(
    session: Session, actor: Actor, clock: Clock, item_id: int, *, active: bool
) -> None:
    """Retire an item (no longer handed out or received; its history stays) or offer it again."""
    require(session, actor, Permission.STOCK_KEEP)
    item = _item(session, item_id)
    if item.active != active:
        item.active = active
        trail.record(
            session,
            actor,
            clock,
            Action.STOCK_CATALOGUE,
            "stock_catalogue",
            item.id,
            ["item_active"],
        )


def add_place(session: Session, actor: Actor, clock: Clock, form: PlaceForm) -> int:
    require(session, actor, Permission.STOCK_KEEP)
    errors = FieldErrors()
    name = _place_name(session, errors, form.name, None)
    kind = _choice(errors, PlaceKind, form.kind, "kind")
    errors.raise_if_any()
    assert kind is not None
    last = session.scalar(select(func.max(StockPlace.position))) or 0
    place = StockPlace(name=name, kind=kind.value, position=last + 1)
    session.add(place)
    session.flush()
    trail.record(
        session, actor, clock, Action.STOCK_CATALOGUE, "stock_catalogue", place.id, ["new_place"]
    )
    return place.id


def rename_place(session: Session, actor: Actor, clock: Clock, place_id: int, name: str) -> None:
    """A place's name in the coordinator's words (Soglia's two places then read so in every
    language)."""
    require(session, actor, Permission.STOCK_KEEP)
    place = _place(session, place_id)
    errors = FieldErrors()
    given = _place_name(session, errors, name, place)
    errors.raise_if_any()
    if place.name != given:
        place.name = given
        trail.record(
            session,
            actor,
            clock,
            Action.STOCK_CATALOGUE,
            "stock_catalogue",
            place.id,
            ["place_name"],
        )


def set_place_active(
    session: Session, actor: Actor, clock: Clock, place_id: int, *, active: bool
) -> None:
    """Retire a place or use it again. The last dispensary in use cannot be retired: what is
    received without a place, and the vaccine fridge, are there (`clinic.materials.places`).
    Nor a place still holding stock: it would drop out of the balances and alerts unseen."""
    require(session, actor, Permission.STOCK_KEEP)
    place = _place(session, place_id)
    if place.active == active:
        return
    if not active and place.kind == PlaceKind.DISPENSARY.value:
        others = session.scalar(
            select(func.count())
            .select_from(StockPlace)
            .where(
                StockPlace.kind == PlaceKind.DISPENSARY.value,
                StockPlace.active,
                StockPlace.id != place.id,
            )
        )
        if not others:
            raise ConflictError(ErrorCode.LAST_DISPENSARY, "place")
    if not active and _holds_stock(session, place.id):
        raise ConflictError(ErrorCode.PLACE_HOLDS_STOCK, "place")
    place.active = active
    trail.record(
        session, actor, clock, Action.STOCK_CATALOGUE, "stock_catalogue", place.id, ["place_active"]
    )


def set_threshold(
    session: Session, actor: Actor, clock: Clock, item_id: int, place_id: int, minimum: str
) -> None:
    """Warn when the item's stock at the place is under `minimum`; blank: no warning."""
    require(session, actor, Permission.STOCK_KEEP)
    _item(session, item_id)
    _place(session, place_id)
    text = minimum.strip()
    if text and (not whole_number(text) or int(text) > MINIMUM_MAX):
        errors = FieldErrors()
        errors.add(ErrorCode.COUNT_RANGE, "minimum", min=0, max=MINIMUM_MAX)
        errors.raise_if_any()
    row = session.get(StockThreshold, (place_id, item_id))
    if not text:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(StockThreshold(place_id=place_id, item_id=item_id, minimum=int(text)))
    else:
        row.minimum = int(text)
    trail.record(
        session, actor, clock, Action.STOCK_CATALOGUE, "stock_catalogue", item_id, ["minimum"]
    )


def thresholds(session: Session, actor: Actor) -> dict[tuple[int, int], int]:
    """Every minimum set, by (place, item)."""
    require(session, actor, Permission.STOCK_READ)
    rows = session.execute(
        select(StockThreshold.place_id, StockThreshold.item_id, StockThreshold.minimum)
    )
    return {(place, item): minimum for place, item, minimum in rows}


def _holds_stock(session: Session, place_id: int) -> bool:
    held = select(StockBalance.item_id).where(
        StockBalance.place_id == place_id, StockBalance.quantity != 0
    )
    return session.scalars(held.limit(1)).first() is not None


def _item(session: Session, item_id: int) -> StockItem:
    item = session.get(StockItem, item_id)
    if item is None:
        raise NotFoundError(ErrorCode.ITEM_NOT_FOUND, "item")
    return item


def _place(session: Session, place_id: int) -> StockPlace:
    place = session.get(StockPlace, place_id)
    if place is None:
        raise NotFoundError(ErrorCode.PLACE_NOT_FOUND, "place")
    return place


def _names(
    session: Session, errors: FieldErrors, form: ItemForm, item: StockItem | None
) -> dict[str, str]:
    """The names typed, one per language (`name_it`...); the user's own required, unless a
    Soglia item or a vaccine (its product's name) already has words for it. No two items share
    a name in one language."""
    names: dict[str, str] = {}
    for language in LANGUAGES:
        field_name = f"name_{language}"
        name = errors.keep(
            *clean_line(form.names.get(language, ""), field_name, max_length=NAME_MAX)
        )
        if isinstance(name, str):
            names[language] = name
            if _name_taken(session, language, name, item):
                errors.add(ErrorCode.ITEM_EXISTS, field_name)
    own = form.language if form.language in LANGUAGES else next(iter(LANGUAGES))
    unnamed = item is None or (item.code is None and item.vaccine_product_id is None)
    if own not in names and unnamed and not _has_error(errors, own):
        errors.add(ErrorCode.REQUIRED, f"name_{own}")
    return names


def _has_error(errors: FieldErrors, language: str) -> bool:
    return any(e.field == f"name_{language}" for e in errors.items)


def _name_taken(session: Session, language: str, name: str, item: StockItem | None) -> bool:
    query = select(StockItemName.item_id).where(
        StockItemName.language == language, func.lower(StockItemName.name) == name.lower()
    )
    if item is not None:
        query = query.where(StockItemName.item_id != item.id)
    return session.scalars(query.limit(1)).first() is not None


def _place_name(
    session: Session, errors: FieldErrors, text: str, place: StockPlace | None
) -> str | None:
    name = errors.keep(*clean_line(text, "name", max_length=PLACE_NAME_MAX))
    if not isinstance(name, str):
        # Left blank, Soglia's own places read in the user's language again.
        unnamed = place is None or place.code is None
        if unnamed and not any(e.field == "name" for e in errors.items):
            errors.add(ErrorCode.REQUIRED, "name")
        return None
    query = select(StockPlace.id).where(func.lower(StockPlace.name) == name.lower())
    if place is not None:
        query = query.where(StockPlace.id != place.id)
    if session.scalars(query.limit(1)).first() is not None:
        errors.add(ErrorCode.PLACE_EXISTS, "name")
    return name


def _limits(errors: FieldErrors, form: ItemForm) -> tuple[int | None, int | None]:
    found: list[int | None] = []
    for text, field_name in (
        (form.contact_limit, "contact_limit"),
        (form.weekly_limit, "weekly_limit"),
    ):
        text = text.strip()
        if not text:
            found.append(None)
        elif not whole_number(text) or not 0 < int(text) <= LIMIT_MAX:
            errors.add(ErrorCode.COUNT_RANGE, field_name, min=1, max=LIMIT_MAX)
            found.append(None)
        else:
            found.append(int(text))
    return found[0], found[1]


def _choice(errors: FieldErrors, vocabulary: type[E], value: str, field_name: str) -> E | None:
    try:
        return vocabulary(value)
    except ValueError:
        errors.add(ErrorCode.REQUIRED if not value else ErrorCode.UNKNOWN_CHOICE, field_name)
        return None
