"""Classic adult histories, their expected results worked out by hand from the CDSi 4.64 data.

Each test says which supporting data values give its dates; the scoring of competing series
(chapter 8) is worked out in the comments where it decides the answer.
"""

from __future__ import annotations

import datetime as dt

from clinic.vaccinations.cdsi import CaseInput, DoseGiven, forecast, reasons
from clinic.vaccinations.cdsi.evaluation import VALID, evaluate_series
from clinic.vaccinations.cdsi.forecasting import forecast_series
from clinic.vaccinations.cdsi.history import patient_for
from clinic.vaccinations.cdsi.profiles import load_antigen

D = dt.date.fromisoformat


def _case(group: str, sex: str | None, born: str, assessed: str, *doses: str, **extra) -> CaseInput:
    given = tuple(DoseGiven(D(day), cvx) for day, cvx in (dose.split() for dose in doses))
    return CaseInput(D(born), sex, D(assessed), group, given, **extra)


def _evaluations(result) -> list[tuple[bool, str | None]]:
    return [(dose.valid, dose.reason) for dose in result.doses]


def _dates(result) -> tuple:
    next_dose = result.forecast
    assert next_dose is not None
    return (next_dose.dose_number, next_dose.earliest, next_dose.recommended, next_dose.past_due)


def test_hepb_third_dose_too_soon_after_the_first_fails_the_3_dose_series() -> None:
    # 19+ 3-dose series, dose 3: 8 weeks - 4 days from dose 2 (kept: 56 days) and
    # 16 weeks - 4 days from dose 1 (not kept: 84 days < 108).
    case = _case(
        "HepB", "M", "1980-05-05", "2025-04-01", "2025-01-06 43", "2025-02-03 43", "2025-03-31 43"
    )
    series = next(s for s in load_antigen("HepB").series if s.name == "HepB 19+ 3-dose series")

    evaluation = evaluate_series(series, patient_for(case, "HepB"), frozenset())
    dates = forecast_series(evaluation).dates

    assert [outcome.status for outcome in evaluation.outcomes][:2] == [VALID, VALID]
    assert evaluation.outcomes[2].reason == reasons.INTERVAL_TOO_SHORT
    # Dose 3 again: 8 weeks after the (not valid) previous dose, 16 weeks after dose 1,
    # recommended 6 months after dose 1.
    assert dates is not None
    assert (dates.earliest, dates.recommended, dates.past_due) == (
        D("2025-05-26"),
        D("2025-07-06"),
        None,
    )


def test_hepb_third_dose_too_soon_after_the_first_moves_to_the_4_dose_series() -> None:
    # In-process scoring: 19+ 4-dose (3 valid, its dose 3 has a 0-day interval) gets
    # -2 +3 +2 (most valid) +0 (closest, tied) +1 (finishes first: 16 weeks after dose 1)
    # = 4; 19+ 3-dose -2 +3 -2 +0 -1 = -2; Heplisav-B secondary -4.
    result = forecast(
        _case(
            "HepB",
            "M",
            "1980-05-05",
            "2025-04-01",
            "2025-01-06 43",
            "2025-02-03 43",
            "2025-03-31 43",
        )
    )

    assert result.series_name == "HepB 19+ 4-dose series"
    assert _evaluations(result) == [(True, None)] * 3
    # Dose 4: 8 weeks after dose 2 (03-31), 16 weeks after dose 1 (04-28); 6 months after
    # dose 1 recommended.
    assert _dates(result) == (4, D("2025-04-28"), D("2025-07-06"), None)


def test_heplisav_b_second_dose_too_soon_then_engerix_b() -> None:
    # Heplisav-B 2-dose: 1 valid (the Engerix-B dose is not allowable there); 19+ 3-dose:
    # Heplisav-B dose 1 and Engerix-B dose 2 valid. In-process scores: both 0 (19+ 3-dose:
    # -2 +3 +0 +0 -1; Heplisav-B: -2 (not all valid) +3 -2 +0 +1), so the series preference
    # decides: 4 (19+ 3-dose) before 6 (Heplisav-B 2-dose).
    result = forecast(
        _case(
            "HepB",
            "F",
            "1990-03-15",
            "2025-03-11",
            "2025-01-10 189",
            "2025-01-30 189",
            "2025-03-10 43",
        )
    )

    assert result.series_name == "HepB 19+ 3-dose series"
    assert _evaluations(result) == [(True, None), (False, reasons.INTERVAL_TOO_SHORT), (True, None)]
    # Dose 3: 8 weeks after 03-10 (05-05) and 16 weeks after 01-10 (05-02); 6 months recommended.
    assert _dates(result) == (3, D("2025-05-05"), D("2025-07-10"), None)


