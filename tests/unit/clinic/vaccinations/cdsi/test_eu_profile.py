"""The EU profile: Engerix-B at 0, 7 and 21 days and 12 months, added as data, and the nurse's
choice of the accelerated schedule."""

from __future__ import annotations

import datetime as dt

import pytest

from clinic.vaccinations.cdsi import CaseInput, DoseGiven, forecast, reasons
from clinic.vaccinations.cdsi.profiles import accelerated_series, load_antigen

D = dt.date.fromisoformat
EU_SERIES = "HepB EU Engerix-B accelerated 4-dose series"
DAY_0_7_21 = ("2025-01-10", "2025-01-17", "2025-01-31")


def _hepb(*days: str, assessed: str = "2025-02-01", **extra) -> CaseInput:
    doses = tuple(DoseGiven(D(day), "43", key=day) for day in days)
    return CaseInput(D("1985-06-15"), "F", D(assessed), "HepB", doses, **extra)


def _valid(result) -> list[bool]:
    return [dose.valid for dose in result.doses]


def test_the_eu_series_is_data_merged_into_hepb_only_for_the_eu_profile() -> None:
    cdsi = [series.name for series in load_antigen("HepB", "cdsi").series]
    eu = [series.name for series in load_antigen("HepB", "eu").series]

    assert eu == [*cdsi, EU_SERIES]
    assert EU_SERIES in accelerated_series("HepB", "eu")
    assert EU_SERIES not in accelerated_series("HepB", "cdsi")
    assert [s.name for s in load_antigen("HPV", "eu").series] == [
        s.name for s in load_antigen("HPV", "cdsi").series
    ]


def test_engerix_b_at_0_7_21_days_is_valid_under_eu_with_dose_4_at_12_months() -> None:
    result = forecast(_hepb(*DAY_0_7_21, profile="eu"))

    assert result.series_name == EU_SERIES
    assert _valid(result) == [True, True, True]
    assert result.forecast is not None
    assert (result.forecast.dose_number, result.forecast.earliest) == (4, D("2026-01-10"))
    assert (result.forecast.recommended, result.forecast.past_due) == (D("2026-01-10"), None)


def test_the_same_history_under_cdsi_has_the_day_7_and_day_21_doses_not_valid() -> None:
    result = forecast(_hepb(*DAY_0_7_21, profile="cdsi"))

    assert result.series_name == "HepB 19+ 3-dose series"
    assert [(d.valid, d.reason) for d in result.doses] == [
        (True, None),
        (False, reasons.INTERVAL_TOO_SHORT),
        (False, reasons.INTERVAL_TOO_SHORT),
    ]
    # Dose 2 again, 4 weeks after the last (not valid) dose.
    assert result.forecast is not None
    assert (result.forecast.dose_number, result.forecast.earliest) == (2, D("2025-02-28"))


@pytest.mark.parametrize(
    ("fourth", "valid"),
    [("2026-01-06", True), ("2026-01-05", False)],  # 12 months - 4 days grace, then one day less
)
def test_the_fourth_dose_counts_from_dose_1(fourth: str, valid: bool) -> None:
    result = forecast(_hepb(*DAY_0_7_21, fourth, assessed=fourth, profile="eu"))

    assert _valid(result) == [True, True, True, valid]
    assert result.series_status == ("complete" if valid else "not_complete")


def test_one_engerix_b_dose_forecasts_the_standard_schedule_unless_accelerated_is_chosen() -> None:
    standard = forecast(_hepb("2025-01-10", assessed="2025-01-10", profile="eu"))
    accelerated = forecast(
        _hepb("2025-01-10", assessed="2025-01-10", profile="eu", schedule="accelerated")
    )

    assert standard.forecast is not None
    assert standard.forecast.earliest == D("2025-02-07")
    assert accelerated.series_name == EU_SERIES
    assert accelerated.forecast is not None
    assert (accelerated.forecast.earliest, accelerated.forecast.past_due) == (D("2025-01-17"), None)


def test_accelerated_falls_back_to_cdsi_when_no_accelerated_series_fits_the_history() -> None:
    # Under "cdsi" the only accelerated HepB series is Twinrix's: an Engerix-B dose does not fit.
    result = forecast(_hepb("2025-01-10", assessed="2025-01-10", schedule="accelerated"))

    assert result.series_name == "HepB 19+ 3-dose series"
    assert result.forecast is not None
    assert result.forecast.earliest == D("2025-02-07")


def test_accelerated_without_doses_starts_an_accelerated_series_at_18() -> None:
    result = forecast(_hepb(assessed="2025-01-10", profile="eu", schedule="accelerated"))

    assert result.series_name in accelerated_series("HepB", "eu")
    assert result.forecast is not None
    assert result.forecast.earliest == D("2003-06-15")


def test_standard_leaves_the_accelerated_series_out() -> None:
    doses = (DoseGiven(D("2025-03-03"), "104"), DoseGiven(D("2025-03-10"), "104"))
    case = CaseInput(D("1990-01-01"), "F", D("2025-03-10"), "HepB", doses)
    chosen = forecast(case)
    standard = forecast(CaseInput(**{**_fields(case), "schedule": "standard"}))

    assert chosen.series_name == "HepB Twinrix 4-dose series"
    assert standard.series_name != "HepB Twinrix 4-dose series"
    assert [dose.valid for dose in standard.doses] == [True, False]


def test_eu_series_needs_an_adult() -> None:
    doses = tuple(DoseGiven(D(day), "43") for day in DAY_0_7_21)
    result = forecast(CaseInput(D("2008-06-15"), "F", D("2025-02-01"), "HepB", doses, "eu"))

    assert result.series_name != EU_SERIES


def _fields(case: CaseInput) -> dict:
    return {name: getattr(case, name) for name in CaseInput.__dataclass_fields__}
