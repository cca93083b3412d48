"""Closed vocabularies stored as short strings.

They live in `db` because the models' CHECK constraints name them; `clinic` re-exports them and
owns what they mean. Values are stable identifiers, never shown to users: the UI translates them.
"""

from enum import StrEnum


class Gender(StrEnum):
    WOMAN = "woman"
    MAN = "man"
    TRANS_WOMAN = "trans_woman"
    TRANS_MAN = "trans_man"
    NON_BINARY = "non_binary"
    OTHER = "other"
    NOT_STATED = "not_stated"


class WorkSetting(StrEnum):
    STREET = "street"
    APARTMENT = "apartment"
    BAR_CLUB = "bar_club"
    ESCORT_ONLINE = "escort_online"
    OTHER = "other"


class Engagement(StrEnum):
    PROFESSIONAL = "professional"
    OCCASIONAL = "occasional"
    NOT_STATED = "not_stated"


class ContactChannel(StrEnum):
    OUTREACH = "outreach"
    PEER = "peer"
    OTHER_SERVICE = "other_service"
    SELF = "self"
    OTHER = "other"


class PersonStatus(StrEnum):
    ACTIVE = "active"
    MERGED = "merged"
    ERASED = "erased"


class ConsentStatus(StrEnum):
    """The person's answer to keeping their record (GDPR art. 9(2)(a): explicit consent).

    No value (NULL) means nobody recorded an answer yet. There is no "refused": a person who
    refuses is not kept in the registry (a walk-in is counted without a record; an existing
    record is erased on request), so a refusal is never stored beside the data it refuses.
    """

    GIVEN = "given"  # with the date it was given (`person.consent_date`)
    NOT_ASKED = "not_asked"  # the desk chose, explicitly, not to ask at that moment


class VisitReason(StrEnum):
    MEDICAL = "medical"
    SOCIAL = "social"
    PSYCHOLOGICAL = "psychological"
    MATERIAL = "material"
    REST = "rest"
    INFORMATION = "information"


class QueueState(StrEnum):
    WAITING = "waiting"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    LEFT = "left"


class Role(StrEnum):
    RECEPTION = "reception"
    NURSE = "nurse"
    SOCIAL = "social"
    ADMIN = "admin"


class CodeScheme(StrEnum):
    SLK581 = "slk581"
    CARD = "card"


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
