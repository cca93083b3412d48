"""What the nurse types about a dose or a refusal, and its validation into typed values.

Every field's problem is reported at once, so the dialog marks them all and keeps what was typed.
The checks that need the database (the lot's expiry and stock, the same dose twice in a day, a
date before the person's birth) are made by `clinic.vaccinations.records` when the dose is recorded.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TypeVar

from clinic.common.dates import parse_date
from clinic.common.errors import ErrorCode, FieldErrors
from clinic.common.text import clean_line, whole_number
from clinic.vaccinations.vocabulary import (
    DoseUnit,
    InjectionSite,
    RefusalReason,
    Route,
    VaccineSchedule,
)

LOT_MAX = 40
MAX_DOSE_NUMBER = 10
MAX_AMOUNT = Decimal(10)
EARLIEST_DOSE = dt.date(1950, 1, 1)
_AMOUNT = re.compile(r"^\d{1,2}([.,]\d{1,3})?$")

E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True)
class DoseForm:
    """A dose as typed or chosen; dates and numbers are text in the user's language."""

    product_id: int | None = None
    given_on: str = ""
    given_elsewhere: bool = False
    lot_id: int | None = None  # a lot in the clinic's stock (doses given here)
    lot_number: str = ""  # typed, for a dose given elsewhere
    lot_expiry: str = ""
    dose_number: str = ""
    amount: str = ""
    unit: str = DoseUnit.MILLILITRE.value
    route: str = Route.INTRAMUSCULAR.value
    site: str = InjectionSite.LEFT_DELTOID.value
    leaflet_on: str = ""
    schedule: str = VaccineSchedule.STANDARD.value


@dataclass(frozen=True)
class DoseRecord:
    product_id: int
    given_on: dt.date
    given_elsewhere: bool
    lot_id: int | None
    lot_number: str | None
    lot_expiry: dt.date | None
    dose_number: int | None
    amount: Decimal | None
    unit: DoseUnit | None
    route: Route | None
    site: InjectionSite | None
    leaflet_on: dt.date | None
    schedule: VaccineSchedule


@dataclass(frozen=True)
class RefusalForm:
    vaccine_group: str = ""
    refused_on: str = ""
    reason: str = RefusalReason.DECLINED.value


@dataclass(frozen=True)
class RefusalRecord:
    vaccine_group: str
    refused_on: dt.date
    reason: RefusalReason


def validate_dose(form: DoseForm, locale: str, today: dt.date) -> DoseRecord:
    errors = FieldErrors()
    if form.product_id is None:
        errors.add(ErrorCode.REQUIRED, "product")
    given_on = _past_date(errors, form.given_on, "given_on", locale, today, required=True)
    leaflet_on = _past_date(errors, form.leaflet_on, "leaflet_on", locale, today)
    lot_number, lot_expiry = _lot(errors, form, locale)
    dose_number = _dose_number(errors, form.dose_number)
    amount = _amount(errors, form.amount)
    unit = _choice(errors, DoseUnit, form.unit, "unit") if amount is not None else None
    route = _choice(errors, Route, form.route, "route")
    site = _site(errors, form.site, route)
    schedule = _choice(errors, VaccineSchedule, form.schedule, "schedule")
    errors.raise_if_any()
    assert form.product_id is not None
    assert given_on is not None
    assert schedule is not None
    return DoseRecord(
        product_id=form.product_id,
        given_on=given_on,
        given_elsewhere=form.given_elsewhere,
        lot_id=None if form.given_elsewhere else form.lot_id,
        lot_number=lot_number,
        lot_expiry=lot_expiry,
        dose_number=dose_number,
        amount=amount,
        unit=unit,
        route=route,
        site=site,
        leaflet_on=leaflet_on,
        schedule=schedule,
    )


def validate_refusal(form: RefusalForm, locale: str, today: dt.date) -> RefusalRecord:
    errors = FieldErrors()
    if not form.vaccine_group:
        errors.add(ErrorCode.REQUIRED, "vaccine_group")
    refused_on = _past_date(errors, form.refused_on, "refused_on", locale, today, required=True)
    reason = _choice(errors, RefusalReason, form.reason, "reason")
    errors.raise_if_any()
    assert refused_on is not None
    assert reason is not None
    return RefusalRecord(form.vaccine_group, refused_on, reason)


def _past_date(
    errors: FieldErrors,
    text: str,
    field: str,
    locale: str,
    today: dt.date,
    *,
    required: bool = False,
) -> dt.date | None:
    value, error = parse_date(text, field, locale)
    if error is not None:
        errors.keep(None, error)
        return None
    if value is None:
        if required:
            errors.add(ErrorCode.REQUIRED, field)
        return None
    if value > today:
        errors.add(ErrorCode.DATE_IN_FUTURE, field)
        return None
    if value < EARLIEST_DOSE:
        errors.add(ErrorCode.DATE_TOO_EARLY, field)
        return None
    return value


def _lot(errors: FieldErrors, form: DoseForm, locale: str) -> tuple[str | None, dt.date | None]:
    """A dose given here comes from a lot in stock; one given elsewhere may name its lot."""
    if not form.given_elsewhere:
        if form.lot_id is None:
            errors.add(ErrorCode.LOT_REQUIRED, "lot")
        return None, None
    number, error = clean_line(form.lot_number, "lot_number", max_length=LOT_MAX)
    errors.keep(None, error)
    expiry, expiry_error = parse_date(form.lot_expiry, "lot_expiry", locale)
    errors.keep(None, expiry_error)
    return number, expiry


def _dose_number(errors: FieldErrors, text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not whole_number(text) or not 1 <= int(text) <= MAX_DOSE_NUMBER:
        errors.add(ErrorCode.DOSE_NUMBER_RANGE, "dose_number", max=MAX_DOSE_NUMBER)
        return None
    return int(text)


def _amount(errors: FieldErrors, text: str) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", ".")) if _AMOUNT.match(text) else None
    except InvalidOperation:
        value = None
    if value is None or not Decimal(0) < value <= MAX_AMOUNT:
        errors.add(ErrorCode.AMOUNT_FORMAT, "amount", max=MAX_AMOUNT)
        return None
    return value


def takes_site(route: Route | None) -> bool:
    """A site is asked for injections only: a drop in the mouth or a spray in the nose has none.
    (A route not understood is reported as such; the site is still checked.)"""
    return route not in (Route.ORAL, Route.NASAL)


def _site(errors: FieldErrors, text: str, route: Route | None) -> InjectionSite | None:
    if not takes_site(route) or not text:
        return None
    return _choice(errors, InjectionSite, text, "site")


def _choice(errors: FieldErrors, vocabulary: type[E], value: str, field: str) -> E | None:
    try:
        return vocabulary(value)
    except ValueError:
        errors.add(ErrorCode.UNKNOWN_CHOICE, field)
        return None