def test_hpv_started_at_14_follows_the_2_dose_series() -> None:
    # Dose 2 of the 2-dose series would be earliest 5 months after dose 1, where its own
    # forecast skip (5 months passed) applies: the forecast is target dose 3, 5 months from
    # dose 1, recommended at 6 months, past due at 13 months + 4 weeks - 1 day.
    result = forecast(_case("HPV", "F", "2008-03-01", "2022-06-01", "2022-06-01 165"))

    assert result.series_name == "HPV 2-dose series"
    assert _dates(result) == (2, D("2022-11-01"), D("2022-12-01"), D("2023-07-28"))


def test_hpv_started_at_15_follows_the_3_dose_series() -> None:
    result = forecast(_case("HPV", "F", "2007-03-01", "2022-06-01", "2022-06-01 165"))

    assert result.series_name == "HPV 3-dose series"
    # 4 weeks; past due 16 weeks - 1 day.
    assert _dates(result) == (2, D("2022-06-29"), D("2022-06-29"), D("2022-09-20"))


def test_hpv_2_dose_series_completes_with_a_second_dose_at_5_months() -> None:
    # Given 5 months - 4 days after dose 1, dose 2's target dose is skipped and the dose
    # satisfies target dose 3 (5 months - 4 days from dose 1): two doses complete the series.
    result = forecast(
        _case("HPV", "M", "2010-01-20", "2022-06-01", "2021-12-01 165", "2022-04-27 165")
    )

    assert (result.series_status, result.series_name) == ("complete", "HPV male 2-dose series")
    assert _evaluations(result) == [(True, None), (True, None)]
    assert result.forecast is None


def test_hpv_dose_3_needs_12_weeks_from_dose_2_and_5_months_from_dose_1() -> None:
    # 5 months - 4 days after 2025-01-15 is 2025-06-11 (binding); 12 weeks - 4 days after
    # 2025-02-15 is 2025-05-06.
    early = forecast(
        _case(
            "HPV",
            "F",
            "1995-01-01",
            "2025-06-10",
            "2025-01-15 165",
            "2025-02-15 165",
            "2025-06-10 165",
        )
    )
    on_time = forecast(
        _case(
            "HPV",
            "F",
            "1995-01-01",
            "2025-06-11",
            "2025-01-15 165",
            "2025-02-15 165",
            "2025-06-11 165",
        )
    )

    assert _evaluations(early)[2] == (False, reasons.INTERVAL_TOO_SHORT)
    assert (on_time.series_status, _evaluations(on_time)) == ("complete", [(True, None)] * 3)
    # Dose 2 late: 12 weeks - 4 days after 2025-04-01 is 2025-06-20, now binding.
    late_second = forecast(
        _case(
            "HPV",
            "F",
            "1995-01-01",
            "2025-06-19",
            "2025-01-15 165",
            "2025-04-01 165",
            "2025-06-19 165",
        )
    )
    assert _evaluations(late_second)[2] == (False, reasons.INTERVAL_TOO_SHORT)


def test_bivalent_hpv_is_inadvertent_for_males_and_allowable_for_females() -> None:
    male = forecast(_case("HPV", "M", "2000-01-01", "2020-06-01", "2020-06-01 118"))
    female = forecast(_case("HPV", "F", "2000-01-01", "2020-06-01", "2020-06-01 118"))

    assert _evaluations(male) == [(False, reasons.INADVERTENT)]
    # Dose 1 again, not before the inadvertent dose (FORECASTDTCAN-1).
    assert _dates(male) == (1, D("2020-06-01"), D("2020-06-01"), D("2020-06-01"))
    assert _evaluations(female) == [(True, None)]
    assert _dates(female)[:2] == (2, D("2020-06-29"))


def test_a_dose_after_the_series_is_complete_is_extraneous() -> None:
    result = forecast(
        _case(
            "HepA",
            "F",
            "2010-01-01",
            "2023-02-01",
            "2022-01-01 83",
            "2022-07-01 83",
            "2023-01-01 83",
        )
    )

    assert result.series_status == "complete"
    assert _evaluations(result) == [(True, None), (True, None), (False, reasons.EXTRANEOUS)]
    assert result.forecast is None


def test_doses_of_other_groups_are_reported_and_ignored() -> None:
    result = forecast(
        _case("HepB", "F", "1990-01-01", "2025-01-01", "2024-12-01 165", "2024-12-01 43")
    )

    assert _evaluations(result) == [(False, reasons.OTHER_GROUP), (True, None)]


