"""Numbers, changes and periods as the activity report writes them, in the report's language.

The report is read by funders and the public of one language, chosen apart from the desk's: so
digits are grouped the language's way (1.234 in Italian and German, 1 234 in French), months
are named as it names them, and a change is written with a real minus sign (−3), which no
reader takes for a hyphen.
"""

from __future__ import annotations

import datetime as dt

from clinic.i18n.translator import Translator
from clinic.statistics.tables import Period

MINUS = "\N{MINUS SIGN}"


def count_text(t: Translator, value: int) -> str:
    """A count, its digits grouped the language's way."""
    return t.number(value).replace("-", MINUS)


def change_text(t: Translator, now: int, before: int) -> str:
    """The change from `before` to `now`, always signed ("+12", "−3", "0")."""
    difference = now - before
    if difference > 0:
        return "+" + count_text(t, difference)
    return count_text(t, difference)


def percent_text(t: Translator, fraction: float, *, signed: bool = False) -> str:
    """A fraction as a whole percentage ("12 %" in French), signed for a change."""
    from babel.numbers import format_percent

    text = format_percent(fraction, locale=t.locale).replace("-", MINUS)
    if signed and round(fraction * 100) > 0:
        return "+" + text
    return text


def change_percent_text(t: Translator, now: int, before: int) -> str:
    """The change as a percentage of `before`; nothing when there was nothing before."""
    if before <= 0:
        return ""
    return percent_text(t, (now - before) / before, signed=True)


def period_text(t: Translator, period: Period) -> str:
    """The period in words, for a cover or a sentence: "2025", "Gennaio–marzo 2025",
    "March 2025", "3 mars – 14 juin 2025"."""
    from babel.dates import format_date, format_interval

    if _whole_year(period):
        return str(period.since.year)
    if _whole_months(period) == 1:
        text = format_date(period.since, "LLLL y", locale=t.locale)
    elif _whole_months(period):
        text = format_interval(period.since, period.last_day, "yMMMM", locale=t.locale)
    elif period.since == period.last_day:
        text = format_date(period.since, "long", locale=t.locale)
    else:
        text = format_interval(period.since, period.last_day, "yMMMMd", locale=t.locale)
    return text[:1].upper() + text[1:]


def period_heading(t: Translator, period: Period) -> str:
    """The period in a table's column or a chart's legend: as short as it stays clear."""
    from babel.dates import format_date, format_interval

    if _whole_year(period):
        return str(period.since.year)
    if _whole_months(period) == 1:
        return format_date(period.since, "LLL y", locale=t.locale)
    if _whole_months(period):
        return format_interval(period.since, period.last_day, "yMMM", locale=t.locale)
    return f"{t.short_date(period.since)}–{t.short_date(period.last_day)}"


def long_date(t: Translator, day: dt.date) -> str:
    return t.date(day, "long")


def _whole_year(period: Period) -> bool:
    return period.since == dt.date(period.since.year, 1, 1) and period.until == dt.date(
        period.since.year + 1, 1, 1
    )


def _whole_months(period: Period) -> int:
    """How many whole months the period is, or 0 when it does not start and end on the 1st."""
    if period.since.day != 1 or period.until.day != 1:
        return 0
    return (period.until.year - period.since.year) * 12 + period.until.month - period.since.month
