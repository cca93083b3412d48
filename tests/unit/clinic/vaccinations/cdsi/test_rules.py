"""The engine against the supporting data itself, for many generated histories.

Every series of the shipped HepA, HepB and HPV data (CDC's and the EU profile's) is walked:
earlier doses are placed where the JSON says they become valid, and the dose under test on
the exact day its intervals allow (valid), on the minimum interval (valid) and one day before
the grace period ends (not valid, "interval too short"). Forecast dates are checked against
the chapter 7.5 rules applied to the JSON. The expected values come from the files, read by
`series_oracle`, never from the engine.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from clinic.vaccinations.cdsi import CaseInput, DoseGiven, forecast, reasons
from clinic.vaccinations.cdsi.cdsi_dates import add_text
from clinic.vaccinations.cdsi.evaluation import VALID, evaluate_series
from clinic.vaccinations.cdsi.forecasting import forecast_series
from clinic.vaccinations.cdsi.history import AntigenDose, Patient
from clinic.vaccinations.cdsi.profiles import load_antigen
from tests.unit.clinic.vaccinations.cdsi import series_oracle as oracle

SERIES = oracle.all_series()
REFERENCE_BIRTH = dt.date(2000, 1, 1)


def _no_skips(series: oracle.RawSeries, upto: int, *contexts: str) -> bool:
    doses = series.doses[:upto]
    return not any(oracle.has_skip(dose, context) for dose in doses for context in contexts)


def _has_interval(dose: dict) -> bool:
    """The dose has an interval to be one day short of (a 0-day one cannot be)."""
    return any(item.get("absMinInt") not in (None, "0 days") for item in dose.get("interval", []))


EVALUATED = [
    (series, number)
    for series in SERIES
    for number in range(2, len(series.doses) + 1)
    if _no_skips(series, number, "evaluation")
    and not any(dose["recurringDose"] == "Yes" for dose in series.doses[: number - 1])
    and _has_interval(series.doses[number - 1])
]
FORECAST = [
    (series, number)
    for series in SERIES
    for number in range(1, len(series.doses) + 1)
    if _no_skips(series, number, "evaluation", "forecast")
    and not any(dose["recurringDose"] == "Yes" for dose in series.doses[: number - 1])
]


def _days(text: str | None, default: int) -> int:
    """A CDSi age as a day count from a reference birth date (for drawing ages only)."""
    day = oracle.at(REFERENCE_BIRTH, text)
    return default if day is None else (day - REFERENCE_BIRTH).days


def _age_window(series: oracle.RawSeries, number: int) -> tuple[int, int]:
    """Ages (days) at dose 1 from which doses 1..number can all be valid, with margin."""
    floors = [
        _days(oracle.age(dose, dt.date(2020, 1, 1)).get("absMinAge"), 0)
        for dose in series.doses[:number]
    ]
    low = max(floors)
    ceilings = [
        _days(oracle.age(dose, dt.date(2020, 1, 1)).get("maxAge"), 80 * 365)
        for dose in series.doses[:number]
    ]
    return low, max(low + 1, min(ceilings) - 2 * 365)


@st.composite
def _history(draw: st.DrawFn, series: oracle.RawSeries, count: int) -> tuple[dt.date, list]:
    """Birth date and `count` valid doses (date, CVX) placed where the JSON allows them."""
    low, high = _age_window(series, count + 1)
    first = draw(st.dates(dt.date(2017, 1, 1), dt.date(2030, 12, 31)))
    birth = first - dt.timedelta(days=draw(st.integers(low, high)))
    dates: list[dt.date] = []
    for dose in series.doses[:count]:
        start = oracle.valid_from(dose, dates, dates[-1]) if dates else first
        given = max([start or first, *dates[-1:]]) + dt.timedelta(days=draw(st.integers(0, 60)))
        dates.append(given)
    doses = [
        (day, oracle.product(dose, birth, day))
        for day, dose in zip(dates, series.doses, strict=False)
    ]
    assume(all(cvx is not None for _, cvx in doses))
    assume(
        all(oracle.age_ok(dose, birth, day) for day, dose in zip(dates, series.doses, strict=False))
    )
    return birth, doses


def _evaluate(series: oracle.RawSeries, birth: dt.date, doses: list, assessment: dt.date):
    antigen_series = {
        item.name: item for item in load_antigen(series.antigen, series.profile).series
    }[series.name]
    history = tuple(AntigenDose(index, day, cvx) for index, (day, cvx) in enumerate(doses))
    patient = Patient(birth, series.gender, assessment, frozenset(), history)
    return evaluate_series(antigen_series, patient, frozenset())


@st.composite
def _boundary_cases(draw: st.DrawFn, target: tuple[oracle.RawSeries, int]):
    series, number = target
    birth, doses = draw(_history(series, number - 1))
    dates = [day for day, _ in doses]
    dose = series.doses[number - 1]
    boundary = oracle.valid_from(dose, dates, dates[-1])
    assume(boundary is not None and boundary - oracle.ONE_DAY >= dates[-1])
    return series, number, birth, doses, boundary


def _name(target: tuple[oracle.RawSeries, int]) -> str:
    series, number = target
    return f"{series.profile}:{series.name}:dose {number}"


@pytest.mark.parametrize("target", EVALUATED, ids=_name)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data())
def test_a_dose_is_valid_from_the_absolute_minimum_interval_and_not_a_day_before(
    target, data
) -> None:
    case = data.draw(_boundary_cases(target))
    series, number, birth, doses, boundary = case
    dose = series.doses[number - 1]
    early = boundary - oracle.ONE_DAY
    for day in (boundary, early):
        assume(oracle.age_ok(dose, birth, day) and oracle.product(dose, birth, day) is not None)

    on_time = _evaluate(
        series, birth, [*doses, (boundary, oracle.product(dose, birth, boundary))], boundary
    )
    too_soon = _evaluate(
        series, birth, [*doses, (early, oracle.product(dose, birth, early))], early
    )

    assert [outcome.status for outcome in on_time.outcomes] == [VALID] * number
    assert [outcome.status for outcome in too_soon.outcomes[:-1]] == [VALID] * (number - 1)
    assert too_soon.outcomes[-1].reason == reasons.INTERVAL_TOO_SHORT
    assert too_soon.valid_doses == number - 1


@pytest.mark.parametrize("target", EVALUATED, ids=_name)
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data())
def test_a_dose_on_the_minimum_interval_is_valid(target, data) -> None:
    case = data.draw(_boundary_cases(target))
    series, number, birth, doses, _ = case
    dose = series.doses[number - 1]
    dates = [day for day, _ in doses]
    intervals = [item for item in dose.get("interval", []) if oracle.in_force(item, dates[-1])]
    minimum = max(oracle.interval_dates(intervals, dates, "minInt"), default=None)
    assume(minimum is not None)
    assume(oracle.age_ok(dose, birth, minimum) and oracle.product(dose, birth, minimum))

    evaluation = _evaluate(
        series, birth, [*doses, (minimum, oracle.product(dose, birth, minimum))], minimum
    )

    assert [outcome.status for outcome in evaluation.outcomes] == [VALID] * number


@st.composite
def _forecast_cases(draw: st.DrawFn, target: tuple[oracle.RawSeries, int]):
    series, number = target
    birth, doses = draw(_history(series, number - 1))
    after = dt.timedelta(days=draw(st.integers(0, 400)))
    assessment = (
        doses[-1][0] if doses else birth + dt.timedelta(days=draw(st.integers(0, 60 * 365)))
    ) + after
    return series, number, birth, doses, assessment


@pytest.mark.parametrize("target", FORECAST, ids=_name)
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data())
def test_forecast_dates_follow_the_data(target, data) -> None:
    case = data.draw(_forecast_cases(target))
    series, number, birth, doses, assessment = case
    dose = series.doses[number - 1]
    dates = [day for day, _ in doses]
    expected = oracle.forecast_dates(dose, birth, dates, assessment)
    max_age = oracle.at(birth, oracle.age(dose, assessment).get("maxAge"))

    result = forecast_series(_evaluate(series, birth, doses, assessment))

    if max_age is not None and max(assessment, expected.earliest) >= max_age:
        assert result.status == reasons.AGED_OUT
        assert result.dates is None
        return
    assert result.status == reasons.NOT_COMPLETE
    assert result.dose_number == number
    assert result.dates is not None
    assert (result.dates.earliest, result.dates.recommended, result.dates.past_due) == (
        expected.earliest,
        expected.recommended,
        expected.past_due,
    )
    assert result.dates.earliest <= result.dates.recommended
    assert result.dates.past_due is None or result.dates.past_due >= result.dates.earliest


def _default_dose_one(antigen: str, gender: str) -> dict:
    series = next(
        item
        for item in SERIES
        if item.antigen == antigen
        and item.profile == "cdsi"
        and item.raw["selectSeries"]["defaultSeries"] == "Yes"
        and item.raw["seriesType"] == "Standard"
        and item.gender in (gender, "unknown")
    )
    return series.doses[0]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([("HPV", "F"), ("HPV", "M"), ("HPV", None), ("HepA", "F"), ("HepA", None)]),
    st.dates(dt.date(1900, 1, 1), dt.date(2000, 12, 31)),
    st.integers(0, 4000),
)
def test_no_dose_at_or_beyond_the_maximum_age_is_aged_out(group_sex, birth, extra) -> None:
    group, sex = group_sex
    gender = {"F": "female", "M": "male", None: "unknown"}[sex]
    max_age = add_text(birth, oracle.age(_default_dose_one(group, gender), birth)["maxAge"])
    assert max_age is not None

    aged = forecast(CaseInput(birth, sex, max_age + dt.timedelta(days=extra), group))
    last_day = forecast(CaseInput(birth, sex, max_age - oracle.ONE_DAY, group))

    assert (aged.series_status, aged.forecast) == (reasons.AGED_OUT, None)
    assert last_day.series_status == reasons.NOT_COMPLETE
    assert last_day.forecast is not None
    assert last_day.forecast.dose_number == 1


GROUP_PRODUCTS = {
    "HepA": ["52", "83", "104"],
    "HepB": ["43", "189", "104", "220", "08"],
    "HPV": ["165", "62", "118"],
}


@st.composite
def _any_case(draw: st.DrawFn) -> CaseInput:
    group = draw(st.sampled_from(sorted(GROUP_PRODUCTS)))
    birth = draw(st.dates(dt.date(1940, 1, 1), dt.date(2012, 12, 31)))
    assessment = birth + dt.timedelta(days=draw(st.integers(9 * 365, 80 * 365)))
    dates = draw(st.lists(st.dates(birth, assessment), max_size=6))
    doses = tuple(
        DoseGiven(day, draw(st.sampled_from(GROUP_PRODUCTS[group])), key=index)
        for index, day in enumerate(dates)
    )
    return CaseInput(
        birth,
        draw(st.sampled_from(["F", "M", None])),
        assessment,
        group,
        doses,
        draw(st.sampled_from(["cdsi", "eu"])),
        draw(st.sampled_from([None, "standard", "accelerated"])),
    )


@settings(max_examples=300, deadline=None)
@given(_any_case(), st.randoms(use_true_random=False))
def test_results_are_consistent_and_do_not_depend_on_input_order(case: CaseInput, random) -> None:
    result = forecast(case)

    assert [dose.key for dose in result.doses] == [dose.key for dose in case.doses]
    assert all(dose.valid == (dose.reason is None) for dose in result.doses)
    assert all(dose.reason in reasons.REASONS for dose in result.doses if dose.reason)
    assert result.series_status in reasons.SERIES_STATUSES
    assert (result.forecast is not None) == (result.series_status == reasons.NOT_COMPLETE)
    if result.forecast is not None:
        next_dose = result.forecast
        assert next_dose.dose_number == 1 + sum(dose.valid for dose in result.doses)
        assert next_dose.earliest <= next_dose.recommended
        assert next_dose.past_due is None or next_dose.past_due >= next_dose.earliest
        assert all(next_dose.earliest >= dose.date for dose in result.doses if dose.valid)
    shuffled = list(case.doses)
    random.shuffle(shuffled)
    again = forecast(CaseInput(**{**_fields(case), "doses": tuple(shuffled)}))
    assert sorted(map(_evaluation, again.doses)) == sorted(map(_evaluation, result.doses))
    assert (again.series_status, again.forecast) == (result.series_status, result.forecast)


def _fields(case: CaseInput) -> dict:
    return {name: getattr(case, name) for name in CaseInput.__dataclass_fields__}


def _evaluation(dose) -> tuple:
    """Same-day doses of one product may swap roles: compare without the caller's key."""
    return (dose.date, dose.cvx, dose.valid, dose.reason or "")
