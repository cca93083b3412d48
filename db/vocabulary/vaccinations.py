"""How a dose was given, why one was refused, and where a series or an appointment stands."""

from enum import StrEnum


class Route(StrEnum):
    """How a vaccine was given (vaccines.md: IM, SC, ID, oral, nasal)."""

    INTRAMUSCULAR = "im"
    SUBCUTANEOUS = "sc"
    INTRADERMAL = "id"
    ORAL = "oral"
    NASAL = "nasal"


class InjectionSite(StrEnum):
    LEFT_DELTOID = "left_deltoid"
    RIGHT_DELTOID = "right_deltoid"
    LEFT_THIGH = "left_thigh"
    RIGHT_THIGH = "right_thigh"
    LEFT_FOREARM = "left_forearm"
    RIGHT_FOREARM = "right_forearm"
    OTHER = "other"


class DoseUnit(StrEnum):
    MILLILITRE = "ml"
    DOSE = "dose"


class VaccineSchedule(StrEnum):
    """Which schedule a dose belongs to: the standard one, or an accelerated one (0, 7, 21 days)."""

    STANDARD = "standard"
    ACCELERATED = "accelerated"


class RefusalReason(StrEnum):
    DECLINED = "declined"
    LATER = "later"
    MEDICAL = "medical"
    ELSEWHERE = "elsewhere"
    OTHER = "other"


class ForecastStatus(StrEnum):
    COMPLETE = "complete"
    NOT_COMPLETE = "not_complete"
    AGED_OUT = "aged_out"
    # No birth year: CDSi's ages cannot be computed, so no dates are forecast.
    NO_BIRTH_DATE = "no_birth_date"


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    ATTENDED = "attended"
    MISSED = "missed"
    CANCELLED = "cancelled"
