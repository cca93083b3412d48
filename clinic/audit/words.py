"""An audit event in words, for the coordinator's screen: who acted, on what, which fields.

The trail holds ids and field names; here they become a staff member's name, a person's code
("person #2001 (no longer in the registry)" once erased), and fields as the forms name them.
The trail's own vocabulary is here too: its actions, the permissions a denial names, and the
fields of every kind of record it audits. Every kind of record and every field that a use case
audits must have words here; a test runs every use case and checks it.
"""

from __future__ import annotations

from collections.abc import Mapping

from clinic.audit.chain import noted_break
from clinic.audit.chain_words import what_text
from clinic.audit.log import AuditRow, PersonState
from clinic.audit.trail import Action
from clinic.common.permissions import Permission
from clinic.i18n.translator import N_, Translator

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
    Action.PERSON_FILE_VIEW: N_("Person's file opened"),
    Action.CONSULTATION_VIEW: N_("Consultation read"),
    Action.CONSULTATION_CREATE: N_("Consultation written"),
    Action.CONSULTATION_AMEND: N_("Consultation amended"),
    Action.CONSULTATION_ADDENDUM: N_("Addendum written"),
    Action.CONSULTATION_ERROR: N_("Consultation marked as entered in error"),
    Action.TEST_CREATE: N_("Rapid test recorded"),
    Action.TEST_ERROR: N_("Rapid test marked as entered in error"),
    Action.REFERRAL_CREATE: N_("Referral made"),
    Action.REFERRAL_OUTCOME: N_("Referral outcome recorded"),
    Action.REFERRAL_ERROR: N_("Referral marked as entered in error"),
    Action.PATHWAY_OPEN: N_("Pathway opened"),
    Action.PATHWAY_STEP: N_("Pathway stage recorded"),
    Action.PATHWAY_CLOSE: N_("Pathway closed"),
    Action.CARE_LISTS_UPDATE: N_("Care lists or partner services changed"),
    Action.STOCK_RECEIVE: N_("Stock received"),
    Action.STOCK_TRANSFER: N_("Stock moved to another place"),
    Action.STOCK_ADJUST: N_("Stock adjusted"),
    Action.STOCK_COUNT: N_("Stock counted"),
    Action.STOCK_CATALOGUE: N_("Stock catalogue, places or thresholds changed"),
    Action.HAND_OUT: N_("Material handed out"),
    Action.HAND_OUT_OVERRIDE: N_("Material handed out past a limit or an empty stock"),
    Action.OUTREACH_SESSION_CREATE: N_("Street or group session recorded"),
    Action.OUTREACH_SESSION_VIEW: N_("Street or group session opened"),
    Action.OUTREACH_SESSION_AMEND: N_("Street or group session amended"),
    Action.OUTREACH_SESSION_ADDENDUM: N_("Addendum to a street or group session"),
    Action.REPORT_MADE: N_("Activity report made"),
    Action.IMPORT_PERSONS: N_("Persons imported from a spreadsheet"),
    Action.IMPORT_CONTACTS: N_("Visits and street contacts imported from a spreadsheet"),
    Action.LOCK: N_("Locked"),
    Action.LOCK_IDLE: N_("Locked itself after the idle time"),
    Action.UNLOCK: N_("Unlocked"),
    Action.LOCK_TAKEN_OVER: N_("Locked session closed: someone else logged in"),
    Action.CHAIN_BROKEN: N_("Audit trail found broken"),
}