def test_twinrix_counts_for_hepatitis_a_and_b() -> None:
    hepa = forecast(_case("HepA", "F", "2008-01-01", "2025-01-01", "2025-01-01 104"))
    hepb = forecast(_case("HepB", "F", "2008-01-01", "2025-01-01", "2025-01-01 104"))

    assert _evaluations(hepa) == [(True, None)]
    assert _evaluations(hepb) == [(True, None)]


def test_one_twinrix_dose_on_the_accelerated_schedule_is_followed_at_7_days() -> None:
    standard = forecast(_case("HepB", "F", "1990-01-01", "2025-03-03", "2025-03-03 104"))
    accelerated = forecast(
        _case("HepB", "F", "1990-01-01", "2025-03-03", "2025-03-03 104", schedule="accelerated")
    )

    assert standard.series_name == "HepB Twinrix 3 Dose Series"
    assert _dates(standard)[:2] == (2, D("2025-03-31"))
    assert accelerated.series_name == "HepB Twinrix 4-dose series"
    assert _dates(accelerated) == (2, D("2025-03-10"), D("2025-03-10"), None)


def test_adult_hepatitis_a_needs_an_indication_in_cdsi() -> None:
    # The only standard HepA series ends at 19 years (dose 1 maximum age): without an
    # observation an adult is aged out; "patient seeks protection" (001) makes the risk
    # series relevant. Among them the Twinrix 3-dose series scores best (product, closest
    # to completion, finishes first) for a Twinrix dose: dose 2 after 4 weeks.
    plain = forecast(_case("HepA", "F", "1990-01-01", "2025-03-03", "2025-03-03 104"))
    seeking = forecast(
        _case("HepA", "F", "1990-01-01", "2025-03-03", "2025-03-03 104", observations=("001",))
    )
    accelerated = forecast(
        _case("HepA", "F", "1990-01-01", "2025-03-03", "2025-03-03 104", schedule="accelerated")
    )

    assert (plain.series_status, _evaluations(plain)) == ("aged_out", [(False, reasons.TOO_OLD)])
    assert seeking.series_name == "HepA risk Twinrix 3-dose series"
    assert _dates(seeking)[:2] == (2, D("2025-03-31"))
    assert accelerated.series_name == "HepA risk Twinrix 4 dose Series"
    assert _dates(accelerated)[:2] == (2, D("2025-03-10"))


def test_an_interval_counts_from_the_previous_dose_even_if_it_was_not_valid() -> None:
    # Dose 2 after 10 days is not valid; 20 days later another dose is 30 days after dose 1
    # but only 20 after the previous (not valid) dose: 4 weeks - 4 days are not kept.
    result = forecast(
        _case(
            "HepB",
            "F",
            "1990-01-01",
            "2025-01-31",
            "2025-01-01 43",
            "2025-01-11 43",
            "2025-01-31 43",
        )
    )

    assert _evaluations(result) == [
        (True, None),
        (False, reasons.INTERVAL_TOO_SHORT),
        (False, reasons.INTERVAL_TOO_SHORT),
    ]
    assert _dates(result)[:2] == (2, D("2025-02-28"))


def test_a_product_given_past_its_end_age_is_not_allowable() -> None:
    # HepA dose 2: Vaqta/Havrix paediatric (83) counts up to 19 years, adult (52) from then.
    paediatric = forecast(
        _case("HepA", "F", "2005-01-01", "2024-02-01", "2023-06-01 83", "2024-02-01 83")
    )
    adult = forecast(
        _case("HepA", "F", "2005-01-01", "2024-02-01", "2023-06-01 83", "2024-02-01 52")
    )

    assert _evaluations(paediatric) == [(True, None), (False, reasons.NOT_ALLOWABLE)]
    assert _evaluations(adult) == [(True, None), (True, None)]
    assert adult.series_status == "complete"


def test_the_forecast_finish_date_adds_the_longest_remaining_minimum_interval() -> None:
    # SELECTB-12 for the 19+ 3-dose series after one dose: dose 2 earliest 4 weeks on
    # (2025-02-07), then dose 3's longest minimum interval, 16 weeks: 2025-05-30.
    case = _case("HepB", "F", "1985-06-15", "2025-01-10", "2025-01-10 43")
    series = next(s for s in load_antigen("HepB").series if s.name == "HepB 19+ 3-dose series")

    result = forecast_series(evaluate_series(series, patient_for(case, "HepB"), frozenset()))

    assert (result.finish, result.completable) == (D("2025-05-30"), True)
