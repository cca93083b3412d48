"""`forecast_command.run`: JSON in, JSON out, and every bad input a `ValidationError`."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from clinic.common.errors import ValidationError
from clinic.vaccinations.cdsi.forecast_command import run


def _case(**changes: Any) -> dict[str, Any]:
    case: dict[str, Any] = {
        "id": "p1",
        "birth_date": "1985-06-15",
        "sex": "F",
        "assessment_date": "2025-02-01",
        "vaccine_group": "HepB",
        "doses": [{"date": "2025-01-10", "cvx": "43"}],
    }
    case.update(changes)
    return {key: value for key, value in case.items() if value is not _DROP}


_DROP = object()


def _errors(text: str) -> list[tuple[str, str | None, dict[str, Any]]]:
    with pytest.raises(ValidationError) as caught:
        run(text)
    return [(error.code, error.field, dict(error.params)) for error in caught.value.errors]


def test_a_case_comes_back_with_its_id_evaluations_and_forecast() -> None:
    [result] = json.loads(run(json.dumps([_case()])))

    assert result == {
        "id": "p1",
        "series_status": "not_complete",
        "series_name": "HepB 19+ 3-dose series",
        "doses": [{"date": "2025-01-10", "cvx": "43", "valid": True, "reason": None}],
        "forecast": {
            "dose_number": 2,
            "earliest": "2025-02-07",
            "recommended": "2025-02-07",
            "past_due": None,
        },
    }


def test_an_empty_array_gives_an_empty_array() -> None:
    assert json.loads(run("[]")) == []


@pytest.mark.parametrize("cvx", ["43", "043", 43, " 43"])
def test_cvx_codes_are_read_in_any_spelling(cvx: object) -> None:
    [result] = json.loads(run(json.dumps([_case(doses=[{"date": "2025-01-10", "cvx": cvx}])])))

    assert result["doses"] == [{"date": "2025-01-10", "cvx": "43", "valid": True, "reason": None}]


def test_optional_fields_take_their_defaults() -> None:
    plain = json.loads(run(json.dumps([_case(sex=_DROP)])))
    explicit = json.loads(
        run(json.dumps([_case(sex=None, profile="cdsi", schedule=None, observations=[])]))
    )

    assert plain == explicit


def test_profile_schedule_and_observations_are_passed_on() -> None:
    doses = [{"date": "2025-01-10", "cvx": "43"}]
    [result] = json.loads(
        run(json.dumps([_case(doses=doses, profile="eu", schedule="accelerated")]))
    )
    [hepa] = json.loads(
        run(json.dumps([_case(vaccine_group="HepA", doses=[], observations=["001"])]))
    )

    assert result["series_name"] == "HepB EU Engerix-B accelerated 4-dose series"
    assert hepa["series_status"] == "not_complete"


@pytest.mark.parametrize("text", ["", "{", "[1,", "not json", "[{'id': 1}]"])
def test_text_that_is_not_json_is_refused(text: str) -> None:
    assert _errors(text) == [("forecast_bad_json", None, {"problem": "not_json"})]


@pytest.mark.parametrize("text", ["{}", '"x"', "3", "null"])
def test_json_that_is_not_an_array_is_refused(text: str) -> None:
    assert _errors(text) == [("forecast_bad_json", None, {"problem": "not_an_array"})]


@pytest.mark.parametrize(
    ("changes", "field", "problem"),
    [
        ({"id": _DROP}, "id", "missing"),
        ({"id": [1]}, "id", "wrong_type"),
        ({"birth_date": _DROP}, "birth_date", "missing"),
        ({"assessment_date": _DROP}, "assessment_date", "missing"),
        ({"vaccine_group": _DROP}, "vaccine_group", "missing"),
        ({"birth_date": "2025-02-30"}, "birth_date", "impossible_date"),
        ({"assessment_date": "2025-13-01"}, "assessment_date", "impossible_date"),
        ({"birth_date": "15/06/1985"}, "birth_date", "bad_date"),
        ({"birth_date": 19850615}, "birth_date", "bad_date"),
        ({"birth_date": "1985-6-15"}, "birth_date", "bad_date"),
        ({"vaccine_group": "Rabies"}, "vaccine_group", "unknown_vaccine_group"),
        ({"vaccine_group": "hepb"}, "vaccine_group", "unknown_vaccine_group"),
        ({"profile": "us"}, "profile", "unknown_profile"),
        ({"schedule": "fast"}, "schedule", "unknown_schedule"),
        ({"sex": "X"}, "sex", "bad_sex"),
        ({"sex": "f"}, "sex", "bad_sex"),
        ({"sex": 1}, "sex", "bad_sex"),
        ({"observations": ["999"]}, "observations", "unknown_observation"),
        ({"observations": "001"}, "observations", "wrong_type"),
        ({"assessment_date": "1985-06-14", "doses": []}, "assessment_date", "before_birth"),
        ({"doses": {"date": "2025-01-10"}}, "doses", "wrong_type"),
        ({"doses": ["x"]}, "doses[0]", "wrong_type"),
        ({"doses": [{"cvx": "43"}]}, "doses[0].date", "missing"),
        ({"doses": [{"date": "2025-02-29", "cvx": "43"}]}, "doses[0].date", "impossible_date"),
        ({"doses": [{"date": "2025-01-10"}]}, "doses[0].cvx", "missing"),
        ({"doses": [{"date": "2025-01-10", "cvx": "9999"}]}, "doses[0].cvx", "unknown_cvx"),
        ({"doses": [{"date": "2025-01-10", "cvx": "4 3"}]}, "doses[0].cvx", "unknown_cvx"),
        ({"doses": [{"date": "2025-01-10", "cvx": True}]}, "doses[0].cvx", "unknown_cvx"),
        ({"doses": [{"date": "1980-01-10", "cvx": "43"}]}, "doses[0].date", "before_birth"),
        ({"doses": [{"date": "2025-02-02", "cvx": "43"}]}, "doses[0].date", "after_assessment"),
    ],
)
def test_a_bad_field_is_a_validation_error(changes: dict, field: str, problem: str) -> None:
    errors = _errors(json.dumps([_case(), _case(**changes)]))

    assert errors == [("forecast_bad_case", field, {"index": 1, "problem": problem})]


def test_a_case_that_is_not_an_object_is_refused() -> None:
    assert _errors(json.dumps([_case(), "p2"])) == [
        ("forecast_bad_case", None, {"index": 1, "problem": "wrong_type"})
    ]


def test_every_problem_is_reported_at_once() -> None:
    text = json.dumps(
        [_case(birth_date="2025-02-30"), _case(), _case(sex="X", vaccine_group="Flu")]
    )

    assert _errors(text) == [
        ("forecast_bad_case", "birth_date", {"index": 0, "problem": "impossible_date"}),
        ("forecast_bad_case", "vaccine_group", {"index": 2, "problem": "unknown_vaccine_group"}),
        ("forecast_bad_case", "sex", {"index": 2, "problem": "bad_sex"}),
    ]


def test_errors_hold_no_value_of_the_case() -> None:
    with pytest.raises(ValidationError) as caught:
        run(json.dumps([_case(id="Maria", birth_date="1985-02-30")]))

    assert "Maria" not in str(caught.value)
    assert "1985" not in str(caught.value)
    assert all("1985" not in repr(dict(error.params)) for error in caught.value.errors)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"assessment_date": "9999-12-31"}, "assessment_date"),
        ({"birth_date": "9999-01-01", "assessment_date": "9999-12-31", "doses": []}, "birth_date"),
        ({"birth_date": "0001-01-01"}, "birth_date"),
        ({"birth_date": "1899-12-31"}, "birth_date"),
        ({"assessment_date": "2200-01-01"}, "assessment_date"),
        ({"doses": [{"date": "1899-12-31", "cvx": "43"}]}, "doses[0].date"),
    ],
)
def test_a_date_outside_the_calendar_the_engine_can_reach_is_refused(
    changes: dict, field: str
) -> None:
    """Dates near 9999 made the engine overflow (a traceback instead of a message)."""
    errors = _errors(json.dumps([_case(**changes)]))

    expected = {"index": 0, "earliest": "1900-01-01", "latest": "2199-12-31"}
    assert ("forecast_date_range", field, expected) in errors


def test_the_first_and_last_accepted_days_are_forecast() -> None:
    text = json.dumps(
        [
            _case(birth_date="1900-01-01", doses=[]),
            _case(assessment_date="2199-12-31", doses=[{"date": "2199-12-31", "cvx": "43"}]),
        ]
    )

    first, last = json.loads(run(text))

    # HepB dose 1 has no minimum age; dose 2 comes 4 weeks after dose 1.
    assert (first["forecast"]["dose_number"], first["forecast"]["earliest"]) == (1, "1900-01-01")
    assert (last["forecast"]["dose_number"], last["forecast"]["earliest"]) == (2, "2200-01-28")


# Any date of the calendar, and often one around the accepted range, so that both outcomes occur.
_ISO_DATES = st.one_of(st.dates(), st.dates(dt.date(1890, 1, 1), dt.date(2210, 12, 31))).map(
    dt.date.isoformat
)


@settings(max_examples=300, deadline=None)
@given(
    dates=st.lists(_ISO_DATES, min_size=3, max_size=3),
    in_order=st.booleans(),
    group=st.sampled_from([("HepB", "43"), ("HepA", "52"), ("HPV", "165")]),
)
def test_any_real_date_gives_a_result_or_a_validation_error(
    dates: list[str], in_order: bool, group: tuple[str, str]
) -> None:
    birth, given_on, assessment = sorted(dates) if in_order else dates
    case = _case(
        birth_date=birth,
        assessment_date=assessment,
        vaccine_group=group[0],
        doses=[{"date": given_on, "cvx": group[1]}],
    )
    text = json.dumps([case])
    if "1900-01-01" <= birth <= given_on <= assessment <= "2199-12-31":
        event("forecast")
        [result] = json.loads(run(text))
        assert (result["id"], result["doses"][0]["date"]) == ("p1", given_on)
    else:
        with pytest.raises(ValidationError) as caught:
            run(text)
        codes = {error.code for error in caught.value.errors}
        assert codes <= {"forecast_bad_case", "forecast_date_range"}
