"""CDSi 4.6 chapter 3.4 date arithmetic: the spec's examples, then its rules as properties."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic.vaccinations.cdsi.cdsi_dates import Duration, add_duration, add_text, parse_duration

D = dt.date.fromisoformat
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))
counts = st.integers(min_value=0, max_value=200)


@pytest.mark.parametrize(
    ("start", "text", "expected"),
    [
        ("2000-01-01", "3 years", "2003-01-01"),  # CALCDT-1
        ("2000-01-01", "6 months", "2000-07-01"),  # CALCDT-2
        ("2000-11-01", "6 months", "2001-05-01"),
        ("2000-01-01", "3 days", "2000-01-04"),  # CALCDT-3
        ("2000-01-01", "3 weeks", "2000-01-22"),
        ("2000-02-01", "5 weeks", "2000-03-07"),  # leap year
        ("2001-02-01", "5 weeks", "2001-03-08"),
        ("2000-01-15", "- 4 days", "2000-01-11"),  # CALCDT-4
        ("2000-03-31", "6 months", "2000-10-01"),  # CALCDT-5: 31 September does not exist
        ("2000-08-31", "6 months", "2001-03-01"),  # 31 February does not exist
        ("2000-01-31", "6 months - 4 days", "2000-07-27"),  # CALCDT-6
        ("2000-02-29", "1 year", "2001-03-01"),
        ("2000-02-29", "4 years", "2004-02-29"),
        ("2010-06-30", "16 years - 4 months", "2026-03-01"),  # 30 February rolls to 1 March
        ("2025-11-10", "19 months + 4 weeks", "2027-07-08"),
        ("2025-10-13", "4 weeks - 4 days", "2025-11-06"),
    ],
)
def test_spec_examples(start: str, text: str, expected: str) -> None:
    assert add_text(D(start), text) == D(expected)


@pytest.mark.parametrize("text", [None, "", "  ", "n/a", "N/A"])
def test_an_absent_value_is_no_date(text: str | None) -> None:
    assert parse_duration(text) is None
    assert add_text(D("2000-01-01"), text) is None


@pytest.mark.parametrize("text", ["4", "weeks", "4 fortnights", "4 weeks 4 days", "4 weeks -", "x"])
def test_garbage_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a CDSi duration"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("0 days", Duration()),
        ("1 day", Duration(days=1)),
        ("1 year", Duration(years=1)),
        ("4 weeks - 4 days", Duration(days=24)),
        ("5 months + 4 weeks", Duration(months=5, days=28)),
        ("18 years - 4 days", Duration(years=18, days=-4)),
        ("16 years - 4 months", Duration(years=16, months=-4)),
        ("13 Years + 4 Weeks", Duration(years=13, days=28)),
    ],
)
def test_parse(text: str, duration: Duration) -> None:
    assert parse_duration(text) == duration


@given(st.integers(0, 99), st.integers(0, 99), st.integers(0, 99), st.integers(0, 99))
def test_a_written_duration_parses_back(years: int, months: int, weeks: int, days: int) -> None:
    text = f"{years} years + {months} months + {weeks} weeks - {days} days"
    assert parse_duration(text) == Duration(years, months, 7 * weeks - days)


@given(dates, counts)
def test_days_and_weeks_are_plain_day_counts(start: dt.date, count: int) -> None:
    assert add_text(start, f"{count} days") == start + dt.timedelta(days=count)
    assert add_text(start, f"{count} weeks") == start + dt.timedelta(weeks=count)
    assert add_text(start, f"- {count} days") == start - dt.timedelta(days=count)


@given(dates, st.integers(min_value=-600, max_value=600))
def test_months_keep_the_day_or_roll_to_the_first_of_the_next_month(
    start: dt.date, months: int
) -> None:
    result = add_duration(start, Duration(months=months))
    index = start.year * 12 + start.month - 1 + months
    year, month = index // 12, index % 12 + 1
    if start.day <= calendar.monthrange(year, month)[1]:
        assert result == dt.date(year, month, start.day)
    else:  # never clamped to the month's last day
        after = dt.date(year, month, 28) + dt.timedelta(days=4)
        assert result == after.replace(day=1)


@given(dates, st.integers(min_value=0, max_value=150))
def test_years_are_twelve_months(start: dt.date, years: int) -> None:
    assert add_duration(start, Duration(years=years)) == add_duration(
        start, Duration(months=12 * years)
    )


@given(dates, st.integers(0, 80), st.integers(-24, 24), st.integers(-400, 400))
def test_years_then_months_then_days(start: dt.date, years: int, months: int, days: int) -> None:
    step = add_duration(add_duration(start, Duration(years=years)), Duration(months=months))
    expected = step + dt.timedelta(days=days)
    assert add_duration(start, Duration(years, months, days)) == expected


@given(dates, dates, st.integers(0, 80), st.integers(0, 36), st.integers(0, 400))
def test_adding_keeps_the_order_of_dates(
    first: dt.date, second: dt.date, years: int, months: int, days: int
) -> None:
    early, late = sorted((first, second))
    duration = Duration(years, months, days)
    assert add_duration(early, duration) <= add_duration(late, duration)


@given(dates, st.integers(0, 80), st.integers(0, 36), st.integers(0, 400))
def test_adding_never_goes_back(start: dt.date, years: int, months: int, days: int) -> None:
    assert add_duration(start, Duration(years, months, days)) >= start
