"""What the dose form proposes, so that the usual dose is the lot and Enter: the number due next
in the product's series, and the lot to take from the fridge first.

Proposals only: the nurse can change either, and `clinic.vaccinations.records` checks what is
saved (an expired or empty lot is refused there, whatever was proposed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from clinic.vaccinations.status import FORECAST_GROUPS, groups_of
from clinic.vaccinations.stock import Lot


def next_dose_number(cvx: str, next_doses: Mapping[str, int]) -> int | None:
    """The number due next in the series this product counts for, from the person's forecast
    (`PersonVaccinations.next_dose_numbers`); a product counting for two series (Twinrix) takes
    the first in `FORECAST_GROUPS`' order. None when none of its series is open."""
    groups = groups_of(cvx)
    return next((next_doses[g] for g in FORECAST_GROUPS if g in groups and g in next_doses), None)


def lot_to_use(lots: Sequence[Lot], product_id: int, today: dt.date) -> Lot | None:
    """The product's lot that expires first among those still usable today ("first expiry,
    first out"). When every lot has expired, the first of them is proposed, shown as expired,
    so that the form says why it cannot be given; None when the product has no lot at all."""
    mine = sorted(
        (lot for lot in lots if lot.product_id == product_id),
        key=lambda lot: (lot.expiry, lot.lot_number),
    )
    return next((lot for lot in mine if not lot.expired_on(today)), mine[0] if mine else None)
