"""The words shown for the registry's vocabularies: gender, work settings, engagement, how
they came."""

from __future__ import annotations

from collections.abc import Mapping

from clinic.i18n.translator import N_, Translator
from clinic.registry.vocabulary import ContactChannel, Engagement, Gender, WorkSetting

GENDERS: Mapping[Gender, str] = {
    Gender.WOMAN: N_("Woman"),
    Gender.MAN: N_("Man"),
    Gender.TRANS_WOMAN: N_("Trans woman"),
    Gender.TRANS_MAN: N_("Trans man"),
    Gender.NON_BINARY: N_("Non-binary"),
    Gender.OTHER: N_("Other"),
    Gender.NOT_STATED: N_("Not stated"),
}

WORK_SETTINGS: Mapping[WorkSetting, str] = {
    WorkSetting.STREET: N_("Street"),
    WorkSetting.APARTMENT: N_("Apartment"),
    WorkSetting.BAR_CLUB: N_("Bar or club"),
    WorkSetting.ESCORT_ONLINE: N_("Escort or online"),
    WorkSetting.OTHER: N_("Other setting"),
}

ENGAGEMENTS: Mapping[Engagement, str] = {
    Engagement.PROFESSIONAL: N_("Professional"),
    Engagement.OCCASIONAL: N_("Occasional"),
    Engagement.NOT_STATED: N_("Not stated"),
}

CHANNELS: Mapping[ContactChannel, str] = {
    ContactChannel.OUTREACH: N_("Met by the outreach team"),
    ContactChannel.PEER: N_("Sent by a peer"),
    ContactChannel.OTHER_SERVICE: N_("Referred by another service"),
    ContactChannel.SELF: N_("Came on their own"),
    ContactChannel.OTHER: N_("Other way"),
}


def gender_text(t: Translator, gender: Gender) -> str:
    return t.gettext(GENDERS[gender])


def code_and_alias(code: str, alias: str | None) -> str:
    """How the desk names a person, in a dialog's heading or a queue row: `K7MC-Q9XD · Rosa`,
    or the code alone when there is no alias."""
    return f"{code} · {alias}" if alias else code
