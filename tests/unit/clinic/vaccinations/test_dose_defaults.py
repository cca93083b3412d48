"""What the dose form proposes: the number due next in the series, and the lot to take first."""

from __future__ import annotations

import datetime as dt

from clinic.vaccinations.dose_defaults import lot_to_use, next_dose_number
from clinic.vaccinations.stock import Lot

TODAY = dt.date(2025, 3, 10)


def _lot(lot_id: int, expiry: dt.date, product_id: int = 1, number: str = "L") -> Lot:
    return Lot(lot_id, product_id, "Engerix-B", f"{number}{lot_id}", expiry, 10)


def test_the_number_proposed_is_the_one_due_next_in_the_products_series():
    assert next_dose_number("43", {"HepB": 2, "HPV": 1}) == 2  # Engerix-B counts for HepB


def test_a_product_for_two_series_proposes_the_hepatitis_b_number_first():
    assert next_dose_number("104", {"HepA": 3, "HepB": 2}) == 2  # Twinrix
    assert next_dose_number("104", {"HepA": 3}) == 3


def test_no_number_is_proposed_when_none_of_the_products_series_is_open():
    assert next_dose_number("43", {"HepA": 1}) is None


def test_the_usable_lot_expiring_first_is_proposed():
    expired = _lot(1, TODAY - dt.timedelta(days=1))
    later = _lot(2, TODAY + dt.timedelta(days=90))
    sooner = _lot(3, TODAY)  # usable up to and including its expiry day
    other_product = _lot(4, TODAY + dt.timedelta(days=1), product_id=2)
    assert lot_to_use([expired, later, sooner, other_product], 1, TODAY) == sooner


def test_when_every_lot_has_expired_the_first_is_proposed_so_the_form_says_why():
    old, older = _lot(1, TODAY - dt.timedelta(days=1)), _lot(2, TODAY - dt.timedelta(days=30))
    assert lot_to_use([old, older], 1, TODAY) == older
    assert lot_to_use([], 1, TODAY) is None
