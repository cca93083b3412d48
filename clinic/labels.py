"""The words shown for each vocabulary value; one list for the interface and the reports."""

from __future__ import annotations

from collections.abc import Mapping

from clinic.audit import Action
from clinic.i18n import N_, Translator
from clinic.permissions import Permission
from clinic.vaccines import reasons
from clinic.vocabulary import (
    AppointmentStatus,
    CodeScheme,
    ContactChannel,
    Engagement,
    ForecastStatus,
    Gender,
    InjectionSite,
    QueueState,
    RefusalReason,
    Role,
    Route,
    VaccineSchedule,
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
    "consent": N_("Consent"),
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
    Action.VACCINATION_VIEW: N_("Vaccinations viewed"),
    Action.VACCINATION_CREATE: N_("Vaccination recorded"),
    Action.VACCINATION_CORRECT: N_("Vaccination marked as entered in error"),
    Action.VACCINATION_CARD_PRINT: N_("Vaccination card printed"),
    Action.LOT_RECEIVE: N_("Vaccine lot received"),
    Action.APPOINTMENT_CREATE: N_("Appointment booked"),
    Action.APPOINTMENT_UPDATE: N_("Appointment changed"),
    Action.LOCK: N_("Locked"),
    Action.LOCK_IDLE: N_("Locked itself after the idle time"),
    Action.UNLOCK: N_("Unlocked"),
    Action.LOCK_TAKEN_OVER: N_("Locked session closed: someone else logged in"),
    Action.CHAIN_BROKEN: N_("Audit trail found broken"),
}

# Vaccine groups as the clinic's catalogue names them; the first three are forecast (CDSi).
VACCINE_GROUPS: Mapping[str, str] = {
    "HepB": N_("Hepatitis B"),
    "HepA": N_("Hepatitis A"),
    "HPV": N_("HPV"),
    "HepA-HepB": N_("Hepatitis A and B"),
    "Td": N_("Tetanus, diphtheria"),
    "Mpox": N_("Mpox"),
    "Influenza": N_("Influenza"),
    "COVID-19": N_("COVID-19"),
}
FORECAST_STATUSES: Mapping[ForecastStatus, str] = {
    ForecastStatus.COMPLETE: N_("Complete"),
    ForecastStatus.NOT_COMPLETE: N_("Not complete"),
    ForecastStatus.AGED_OUT: N_("No longer recommended at this age"),
    ForecastStatus.NO_BIRTH_DATE: N_("Needs the birth year"),
}
ROUTES: Mapping[Route, str] = {
    Route.INTRAMUSCULAR: N_("Intramuscular (IM)"),
    Route.SUBCUTANEOUS: N_("Subcutaneous (SC)"),
    Route.INTRADERMAL: N_("Intradermal (ID)"),
    Route.ORAL: N_("Oral"),
    Route.NASAL: N_("Nasal"),
}
SITES: Mapping[InjectionSite, str] = {
    InjectionSite.LEFT_DELTOID: N_("Left upper arm"),
    InjectionSite.RIGHT_DELTOID: N_("Right upper arm"),
    InjectionSite.LEFT_THIGH: N_("Left thigh"),
    InjectionSite.RIGHT_THIGH: N_("Right thigh"),
    InjectionSite.LEFT_FOREARM: N_("Left forearm"),
    InjectionSite.RIGHT_FOREARM: N_("Right forearm"),
    InjectionSite.OTHER: N_("Other site"),
}
REFUSAL_REASONS: Mapping[RefusalReason, str] = {
    RefusalReason.DECLINED: N_("Does not want it"),
    RefusalReason.LATER: N_("Wants to think about it / another day"),
    RefusalReason.MEDICAL: N_("Medical reason"),
    RefusalReason.ELSEWHERE: N_("Vaccinated or followed elsewhere"),
    RefusalReason.OTHER: N_("Other reason"),
}
SCHEDULES: Mapping[VaccineSchedule, str] = {
    VaccineSchedule.STANDARD: N_("Standard schedule"),
    VaccineSchedule.ACCELERATED: N_("Accelerated schedule (0, 7, 21 days + 12 months)"),
}
VACCINE_PROFILE_NAMES: Mapping[str, str] = {
    "cdsi": N_("CDC schedules (CDSi)"),
    "eu": N_("CDC schedules + EU accelerated Engerix-B (0, 7, 21 days + 12 months)"),
}
APPOINTMENT_STATUSES: Mapping[AppointmentStatus, str] = {
    AppointmentStatus.BOOKED: N_("Booked"),
    AppointmentStatus.ATTENDED: N_("Came"),
    AppointmentStatus.MISSED: N_("Did not come"),
    AppointmentStatus.CANCELLED: N_("Cancelled"),
}

