"""The words of street work and group sessions: each vocabulary's values, marked here and
translated where shown (the entry forms, the paper tally sheet, the lists).

A tally counts genders and age bands in the registry's and the hand-out's columns, so its words
are theirs, except that a street team does not ask: "not stated" reads "unknown" here, and
"other" is not offered.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from clinic.i18n.translator import N_
from clinic.registry.vocabulary import Gender
from clinic.registry.words import GENDERS
from db.vocabulary.materials import AgeBand
from db.vocabulary.outreach import Action, MetBefore, SessionKind, Setting, Shift, StaffPart

SESSION_KINDS: Mapping[SessionKind, str] = MappingProxyType(
    {
        SessionKind.STREET: N_("Street session"),
        SessionKind.GROUP: N_("Group information session"),
    }
)

SHIFTS: Mapping[Shift, str] = MappingProxyType({Shift.DAY: N_("Day"), Shift.NIGHT: N_("Night")})

SETTINGS: Mapping[Setting, str] = MappingProxyType(
    {
        Setting.STREET: N_("Street"),
        Setting.APARTMENT: N_("Apartment"),
        Setting.BAR_CLUB: N_("Bar or club"),
        Setting.MASSAGE_PARLOUR: N_("Massage parlour"),
        Setting.ONLINE_PHONE: N_("Online or phone"),
    }
)

ACTIONS: Mapping[Action, str] = MappingProxyType(
    {
        Action.INFORMATION: N_("Information"),
        Action.MATERIAL: N_("Material"),
        Action.ACCOMPANIMENT: N_("Accompaniment"),
        Action.APPOINTMENT: N_("Appointment"),
        Action.REFERRAL: N_("Referral"),
    }
)

MET_BEFORE: Mapping[MetBefore, str] = MappingProxyType(
    {MetBefore.YES: N_("Yes"), MetBefore.NO: N_("No"), MetBefore.NOT_KNOWN: N_("Not known")}
)

STAFF_PARTS: Mapping[StaffPart, str] = MappingProxyType(
    {
        StaffPart.TEAM: N_("Team"),
        StaffPart.FACILITATOR: N_("Facilitator"),
        StaffPart.MEDIATOR: N_("Cultural mediator"),
    }
)

# The registry's genders in a tally's words; a tally offers `TALLY_GENDERS`, in this order.
TALLY_GENDER_WORDS: Mapping[Gender, str] = MappingProxyType(
    {**GENDERS, Gender.NOT_STATED: N_("Unknown")}
)
TALLY_GENDERS: tuple[Gender, ...] = tuple(g for g in TALLY_GENDER_WORDS if g is not Gender.OTHER)

# Age bands are numbers in every language; only the last is a word.
AGE_BANDS: Mapping[AgeBand, str] = MappingProxyType(
    {
        AgeBand.UNDER_18: "<18",
        AgeBand.FROM_18: "18–24",
        AgeBand.FROM_25: "25–34",
        AgeBand.FROM_35: "35–44",
        AgeBand.FROM_45: "45–54",
        AgeBand.FROM_55: "55+",
        AgeBand.UNKNOWN: N_("Not known"),
    }
)
