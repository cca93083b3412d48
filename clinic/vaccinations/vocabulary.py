"""The vaccinations' closed vocabularies: routes, sites, units, schedules, refusals, statuses.

Defined beside the models (`db.vocabulary.vaccinations`) so the database can check them; this
module is where the rest of the program gets them from.
"""

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
    "DoseUnit",
    "ForecastStatus",
    "InjectionSite",
    "RefusalReason",
    "Route",
    "VaccineSchedule",
]
