"""Registering and editing persons: codes stay unique, every edit is recorded, nothing is lost."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from clinic.common.clock import Clock
from clinic.common.errors import ConflictError, NotFoundError, ValidationError
from clinic.common.permissions import Actor
from clinic.registry.person_form import PersonForm, PersonRecord, validate_person
from clinic.registry.persons import (
    consent_to_ask,
    get_person,
    person_history,
    record_consent,
    register_person,
    update_person,
)
from clinic.registry.vocabulary import PersonStatus
from clinic.staff.vocabulary import Role
from db.models.registry import Person, PersonChange
from db.models.staff import Staff
from tests.conftest import NOW, ROME

LATER = Clock(ROME, NOW + dt.timedelta(hours=2))


def _record(**fields: object) -> PersonRecord:
    return validate_person(PersonForm(**fields), "it_IT", NOW.date())  # type: ignore[arg-type]


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def _register(database, clock, actor, code="OSIAR230519852", **fields) -> int:
    with database.write() as session:
        return register_person(session, actor, clock, _record(**fields), code).id


def test_register_stores_an_active_person_at_revision_one(database, clock, reception):
    record = _record(alias="Maria", gender="woman", birth="23/05/1985")
    with database.write() as session:
        detail = register_person(session, reception, clock, record, "OSIAR230519852")
    assert detail.code == "OSIAR230519852"
    assert detail.status is PersonStatus.ACTIVE
    assert detail.revision == 1
    assert detail.created_at == detail.updated_at == NOW
    assert detail.record == record


def test_a_taken_code_is_a_conflict_and_nothing_is_saved(database, clock, reception):
    _register(database, clock, reception, alias="First")
    with pytest.raises(ConflictError) as caught, database.write() as session:
        register_person(session, reception, clock, _record(alias="Second"), "OSIAR230519852")
    assert (caught.value.code, caught.value.field) == ("code_taken", "code")
    with database.read() as session:
        assert _count(session, Person) == 1


def test_a_shared_code_gets_the_next_free_suffix(database, clock, reception):
    first = _register(database, clock, reception, alias="First")
    codes = []
    for alias in ("Second", "Third"):
        with database.write() as session:
            detail = register_person(
                session,
                reception,
                clock,
                _record(alias=alias),
                "OSIAR230519852",
                shared_code_ok=True,
            )
            codes.append(detail.code)
    assert codes == ["OSIAR230519852/2", "OSIAR230519852/3"]
    with database.read() as session:
        assert get_person(session, reception, clock, first).code == "OSIAR230519852"


def test_shared_code_ok_on_a_free_code_keeps_it_as_is(database, clock, reception):
    with database.write() as session:
        detail = register_person(
            session, reception, clock, _record(), "FREE0000001", shared_code_ok=True
        )
    assert detail.code == "FREE0000001"


def test_update_records_one_change_per_changed_field(database, clock, reception):
    person_id = _register(
        database, clock, reception, alias="Maria", birth="1985", languages=("it",)
    )
    new = _record(alias="Maria Luisa", birth="23/05/1985", languages=("it", "ro"))
    with database.write() as session:
        detail = update_person(session, reception, LATER, person_id, 1, new)
    assert detail.record == new
    assert detail.revision == 2
    assert detail.updated_at == LATER.now()
    assert detail.created_at == NOW
    with database.read() as session:
        history = person_history(session, reception, person_id)
    assert {(c.field, c.old_value, c.new_value) for c in history} == {
        ("alias", "Maria", "Maria Luisa"),
        ("birth_date", None, "1985-05-23"),  # the year was already 1985: no change recorded
        ("languages", "it", "it,ro"),
    }
    assert {(c.staff_id, c.staff_name, c.changed_at) for c in history} == {
        (reception.staff_id, "Desk (reception)", LATER.now())
    }


def test_history_names_the_staff_member_who_edited(database, clock, reception):
    person_id = _register(database, clock, reception, alias="Maria")
    with database.write() as session:
        staff = Staff(username="giulia", display_name="Giulia", role="reception", created_at=NOW)
        session.add(staff)
        session.flush()
        giulia = Actor(staff.id, Role.RECEPTION)
    with database.write() as session:
        update_person(session, giulia, LATER, person_id, 1, _record(alias="Mara"))
    with database.read() as session:
        [change] = person_history(session, reception, person_id)
    assert change.staff_id == giulia.staff_id != reception.staff_id


def test_saving_without_changes_records_nothing(database, clock, reception):
    fields = {"alias": "Maria", "country": "RO", "work_settings": ("street",)}
    person_id = _register(database, clock, reception, **fields)
    with database.write() as session:
        detail = update_person(session, reception, LATER, person_id, 1, _record(**fields))
    assert detail.revision == 1
    assert detail.updated_at == NOW
    with database.read() as session:
        assert person_history(session, reception, person_id) == []
        assert _count(session, PersonChange) == 0


def test_an_edit_on_a_stale_revision_is_refused_and_saves_nothing(database, clock, reception):
    person_id = _register(database, clock, reception, alias="Maria")
    # Two desks open the same person at revision 1; the first saves.
    with database.write() as session:
        update_person(session, reception, LATER, person_id, 1, _record(alias="Mara"))
    with pytest.raises(ConflictError) as caught, database.write() as session:
        update_person(session, reception, LATER, person_id, 1, _record(alias="Marta", country="AL"))
    assert caught.value.code == "changed_meanwhile"
    with database.read() as session:
        stored = get_person(session, reception, clock, person_id)
        history = person_history(session, reception, person_id)
    assert (stored.record.alias, stored.record.country, stored.revision) == ("Mara", None, 2)
    assert [(c.field, c.new_value) for c in history] == [("alias", "Mara")]


def test_a_second_edit_on_the_new_revision_is_accepted(database, clock, reception):
    person_id = _register(database, clock, reception, alias="Maria")
    with database.write() as session:
        revision = update_person(
            session, reception, LATER, person_id, 1, _record(alias="A")
        ).revision
    with database.write() as session:
        detail = update_person(session, reception, LATER, person_id, revision, _record(alias="B"))
    assert (detail.record.alias, detail.revision) == ("B", 3)


def test_an_unknown_person_is_not_found(database, clock, reception):
    with database.read() as session, pytest.raises(NotFoundError):
        get_person(session, reception, clock, 4242)
    with database.read() as session, pytest.raises(NotFoundError):
        person_history(session, reception, 4242)
    with database.write() as session, pytest.raises(NotFoundError):
        update_person(session, reception, clock, 4242, 1, _record())


def test_an_erased_person_is_not_found(database, clock, reception):
    person_id = _register(database, clock, reception, alias="Maria")
    with database.write() as session:
        person = session.get(Person, person_id)
        assert person is not None
        person.status = PersonStatus.ERASED.value
    with database.read() as session, pytest.raises(NotFoundError):
        get_person(session, reception, clock, person_id)
    with database.write() as session, pytest.raises(NotFoundError):
        update_person(session, reception, LATER, person_id, 2, _record(alias="X"))


@pytest.mark.parametrize("status", [PersonStatus.MERGED, PersonStatus.ERASED])
def test_a_code_kept_by_a_merged_or_erased_record_gets_a_suffix_without_asking(
    database, clock, reception, status
):
    old = _register(database, clock, reception, alias="Maria")
    with database.write() as session:
        stored = session.get(Person, old)
        assert stored is not None
        stored.status = status.value
        code = stored.code
    with database.write() as session:
        new = register_person(session, reception, clock, _record(), code)
    assert new.code == f"{code}/2"


def test_a_merged_record_cannot_be_edited(database, clock, reception):
    person_id = _register(database, clock, reception, alias="Maria")
    with database.write() as session:
        stored = session.get(Person, person_id)
        assert stored is not None
        stored.status = PersonStatus.MERGED.value
    with pytest.raises(ConflictError) as caught, database.write() as session:
        update_person(session, reception, clock, person_id, 1, _record())
    assert caught.value.code == "person_merged"


def test_a_person_without_a_consent_answer_is_asked_until_one_is_recorded(
    database, clock, reception
):
    person_id = _register(database, clock, reception, alias="Maria")
    with database.read() as session:
        assert consent_to_ask(session, reception, person_id)
    with database.write() as session:
        record_consent(session, reception, LATER, person_id, "", True, "it_IT")
    with database.read() as session:
        assert not consent_to_ask(session, reception, person_id)  # "not asked" is an answer
        person = session.get(Person, person_id)
        assert (person.consent, person.consent_date, person.revision) == ("not_asked", None, 2)
        [change] = person_history(session, reception, person_id)
        assert (change.field, change.old_value, change.new_value) == ("consent", None, "not_asked")


def test_consent_given_later_replaces_not_asked(database, clock, reception):
    person_id = _register(database, clock, reception, consent_not_asked=True)
    with database.write() as session:
        record_consent(session, reception, LATER, person_id, "10/03/2026", False, "it_IT")
    with database.read() as session:
        person = session.get(Person, person_id)
        assert (person.consent, person.consent_date) == ("given", NOW.date())
        assert {c.field for c in person_history(session, reception, person_id)} == {
            "consent",
            "consent_date",
        }


@pytest.mark.parametrize(
    ("typed", "not_asked", "code"),
    [("", False, "consent_required"), ("31/02/2026", False, "date_impossible")],
)
def test_a_consent_answer_saying_nothing_or_an_impossible_date_is_refused(
    database, clock, reception, typed, not_asked, code
):
    person_id = _register(database, clock, reception)
    with pytest.raises(ValidationError) as caught, database.write() as session:
        record_consent(session, reception, clock, person_id, typed, not_asked, "it_IT")
    assert (caught.value.code, caught.value.field) == (code, "consent_date")
    with database.read() as session:
        assert session.get(Person, person_id).consent is None
