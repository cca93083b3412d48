"""The closed vocabularies of street work and group information sessions (issue 14). Stored
values: never renamed, only added.

Genders are the registry's (`db.vocabulary.registry.Gender`; "not known" is its NOT_STATED) and
age bands the hand-out's (`db.vocabulary.materials.AgeBand`), so that a street tally and a
record count in the same columns of the annual report.
"""

from enum import StrEnum


class SessionKind(StrEnum):
    STREET = "street"  # an outing of the street unit: streets, apartments, bars, clubs, online
    GROUP = "group"  # a group information session: reception centre, landing site, school


class Shift(StrEnum):
    """Day or night, decided from the session's times and the clinic's night hours."""

    DAY = "day"
    NIGHT = "night"


class Setting(StrEnum):
    """Where a street session met people (several per session)."""

    STREET = "street"
    APARTMENT = "apartment"
    BAR_CLUB = "bar_club"
    MASSAGE_PARLOUR = "massage_parlour"
    ONLINE_PHONE = "online_phone"


class Region(StrEnum):
    """World region of origin: UN M49 regions by their M49 code, at the level a street team
    can tell and a report publishes (the sub-regions, with sub-Saharan Africa, Latin America
    and the Caribbean, and Oceania taken whole). Their names come from CLDR through Babel."""

    NORTHERN_AFRICA = "015"
    SUB_SAHARAN_AFRICA = "202"
    LATIN_AMERICA = "419"  # with the Caribbean
    NORTHERN_AMERICA = "021"
    CENTRAL_ASIA = "143"
    EASTERN_ASIA = "030"
    SOUTH_EASTERN_ASIA = "035"
    SOUTHERN_ASIA = "034"
    WESTERN_ASIA = "145"
    EASTERN_EUROPE = "151"
    NORTHERN_EUROPE = "154"
    SOUTHERN_EUROPE = "039"
    WESTERN_EUROPE = "155"
    OCEANIA = "009"
    UNKNOWN = "unknown"


class MetBefore(StrEnum):
    """Whether an anonymous contact was met before, as far as the team knows."""

    YES = "yes"
    NO = "no"
    NOT_KNOWN = "not_known"


class Action(StrEnum):
    """What was done with a contact (material is counted through the stock ledger)."""

    INFORMATION = "information"
    MATERIAL = "material"
    ACCOMPANIMENT = "accompaniment"
    APPOINTMENT = "appointment"
    REFERRAL = "referral"


class StaffPart(StrEnum):
    """How a staff account took part in a session."""

    TEAM = "team"  # a street session's team
    FACILITATOR = "facilitator"  # a group session's
    MEDIATOR = "mediator"  # a cultural mediator of a group session
