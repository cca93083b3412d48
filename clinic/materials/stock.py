"""Keeping the stock (issue 13): receive, move to another place, adjust, count; and read every
balance. Each is one or two movements through `clinic.materials.ledger`, audited.

The coordinator keeps the stock; nurses receive and adjust the vaccine lots (a vaccine product
is an item of the same stock). A quantity is typed as text and read here, so that a form shows
what is wrong next to the field and keeps what was typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.common.clock import Clock
from clinic.common.dates import parse_date
from clinic.common.errors import ErrorCode, FieldError, FieldErrors, NotFoundError
from clinic.common.permissions import Actor, Permission, require
from clinic.common.text import clean_line, whole_number
from clinic.materials import ledger
from db.models.materials import StockBalance, StockItem, StockPlace
from db.vocabulary.materials import AdjustmentReason, MovementKind

MAX_QUANTITY = 1_000_000  # in one movement: more is a typing slip
LOT_NUMBER_MAX = 40
SOURCE_MAX = 80
NOTE_MAX = 200


@dataclass(frozen=True)
class Balance:
    place_id: int
    item_id: int
    lot_id: int | None
    quantity: int


@dataclass(frozen=True)
class ReceiptForm:
    item_id: int | None = None
    place_id: int | None = None
    quantity: str = ""
    lot_number: str = ""  # items whose lots are tracked
    expiry: str = ""
    source: str = ""  # supplier or donor
    funder: str = ""


@dataclass(frozen=True)
class AdjustmentForm:
    item_id: int | None = None
    place_id: int | None = None
    lot_id: int | None = None
    change: str = ""  # signed: "-3" takes three away, "2" adds two
    reason: str = ""
    note: str = ""


def balances(session: Session, actor: Actor, place_id: int | None = None) -> list[Balance]:
    """Every balance (of one place), read from the balances the ledger keeps."""
    require(session, actor, Permission.STOCK_READ)
    query = select(StockBalance)
    if place_id is not None:
        query = query.where(StockBalance.place_id == place_id)
    return [
        Balance(row.place_id, row.item_id, row.lot_key or None, row.quantity)
        for row in session.scalars(query.order_by(StockBalance.place_id, StockBalance.item_id))
    ]


def receive(session: Session, actor: Actor, clock: Clock, form: ReceiptForm, locale: str) -> int:
    """A receipt from a supplier or a donor; the lot is made the first time (its expiry then
    must not change). Returns the movement's id."""
    item = _keep(session, actor, form.item_id)
    errors = FieldErrors()
    place = _place(session, errors, form.place_id, "place")
    quantity = _quantity(errors, form.quantity, "quantity")
    source = errors.keep(*clean_line(form.source, "source", max_length=SOURCE_MAX))
    funder = errors.keep(*clean_line(form.funder, "funder", max_length=SOURCE_MAX))
    number, expiry = _lot_fields(errors, item, form, locale)
    errors.raise_if_any()
    assert place is not None
    assert quantity is not None
    lot = ledger.lot_for(session, actor, clock, item.id, number, expiry) if number else None
    change = ledger.Change(
        MovementKind.RECEIPT,
        place.id,
        item.id,
        quantity,
        lot_id=lot.id if lot else None,
        source=source if isinstance(source, str) else None,
        funder=funder if isinstance(funder, str) else None,
    )
    movement = ledger.add(session, actor, clock, change)
    trail.record(
        session, actor, clock, Action.STOCK_RECEIVE, "stock_movement", movement.id, ["quantity"]
    )
    return movement.id


def transfer(
    session: Session,
    actor: Actor,
    clock: Clock,
    item_id: int,
    lot_id: int | None,
    from_place: int,
    to_place: int,
    quantity: str,
) -> int:
    """Stock taken from one place to another (the outreach bag filled from the dispensary):
    two movements pointing at each other. Refused if the first place has not that many."""
    item = _keep(session, actor, item_id)
    errors = FieldErrors()
    source = _place(session, errors, from_place, "from_place")
    target = _place(session, errors, to_place, "to_place")
    count = _quantity(errors, quantity, "quantity")
    if source is not None and target is not None and source.id == target.id:
        errors.add(ErrorCode.SAME_PLACE, "to_place")
    errors.raise_if_any()
    assert source is not None
    assert target is not None
    assert count is not None
    out = ledger.add(
        session,
        actor,
        clock,
        ledger.Change(MovementKind.TRANSFER_OUT, source.id, item.id, -count, lot_id=lot_id),
        field="quantity",
    )
    out.transfer_id = out.id
    ledger.add(
        session,
        actor,
        clock,
        ledger.Change(
            MovementKind.TRANSFER_IN, target.id, item.id, count, lot_id=lot_id, transfer_id=out.id
        ),
    )
    trail.record(session, actor, clock, Action.STOCK_TRANSFER, "stock_movement", out.id, ["place"])
    return out.id


