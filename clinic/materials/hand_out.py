"""Handing material out (issue 13): to a registered person (tied to that day's visit), to
someone who wants no record (gender and age band only, like a walk-in), or from an outreach
place to a group counted together. One `distribution` row, and one movement per item and lot.

Limits come from the catalogue: at most so many at a time, and so many a week for one person.
A hand-out past a limit, or past what the place holds, is refused with the item and the limit
named; a nurse or the coordinator may go past it with a reason, which the audit trail keeps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.common.clock import Clock
from clinic.common.errors import ErrorCode, FieldError, FieldErrors, ValidationError
from clinic.common.permissions import Actor, Permission, require
from clinic.common.text import clean_line, whole_number
from clinic.materials import ledger
from clinic.materials.places import dispensary_id
from clinic.registry.persons import active_person
from db.models.desk import Visit
from db.models.materials import Distribution, StockBalance, StockItem, StockLot, StockMovement
from db.vocabulary.materials import AgeBand, MovementKind
from db.vocabulary.registry import Gender

MAX_AT_ONCE = 10_000
MAX_CONTACTS = 1_000
REASON_MAX = 200
WEEK = dt.timedelta(days=7)


@dataclass(frozen=True)
class HandOutForm:
    """What was typed: a quantity per item (blank: none), and who it was for."""

    quantities: Mapping[int, str] = field(default_factory=lambda: MappingProxyType({}))
    person_id: int | None = None  # None: without a record, or a group
    place_id: int | None = None  # None: the dispensary
    gender: str = ""  # without a record
    age_band: str = ""
    contacts: str = "1"  # a group met by outreach, counted together
    walk_in_visit_id: int | None = None  # a walk-in's check-in today, for a hand-out to them
    override_reason: str = ""  # a nurse or the coordinator, past a limit or the stock


@dataclass(frozen=True)
class HandedOut:
    distribution_id: int
    items: tuple[tuple[int, int], ...]  # (item, quantity)
    overridden: bool


def hand_out(session: Session, actor: Actor, clock: Clock, form: HandOutForm) -> HandedOut:
    require(session, actor, Permission.HAND_OUT)
    errors = FieldErrors()
    wanted = _quantities(errors, form.quantities)
    items = _items(session, errors, wanted)
    person = active_person(session, form.person_id) if form.person_id is not None else None
    gender, band, contacts = _anonymous(errors, form, person is not None)
    reason = errors.keep(*clean_line(form.override_reason, "override_reason", max_length=200))
    errors.raise_if_any()
    place = form.place_id if form.place_id is not None else dispensary_id(session)
    refusals = _limits(session, clock, items, wanted, form.person_id, contacts)
    refusals += _short(session, place, items, wanted)
    overridden = bool(refusals)
    if refusals:
        if not actor.can(Permission.STOCK_OVERRIDE):
            raise ValidationError(refusals)
        if not reason:
            raise ValidationError(
                [*refusals, FieldError(ErrorCode.OVERRIDE_REASON_REQUIRED, "override_reason")]
            )
        require(session, actor, Permission.STOCK_OVERRIDE)
    row = Distribution(
        at=clock.now(),
        by_id=actor.staff_id,
        place_id=place,
        person_id=form.person_id,
        visit_id=_todays_visit(session, clock, form.person_id)
        if form.person_id is not None
        else _walk_in(session, clock, form.walk_in_visit_id),
        gender=gender,
        age_band=band,
        contacts=contacts,
        override_reason=reason if overridden and isinstance(reason, str) else None,
    )
    session.add(row)
    session.flush()
    for item in items:
        _take(session, actor, clock, place, item, wanted[item.id], row.id, overdraw=overridden)
    trail.record(session, actor, clock, Action.HAND_OUT, "distribution", row.id, ["items"])
    if overridden:
        trail.record(
            session,
            actor,
            clock,
            Action.HAND_OUT_OVERRIDE,
            "distribution",
            row.id,
            ["override_reason"],
        )
    handed = tuple((item.id, wanted[item.id]) for item in items)
    return HandedOut(row.id, handed, overridden)


def hand_out_counted(
    session: Session,
    actor: Actor,
    clock: Clock,
    place_id: int,
    wanted: Mapping[int, int],
    contacts: int,
    session_id: int,
    *,
    again: int | None = None,
) -> int:
    """A street or group session's material: one hand-out from the session's place to its
    `contacts` people counted together, tied to the session. Past what the place holds, or a
    limit per contact, it is refused on the item's field (no override: the coordinator adjusts
    the stock first). The session's use case has checked who may (`clinic.outreach`).

    `again`: the session's hand-out as it was, already taken back (`take_back`), written anew
    by an amendment: it stays the one hand-out of the session."""
    errors = FieldErrors()
    items = _items(session, errors, wanted)
    errors.raise_if_any()
    people = max(contacts, 1)
    refusals = _limits(session, clock, items, wanted, None, people)
    refusals += _short(session, place_id, items, wanted)
    if refusals:
        raise ValidationError(refusals)
    row = session.get(Distribution, again) if again is not None else None
    if row is None:
        row = Distribution(at=clock.now(), by_id=actor.staff_id, session_id=session_id)
        session.add(row)
    row.place_id, row.contacts = place_id, people
    session.flush()
    for item in items:
        _take(session, actor, clock, place_id, item, wanted[item.id], row.id, overdraw=False)
    return row.id


def take_back(session: Session, actor: Actor, clock: Clock, distribution_id: int) -> None:
    """Put back, through the ledger, everything a hand-out took: one movement of the opposite
    quantity per item, lot and place it still holds, tied to the same hand-out, so that its
    movements sum to nothing and the stock stays the sum of its movements."""
    rows = session.execute(
        select(
            StockMovement.place_id,
            StockMovement.item_id,
            StockMovement.lot_id,
            func.sum(StockMovement.quantity),
        )
        .where(StockMovement.distribution_id == distribution_id)
        .group_by(StockMovement.place_id, StockMovement.item_id, StockMovement.lot_id)
        .order_by(StockMovement.item_id, StockMovement.lot_id)
    ).all()
    for place, item_id, lot_id, taken in rows:
        if taken:
            change = ledger.Change(
                MovementKind.DISTRIBUTION,
                place,
                item_id,
                -int(taken),
                lot_id=lot_id,
                distribution_id=distribution_id,
            )
            ledger.add(session, actor, clock, change)


def last_basket(session: Session, actor: Actor, person_id: int) -> dict[int, int]:
    """What the person was last handed (item: quantity), for "same as last time"."""
    require(session, actor, Permission.HAND_OUT)
    last = session.scalar(
        select(Distribution.id)
        .where(Distribution.person_id == person_id)
        .order_by(Distribution.at.desc(), Distribution.id.desc())
        .limit(1)
    )
    if last is None:
        return {}
    rows = session.execute(
        select(StockMovement.item_id, func.sum(-StockMovement.quantity))
        .where(StockMovement.distribution_id == last)
        .group_by(StockMovement.item_id)
    )
    return {item: int(quantity) for item, quantity in rows}


def _quantities(errors: FieldErrors, typed: Mapping[int, str]) -> dict[int, int]:
    wanted: dict[int, int] = {}
    for item_id, text in typed.items():
        text = text.strip()
        if not text or text == "0":
            continue
        if not whole_number(text) or int(text) > MAX_AT_ONCE:
            errors.add(ErrorCode.COUNT_RANGE, f"item_{item_id}", min=0, max=MAX_AT_ONCE)
        else:
            wanted[item_id] = int(text)
    if not wanted and not errors.items:
        errors.add(ErrorCode.REQUIRED, "items")
    return wanted


def _items(session: Session, errors: FieldErrors, wanted: Mapping[int, int]) -> list[StockItem]:
    if not wanted:
        return []
    found = session.scalars(select(StockItem).where(StockItem.id.in_(wanted))).all()
    by_id = {item.id: item for item in found}
    for item_id in wanted:
        item = by_id.get(item_id)
        if item is None or not item.active or item.vaccine_product_id is not None:
            errors.add(ErrorCode.ITEM_NOT_FOUND, f"item_{item_id}")
    return sorted(found, key=lambda item: (item.position, item.id))


def _anonymous(
    errors: FieldErrors, form: HandOutForm, registered: bool
) -> tuple[str | None, str | None, int]:
    """Gender, age band and how many people, for a hand-out without a record."""
    if registered:
        return None, None, 1
    gender = form.gender or None
    if gender is not None and gender not in {g.value for g in Gender}:
        errors.add(ErrorCode.UNKNOWN_CHOICE, "gender")
    band = form.age_band or None
    if band is not None and band not in {b.value for b in AgeBand}:
        errors.add(ErrorCode.UNKNOWN_CHOICE, "age_band")
    text = form.contacts.strip() or "1"
    if not whole_number(text) or not 1 <= int(text) <= MAX_CONTACTS:
        errors.add(ErrorCode.COUNT_RANGE, "contacts", min=1, max=MAX_CONTACTS)
        return gender, band, 1
    return gender, band, int(text)


def _limits(
    session: Session,
    clock: Clock,
    items: list[StockItem],
    wanted: Mapping[int, int],
    person_id: int | None,
    contacts: int,
) -> list[FieldError]:
    """The limits passed: per contact (a group of people met together may have as many each),
    and per person and week."""
    refusals = []
    for item in items:
        quantity, name = wanted[item.id], f"item_{item.id}"
        if item.contact_limit is not None and quantity > item.contact_limit * contacts:
            limit = item.contact_limit * contacts
            refusals.append(FieldError(ErrorCode.LIMIT_PER_CONTACT, name, {"limit": limit}))
        elif item.weekly_limit is not None and person_id is not None:
            given = _given_this_week(session, clock, person_id, item.id)
            if given + quantity > item.weekly_limit:
                refusals.append(
                    FieldError(
                        ErrorCode.LIMIT_PER_WEEK,
                        name,
                        {"limit": item.weekly_limit, "given": given},
                    )
                )
    return refusals


def _given_this_week(session: Session, clock: Clock, person_id: int, item_id: int) -> int:
    total = session.scalar(
        select(func.sum(-StockMovement.quantity))
        .join(Distribution, Distribution.id == StockMovement.distribution_id)
        .where(
            Distribution.person_id == person_id,
            Distribution.at > clock.now() - WEEK,
            StockMovement.item_id == item_id,
        )
    )
    return int(total or 0)


def _short(
    session: Session, place: int, items: list[StockItem], wanted: Mapping[int, int]
) -> list[FieldError]:
    """The items the place has fewer of than asked (their balances locked from here on)."""
    refusals = []
    for item in items:
        available = sum(quantity for _lot, quantity in _lots_in_stock(session, place, item))
        if wanted[item.id] > available:
            refusals.append(
                FieldError(ErrorCode.STOCK_SHORT, f"item_{item.id}", {"available": available})
            )
    return refusals


def _lots_in_stock(session: Session, place: int, item: StockItem) -> list[tuple[int | None, int]]:
    """(lot, quantity) of the item at the place, locked; lots that expire first come first."""
    if not item.tracks_lots:
        return [(None, ledger.locked_balance(session, place, item.id, None))]
    rows = session.execute(
        select(StockBalance.lot_key, StockBalance.quantity)
        .join(StockLot, StockLot.id == StockBalance.lot_key)
        .where(StockBalance.place_id == place, StockBalance.item_id == item.id)
        .order_by(StockLot.expiry, StockLot.id)
        .with_for_update()
    ).all()
    return [(lot, quantity) for lot, quantity in rows if quantity > 0]


def _take(
    session: Session,
    actor: Actor,
    clock: Clock,
    place: int,
    item: StockItem,
    quantity: int,
    distribution_id: int,
    *,
    overdraw: bool,
) -> None:
    """The quantity out of the place's stock: the lots that expire first first; whatever is
    missing (an override) comes out of the last lot, or the item's own balance."""
    left = quantity
    lots = _lots_in_stock(session, place, item)
    for lot, available in lots:
        taken = min(left, available) if available > 0 else 0
        if taken:
            _out(session, actor, clock, place, item.id, lot, taken, distribution_id, overdraw=False)
            left -= taken
        if not left:
            return
    lot = lots[-1][0] if lots else None
    _out(session, actor, clock, place, item.id, lot, left, distribution_id, overdraw=overdraw)


