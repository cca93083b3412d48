"""An independent reading of the raw supporting data JSON, for the rule tests.

The rule tests compare the engine with what the shipped JSON files say, read here straight
from the files (not through the engine's loader): which dates a dose must keep, which product
fits an age, and what forecast dates the CDSi rules give. Only the date arithmetic is shared
with the engine, and it has its own tests.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clinic.vaccinations.cdsi.cdsi_dates import add_text

DATA = Path(__file__).parents[5] / "clinic" / "vaccinations" / "cdsi" / "data"
ANTIGENS = ("HepA", "HepB", "HPV")
PROFILES = ("cdsi", "eu")
ONE_DAY = dt.timedelta(days=1)

Raw = dict[str, Any]


@dataclass(frozen=True)
class RawSeries:
    """One series as the JSON writes it, with where it comes from."""

    antigen: str
    profile: str
    raw: Raw

    @property
    def name(self) -> str:
        return str(self.raw["seriesName"])

    @property
    def doses(self) -> list[Raw]:
        return list(self.raw["seriesDose"])

    @property
    def gender(self) -> str:
        genders = [gender.lower() for gender in self.raw.get("requiredGender") or ["unknown"]]
        return "unknown" if "unknown" in genders else genders[0]


def all_series() -> list[RawSeries]:
    """Every series of the shipped antigens, CDC's and each profile's additions."""
    found = []
    for profile in PROFILES:
        extra = _read(DATA / "profiles" / f"{profile}.json")["antigenSupportingData"]
        for antigen in ANTIGENS:
            raw = _read(DATA / "cdsi-4.64" / f"antigen-{antigen}.json")
            series = raw["antigenSupportingData"]["series"] if profile == "cdsi" else []
            series = [*series, *extra.get(antigen, {}).get("series", [])]
            found.extend(RawSeries(antigen, profile, item) for item in series)
    return found


def in_force(element: Raw, anchor: dt.date) -> bool:
    effective = element.get("effectiveDate")
    cessation = element.get("cessationDate")
    if effective and anchor < dt.date.fromisoformat(effective):
        return False
    return not (cessation and anchor > dt.date.fromisoformat(cessation))


def age(dose: Raw, anchor: dt.date) -> Raw:
    """The age element in force, or an empty one."""
    return next((item for item in dose.get("age", []) if in_force(item, anchor)), {})


def at(start: dt.date | None, text: str | None) -> dt.date | None:
    return None if start is None or not text else add_text(start, text)


def references(interval: Raw, dates: list[dt.date]) -> dt.date | None:
    """Previous dose, or the dose that satisfied the target dose named (all valid here)."""
    if interval.get("fromPrevious") == "Y":
        return dates[-1] if dates else None
    target = interval.get("fromTargetDose")
    return dates[int(target) - 1] if target and int(target) <= len(dates) else None


def interval_dates(intervals: list[Raw], dates: list[dt.date], field: str) -> list[dt.date]:
    found = [at(references(item, dates), item.get(field)) for item in intervals]
    return [day for day in found if day is not None]


def valid_from(dose: Raw, dates: list[dt.date], anchor: dt.date) -> dt.date | None:
    """First day the dose keeps its intervals (grace included), after valid doses `dates`.

    All preferable intervals, or all allowable ones (CDSi table 6-31); None: no interval.
    """
    preferable = [item for item in dose.get("interval", []) if in_force(item, anchor)]
    allowable = dose.get("allowableInterval") or []
    allowable = allowable if isinstance(allowable, list) else [allowable]
    by_preferable = max(interval_dates(preferable, dates, "absMinInt"), default=None)
    if not allowable or by_preferable is None:
        return by_preferable
    return min(by_preferable, max(interval_dates(allowable, dates, "absMinInt")))


def product(dose: Raw, birth: dt.date, given: dt.date) -> str | None:
    """A preferable (else allowable) CVX counting on `given`, never an inadvertent one."""
    banned = {item["cvx"] for item in dose.get("inadvertentVaccine") or []}
    for kind in ("preferableVaccine", "allowableVaccine"):
        for item in dose.get(kind) or []:
            begin = at(birth, item.get("beginAge")) or dt.date.min
            end = at(birth, item.get("endAge")) or dt.date.max
            if begin <= given < end and item["cvx"] not in banned:
                return str(item["cvx"])
    return None


def age_ok(dose: Raw, birth: dt.date, given: dt.date) -> bool:
    rule = age(dose, given)
    low = at(birth, rule.get("absMinAge"))
    high = at(birth, rule.get("maxAge"))
    return (low is None or given >= low) and (high is None or given < high)


def has_skip(dose: Raw, context: str) -> bool:
    return any(
        item["context"].lower() in (context, "both") for item in dose.get("conditionalSkip") or []
    )


@dataclass(frozen=True)
class ExpectedDates:
    earliest: dt.date
    recommended: dt.date
    past_due: dt.date | None


def forecast_dates(dose: Raw, birth: dt.date, dates: list[dt.date], day: dt.date) -> ExpectedDates:
    """FORECASTDT-1 to -6 as chapter 7.5 states them, for valid doses `dates`."""
    rule = age(dose, day)
    intervals = [item for item in dose.get("interval", []) if in_force(item, day)]
    minimums = interval_dates(intervals, dates, "minInt") + dates[-1:]
    min_age = at(birth, rule.get("minAge"))
    if min_age is not None:
        minimums.append(min_age)
    earliest = max(minimums, default=birth)
    recommended = at(birth, rule.get("earliestRecAge")) or max(
        interval_dates(intervals, dates, "earliestRecInt"), default=earliest
    )
    latest = at(birth, rule.get("latestRecAge")) or max(
        interval_dates(intervals, dates, "latestRecInt"), default=None
    )
    past_due = None if latest is None else max(earliest, latest - ONE_DAY)
    return ExpectedDates(earliest, max(earliest, recommended), past_due)


def _read(path: Path) -> Raw:
    with path.open(encoding="utf-8") as stream:
        data: Raw = json.load(stream)
    return data
