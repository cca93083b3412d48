"""Date arithmetic exactly as CDSi 4.6 chapter 3.4 defines it.

Every age and interval of the supporting data is a text such as "4 weeks - 4 days",
"5 months + 4 weeks" or "16 years - 4 months". CDSi adds the years first, then the months,
then the weeks and days (CALCDT-6). Years and months keep the day of the month (CALCDT-1/2);
a date that does not exist moves forward to the first day of the next month (CALCDT-5:
31 March + 6 months = 1 October). This is *not* what `dateutil.relativedelta` does (it clamps
to 30 September), and a one-day difference changes whether a dose is valid, so the arithmetic is
written out here. Weeks and days are plain day counts (CALCDT-3/4).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

_TERM = re.compile(r"\s*([+-])?\s*(\d+)\s*(year|month|week|day)s?\s*", re.IGNORECASE)
_ABSENT = frozenset({"", "n/a"})
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True, slots=True)
class Duration:
    """A signed CDSi time period; weeks are kept as days because CDSi counts them as days."""

    years: int = 0
    months: int = 0
    days: int = 0


def parse_duration(text: str | None) -> Duration | None:
    """The duration a CDSi text describes; None when the data leaves the value empty.

    Parsed once per distinct text (the supporting data repeats a few dozen texts thousands of
    times), so loading stays cheap.

    Raises:
        ValueError: the text is not a sum of "<n> years|months|weeks|days" terms.
    """
    if text is None:
        return None
    return _parse(text.strip().lower())


@functools.cache
def _parse(text: str) -> Duration | None:
    if text in _ABSENT:
        return None
    years = months = days = 0
    position = 0
    while position < len(text):
        term = _TERM.match(text, position)
        if term is None or (position > 0 and term[1] is None):
            raise ValueError(f"not a CDSi duration: {text!r}")
        amount = -int(term[2]) if term[1] == "-" else int(term[2])
        unit = term[3].lower()
        if unit == "year":
            years += amount
        elif unit == "month":
            months += amount
        else:
            days += amount * (7 if unit == "week" else 1)
        position = term.end()
    if position == 0:
        raise ValueError(f"not a CDSi duration: {text!r}")
    return Duration(years, months, days)


@functools.lru_cache(maxsize=1 << 16)
def add_duration(start: dt.date, duration: Duration) -> dt.date:
    """`start` plus `duration`: years, then months, each moved to a real date, then days.

    Cached: a case adds the same ages to the same birth date for every series it evaluates.
    """
    result = start
    if duration.years:
        result = _shift_months(result, 12 * duration.years)
    if duration.months:
        result = _shift_months(result, duration.months)
    if duration.days:
        result = result + dt.timedelta(days=duration.days)
    return result


def add_text(start: dt.date, text: str | None) -> dt.date | None:
    """`start` plus the CDSi text, or None when the text is empty (the value is absent)."""
    duration = parse_duration(text)
    return None if duration is None else add_duration(start, duration)


def _shift_months(start: dt.date, months: int) -> dt.date:
    """Same day of the month `months` later; the 1st of the following month if it does not
    exist (CALCDT-5), never clamped to the month's last day."""
    index = start.year * 12 + start.month - 1 + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    if start.day <= _days_in_month(year, month):
        return dt.date(year, month, start.day)
    if month == 12:
        return dt.date(year + 1, 1, 1)
    return dt.date(year, month + 1, 1)


def _days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]
