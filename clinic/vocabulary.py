"""The closed vocabularies of the domain, and the reference lists (countries, languages) from Babel.

The enums are defined beside the models (`db.vocabulary`) so the database can check them; this
module is where the rest of the program gets them from.
"""

from __future__ import annotations

from functools import cache

from babel import Locale

from db.vocabulary.desk import QueueState, VisitReason
from db.vocabulary.registry import (
    CodeScheme,
    ConsentStatus,
    ContactChannel,
    Engagement,
    Gender,
    PersonStatus,
    WorkSetting,
)
from db.vocabulary.staff import Role
from db.vocabulary.vaccinations import (
    AppointmentStatus,
    DoseUnit,
    ForecastStatus,
    InjectionSite,
    RefusalReason,
    Route,
    VaccineSchedule,
)

__all__ = [
    "AppointmentStatus",
    "CodeScheme",
    "ConsentStatus",
    "ContactChannel",
    "DoseUnit",
    "Engagement",
    "ForecastStatus",
    "Gender",
    "InjectionSite",
    "PersonStatus",
    "QueueState",
    "RefusalReason",
    "Role",
    "Route",
    "VaccineSchedule",
    "VisitReason",
    "WorkSetting",
    "country_codes",
    "language_codes",
]


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166 alpha-2 codes Babel names (regions like `150` and `ZZ` excluded)."""
    codes = (str(code) for code in Locale("en").territories)
    return frozenset(code for code in codes if len(code) == 2 and code != "ZZ")


@cache
def language_codes() -> frozenset[str]:
    """Language codes Babel names: ISO 639 (`ro`, `pt`, `tl`) without script or region variants."""
    codes = (str(code) for code in Locale("en").languages)
    return frozenset(code for code in codes if "_" not in code and len(code) <= 3)
