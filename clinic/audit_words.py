"""An audit event in words, for the coordinator's screen: who acted, on what, which fields.

The trail holds ids and field names; here they become a staff member's name, a person's code
("person #2001 (no longer in the registry)" once erased), and fields as the forms name them.
Every kind of record and every field that a use case audits must have words here or in
`clinic.labels`; a test runs every use case and checks it.
"""

from __future__ import annotations

from collections.abc import Mapping

from clinic.audit import Action
from clinic.audit_chain import noted_break
from clinic.audit_log import AuditRow, PersonState
from clinic.chain_words import what_text
from clinic.i18n import N_, Translator
from clinic.labels import AUDIT_FIELDS, PERMISSIONS
from clinic.permissions import Permission

# Records that are one person's, and how an event on one reads (`{person}`: their code).
PERSON_RECORDS: Mapping[str, str] = {
    "person": "{person}",
    "visit": N_("Visit of {person}"),
    "vaccination": N_("Vaccination of {person}"),
    "appointment": N_("Appointment of {person}"),
}
# Records that are nobody's: the clinic's own things.
CLINIC_RECORDS: Mapping[str, str] = {
    "settings": N_("Clinic settings"),
    "audit": N_("Audit trail"),
    "backup": N_("Backups"),
}
# Kinds of record by name, for one that is no longer there.
RECORD_KINDS: Mapping[str, str] = {
    "person": N_("Person"),
    "visit": N_("Visit"),
    "vaccination": N_("Vaccination"),
    "appointment": N_("Appointment"),
    "staff": N_("Account"),
    "vaccine_lot": N_("Vaccine lot"),
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
    return ", ".join(t.gettext(words[f]) if f in words else f for f in row.fields)


def _permission(t: Translator, name: str) -> str:
    try:
        return t.gettext(PERMISSIONS[Permission(name)])
    except (ValueError, KeyError):
        return name
