"""Vaccine evaluation and forecasting: CDC's CDSi logic over its supporting data.

`forecast(case)` says, for one person and one vaccine group, which doses count, whether the
series is complete and when the next dose is due. Schedules are data (`data/`), never code.
"""

from __future__ import annotations

from clinic.vaccinations.cdsi.engine import forecast
from clinic.vaccinations.cdsi.model import (
    SCHEDULES,
    CaseInput,
    CaseResult,
    DoseGiven,
    DoseResult,
    Forecast,
)
from clinic.vaccinations.cdsi.profiles import profiles
from clinic.vaccinations.cdsi.reasons import REASONS, SERIES_STATUSES
from clinic.vaccinations.cdsi.schedule import (
    is_known_cvx,
    normalise_cvx,
    supported_groups,
    vaccine_groups_for_cvx,
)

VACCINE_GROUPS: tuple[str, ...] = supported_groups()
"""The vaccine groups Soglia forecasts: those whose supporting data it ships."""

PROFILES: tuple[str, ...] = profiles()
"""The profiles, "cdsi" (CDC's data as published) first."""

__all__ = [
    "PROFILES",
    "REASONS",
    "SCHEDULES",
    "SERIES_STATUSES",
    "VACCINE_GROUPS",
    "CaseInput",
    "CaseResult",
    "DoseGiven",
    "DoseResult",
    "Forecast",
    "forecast",
    "is_known_cvx",
    "normalise_cvx",
    "vaccine_groups_for_cvx",
]
