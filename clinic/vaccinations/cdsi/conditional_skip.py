"""Conditional skip (CDSi 6.2, used again by 7.1 and 7.6): when a target dose is not needed.

HPV is the case that matters here: a second dose given 5 months after the first makes the
"short interval" target dose unnecessary, and two doses already given move a person on to the
third target dose. The decision tables 6-6 to 6-11 are followed one by one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from clinic.vaccinations.cdsi.cdsi_dates import add_duration
from clinic.vaccinations.cdsi.supporting_data import (
    ConditionalSkip,
    SeriesDose,
    SkipCondition,
    SkipSet,
)

EVALUATION = "evaluation"
FORECAST = "forecast"


@dataclass(frozen=True, slots=True)
class CountedDose:
    """A dose the "vaccine count" conditions may count, and whether it was valid."""

    date: dt.date
    cvx: str
    valid: bool


@dataclass(frozen=True, slots=True)
class SkipFacts:
    """What the conditions look at, as seen from the reference date (CONDSKIP-2).

    `counted` holds the doses already administered: during evaluation those before the dose
    being evaluated (a dose cannot make its own target dose unnecessary), in a forecast all of
    them. `previous` is the immediate previous dose, the start of "Interval" conditions.
    """

    birth: dt.date
    counted: tuple[CountedDose, ...]
    previous: dt.date | None
    completed_groups: frozenset[str]


def can_skip(dose: SeriesDose, context: str, reference: dt.date, facts: SkipFacts) -> bool:
    """Table 6-11: may the target dose be skipped on `reference` in this context?"""
    return any(
        _skip_met(skip, reference, facts)
        for skip in dose.skips
        if skip.applies_to(context) and skip.in_force.covers(reference)
    )


def _skip_met(skip: ConditionalSkip, reference: dt.date, facts: SkipFacts) -> bool:
    met = [_set_met(item, reference, facts) for item in skip.sets]
    return all(met) if skip.set_logic == "and" else any(met)


def _set_met(skip_set: SkipSet, reference: dt.date, facts: SkipFacts) -> bool:
    """Table 6-10: "AND" needs every condition, "OR" one of them."""
    met = [_condition_met(condition, reference, facts) for condition in skip_set.conditions]
    return any(met) if skip_set.logic == "or" else all(met)


def _condition_met(condition: SkipCondition, reference: dt.date, facts: SkipFacts) -> bool:
    if condition.kind == "age":
        return _in_ages(condition, reference, facts.birth)
    if condition.kind == "interval":
        return _interval_met(condition, reference, facts)
    if condition.kind.startswith("vaccine count"):
        return _count_met(condition, facts)
    if condition.kind == "completed series":
        return bool(condition.series_groups & facts.completed_groups)
    raise ValueError(f"unknown conditional skip condition type {condition.kind!r}")


def _in_ages(condition: SkipCondition, day: dt.date, birth: dt.date) -> bool:
    """Table 6-6: begin age date <= day < end age date (absent ends are open)."""
    if condition.begin_age is not None and day < add_duration(birth, condition.begin_age):
        return False
    return condition.end_age is None or day < add_duration(birth, condition.end_age)


def _interval_met(condition: SkipCondition, reference: dt.date, facts: SkipFacts) -> bool:
    """Table 6-8: a previous dose exists and the reference date is at least the interval on."""
    if facts.previous is None or condition.interval is None:
        return False
    return reference >= add_duration(facts.previous, condition.interval)


def _count_met(condition: SkipCondition, facts: SkipFacts) -> bool:
    """Table 6-9 with CONDSKIP-1 counting the matching doses."""
    count = sum(1 for dose in facts.counted if _counts(condition, dose, facts.birth))
    if condition.count_logic.startswith("greater"):
        return count > condition.dose_count
    if condition.count_logic.startswith("less"):
        return count < condition.dose_count
    return count == condition.dose_count


def _counts(condition: SkipCondition, dose: CountedDose, birth: dt.date) -> bool:
    if condition.vaccine_types and dose.cvx not in condition.vaccine_types:
        return False
    if not _in_ages(condition, dose.date, birth):
        return False
    if condition.start_date is not None and dose.date < condition.start_date:
        return False
    if condition.end_date is not None and dose.date >= condition.end_date:
        return False
    return dose.valid or condition.dose_type != "valid"
