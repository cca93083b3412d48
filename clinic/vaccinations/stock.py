"""The vaccine catalogue and the lots in the clinic's fridge.

A dose given at the clinic comes out of a lot (`clinic.vaccinations.records` takes it); the lot is
received here, with its expiry and how many doses came in. Vaccine lots are lots of the clinic's
one stock (issue 13): a vaccine product is a stock item, a reception is a receipt movement at the
dispensary, and a lot's doses are its balance (`clinic.materials.ledger`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.common.clock import Clock
from clinic.common.dates import parse_date
from clinic.common.errors import ErrorCode, FieldError, NotFoundError, ValidationError
from clinic.common.permissions import Actor, Permission, require
from clinic.common.text import clean_line, whole_number
from clinic.materials import ledger
from clinic.materials.places import dispensary_id
from clinic.vaccinations.form import LOT_MAX
from db.models.materials import StockBalance, StockItem, StockLot
from db.models.vaccinations import VaccineProduct
from db.vocabulary.materials import MovementKind

MAX_RECEIVED = 10_000
# A lot this close to its expiry is flagged in the stock list, so it is used (or swapped) first.
EXPIRES_SOON_DAYS = 30


class LotState(StrEnum):
    """What the stock list says of a lot; a lot with nothing to say has no state."""

    EMPTY = "empty"  # nothing left: shown only when used-up lots are asked for
    EXPIRED = "expired"  # doses left, but they may no longer be given
    EXPIRES_SOON = "expires_soon"  # expires within `EXPIRES_SOON_DAYS` days


@dataclass(frozen=True)
class Product:
    id: int
    name: str
    cvx: str
    manufacturer: str
    vaccine_group: str
    amount: str
    unit: str


@dataclass(frozen=True)
class Lot:
    id: int
    product_id: int
    product: str
    lot_number: str
    expiry: dt.date
    quantity: int

    def expired_on(self, day: dt.date) -> bool:
        """A lot may be used up to and including its expiry date."""
        return self.expiry < day

    def state(self, today: dt.date) -> LotState | None:
        """Empty first (an empty lot needs nothing done), then expired, then expiring soon."""
        if self.quantity <= 0:
            return LotState.EMPTY
        if self.expired_on(today):
            return LotState.EXPIRED
        if self.expiry <= today + dt.timedelta(days=EXPIRES_SOON_DAYS):
            return LotState.EXPIRES_SOON
        return None


@dataclass(frozen=True)
class LotForm:
    product_id: int | None = None
    lot_number: str = ""
    expiry: str = ""
    quantity: str = ""


def list_products(session: Session, actor: Actor) -> list[Product]:
    """The active products, by vaccine group then name."""
    _require_catalogue(session, actor)
    rows = session.scalars(
        select(VaccineProduct)
        .where(VaccineProduct.active)
        .order_by(VaccineProduct.vaccine_group, VaccineProduct.name)
    )
    return [_product(row) for row in rows]


def _require_catalogue(session: Session, actor: Actor) -> None:
    """The catalogue is read to record doses (nurse) and to receive stock (nurse, admin)."""
    if not actor.can(Permission.VACCINATION_WRITE):
        require(session, actor, Permission.VACCINE_STOCK)


def list_lots(
    session: Session, actor: Actor, *, product_id: int | None = None, in_stock_only: bool = True
) -> list[Lot]:
    """Lots, the ones that expire first first (they should be used first); their doses are the
    lot's stock in every place."""
    _require_catalogue(session, actor)
    doses = (
        select(StockBalance.lot_key, func.sum(StockBalance.quantity).label("doses"))
        .group_by(StockBalance.lot_key)
        .subquery()
    )
    query = (
        select(StockLot, StockItem.vaccine_product_id, VaccineProduct.name, doses.c.doses)
        .join(StockItem, StockItem.id == StockLot.item_id)
        .join(VaccineProduct, VaccineProduct.id == StockItem.vaccine_product_id)
        .outerjoin(doses, doses.c.lot_key == StockLot.id)
    )
    if product_id is not None:
        query = query.where(StockItem.vaccine_product_id == product_id)
    if in_stock_only:
        query = query.where(doses.c.doses > 0)
    rows = session.execute(query.order_by(StockLot.expiry, StockLot.lot_number))
    return [_lot(lot, product, name, doses or 0) for lot, product, name, doses in rows]


def receive_lot(session: Session, actor: Actor, clock: Clock, form: LotForm, locale: str) -> Lot:
    """Add received doses: a new lot, or more of a lot already in the fridge (same expiry)."""
    require(session, actor, Permission.VACCINE_STOCK)
    product_id, number, expiry, quantity = _validate_lot(form, locale, clock.today())
    found = session.execute(
        select(VaccineProduct.name, StockItem.id)
        .join(StockItem, StockItem.vaccine_product_id == VaccineProduct.id)
        .where(VaccineProduct.id == product_id)
    ).first()
    if found is None:
        raise NotFoundError(ErrorCode.PRODUCT_NOT_FOUND, "product")
    name, item_id = found
    lot = ledger.lot_for(session, actor, clock, item_id, number, expiry)
    place = dispensary_id(session)
    change = ledger.Change(MovementKind.RECEIPT, place, item_id, quantity, lot_id=lot.id)
    ledger.add(session, actor, clock, change)
    trail.record(session, actor, clock, Action.LOT_RECEIVE, "stock_lot", lot.id, ["quantity"])
    doses = session.scalar(
        select(func.sum(StockBalance.quantity)).where(StockBalance.lot_key == lot.id)
    )
    return _lot(lot, product_id, name, int(doses or 0))


def _validate_lot(form: LotForm, locale: str, today: dt.date) -> tuple[int, str, dt.date, int]:
    errors: list[FieldError] = []
    if form.product_id is None:
        errors.append(FieldError(ErrorCode.REQUIRED, "product"))
    number, error = clean_line(form.lot_number, "lot_number", max_length=LOT_MAX)
    if error is not None or number is None:
        errors.append(error or FieldError(ErrorCode.REQUIRED, "lot_number"))
    expiry, error = parse_date(form.expiry, "expiry", locale)
    if error is not None or expiry is None:
        errors.append(error or FieldError(ErrorCode.REQUIRED, "expiry"))
    elif expiry < today:
        errors.append(FieldError(ErrorCode.LOT_EXPIRED, "expiry", {"expiry": expiry}))
    text = form.quantity.strip()
    if not whole_number(text) or not 1 <= int(text) <= MAX_RECEIVED:
        errors.append(FieldError(ErrorCode.QUANTITY_RANGE, "quantity", {"max": MAX_RECEIVED}))
    if errors:
        raise ValidationError(errors)
    assert form.product_id is not None
    assert number is not None
    assert expiry is not None
    return form.product_id, number, expiry, int(text)


def _product(row: VaccineProduct) -> Product:
    return Product(
        row.id, row.name, row.cvx, row.manufacturer, row.vaccine_group, row.amount, row.unit
    )


def _lot(lot: StockLot, product_id: int, product: str, doses: int) -> Lot:
    assert lot.expiry is not None  # a vaccine lot always has one (`_validate_lot`)
    return Lot(lot.id, product_id, product, lot.lot_number, lot.expiry, int(doses))