# The fields an audit event names, by the kind of record changed (`clinic.audit.trail.record`).
AUDIT_FIELDS: Mapping[str, Mapping[str, str]] = {
    "person": PERSON_FIELDS,
    "visit": {"state": N_("Queue state"), "served_by": N_("Seen by")},
    "staff": {
        "role": N_("Role"),
        "password": N_("Password"),
        "locked": N_("Locked after wrong passwords"),
        "active": N_("Active"),
        "interviewer": N_("Trained for identification interviews"),
    },
    "settings": {
        "code_scheme": N_("Codes for new persons"),
        "time_zone": N_("Time zone"),
        "name": N_("Clinic's name"),
        "language": N_("Clinic's language"),
        "second_backup_folder": N_("Second backup folder"),
        "lock_minutes": N_("Minutes before the desk locks"),
        "vaccine_profile": N_("Vaccination rules"),
        "referral_follow_up_days": N_("Days before a referral is followed up"),
        "stock_expiry_days": N_("Days before expiry a lot is flagged"),
        "night_from": N_("Night hours from"),
        "night_until": N_("Night hours until"),
        "first_steps_dismissed": N_("First steps hidden"),
    },
    "vaccination": {"entered_in_error": N_("Entered in error")},
    "vaccine_lot": {"quantity": N_("Doses in stock")},
    "stock_lot": {"quantity": N_("Quantity")},
    "stock_movement": {
        "quantity": N_("Quantity"),
        "reason": N_("Reason"),
        "place": N_("Place"),
    },
    "stock_catalogue": {
        "new_item": N_("New item"),
        "item": N_("Item's names, category and limits"),
        "item_active": N_("Item offered"),
        "new_place": N_("New place"),
        "place_name": N_("Place's name"),
        "place_active": N_("Place in use"),
        "minimum": N_("Minimum stock"),
    },
    "distribution": {"items": N_("Items"), "override_reason": N_("Reason for going past it")},
    "appointment": {"status": N_("Appointment status")},
    "report": {"small_counts_shown": N_("Small counts shown (internal use)")},
    "care_lists": {
        "entry": N_("New list entry"),
        "active": N_("Entry offered"),
        "service": N_("New partner service"),
        "service_name": N_("Service's name"),
        "service_kind": N_("Kind of service"),
        "service_contact": N_("Service's contact"),
        "service_active": N_("Service offered"),
    },
    "consultation": {"in_error": N_("Entered in error"), "offer": N_("Programme offered")},
    "pathway": {"stage": N_("Stage"), "closing_reason": N_("Closing reason")},
    "rapid_test": {"in_error": N_("Entered in error")},
    # An import's fields carry their counts (`new:12`): how many rows, never what they held.
    "import": {"new": N_("New"), "existing": N_("Already there"), "refused": N_("Rows refused")},
    "referral": {
        "outcome": N_("Outcome"),
        "outcome_on": N_("Outcome date"),
        "in_error": N_("Entered in error"),
    },
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
    Permission.MEDICAL_READ: N_("Read medical consultations"),
    Permission.MEDICAL_WRITE: N_("Write medical consultations"),
    Permission.SOCIAL_READ: N_("Read social consultations"),
    Permission.SOCIAL_WRITE: N_("Write social consultations"),
    Permission.PSYCHOLOGICAL_READ: N_("Read psychological notes"),
    Permission.PSYCHOLOGICAL_WRITE: N_("Write psychological notes"),
    Permission.INTERVIEW_READ: N_("Read identification interviews"),
    Permission.INTERVIEW_WRITE: N_("Record identification interviews"),
    Permission.TEST_READ: N_("See rapid test results"),
    Permission.TEST_WRITE: N_("Record rapid tests"),
    Permission.REFERRAL_READ: N_("See referrals"),
    Permission.REFERRAL_WRITE: N_("Make referrals"),
    Permission.PATHWAY_READ: N_("See protection pathways"),
    Permission.PATHWAY_WRITE: N_("Record protection pathways"),
    Permission.CARE_SEEN: N_("See which sessions took place"),
    Permission.CARE_LISTS: N_("Keep the partner services and care lists"),
    Permission.HAND_OUT: N_("Hand out material"),
    Permission.STOCK_READ: N_("See the stock"),
    Permission.STOCK_KEEP: N_("Keep the stock: receive, transfer, adjust, count"),
    Permission.STOCK_OVERRIDE: N_("Hand out past a limit or an empty stock"),
    Permission.OUTREACH_READ: N_("Open street and group sessions"),
    Permission.OUTREACH_WRITE: N_("Record street and group sessions"),
    Permission.IMPORT: N_("Import from spreadsheets"),
}


def action_text(t: Translator, action: str) -> str:
    try:
        return t.gettext(ACTIONS[Action(action)])
    except ValueError:
        return action


