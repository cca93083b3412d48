"""The CDSi supporting data as frozen values: series, series doses, ages, intervals, vaccines.

The JSON of CDC's supporting data is parsed once (see `data_loading`) into these classes, with
every age and interval already turned into a `Duration`, so that evaluating a person never
parses text again. Nothing here names a vaccine: a schedule is data, and the engine only reads
these fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from clinic.vaccinations.cdsi.cdsi_dates import Duration


@dataclass(frozen=True, slots=True)
class InForce:
    """Effective and cessation dates of a supporting data element (CDSi 3.3); None is "n/a"."""

    effective: dt.date | None = None
    cessation: dt.date | None = None

    def covers(self, anchor: dt.date) -> bool:
        """RELEVANT-1/2: the element applies on `anchor` (dose date, or assessment date)."""
        if self.effective is not None and anchor < self.effective:
            return False
        return self.cessation is None or anchor <= self.cessation


ALWAYS = InForce()


@dataclass(frozen=True, slots=True)
class AgeRule:
    """The ages of one series dose (absent values are None, as the spec says "no value")."""

    abs_min_age: Duration | None
    min_age: Duration | None
    earliest_rec_age: Duration | None
    latest_rec_age: Duration | None
    max_age: Duration | None
    in_force: InForce = ALWAYS


@dataclass(frozen=True, slots=True)
class IntervalRule:
    """One interval a dose must keep, measured from the previous dose or from a target dose."""

    from_previous: bool
    from_target_dose: int | None
    abs_min_int: Duration | None
    min_int: Duration | None
    earliest_rec_int: Duration | None
    latest_rec_int: Duration | None
    in_force: InForce = ALWAYS


@dataclass(frozen=True, slots=True)
class VaccineRule:
    """A preferable or allowable vaccine type (CVX) with the ages at which it counts."""

    cvx: str
    begin_age: Duration | None
    end_age: Duration | None


@dataclass(frozen=True, slots=True)
class SkipCondition:
    """One condition of a conditional skip set (CDSi 6.2)."""

    kind: str
    begin_age: Duration | None = None
    end_age: Duration | None = None
    interval: Duration | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    dose_count: int = 0
    dose_type: str = "total"
    count_logic: str = "greater than"
    vaccine_types: frozenset[str] = frozenset()
    series_groups: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class SkipSet:
    """Conditions joined by "AND" or "OR"."""

    conditions: tuple[SkipCondition, ...]
    logic: str


@dataclass(frozen=True, slots=True)
class ConditionalSkip:
    """When a target dose may be skipped, for evaluation, forecast or both."""

    context: str
    sets: tuple[SkipSet, ...]
    set_logic: str
    in_force: InForce = ALWAYS

    def applies_to(self, context: str) -> bool:
        """Only the instances of the step's context, or of "both", are used (CDSi 3.3)."""
        return self.context in (context, "both")


@dataclass(frozen=True, slots=True)
class SeriesDose:
    """One dose of an antigen series: what a target dose of a patient series tracks."""

    number: int
    ages: tuple[AgeRule, ...]
    intervals: tuple[IntervalRule, ...]
    allowable_intervals: tuple[IntervalRule, ...]
    preferable: tuple[VaccineRule, ...]
    allowable: tuple[VaccineRule, ...]
    inadvertent: frozenset[str]
    skips: tuple[ConditionalSkip, ...]
    recurring: bool
    dated: bool = field(init=False, repr=False, compare=False)
    """Some age or interval has effective or cessation dates (most have none: fast path)."""
    counting: Mapping[str, tuple[VaccineRule, ...]] = field(init=False, repr=False, compare=False)
    """Preferable and allowable vaccines by CVX: a dose counts if one of its CVX's rules fits
    its age (6.8, 6.9), so evaluation looks up the code instead of scanning both lists."""

    def __post_init__(self) -> None:
        timed = (*(age.in_force for age in self.ages), *(i.in_force for i in self.intervals))
        object.__setattr__(self, "dated", any(item is not ALWAYS for item in timed))
        counting: dict[str, tuple[VaccineRule, ...]] = {}
        for rule in (*self.preferable, *self.allowable):
            counting[rule.cvx] = (*counting.get(rule.cvx, ()), rule)
        object.__setattr__(self, "counting", MappingProxyType(counting))

    def age_on(self, anchor: dt.date) -> AgeRule | None:
        """The age element in force on `anchor`; None when the dose sets no age."""
        if not self.dated:
            return self.ages[0] if self.ages else None
        return next((age for age in self.ages if age.in_force.covers(anchor)), None)

    def intervals_on(self, anchor: dt.date) -> tuple[IntervalRule, ...]:
        """The preferable intervals in force on `anchor`."""
        if not self.dated:
            return self.intervals
        return tuple(rule for rule in self.intervals if rule.in_force.covers(anchor))


@dataclass(frozen=True, slots=True)
class Indication:
    """An observation that makes a risk series relevant, between two ages."""

    code: str
    begin_age: Duration | None
    end_age: Duration | None


@dataclass(frozen=True, slots=True)
class AntigenSeries:
    """A path to immunity for one antigen, with the fields series selection (chapter 8) reads."""

    name: str
    antigen: str
    series_type: str
    genders: frozenset[str]
    indications: tuple[Indication, ...]
    default: bool
    product_path: bool
    group: str
    equivalent_group: str | None
    priority: str
    preference: int
    max_age_to_start: Duration | None
    doses: tuple[SeriesDose, ...]
    reads_completed_groups: bool = False
    """A conditional skip of the series asks whether another series group is complete."""


@dataclass(frozen=True, slots=True)
class Antigen:
    """Every series of one antigen, in the order of the supporting data."""

    name: str
    series: tuple[AntigenSeries, ...]