# Why a dose does not count (`clinic.vaccines.reasons`), in the nurse's words.
DOSE_REASONS: Mapping[str, str] = {
    reasons.TOO_YOUNG: N_("given too young"),
    reasons.TOO_OLD: N_("given past the age for this vaccine"),
    reasons.INTERVAL_TOO_SHORT: N_("too soon after the previous dose"),
    reasons.NOT_ALLOWABLE: N_("this product does not count for this dose"),
    reasons.INADVERTENT: N_("this product should not have been given"),
    reasons.EXTRANEOUS: N_("not needed: the series was already complete"),
    reasons.OTHER_GROUP: N_("not a vaccine of this group"),
}


def dose_reason_text(t: Translator, reason: str | None) -> str:
    if reason is None:
        return ""
    return t.gettext(DOSE_REASONS[reason]) if reason in DOSE_REASONS else reason


def vaccine_group_text(t: Translator, group: str) -> str:
    return t.gettext(VACCINE_GROUPS[group]) if group in VACCINE_GROUPS else group


def action_text(t: Translator, action: str) -> str:
    try:
        return t.gettext(ACTIONS[Action(action)])
    except ValueError:
        return action


# The fields an audit event names, by the kind of record changed (`clinic.audit.record`).
AUDIT_FIELDS: Mapping[str, Mapping[str, str]] = {
    "person": PERSON_FIELDS,
    "visit": {"state": N_("Queue state"), "served_by": N_("Seen by")},
    "staff": {
        "role": N_("Role"),
        "password": N_("Password"),
        "locked": N_("Locked after wrong passwords"),
        "active": N_("Active"),
    },
    "settings": {
        "code_scheme": N_("Codes for new persons"),
        "time_zone": N_("Time zone"),
        "name": N_("Clinic's name"),
        "language": N_("Clinic's language"),
        "second_backup_folder": N_("Second backup folder"),
        "lock_minutes": N_("Minutes before the desk locks"),
        "vaccine_profile": N_("Vaccination rules"),
    },
    "vaccination": {"entered_in_error": N_("Entered in error")},
    "vaccine_lot": {"quantity": N_("Doses in stock")},
    "appointment": {"status": N_("Appointment status")},
}

# What a refused action would have done (`Permission`), for the audit trail's denials.
PERMISSIONS: Mapping[Permission, str] = {
    Permission.PERSON_READ: N_("Read a person's record"),
    Permission.PERSON_CREATE: N_("Register a person"),
    Permission.PERSON_UPDATE: N_("Change a person's record"),
    Permission.VISIT_CREATE: N_("Check someone in"),
    Permission.VISIT_READ: N_("See the visits and the queue"),
    Permission.QUEUE_UPDATE: N_("Move someone in the queue"),
    Permission.QUEUE_SERVE: N_("Take someone in from the queue"),
    Permission.STATISTICS: N_("See the statistics"),
    Permission.CONFIGURE_CLINIC: N_("Change the clinic's settings"),
    Permission.STAFF_MANAGE: N_("Manage staff accounts"),
    Permission.AUDIT_READ: N_("Read the audit trail"),
    Permission.BACKUP: N_("Make a backup"),
    Permission.RESTORE: N_("Restore a backup"),
    Permission.OWN_PASSWORD: N_("Change one's own password"),
    Permission.VACCINATION_READ: N_("See vaccinations"),
    Permission.VACCINATION_WRITE: N_("Record vaccinations"),
    Permission.VACCINE_STOCK: N_("Manage the vaccine stock"),
    Permission.APPOINTMENT_READ: N_("See appointments"),
    Permission.APPOINTMENT_BOOK: N_("Book appointments"),
}
