"""The words shown for each vocabulary value; one list for the interface and the reports."""

from __future__ import annotations

from collections.abc import Mapping

from clinic.audit import Action
from clinic.i18n import N_, Translator
from clinic.vocabulary import (
    CodeScheme,
    ContactChannel,
    Engagement,
    Gender,
    QueueState,
    Role,
    VisitReason,
    WorkSetting,
)

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
REASONS: Mapping[VisitReason, str] = {
    VisitReason.MEDICAL: N_("Medical"),
    VisitReason.SOCIAL: N_("Social"),
    VisitReason.PSYCHOLOGICAL: N_("Psychological"),
    VisitReason.MATERIAL: N_("Material"),
    VisitReason.REST: N_("Rest, shower, laundry"),
    VisitReason.INFORMATION: N_("Information"),
}
STATES: Mapping[QueueState, str] = {
    QueueState.WAITING: N_("Waiting"),
    QueueState.IN_PROGRESS: N_("Being seen"),
    QueueState.DONE: N_("Done"),
    QueueState.LEFT: N_("Left without being seen"),
}
ROLES: Mapping[Role, str] = {
    Role.RECEPTION: N_("Reception"),
    Role.NURSE: N_("Nurse or doctor"),
    Role.SOCIAL: N_("Social worker, psychologist or mediator"),
    Role.ADMIN: N_("Coordinator (admin)"),
}
CODE_SCHEMES: Mapping[CodeScheme, str] = {
    CodeScheme.SLK581: N_("Code from the person's answers (SLK-581)"),
    CodeScheme.CARD: N_("Random code printed on a card"),
}

# The person's fields as the form names them, for the history of changes.
PERSON_FIELDS: Mapping[str, str] = {
    "alias": N_("Alias"),
    "gender": N_("Gender"),
    "birth_date": N_("Birth date"),
    "birth_year": N_("Birth year"),
    "country": N_("Country of origin"),
    "languages": N_("Languages"),
    "work_settings": N_("Work settings"),
    "engagement": N_("Sex work is"),
    "first_contact": N_("First contact"),
    "contact_channel": N_("How they came"),
    "consent_date": N_("Consent given on"),
}


def gender_text(t: Translator, gender: Gender) -> str:
    return t.gettext(GENDERS[gender])


def reasons_text(t: Translator, reasons: tuple[VisitReason, ...]) -> str:
    return ", ".join(t.gettext(REASONS[r]) for r in reasons)


ACTIONS: Mapping[Action, str] = {
    Action.PERSON_VIEW: N_("Record viewed"),
    Action.PERSON_CREATE: N_("Person registered"),
    Action.PERSON_UPDATE: N_("Record changed"),
    Action.VISIT_CREATE: N_("Checked in"),
    Action.VISIT_UPDATE: N_("Queue changed"),
    Action.VISIT_CANCEL: N_("Check-in cancelled"),
    Action.SETTINGS_UPDATE: N_("Settings changed"),
    Action.DENIED: N_("Refused: not allowed"),
    Action.SETUP: N_("Clinic set up"),
    Action.LOGIN: N_("Logged in"),
    Action.LOGIN_FAILED: N_("Failed login"),
    Action.LOGOUT: N_("Logged out"),
    Action.RECOVERY_KEY_USED: N_("Recovery key used"),
    Action.STAFF_CREATE: N_("Account created"),
    Action.STAFF_UPDATE: N_("Account changed"),
    Action.PASSWORD_CHANGE: N_("Own password changed"),
    Action.AUDIT_EXPORT: N_("Audit trail exported"),
    Action.BACKUP: N_("Backup made"),
    Action.RESTORE: N_("Backup restored"),
}


def action_text(t: Translator, action: str) -> str:
    try:
        return t.gettext(ACTIONS[Action(action)])
    except ValueError:
        return action
