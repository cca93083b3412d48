"""The engine's input and output: frozen dataclasses of plain values, nothing to look up.

The app forecasts up to 100,000 persons in a background job, so a case carries everything the
engine needs (no database, no clock): the assessment date is given, never "today".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

Sex = Literal["F", "M"]
Schedule = Literal["standard", "accelerated"]
SCHEDULES: tuple[Schedule, ...] = ("standard", "accelerated")


@dataclass(frozen=True, slots=True)
class DoseGiven:
    """A dose in the person's record; `key` is the caller's, handed back untouched."""

    date: dt.date
    cvx: str
    key: object = None


@dataclass(frozen=True, slots=True)
class CaseInput:
    """One person and one vaccine group to evaluate on `assessment_date`.

    `schedule` is the nurse's choice when starting a series: "accelerated" restricts the
    choice of series to the profile's accelerated ones (when one fits the history), "standard"
    leaves them out, None lets CDSi's best-series selection decide. `observations` are CDSi
    observation codes (e.g. "001", patient seeks protection) that make risk series relevant.
    """

    birth_date: dt.date
    sex: Sex | None
    assessment_date: dt.date
    vaccine_group: str
    doses: tuple[DoseGiven, ...] = ()
    profile: str = "cdsi"
    schedule: Schedule | None = None
    observations: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DoseResult:
    """The evaluation of one input dose; `reason` is one of `reasons.REASONS` or None."""

    date: dt.date
    cvx: str
    key: object
    valid: bool
    reason: str | None


@dataclass(frozen=True, slots=True)
class Forecast:
    """The next dose: not before `earliest`, ideally on `recommended`, late after `past_due`."""

    dose_number: int
    earliest: dt.date
    recommended: dt.date
    past_due: dt.date | None


@dataclass(frozen=True, slots=True)
class CaseResult:
    """The vaccine group's status, each input dose's evaluation (input order), the forecast."""

    series_status: str
    series_name: str
    doses: tuple[DoseResult, ...]
    forecast: Forecast | None
