"""Forecast the next target dose of one evaluated patient series (CDSi chapter 7).

Conditional skip (7.1), forecast need (table 7-10), the forecast dates (FORECASTDT-1 to -6)
and the validation of the recommendation at the earliest date (7.6). Evidence of immunity
(7.2) and contraindications (7.3) need observations Soglia does not record, so no series is
immune or contraindicated here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from clinic.vaccinations.cdsi import reasons
from clinic.vaccinations.cdsi.cdsi_dates import Duration, add_duration
from clinic.vaccinations.cdsi.conditional_skip import FORECAST, SkipFacts, can_skip
from clinic.vaccinations.cdsi.evaluation import SeriesEvaluation, interval_reference
from clinic.vaccinations.cdsi.supporting_data import SeriesDose

_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class ForecastDates:
    """Earliest, adjusted recommended and adjusted past due date of a target dose."""

    earliest: dt.date
    recommended: dt.date
    past_due: dt.date | None


@dataclass(frozen=True, slots=True)
class SeriesForecast:
    """The patient series forecast: a status, and dates when another dose is needed.

    `finish` (SELECTB-12) and `completable` (SELECTB-3) are what series selection scores.
    """

    status: str
    dose_number: int
    dates: ForecastDates | None = None
    finish: dt.date | None = None
    completable: bool = False


def forecast_series(evaluation: SeriesEvaluation) -> SeriesForecast:
    """Table 7-10 and FORECASTDT rules for the first target dose still needed."""
    patient = evaluation.patient
    facts = SkipFacts(
        birth=patient.birth,
        counted=evaluation.counted_doses(),
        previous=patient.history[-1].date if patient.history else None,
        completed_groups=evaluation.completed_groups,
    )
    dose_number = evaluation.valid_doses + 1
    current = _skip(evaluation, evaluation.next_target, patient.assessment, facts)
    while current < len(evaluation.targets):
        target = evaluation.targets[current]
        max_date = _max_age_date(target, patient.birth, patient.assessment)
        if max_date is not None and patient.assessment >= max_date:
            return SeriesForecast(reasons.AGED_OUT, dose_number)
        dates = forecast_dates(evaluation, target)
        if max_date is not None and dates.earliest >= max_date:
            return SeriesForecast(reasons.AGED_OUT, dose_number)
        if target.skips and can_skip(target, FORECAST, dates.earliest, facts):
            current = _skip(evaluation, current + 1, patient.assessment, facts)
            continue
        finish = _finish(evaluation, current, dates.earliest)
        return SeriesForecast(
            reasons.NOT_COMPLETE,
            dose_number,
            dates,
            finish,
            _completable(evaluation, finish),
        )
    status = reasons.COMPLETE if evaluation.valid_doses else reasons.NOT_RECOMMENDED
    return SeriesForecast(status, dose_number)


def forecast_dates(evaluation: SeriesEvaluation, target: SeriesDose) -> ForecastDates:
    """FORECASTDTCAN-1 and FORECASTDT-1 to -6 for `target` on the assessment date."""
    patient = evaluation.patient
    age = target.age_on(patient.assessment)
    minimums: list[dt.date] = []
    recommended_ints: list[dt.date] = []
    latest_ints: list[dt.date] = []
    for rule in target.intervals_on(patient.assessment):
        start = interval_reference(rule, evaluation.previous, evaluation.satisfied)
        if start is None:
            continue
        _append(minimums, start, rule.min_int)
        _append(recommended_ints, start, rule.earliest_rec_int)
        _append(latest_ints, start, rule.latest_rec_int)
    if age is not None:
        _append(minimums, patient.birth, age.min_age)
    minimums.extend(
        dose.date
        for dose, outcome in zip(patient.history, evaluation.outcomes, strict=True)
        if outcome.target is not None
    )
    earliest = max(minimums, default=patient.birth)
    recommended = _first_of(age.earliest_rec_age if age else None, patient.birth, recommended_ints)
    latest = _first_of(age.latest_rec_age if age else None, patient.birth, latest_ints)
    past_due = None if latest is None else max(earliest, latest - _ONE_DAY)
    return ForecastDates(earliest, max(earliest, recommended or earliest), past_due)


def _first_of(
    age: Duration | None, birth: dt.date, interval_dates: list[dt.date]
) -> dt.date | None:
    """The age date if the data gives the age, else the latest interval date, else None."""
    if age is not None:
        return add_duration(birth, age)
    return max(interval_dates, default=None)


def _append(dates: list[dt.date], start: dt.date, offset: Duration | None) -> None:
    if offset is not None:
        dates.append(add_duration(start, offset))


def _skip(evaluation: SeriesEvaluation, current: int, day: dt.date, facts: SkipFacts) -> int:
    """7.1: pass over the target doses that need not be given on `day`."""
    targets = evaluation.targets
    while current < len(targets) and targets[current].skips:
        if not can_skip(targets[current], FORECAST, day, facts):
            break
        current += 1
    return current


def _max_age_date(target: SeriesDose, birth: dt.date, day: dt.date) -> dt.date | None:
    age = target.age_on(day)
    if age is None or age.max_age is None:
        return None
    return add_duration(birth, age.max_age)


def _finish(evaluation: SeriesEvaluation, current: int, earliest: dt.date) -> dt.date:
    """SELECTB-12: earliest date plus the longest minimum interval of the remaining doses."""
    day = evaluation.patient.assessment
    ends = [
        add_duration(earliest, rule.min_int)
        for target in evaluation.targets[current + 1 :]
        for rule in target.intervals_on(day)
        if rule.min_int is not None
    ]
    return max(ends, default=earliest)


def _completable(evaluation: SeriesEvaluation, finish: dt.date) -> bool:
    """SELECTB-3: the finish date is before the maximum age of the last target dose."""
    patient = evaluation.patient
    last = _max_age_date(evaluation.targets[-1], patient.birth, patient.assessment)
    return last is None or finish < last
