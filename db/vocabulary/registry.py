"""Who a person is, as the registry records it, and how their code is made."""

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


class CodeScheme(StrEnum):
    SLK581 = "slk581"
    CARD = "card"
