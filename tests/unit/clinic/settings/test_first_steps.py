"""A brand-new clinic's first steps tick themselves as the work is done, per role."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from clinic.common.errors import PermissionDeniedError
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.settings.first_steps import Step, dismiss_first_steps, first_steps
from clinic.staff.vocabulary import Role
from clinic.vaccinations.stock import LotForm, list_products, receive_lot
from db.models.audit import AuditEvent
from tests.conftest import NOW, desk_actor


@pytest.fixture
def coordinator(database, clock):
    """The only account of a clinic fresh from the set-up wizard."""
    with database.write() as session:
        return desk_actor(session, clock, Role.ADMIN)


def _steps(database, actor) -> dict[Step, bool]:
    with database.read() as session:
        return dict(first_steps(session, actor).steps)


def test_a_brand_new_clinic_has_every_step_to_do(database, coordinator):
    assert _steps(database, coordinator) == {
        Step.STAFF: False,
        Step.VACCINE_LOTS: False,
        Step.FIRST_PERSON: False,
    }
    with database.read() as session:
        assert first_steps(session, coordinator).shown


def test_each_step_ticks_itself_when_done_and_the_list_goes(database, clock, coordinator):
    with database.write() as session:
        nurse = desk_actor(session, clock, Role.NURSE)
    assert _steps(database, coordinator)[Step.STAFF]
    with database.write() as session:
        product = list_products(session, nurse)[0].id
        receive_lot(session, nurse, clock, LotForm(product, "L-1", "31/12/2027", "10"), "en_GB")
    assert _steps(database, coordinator)[Step.VACCINE_LOTS]
    with database.write() as session:
        reception = desk_actor(session, clock, Role.RECEPTION)
        record = validate_person(PersonForm(alias="Ana", birth="1990"), "en_GB", NOW.date())
        register_person(session, reception, clock, record, "ANAXX010119902")
    assert all(_steps(database, coordinator).values())
    with database.read() as session:
        assert not first_steps(session, coordinator).shown


def test_each_role_sees_only_its_own_steps(database, clock, coordinator):
    with database.write() as session:
        actors = {role: desk_actor(session, clock, role) for role in Role if role != Role.ADMIN}
    assert list(_steps(database, actors[Role.RECEPTION])) == [Step.FIRST_PERSON]
    assert list(_steps(database, actors[Role.NURSE])) == [Step.VACCINE_LOTS]
    assert list(_steps(database, actors[Role.SOCIAL])) == []
    with database.read() as session:
        assert not first_steps(session, actors[Role.SOCIAL]).shown


def test_the_coordinator_dismisses_the_list_for_everyone_and_it_is_audited(
    database, clock, coordinator
):
    with database.write() as session:
        reception = desk_actor(session, clock, Role.RECEPTION)
    with database.write() as session, pytest.raises(PermissionDeniedError):
        dismiss_first_steps(session, reception, clock)
    with database.write() as session:
        dismiss_first_steps(session, coordinator, clock)
    with database.read() as session:  # a new transaction: as after a restart
        for actor in (coordinator, reception):
            state = first_steps(session, actor)
            assert state.dismissed
            assert not state.shown
        events = session.scalars(select(AuditEvent).where(AuditEvent.fields.is_not(None))).all()
    assert any("first_steps_dismissed" in (event.fields or "") for event in events)
