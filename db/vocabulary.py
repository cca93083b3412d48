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
