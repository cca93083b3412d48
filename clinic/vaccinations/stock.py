"""The vaccine catalogue and the lots in the clinic's fridge.

A dose given at the clinic comes out of a lot (`clinic.vaccinations.records` takes it); the lot is
received here, with its expiry and how many doses came in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.common.clock import Clock
from clinic.common.dates import parse_date
from clinic.common.errors import ErrorCode, FieldError, NotFoundError, ValidationError
from clinic.common.permissions import Actor, Permission, require
from clinic.common.text import clean_line, whole_number
from clinic.vaccinations.form import LOT_MAX
from db.models.vaccinations import VaccineLot, VaccineProduct

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
    """Lots, the ones that expire first first (they should be used first)."""
    _require_catalogue(session, actor)
    query = select(VaccineLot, VaccineProduct.name).join(VaccineProduct)
    if product_id is not None:
        query = query.where(VaccineLot.product_id == product_id)
    if in_stock_only:
        query = query.where(VaccineLot.quantity > 0)
    rows = session.execute(query.order_by(VaccineLot.expiry, VaccineLot.lot_number))
    return [_lot(lot, name) for lot, name in rows]


def receive_lot(session: Session, actor: Actor, clock: Clock, form: LotForm, locale: str) -> Lot:
    """Add received doses: a new lot, or more of a lot already in the fridge (same expiry)."""
    require(session, actor, Permission.VACCINE_STOCK)
    product_id, number, expiry, quantity = _validate_lot(form, locale, clock.today())
    product = session.get(VaccineProduct, product_id)
    if product is None:
        raise NotFoundError(ErrorCode.PRODUCT_NOT_FOUND, "product")
    lot = session.scalars(
        select(VaccineLot).where(
            VaccineLot.product_id == product_id, VaccineLot.lot_number == number
        )
    ).first()
    if lot is None:
        lot = VaccineLot(
            product_id=product_id,
            lot_number=number,
            expiry=expiry,
            quantity=0,
            received_at=clock.now(),
            received_by_id=actor.staff_id,
        )
        session.add(lot)
    elif lot.expiry != expiry:
        raise ValidationError.single(ErrorCode.LOT_EXPIRY_DIFFERS, "expiry", expiry=lot.expiry)
    lot.quantity += quantity
    session.flush()
    trail.record(session, actor, clock, Action.LOT_RECEIVE, "vaccine_lot", lot.id, ["quantity"])
    return _lot(lot, product.name)


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


def _lot(lot: VaccineLot, product: str) -> Lot:
    return Lot(lot.id, lot.product_id, product, lot.lot_number, lot.expiry, lot.quantity)
