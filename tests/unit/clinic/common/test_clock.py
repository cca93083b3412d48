"""Which day a moment belongs to is decided in the clinic's time zone, across DST changes too."""

from __future__ import annotations

import datetime as dt

from clinic.common.clock import Clock
from tests.conftest import NOW, ROME


def _utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)  # type: ignore[misc]


def test_today_is_the_clinics_day_not_utcs():
    assert Clock(ROME, _utc(2026, 3, 9, 22, 59)).today() == dt.date(2026, 3, 9)
    assert Clock(ROME, _utc(2026, 3, 9, 23, 0)).today() == dt.date(2026, 3, 10)


def test_a_winter_day_in_rome_starts_at_23_utc():
    assert Clock(ROME, NOW).day_bounds(dt.date(2026, 3, 10)) == (
        _utc(2026, 3, 9, 23),
        _utc(2026, 3, 10, 23),
    )


def test_the_day_clocks_go_forward_has_23_hours():
    # Sunday 29 March 2026: 02:00 CET becomes 03:00 CEST.
    assert Clock(ROME).day_bounds(dt.date(2026, 3, 29)) == (
        _utc(2026, 3, 28, 23),
        _utc(2026, 3, 29, 22),
    )


def test_the_day_clocks_go_back_has_25_hours():
    # Sunday 25 October 2026: 03:00 CEST becomes 02:00 CET.
    assert Clock(ROME).day_bounds(dt.date(2026, 10, 25)) == (
        _utc(2026, 10, 24, 22),
        _utc(2026, 10, 25, 23),
    )


def test_a_fixed_clock_is_fixed_and_a_live_one_is_aware_utc():
    assert Clock(ROME, NOW).now() == NOW
    live = Clock(ROME).now()
    assert live.utcoffset() == dt.timedelta(0)


def test_local_shows_the_clinics_wall_clock():
    assert Clock(ROME).local(NOW).replace(tzinfo=None) == dt.datetime(2026, 3, 10, 10, 30)
