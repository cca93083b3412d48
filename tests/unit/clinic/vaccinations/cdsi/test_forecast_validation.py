"""Validate recommendation (CDSi 7.6) on a made-up series: none of the shipped HepA, HepB or HPV
series forecasts differently with or without it, so its rule is checked on its own."""

from __future__ import annotations

import datetime as dt

from clinic.vaccinations.cdsi import reasons
from clinic.vaccinations.cdsi.cdsi_dates import Duration
from clinic.vaccinations.cdsi.evaluation import evaluate_series
from clinic.vaccinations.cdsi.forecasting import forecast_series
from clinic.vaccinations.cdsi.history import AntigenDose, Patient
from clinic.vaccinations.cdsi.supporting_data import (
    AgeRule,
    AntigenSeries,
    ConditionalSkip,
    IntervalRule,
    SeriesDose,
    SkipCondition,
    SkipSet,
    VaccineRule,
)

D = dt.date.fromisoformat


def _dose(number: int, weeks: int | None, skip_from_age: Duration | None = None) -> SeriesDose:
    interval = IntervalRule(
        True, None, Duration(days=7 * (weeks or 0)), Duration(days=7 * (weeks or 0)), None, None
    )
    skips = ()
    if skip_from_age is not None:
        condition = SkipCondition("age", begin_age=skip_from_age)
        skips = (ConditionalSkip("forecast", (SkipSet((condition,), "and"),), "n/a"),)
    return SeriesDose(
        number=number,
        ages=(AgeRule(Duration(), Duration(), None, None, None),) if number == 1 else (),
        intervals=(interval,) if weeks else (),
        allowable_intervals=(),
        preferable=(VaccineRule("17", None, None),),
        allowable=(),
        inadvertent=frozenset(),
        skips=skips,
        recurring=False,
    )


# Dose 2 (4 weeks on) is not needed from the age of 1 year; dose 3 comes 8 weeks on.
SERIES = AntigenSeries(
    name="made-up 3-dose series",
    antigen="Hib",
    series_type="standard",
    genders=frozenset({"female", "male", "unknown"}),
    indications=(),
    default=True,
    product_path=False,
    group="1",
    equivalent_group=None,
    priority="A",
    preference=1,
    max_age_to_start=None,
    doses=(_dose(1, None), _dose(2, 4, Duration(years=1)), _dose(3, 8)),
)


def _forecast(assessment: str):
    patient = Patient(
        D("2024-01-01"),
        "female",
        D(assessment),
        frozenset(),
        (AntigenDose(0, D("2024-12-20"), "17"),),
    )
    return forecast_series(evaluate_series(SERIES, patient, frozenset()))


def test_a_dose_not_needed_on_its_earliest_date_is_not_forecast() -> None:
    # Dose 2 would be earliest on 2025-01-17, after the first birthday: it is skipped there
    # and dose 3 is forecast instead, 8 weeks after dose 1.
    result = _forecast("2024-12-20")

    assert result.status == reasons.NOT_COMPLETE
    assert result.dates is not None
    assert (result.dose_number, result.dates.earliest) == (2, D("2025-02-14"))


def test_a_dose_not_needed_on_the_assessment_date_is_skipped_too() -> None:
    result = _forecast("2025-01-05")

    assert result.dates is not None
    assert result.dates.earliest == D("2025-02-14")
