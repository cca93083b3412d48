"""Visits at the drop-in (reports.md: "check-ins at the drop-in, walk-ins without a record
counted separately, never merged into persons"): how many, by month, by weekday and hour, and
why people came.

A visit's month, weekday and hour are the clinic's, which SQL cannot tell portably from a UTC
instant. The visits are grouped in SQL by the quarter-hour they arrived in (`quarter_hour`,
every zone's offset is whole quarter hours), at most a few thousand groups a year, and each
group is put in its local month, weekday and hour here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from clinic.desk.words import REASONS
from clinic.i18n.translator import N_, Translator
from clinic.statistics.scope import Scope
from clinic.statistics.tables import Chart, Line, Period, Section, Table, breakdown
from db.functions import QUARTER_HOUR_SECONDS, quarter_hour
from db.models.desk import Visit, has_reason
from db.vocabulary.desk import VisitReason

TITLE = N_("Visits")
HEADLINE = N_("Visits and walk-ins")
HEADLINE_DEFINITION = N_(
    "Check-ins at the desk in the period. Walk-ins came without a record and are counted"
    " here only, never as persons."
)
BY_MONTH = N_("Visits by month")
BY_MONTH_DEFINITION = N_(
    "Check-ins in each month of the period, by the clinic's calendar; the previous period's"
    " column is its month in the same place."
)
BY_WEEKDAY = N_("Visits by weekday")
BY_WEEKDAY_DEFINITION = N_("Check-ins on each day of the week in the period.")
BY_HOUR = N_("Visits by weekday and hour")
BY_HOUR_DEFINITION = N_(
    "Check-ins by day of the week and hour of arrival, by the clinic's clock (14 is from 14:00"
    " to 14:59)."
)
BY_REASON = N_("Visits by reason")
BY_REASON_DEFINITION = N_(
    "Check-ins for each reason the desk recorded; a visit for two reasons is in both rows, so"
    " the rows do not add up to the visits."
)
REGISTERED = N_("Persons with a record")
WALK_INS = N_("Walk-ins without a record")


@dataclass(frozen=True)
class Arrivals:
    """A period's check-ins put in the clinic's months, weekdays and hours."""

    registered: int
    walk_ins: int
    by_month: Counter[int]  # the month's place in the period, 0 for its first
    by_weekday_hour: Counter[tuple[int, int]]  # (Monday 0, hour 0..23)


def section(scope: Scope) -> Section:
    t = scope.t
    now, before = arrivals(scope, scope.period), arrivals(scope, scope.previous)
    reasons_now, reasons_before = scope.both(lambda p: _reasons(scope, p))
    return Section(
        "visits",
        t.gettext(TITLE),
        (
            breakdown(
                "visits",
                t.gettext(HEADLINE),
                t.gettext(HEADLINE_DEFINITION),
                (Line("registered", t.gettext(REGISTERED)), Line("walk_ins", t.gettext(WALK_INS))),
                {"registered": now.registered, "walk_ins": now.walk_ins},
                {"registered": before.registered, "walk_ins": before.walk_ins},
                whole=True,
                total_key="visits.total",
            ),
            _by_month(t, scope.period, now, before),
            _by_weekday(t, now, before),
            _by_hour(t, now, before),
            breakdown(
                "visits.by_reason",
                t.gettext(BY_REASON),
                t.gettext(BY_REASON_DEFINITION),
                tuple(Line(r.value, t.gettext(REASONS[r])) for r in VisitReason),
                reasons_now,
                reasons_before,
                chart=Chart.BARS,
            ),
        ),
    )


def arrivals(scope: Scope, period: Period) -> Arrivals:
    """The period's check-ins by quarter-hour (one grouped query over the arrival index), and
    its walk-ins (by the person-and-arrival index: no person)."""
    start, end = period.instants(scope.clock)
    slot = quarter_hour(Visit.arrival_at)
    in_period = (Visit.arrival_at >= start, Visit.arrival_at < end)
    slots = scope.session.execute(
        select(slot.label("slot"), func.count().label("n")).where(*in_period).group_by(slot)
    ).all()
    walk_ins = scope.session.scalar(
        select(func.count()).where(Visit.person_id.is_(None), *in_period)
    )
    months = _month_places(period)
    by_month: Counter[int] = Counter()
    by_weekday_hour: Counter[tuple[int, int]] = Counter()
    for number, n in slots:
        local = dt.datetime.fromtimestamp(number * QUARTER_HOUR_SECONDS, scope.clock.zone)
        by_month[months[(local.year, local.month)]] += n
        by_weekday_hour[(local.weekday(), local.hour)] += n
    total = sum(n for _, n in slots)
    return Arrivals(total - (walk_ins or 0), walk_ins or 0, by_month, by_weekday_hour)


def _reasons(scope: Scope, period: Period) -> dict[str, int]:
    start, end = period.instants(scope.clock)
    counted = [func.count().filter(has_reason(r)).label(r.value) for r in VisitReason]
    row = scope.session.execute(
        select(*counted).where(Visit.arrival_at >= start, Visit.arrival_at < end)
    ).one()
    return {r.value: getattr(row, r.value) for r in VisitReason}


def _by_month(t: Translator, period: Period, now: Arrivals, before: Arrivals) -> Table:
    """Keyed "1".."12" within one calendar year; "2025-11" when the period spans two."""
    months = list(_month_places(period))
    names = t.month_abbreviations
    if len({year for year, _ in months}) == 1:
        rows = [Line(str(month), names[month - 1]) for _, month in months]
    else:
        rows = [Line(f"{year}-{month:02d}", f"{names[month - 1]} {year}") for year, month in months]
    return Table(
        "visits.by_month",
        t.gettext(BY_MONTH),
        t.gettext(BY_MONTH_DEFINITION),
        tuple(rows),
        (Line("count", ""),),
        tuple((now.by_month[place],) for place in range(len(months))),
        tuple((before.by_month[place],) for place in range(len(months))),
        whole=True,
        total_key="visits.total",
        chart=Chart.LINE,
    )


def _by_weekday(t: Translator, now: Arrivals, before: Arrivals) -> Table:
    days = _weekdays(t)
    return Table(
        "visits.by_weekday",
        t.gettext(BY_WEEKDAY),
        t.gettext(BY_WEEKDAY_DEFINITION),
        days,
        (Line("count", ""),),
        tuple(
            (sum(n for (d, _), n in now.by_weekday_hour.items() if d == day),) for day in range(7)
        ),
        tuple(
            (sum(n for (d, _), n in before.by_weekday_hour.items() if d == day),)
            for day in range(7)
        ),
        whole=True,
        total_key="visits.total",
        chart=Chart.BARS,
    )


def _by_hour(t: Translator, now: Arrivals, before: Arrivals) -> Table:
    """Weekdays by the hours anyone arrived in, in either period (a clinic open 10 to 18 shows
    those hours, not 24 columns of zeros)."""
    used = sorted({h for _, h in now.by_weekday_hour} | {h for _, h in before.by_weekday_hour})
    hours = tuple(Line(str(h), f"{h:02d}") for h in used)
    return Table(
        "visits.by_weekday_hour",
        t.gettext(BY_HOUR),
        t.gettext(BY_HOUR_DEFINITION),
        _weekdays(t),
        hours,
        tuple(tuple(now.by_weekday_hour[(d, h)] for h in used) for d in range(7)),
        tuple(tuple(before.by_weekday_hour[(d, h)] for h in used) for d in range(7)),
        whole=True,
        total_key="visits.total",
        chart=Chart.HEAT,
    )


def _per_weekday(arrivals: Arrivals) -> list[int]:
    days = [0] * 7
    for (day, _), n in arrivals.by_weekday_hour.items():
        days[day] += n
    return days


def _weekdays(t: Translator) -> tuple[Line, ...]:
    names = t.locale.days["stand-alone"]["wide"]
    keys = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    return tuple(Line(key, str(names[day]).capitalize()) for day, key in enumerate(keys))


def _month_places(period: Period) -> dict[tuple[int, int], int]:
    """Each (year, month) of the period and its place in it, in order."""
    places: dict[tuple[int, int], int] = {}
    day = period.since.replace(day=1)
    while day < period.until:
        places[(day.year, day.month)] = len(places)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return places
