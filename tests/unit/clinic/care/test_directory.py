"""The partner-service directory as the coordinator keeps it: names unique as people read them,
edits checked against what was read, services retired and offered again."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from clinic.audit.trail import Action
from clinic.care.directory import (
    ServiceForm,
    add_service,
    services,
    set_service_active,
    update_service,
)
from clinic.care.vocabulary import ServiceKind
from clinic.common.errors import ConflictError, ValidationError
from db.models.audit import AuditEvent
from tests.unit.clinic.care.conftest import new_service


def _names(database, *, retired=False) -> list[str]:
    with database.read() as session:
        return [s.name for s in services(session, retired=retired)]


def _read(database, service_id):
    with database.read() as session:
        return next(s for s in services(session, retired=True) if s.id == service_id)


def test_the_directory_reads_alphabetically_case_and_accents_aside(database, clock, admin):
    for name in ("ospedale San Luca", "Équipe Droits", "Casa Rifugio", "ASL Prato"):
        new_service(database, admin, clock, name)
    # As people read them: A, C, E (É), o; not by code point, which puts É after o.
    assert _names(database) == ["ASL Prato", "Casa Rifugio", "Équipe Droits", "ospedale San Luca"]


@pytest.mark.parametrize(
    "same", ["CASA RIFUGIO", "casa rifugio", "Casà Rifugio", " Casa  Rifugio "]
)
def test_a_name_the_directory_already_has_is_refused_however_written(database, clock, admin, same):
    new_service(database, admin, clock, "Casa Rifugio", "shelter")
    with pytest.raises(ConflictError) as caught, database.write() as session:
        add_service(session, admin, clock, ServiceForm(same, "shelter", ""))
    assert (caught.value.code, caught.value.field) == ("service_exists", "name")


def test_a_retired_service_keeps_its_name(database, clock, admin):
    retired = new_service(database, admin, clock, "Sportello Legale", "legal_aid")
    with database.write() as session:
        set_service_active(session, admin, clock, retired, active=False)
    with pytest.raises(ConflictError), database.write() as session:
        add_service(session, admin, clock, ServiceForm("sportello legale", "legal_aid", ""))


def test_each_wrong_field_is_named(database, clock, admin):
    form = ServiceForm(name="  ", kind="bank", contact="x" * 501)
    with pytest.raises(ValidationError) as caught, database.write() as session:
        add_service(session, admin, clock, form)
    assert {(e.field, e.code) for e in caught.value.errors} == {
        ("name", "required"),
        ("kind", "unknown_choice"),
        ("contact", "too_long"),
    }


def test_a_service_is_stored_as_typed_its_contact_on_several_lines(database, clock, admin):
    contact = "Via Roma 1, Lucca\nTel. 0583 000000\nLun–Ven 9–13 ☎"
    service_id = new_service(database, admin, clock, "Centro MTS", "sti_clinic")
    with database.write() as session:
        update_service(
            session,
            admin,
            clock,
            _read(database, service_id),
            ServiceForm("Centro MTS", "sti_clinic", contact),
        )
    service = _read(database, service_id)
    assert (service.name, service.kind, service.contact, service.active) == (
        "Centro MTS",
        ServiceKind.STI_CLINIC,
        contact,
        True,
    )


def test_an_edit_names_the_fields_it_changed(database, clock, admin):
    service_id = new_service(database, admin, clock, "Centro MTS", "sti_clinic")
    read = _read(database, service_id)
    with database.write() as session:
        update_service(session, admin, clock, read, ServiceForm("Centro IST", "sti_clinic", ""))
    with database.read() as session:
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (last.action, last.record_type, last.fields) == (
        Action.CARE_LISTS_UPDATE,
        "care_lists",
        "service_name",
    )
    assert _read(database, service_id).name == "Centro IST"


def test_an_edit_of_what_someone_changed_meanwhile_saves_nothing(database, clock, admin):
    service_id = new_service(database, admin, clock, "Casa Rifugio", "shelter")
    read_by_one = read_by_other = _read(database, service_id)
    with database.write() as session:
        update_service(
            session, admin, clock, read_by_other, ServiceForm("Casa Rifugio", "shelter", "Tel. 1")
        )
    with pytest.raises(ConflictError) as caught, database.write() as session:
        update_service(
            session, admin, clock, read_by_one, ServiceForm("Casa Aperta", "shelter", "")
        )
    assert caught.value.code == "changed_meanwhile"
    assert (_read(database, service_id).name, _read(database, service_id).contact) == (
        "Casa Rifugio",
        "Tel. 1",
    )


def test_a_service_may_be_renamed_in_another_case(database, clock, admin):
    service_id = new_service(database, admin, clock, "casa rifugio", "shelter")
    with database.write() as session:
        update_service(
            session,
            admin,
            clock,
            _read(database, service_id),
            ServiceForm("Casa Rifugio", "shelter"),
        )
    assert _names(database) == ["Casa Rifugio"]


def test_a_retired_service_leaves_the_directory_and_can_come_back(database, clock, admin):
    first = new_service(database, admin, clock, "Ambulatorio A")
    new_service(database, admin, clock, "Ambulatorio B")
    with database.write() as session:
        set_service_active(session, admin, clock, first, active=False)
    assert _names(database) == ["Ambulatorio B"]
    assert _names(database, retired=True) == ["Ambulatorio A", "Ambulatorio B"]
    with database.write() as session:
        set_service_active(session, admin, clock, first, active=True)
    assert _names(database) == ["Ambulatorio A", "Ambulatorio B"]
