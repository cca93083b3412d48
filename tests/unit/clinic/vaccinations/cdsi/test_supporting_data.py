"""The shipped supporting data: loaded once, frozen, and the lookups the app needs."""

from __future__ import annotations

import dataclasses
import json

import pytest

from clinic.vaccinations.cdsi import (
    PROFILES,
    REASONS,
    VACCINE_GROUPS,
    is_known_cvx,
    normalise_cvx,
    vaccine_groups_for_cvx,
)
from clinic.vaccinations.cdsi.cdsi_dates import Duration
from clinic.vaccinations.cdsi.profiles import accelerated_series, load_antigen
from tests.unit.clinic.vaccinations.cdsi import series_oracle as oracle


def test_supported_groups_are_those_whose_data_is_shipped() -> None:
    assert VACCINE_GROUPS == ("HepA", "HepB", "HPV")
    assert PROFILES == ("cdsi", "eu")


@pytest.mark.parametrize(
    ("cvx", "groups"),
    [
        ("104", ("HepA", "HepB")),
        ("43", ("HepB",)),
        ("043", ("HepB",)),
        (43, ("HepB",)),
        ("189", ("HepB",)),
        ("52", ("HepA",)),
        ("165", ("HPV",)),
        ("09", ()),  # Td: its group needs pertussis data, not shipped
        ("9999", ()),
        ("abc", ()),
    ],
)
def test_vaccine_groups_for_cvx(cvx: str | int, groups: tuple[str, ...]) -> None:
    assert vaccine_groups_for_cvx(cvx) == groups


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("8", "08"),
        ("008", "08"),
        (8, "08"),
        ("104", "104"),
        (" 43 ", "43"),
        ("", None),
        ("x1", None),
        (True, None),
        ("-1", None),
    ],
)
def test_normalise_cvx(code: str | int, expected: str | None) -> None:
    assert normalise_cvx(code) == expected


def test_known_cvx_codes_are_cdsi_ones() -> None:
    assert is_known_cvx("43")
    assert is_known_cvx(206)
    assert not is_known_cvx("9999")


@pytest.mark.parametrize("profile", ["cdsi", "eu"])
@pytest.mark.parametrize("antigen", ["HepA", "HepB", "HPV"])
def test_every_series_of_the_files_is_loaded(antigen: str, profile: str) -> None:
    expected = [
        s.name
        for s in oracle.all_series()
        if s.antigen == antigen and s.profile in ("cdsi", profile)
    ]
    loaded = load_antigen(antigen, profile)

    assert [series.name for series in loaded.series] == expected
    assert loaded is load_antigen(antigen, profile)  # parsed once
    assert accelerated_series(antigen, profile) <= {series.name for series in loaded.series}


def test_ages_and_intervals_are_parsed_once_into_durations() -> None:
    series = next(s for s in load_antigen("HepB").series if s.name == "HepB 3-dose series")
    dose_3 = series.doses[2]

    assert dose_3.ages[0].abs_min_age == Duration(days=24 * 7 - 4)
    assert [rule.from_target_dose for rule in dose_3.intervals] == [None, 1]
    assert dose_3.intervals[1].min_int == Duration(days=16 * 7)
    assert series.max_age_to_start == Duration(years=19)
    with pytest.raises(dataclasses.FrozenInstanceError):
        series.name = "changed"  # type: ignore[misc]


def test_the_reasons_are_few_and_distinct() -> None:
    assert len(set(REASONS)) == len(REASONS) <= 8


def test_the_profile_files_are_in_the_cdsi_series_format() -> None:
    raw = json.loads((oracle.DATA / "profiles" / "eu.json").read_text(encoding="utf-8"))
    [series] = raw["antigenSupportingData"]["HepB"]["series"]
    cdc = [item.raw for item in oracle.all_series() if item.profile == "cdsi"]

    assert set(series) <= {key for item in cdc for key in item}
    assert set(series["selectSeries"]) <= {key for item in cdc for key in item["selectSeries"]}
    dose_keys = {key for item in cdc for dose in item["seriesDose"] for key in dose}
    assert all(set(dose) <= dose_keys for dose in series["seriesDose"])
