"""What a session holds besides its own row: its team, settings, topics, languages, the
registered people met and what was done with them, its tallies and counted actions. Checked
against the database (accounts, list entries, persons, the stock place), written, and cleared
for an amendment that writes them again."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from clinic.care.lists import entries_by_id
from clinic.care.vocabulary import CareList
from clinic.common.errors import ErrorCode, FieldError, ValidationError
from clinic.outreach.forms import SessionRecord
from clinic.outreach.vocabulary import StaffPart
from db.models.materials import StockPlace
from db.models.outreach import (
    OutreachContact,
    OutreachContactAction,
    OutreachSession,
    OutreachSessionAction,
    OutreachSessionLanguage,
    OutreachSessionSetting,
    OutreachSessionStaff,
    OutreachSessionTopic,
    OutreachTally,
)
from db.models.registry import Person
from db.models.staff import Staff
from db.vocabulary.registry import PersonStatus

# The form's field for a staff account of each part.
STAFF_FIELDS = {
    StaffPart.TEAM: "team",
    StaffPart.FACILITATOR: "facilitators",
    StaffPart.MEDIATOR: "mediators",
}


def check(session: Session, record: SessionRecord, kept: frozenset[int]) -> None:
    """Refuse, each on its field, what the database says no to: an account that is not an
    active one, a list entry not offered (a retired one only if the session already had it,
    `kept`), a person not in the registry or merged, a stock place not in use."""
    refusals = _staff(session, record) + _persons(session, record)
    refusals += _entries(session, record, kept)
    if record.place_id is not None:
        place = session.get(StockPlace, record.place_id)
        if place is None or not place.active:
            refusals.append(FieldError(ErrorCode.PLACE_NOT_FOUND, "place"))
    if refusals:
        raise ValidationError(refusals)


def entries_of(session: Session, row: OutreachSession) -> frozenset[int]:
    """The list entries a session names: its zone or venue, and its topics."""
    topics = session.scalars(
        select(OutreachSessionTopic.topic_id).where(OutreachSessionTopic.session_id == row.id)
    )
    own = {entry for entry in (row.zone_id, row.venue_id) if entry is not None}
    return frozenset(own | set(topics))


def write(session: Session, session_id: int, record: SessionRecord) -> None:
    session.add_all(
        OutreachSessionStaff(session_id=session_id, staff_id=staff, part=part.value)
        for staff, part in sorted(record.staff)
    )
    session.add_all(
        OutreachSessionSetting(session_id=session_id, setting=s.value) for s in record.settings
    )
    session.add_all(
        OutreachSessionTopic(session_id=session_id, topic_id=t) for t in sorted(record.topics)
    )
    session.add_all(
        OutreachSessionLanguage(session_id=session_id, language=code)
        for code in sorted(record.languages)
    )
    session.add_all(
        OutreachTally(
            session_id=session_id,
            gender=t.gender.value,
            age_band=t.age_band.value,
            region=t.region.value,
            met_before=t.met_before.value,
            count=t.count,
        )
        for t in record.tallies
    )
    session.add_all(
        OutreachSessionAction(session_id=session_id, action=action.value, count=count)
        for action, count in record.actions.items()
    )
    _contacts(session, session_id, record)


def clear(session: Session, session_id: int) -> None:
    """Everything `write` wrote for the session, before an amendment writes it again."""
    contacts = select(OutreachContact.id).where(OutreachContact.session_id == session_id)
    session.execute(
        delete(OutreachContactAction).where(OutreachContactAction.contact_id.in_(contacts))
    )
    for statement in (
        delete(OutreachContact).where(OutreachContact.session_id == session_id),
        delete(OutreachSessionStaff).where(OutreachSessionStaff.session_id == session_id),
        delete(OutreachSessionSetting).where(OutreachSessionSetting.session_id == session_id),
        delete(OutreachSessionTopic).where(OutreachSessionTopic.session_id == session_id),
        delete(OutreachSessionLanguage).where(OutreachSessionLanguage.session_id == session_id),
        delete(OutreachTally).where(OutreachTally.session_id == session_id),
        delete(OutreachSessionAction).where(OutreachSessionAction.session_id == session_id),
    ):
        session.execute(statement)


def _contacts(session: Session, session_id: int, record: SessionRecord) -> None:
    rows = {
        person: OutreachContact(
            session_id=session_id, person_id=person, asked_interview=contact.asked_interview
        )
        for person, contact in sorted(record.contacts.items())
    }
    session.add_all(rows.values())
    session.flush()
    session.add_all(
        OutreachContactAction(contact_id=rows[person].id, action=action.value)
        for person, contact in record.contacts.items()
        for action in sorted(contact.actions)
    )


def _staff(session: Session, record: SessionRecord) -> list[FieldError]:
    wanted = {staff for staff, _part in record.staff}
    active = set(
        session.scalars(select(Staff.id).where(Staff.id.in_(wanted), Staff.active.is_(True)))
    )
    fields = sorted({STAFF_FIELDS[part] for staff, part in record.staff if staff not in active})
    return [FieldError(ErrorCode.UNKNOWN_STAFF, name) for name in fields]


def _persons(session: Session, record: SessionRecord) -> list[FieldError]:
    found = dict(
        session.execute(
            select(Person.id, Person.status).where(Person.id.in_(set(record.contacts)))
        ).all()
    )
    refusals = []
    for person in sorted(record.contacts):
        if person not in found:
            refusals.append(FieldError(ErrorCode.PERSON_NOT_FOUND, f"contact_{person}"))
        elif found[person] != PersonStatus.ACTIVE.value:
            refusals.append(FieldError(ErrorCode.PERSON_MERGED, f"contact_{person}"))
    return refusals


def _entries(session: Session, record: SessionRecord, kept: frozenset[int]) -> list[FieldError]:
    wanted: list[tuple[int, CareList, str]] = [
        (topic, CareList.GROUP_TOPIC, "topics") for topic in sorted(record.topics)
    ]
    if record.zone_id is not None:
        wanted.append((record.zone_id, CareList.OUTREACH_ZONE, "zone"))
    if record.venue_id is not None:
        wanted.append((record.venue_id, CareList.GROUP_VENUE, "venue"))
    entries = entries_by_id(session, [entry for entry, _list, _field in wanted])
    refusals = []
    for entry_id, care_list, name in wanted:
        entry = entries.get(entry_id)
        if entry is None or entry.list is not care_list or not (entry.active or entry_id in kept):
            refusals.append(FieldError(ErrorCode.ITEM_NOT_OFFERED, name, {"item_id": entry_id}))
    return refusals