def _out(
    session: Session,
    actor: Actor,
    clock: Clock,
    place: int,
    item_id: int,
    lot_id: int | None,
    quantity: int,
    distribution_id: int,
    *,
    overdraw: bool,
) -> None:
    change = ledger.Change(
        MovementKind.DISTRIBUTION,
        place,
        item_id,
        -quantity,
        lot_id=lot_id,
        distribution_id=distribution_id,
    )
    ledger.add(session, actor, clock, change, overdraw=overdraw)


def _walk_in(session: Session, clock: Clock, visit_id: int | None) -> int | None:
    """A walk-in's visit, if it is one of today's (a hand-out of another day or to a
    registered person's visit is not tied to it)."""
    if visit_id is None:
        return None
    visit = session.get(Visit, visit_id)
    start, end = clock.day_bounds(clock.today())
    if visit is None or visit.person_id is not None or not start <= visit.arrival_at < end:
        return None
    return visit.id


def _todays_visit(session: Session, clock: Clock, person_id: int | None) -> int | None:
    """The person's latest check-in today, if any: the hand-out belongs to that visit."""
    if person_id is None:
        return None
    start, end = clock.day_bounds(clock.today())
    return session.scalar(
        select(Visit.id)
        .where(Visit.person_id == person_id, Visit.arrival_at >= start, Visit.arrival_at < end)
        .order_by(Visit.arrival_at.desc(), Visit.id.desc())
        .limit(1)
    )