# Records that are one person's, and how an event on one reads (`{person}`: their code).
PERSON_RECORDS: Mapping[str, str] = {
    "person": "{person}",
    "visit": N_("Visit of {person}"),
    "vaccination": N_("Vaccination of {person}"),
    "appointment": N_("Appointment of {person}"),
    "consultation": N_("Consultation of {person}"),
    "rapid_test": N_("Rapid test of {person}"),
    "referral": N_("Referral of {person}"),
    "pathway": N_("Pathway of {person}"),
    "distribution": N_("Hand-out to {person}"),
}
# Records that are nobody's: the clinic's own things.
CLINIC_RECORDS: Mapping[str, str] = {
    "settings": N_("Clinic settings"),
    "audit": N_("Audit trail"),
    "backup": N_("Backups"),
    "care_lists": N_("Care lists and partner services"),
    "stock_catalogue": N_("Stock catalogue and places"),
    "report": N_("Activity report"),
    "import": N_("Import from a spreadsheet"),
}
# Kinds of record by name, for one that is no longer there.
RECORD_KINDS: Mapping[str, str] = {
    "person": N_("Person"),
    "visit": N_("Visit"),
    "vaccination": N_("Vaccination"),
    "appointment": N_("Appointment"),
    "consultation": N_("Consultation"),
    "rapid_test": N_("Rapid test"),
    "referral": N_("Referral"),
    "pathway": N_("Pathway"),
    "staff": N_("Account"),
    "vaccine_lot": N_("Vaccine lot"),
    "stock_lot": N_("Lot"),
    "stock_movement": N_("Stock movement"),
    "stock_place": N_("Stock place"),
    "distribution": N_("Hand-out"),
    "outreach_session": N_("Street or group session"),
}
# A street or group session by its kind (`SessionKind`'s values) and day.
SESSIONS: Mapping[str, str] = {
    "street": N_("Street session of {day}"),
    "group": N_("Group session of {day}"),
}
_PERSONS: Mapping[PersonState, str] = {
    PersonState.MERGED: N_("{code} (merged into another record)"),
    PersonState.GONE: N_("person #{id} (no longer in the registry)"),
    PersonState.HIDDEN: N_("person #{id}"),
}


def who_text(row: AuditRow) -> str:
    """The account's display name and user name (`Bea T. (bea)`), or what is known."""
    if row.staff_name and row.username and row.staff_name != row.username:
        return f"{row.staff_name} ({row.username})"
    return row.staff_name or row.username or ""


def record_text(t: Translator, row: AuditRow) -> str:
    """What the event is about, in words; an id only when nothing else is left of it."""
    kind = row.record_type
    if kind is None:
        return ""
    if kind in CLINIC_RECORDS:
        return t.gettext(CLINIC_RECORDS[kind])
    if not row.record_exists:
        return _gone(t, kind, row.record_id)
    if kind in PERSON_RECORDS:
        return _about_person(t, kind, row)
    if kind == "staff":
        return t.format(N_("Account of {name}"), name=row.subject_name or "")
    if kind == "vaccine_lot":
        return t.format(N_("Vaccine lot {number}"), number=row.subject_name or "")
    if kind == "stock_lot":
        return t.format(N_("Lot {number}"), number=row.subject_name or "")
    if kind == "outreach_session":
        return t.format(
            SESSIONS.get(row.session_kind or "", N_("Session of {day}")),
            day=t.short_date(row.session_day),
        )
    return f"{kind} #{row.record_id}" if row.record_id is not None else kind


def _about_person(t: Translator, kind: str, row: AuditRow) -> str:
    if row.person_id is None:  # a walk-in: a visit without a registered person
        return t.gettext(N_("Visit of someone not registered"))
    return t.format(PERSON_RECORDS[kind], person=person_text(t, row))


def person_text(t: Translator, row: AuditRow) -> str:
    """The person's code, or why it is not shown."""
    if row.person_state is PersonState.IN_REGISTRY:
        return row.person_code or ""
    template = _PERSONS[row.person_state or PersonState.GONE]
    return t.format(template, code=row.person_code or "", id=row.person_id)


def _gone(t: Translator, kind: str, record_id: int | None) -> str:
    if kind == "person":  # its own record is gone: erased, or never committed
        return t.format(_PERSONS[PersonState.GONE], id=record_id)
    name = t.gettext(RECORD_KINDS[kind]) if kind in RECORD_KINDS else kind
    return t.format(N_("{kind} #{id} (no longer there)"), kind=name, id=record_id)


def fields_text(t: Translator, row: AuditRow) -> str:
    """The fields changed, as the forms name them; for a refusal, what was refused."""
    if row.action == Action.DENIED.value:
        return ", ".join(_permission(t, name) for name in row.fields)
    if row.action == Action.CHAIN_BROKEN.value:
        found = noted_break(row.id, row.at, row.record_id, row.fields[0] if row.fields else "")
        return what_text(t, found) if found else ""
    words = AUDIT_FIELDS.get(row.record_type or "", {})
    return ", ".join(_field_text(t, words, field) for field in row.fields)


def field_name(field: str) -> str:
    """The name of an audited field: a field that carries a count (`new:12`) without it."""
    return field.partition(":")[0]


def _field_text(t: Translator, words: Mapping[str, str], field: str) -> str:
    name, _, count = field.partition(":")
    text = t.gettext(words[name]) if name in words else name
    return t.format(N_("{field}: {count}"), field=text, count=count) if count else text


def _permission(t: Translator, name: str) -> str:
    try:
        return t.gettext(PERMISSIONS[Permission(name)])
    except (ValueError, KeyError):
        return name