def adjust(session: Session, actor: Actor, clock: Clock, form: AdjustmentForm) -> int:
    """Stock expired, damaged or lost (or found), with the reason; never below zero."""
    item = _keep(session, actor, form.item_id)
    errors = FieldErrors()
    place = _place(session, errors, form.place_id, "place")
    text = form.change.strip().replace("\u2212", "-")
    negative = text.startswith("-")
    digits = text.removeprefix("-").removeprefix("+").strip()
    if not digits:
        errors.add(ErrorCode.REQUIRED, "change")
    elif not whole_number(digits) or not 0 < int(digits) <= MAX_QUANTITY:
        errors.add(ErrorCode.CHANGE_RANGE, "change", max=MAX_QUANTITY)
    try:
        reason = AdjustmentReason(form.reason)
    except ValueError:
        errors.add(ErrorCode.REQUIRED if not form.reason else ErrorCode.UNKNOWN_CHOICE, "reason")
        reason = None
    note = errors.keep(*clean_line(form.note, "note", max_length=NOTE_MAX))
    if reason is AdjustmentReason.OTHER and not note:
        errors.add(ErrorCode.REQUIRED, "note")
    errors.raise_if_any()
    assert place is not None
    assert reason is not None
    change = ledger.Change(
        MovementKind.ADJUSTMENT,
        place.id,
        item.id,
        -int(digits) if negative else int(digits),
        lot_id=form.lot_id,
        reason=reason,
        note=note if isinstance(note, str) else None,
    )
    movement = ledger.add(session, actor, clock, change, field="change")
    trail.record(
        session, actor, clock, Action.STOCK_ADJUST, "stock_movement", movement.id, ["reason"]
    )
    return movement.id


def stocktake(
    session: Session,
    actor: Actor,
    clock: Clock,
    place_id: int,
    counted: Mapping[tuple[int, int | None], str],
) -> list[int]:
    """What was counted at a place, per item (and lot): each difference with the ledger becomes
    an adjustment `stocktake`. An item left blank was not counted and keeps its balance; a
    count with nothing counted is refused (it would record a stocktake of nothing)."""
    require(session, actor, Permission.STOCK_KEEP)
    errors = FieldErrors()
    place = _place(session, errors, place_id, "place")
    counts: dict[tuple[int, int | None], int] = {}
    for (item_id, lot_id), text in counted.items():
        field = f"count_{item_id}_{lot_id or 0}"
        text = text.strip()
        if not text:
            continue
        if not whole_number(text) or int(text) > MAX_QUANTITY:
            errors.add(ErrorCode.COUNT_RANGE, field, min=0, max=MAX_QUANTITY)
            continue
        counts[(item_id, lot_id)] = int(text)
    if not counts and not errors.items:
        # Nothing typed records nothing: the first field says so.
        first = next(iter(counted), None)
        errors.add(
            ErrorCode.NOTHING_COUNTED,
            "place" if first is None else f"count_{first[0]}_{first[1] or 0}",
        )
    errors.raise_if_any()
    assert place is not None
    made = []
    for (item_id, lot_id), count in sorted(counts.items(), key=lambda c: (c[0][0], c[0][1] or 0)):
        difference = count - ledger.locked_balance(session, place.id, item_id, lot_id)
        if difference:
            change = ledger.Change(
                MovementKind.ADJUSTMENT,
                place.id,
                item_id,
                difference,
                lot_id=lot_id,
                reason=AdjustmentReason.STOCKTAKE,
            )
            made.append(ledger.add(session, actor, clock, change).id)
    trail.record(session, actor, clock, Action.STOCK_COUNT, "stock_place", place.id)
    return made


def _keep(session: Session, actor: Actor, item_id: int | None) -> StockItem:
    """The item, if the actor keeps its stock: a vaccine's, the nurse or the coordinator; any
    other, the coordinator."""
    item = session.get(StockItem, item_id) if item_id is not None else None
    if item is not None and item.vaccine_product_id is not None:
        require(session, actor, Permission.VACCINE_STOCK)
    else:
        require(session, actor, Permission.STOCK_KEEP)
    if item is None:
        raise NotFoundError(ErrorCode.ITEM_NOT_FOUND, "item")
    return item


def _place(
    session: Session, errors: FieldErrors, place_id: int | None, field: str
) -> StockPlace | None:
    place = session.get(StockPlace, place_id) if place_id is not None else None
    if place is None or not place.active:
        errors.add(ErrorCode.REQUIRED if place_id is None else ErrorCode.UNKNOWN_CHOICE, field)
        return None
    return place


def _quantity(errors: FieldErrors, text: str, field: str) -> int | None:
    text = text.strip()
    if not text:
        errors.add(ErrorCode.REQUIRED, field)
    elif not whole_number(text) or not 0 < int(text) <= MAX_QUANTITY:
        errors.add(ErrorCode.COUNT_RANGE, field, min=1, max=MAX_QUANTITY)
    else:
        return int(text)
    return None


def _lot_fields(
    errors: FieldErrors, item: StockItem, form: ReceiptForm, locale: str
) -> tuple[str | None, dt.date | None]:
    """An item whose lots are tracked is received with its lot number and expiry; another
    item with neither."""
    if not item.tracks_lots:
        return None, None
    number, error = clean_line(form.lot_number, "lot_number", max_length=LOT_NUMBER_MAX)
    if error is not None or number is None:
        errors.items.append(error or FieldError(ErrorCode.REQUIRED, "lot_number"))
    expiry, error = parse_date(form.expiry, "expiry", locale)
    if error is not None or expiry is None:
        errors.items.append(error or FieldError(ErrorCode.REQUIRED, "expiry"))
    return number, expiry
