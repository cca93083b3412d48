"""`vaccines forecast`: cases as JSON in, evaluations and forecasts as JSON out.

Input is a JSON array of cases; output an array of results in the same order. Every problem
of the input is reported at once as a `ValidationError` whose codes are "forecast_bad_json"
(not JSON, or not an array), "forecast_bad_case" (params: `index` of the case, `problem`;
the error's field names the JSON field, e.g. "doses[1].date") and "forecast_date_range" (a
real date outside `EARLIEST_DATE`..`LATEST_DATE`; params `index`, `earliest`, `latest`).
Messages never hold a value of the input, only field names and positions: a case describes
a person.

Why a range: the engine adds ages and intervals of up to 60 years to these dates, and Python's
dates end in 9999, so a date near it would overflow. 1900 is the earliest birth the desk
accepts; 2199 leaves every interval of the supporting data far from the end of the calendar.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, cast

from clinic.common.errors import ErrorCode, FieldError, ValidationError
from clinic.vaccinations.cdsi.engine import forecast
from clinic.vaccinations.cdsi.model import (
    SCHEDULES,
    CaseInput,
    CaseResult,
    DoseGiven,
    Schedule,
    Sex,
)
from clinic.vaccinations.cdsi.profiles import DEFAULT_PROFILE, profiles
from clinic.vaccinations.cdsi.schedule import is_known_cvx, load_schedule, supported_groups

BAD_JSON = ErrorCode.FORECAST_BAD_JSON
BAD_CASE = ErrorCode.FORECAST_BAD_CASE
DATE_RANGE = ErrorCode.FORECAST_DATE_RANGE
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)

MISSING = "missing"
WRONG_TYPE = "wrong_type"
BAD_DATE = "bad_date"
IMPOSSIBLE_DATE = "impossible_date"
UNKNOWN_GROUP = "unknown_vaccine_group"
UNKNOWN_CVX = "unknown_cvx"
UNKNOWN_PROFILE = "unknown_profile"
UNKNOWN_SCHEDULE = "unknown_schedule"
UNKNOWN_OBSERVATION = "unknown_observation"
BAD_SEX = "bad_sex"
BEFORE_BIRTH = "before_birth"
AFTER_ASSESSMENT = "after_assessment"

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SEXES: dict[object, Sex | None] = {"F": "F", "M": "M", None: None}


def run(stdin_text: str) -> str:
    """Forecast every case of the JSON array `stdin_text`; a JSON array of results.

    Raises:
        ValidationError: bad JSON, or one or more cases with missing or wrong fields.
    """
    return json.dumps([_result_json(key, forecast(case)) for key, case in parse(stdin_text)])


def parse(stdin_text: str) -> list[tuple[object, CaseInput]]:
    """The cases of the input with their ids, or every problem found.

    Raises:
        ValidationError: as `run`.
    """
    try:
        raw = json.loads(stdin_text)
    except (ValueError, RecursionError):
        raise ValidationError.single(BAD_JSON, None, problem="not_json") from None
    if not isinstance(raw, list):
        raise ValidationError.single(BAD_JSON, None, problem="not_an_array")
    cases: list[tuple[object, CaseInput]] = []
    errors: list[FieldError] = []
    for index, item in enumerate(raw):
        reader = _CaseReader(index, item)
        case = reader.read()
        errors.extend(reader.errors)
        if case is not None:
            cases.append(case)
    if errors:
        raise ValidationError(errors)
    return cases


class _CaseReader:
    """Reads one case, noting each problem instead of stopping at the first."""

    def __init__(self, index: int, raw: object) -> None:
        self.index = index
        self.raw = raw
        self.errors: list[FieldError] = []

    def read(self) -> tuple[object, CaseInput] | None:
        if not isinstance(self.raw, dict):
            self._error(None, WRONG_TYPE)
            return None
        raw = cast(dict[str, Any], self.raw)
        key = self._id(raw)
        birth = self._date(raw, "birth_date")
        assessment = self._date(raw, "assessment_date")
        if birth is not None and assessment is not None and assessment < birth:
            self._error("assessment_date", BEFORE_BIRTH)
        group = self._choice(raw, "vaccine_group", supported_groups(), UNKNOWN_GROUP, required=True)
        profile = self._choice(raw, "profile", profiles(), UNKNOWN_PROFILE)
        schedule = self._choice(raw, "schedule", SCHEDULES, UNKNOWN_SCHEDULE)
        sex = self._sex(raw)
        doses = self._doses(raw, birth, assessment)
        observations = self._observations(raw)
        if self.errors or birth is None or assessment is None or group is None:
            return None
        case = CaseInput(
            birth_date=birth,
            sex=sex,
            assessment_date=assessment,
            vaccine_group=group,
            doses=doses,
            profile=profile or DEFAULT_PROFILE,
            schedule=cast(Schedule | None, schedule),
            observations=observations,
        )
        return key, case

    def _id(self, raw: dict[str, Any]) -> object:
        if "id" not in raw:
            self._error("id", MISSING)
        elif not isinstance(raw["id"], str | int) or isinstance(raw["id"], bool):
            self._error("id", WRONG_TYPE)
        return raw.get("id")

    def _date(self, raw: dict[str, Any], field: str, path: str | None = None) -> dt.date | None:
        name = path or field
        if raw.get(field) is None:
            self._error(name, MISSING)
            return None
        text = raw[field]
        if not isinstance(text, str) or not _DATE.match(text):
            self._error(name, BAD_DATE)
            return None
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            self._error(name, IMPOSSIBLE_DATE)
            return None
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            self._out_of_range(name)
            return None
        return day

    def _choice(
        self,
        raw: dict[str, Any],
        field: str,
        allowed: tuple[str, ...],
        problem: str,
        *,
        required: bool = False,
    ) -> str | None:
        """A value from a fixed list; None when absent (an error if the field is required)."""
        value = raw.get(field)
        if value is None:
            if required:
                self._error(field, MISSING)
            return None
        if value not in allowed:
            self._error(field, problem)
            return None
        return cast(str, value)

    def _sex(self, raw: dict[str, Any]) -> Sex | None:
        """F or M; absent or null is "unknown", which CDSi evaluates as such."""
        value = raw.get("sex")
        if not isinstance(value, str | None) or value not in _SEXES:
            self._error("sex", BAD_SEX)
            return None
        return _SEXES[value]

    def _doses(
        self, raw: dict[str, Any], birth: dt.date | None, assessment: dt.date | None
    ) -> tuple[DoseGiven, ...]:
        items = raw.get("doses", [])
        if not isinstance(items, list):
            self._error("doses", WRONG_TYPE)
            return ()
        doses = []
        for number, item in enumerate(items):
            dose = self._dose(number, item, birth, assessment)
            if dose is not None:
                doses.append(dose)
        return tuple(doses)

    def _dose(
        self, number: int, item: object, birth: dt.date | None, assessment: dt.date | None
    ) -> DoseGiven | None:
        path = f"doses[{number}]"
        if not isinstance(item, dict):
            self._error(path, WRONG_TYPE)
            return None
        given = self._date(item, "date", f"{path}.date")
        cvx = item.get("cvx")
        if cvx is None:
            self._error(f"{path}.cvx", MISSING)
        elif not isinstance(cvx, str | int) or isinstance(cvx, bool) or not is_known_cvx(cvx):
            self._error(f"{path}.cvx", UNKNOWN_CVX)
            cvx = None
        if given is not None and birth is not None and given < birth:
            self._error(f"{path}.date", BEFORE_BIRTH)
        if given is not None and assessment is not None and given > assessment:
            self._error(f"{path}.date", AFTER_ASSESSMENT)
        if given is None or cvx is None:
            return None
        return DoseGiven(given, str(cvx), number)

    def _observations(self, raw: dict[str, Any]) -> tuple[str, ...]:
        """Optional CDSi observation codes (e.g. "001"): they make risk series relevant."""
        codes = raw.get("observations", [])
        known = load_schedule().observation_codes
        if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
            self._error("observations", WRONG_TYPE)
            return ()
        if not all(code in known for code in codes):
            self._error("observations", UNKNOWN_OBSERVATION)
            return ()
        return tuple(codes)

    def _error(self, field: str | None, problem: str) -> None:
        self.errors.append(FieldError(BAD_CASE, field, {"index": self.index, "problem": problem}))

    def _out_of_range(self, field: str) -> None:
        """The range in ISO form, the form the input is written in (not the user's locale)."""
        params = {
            "index": self.index,
            "earliest": EARLIEST_DATE.isoformat(),
            "latest": LATEST_DATE.isoformat(),
        }
        self.errors.append(FieldError(DATE_RANGE, field, params))


def _result_json(key: object, result: CaseResult) -> dict[str, object]:
    next_dose = result.forecast
    return {
        "id": key,
        "series_status": result.series_status,
        "series_name": result.series_name,
        "doses": [
            {
                "date": dose.date.isoformat(),
                "cvx": dose.cvx,
                "valid": dose.valid,
                "reason": dose.reason,
            }
            for dose in result.doses
        ],
        "forecast": None
        if next_dose is None
        else {
            "dose_number": next_dose.dose_number,
            "earliest": next_dose.earliest.isoformat(),
            "recommended": next_dose.recommended.isoformat(),
            "past_due": None if next_dose.past_due is None else next_dose.past_due.isoformat(),
        },
    }
