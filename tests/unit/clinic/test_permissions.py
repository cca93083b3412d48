"""Every role × every use case, called directly: allowed or refused exactly as `ALLOWED` says.

`clinic.permissions.ALLOWED` is the single source of truth for what the code enforces; the last
tests check that table against the roles table of `reliability.md`, written out here by hand.
"""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic import checkin, clinic_settings, registration, registry, search
from clinic.clinic_settings import ClinicSettings
from clinic.clock import Clock
from clinic.errors import PermissionDeniedError
from clinic.permissions import ALLOWED, Actor, Permission, require
from clinic.person_form import CodeAnswers, PersonForm, PersonRecord, validate_person
from clinic.vocabulary import CodeScheme, QueueState, Role
from db.models import Person, PersonChange, Setting, Visit
from tests.conftest import NOW

_codes = itertools.count(1)


@dataclass(frozen=True)
class World:
    """What a use case may need: a registered person and a waiting visit."""

    clock: Clock
    record: PersonRecord
    person_id: int
    visit_id: int


UseCase = Callable[[Session, Actor, World], Any]

USE_CASES: dict[str, tuple[Permission, UseCase]] = {
    "registry.register_person": (
        Permission.PERSON_CREATE,
        lambda s, a, w: registry.register_person(s, a, w.clock, w.record, f"P{next(_codes)}"),
    ),
    "registry.get_person": (
        Permission.PERSON_READ,
        lambda s, a, w: registry.get_person(s, a, w.person_id),
    ),
    "registry.update_person": (
        Permission.PERSON_UPDATE,
        lambda s, a, w: registry.update_person(s, a, w.clock, w.person_id, 1, w.record),
    ),
    "registry.person_history": (
        Permission.PERSON_READ,
        lambda s, a, w: registry.person_history(s, a, w.person_id),
    ),
    "registry.person_summaries": (
        Permission.PERSON_READ,
        lambda s, a, w: registry.person_summaries(s, a, [w.person_id]),
    ),
    "registry.summaries": (
        Permission.PERSON_READ,
        lambda s, a, w: registry.summaries(s, a, []),
    ),
    "registration.propose_code[slk]": (
        Permission.PERSON_CREATE,
        lambda s, a, w: registration.propose_code(
            s, a, CodeScheme.SLK581, w.record, CodeAnswers("Rossi", "Maria")
        ),
    ),
    "registration.propose_code[card]": (
        Permission.PERSON_CREATE,
        lambda s, a, w: registration.propose_code(s, a, CodeScheme.CARD, w.record, CodeAnswers()),
    ),
    "registration.new_card_code": (
        Permission.PERSON_CREATE,
        lambda s, a, w: registration.new_card_code(s, a),
    ),
    "search.find_persons": (
        Permission.PERSON_READ,
        lambda s, a, w: search.find_persons(s, a, "maria"),
    ),
    "checkin.check_in": (
        Permission.VISIT_CREATE,
        lambda s, a, w: checkin.check_in(s, a, w.clock, None, ["material"]),
    ),
    "checkin.todays_queue": (
        Permission.VISIT_READ,
        lambda s, a, w: checkin.todays_queue(s, a, w.clock),
    ),
    "checkin.set_queue_state": (
        Permission.QUEUE_UPDATE,
        lambda s, a, w: checkin.set_queue_state(s, a, w.clock, w.visit_id, QueueState.DONE),
    ),
    "checkin.cancel_check_in": (
        Permission.VISIT_CREATE,
        lambda s, a, w: checkin.cancel_check_in(s, a, w.clock, w.visit_id),
    ),
    "clinic_settings.save_settings": (
        Permission.CONFIGURE_CLINIC,
        lambda s, a, w: clinic_settings.save_settings(
            s, a, ClinicSettings(CodeScheme.CARD, "Europe/Rome")
        ),
    ),
}

USE_CASE_MODULES: tuple[ModuleType, ...] = (
    registry,
    registration,
    search,
    checkin,
    clinic_settings,
)


@pytest.fixture
def world(database, clock, reception) -> World:
    record = validate_person(
        PersonForm(alias="Maria", gender="woman", birth="23/05/1985"), "it_IT", NOW.date()
    )
    with database.write() as session:
        person_id = registry.register_person(session, reception, clock, record, "OSIAR230519852").id
        visit_id = checkin.check_in(session, reception, clock, person_id, ["medical"]).visit_id
    changed = validate_person(PersonForm(alias="Mara", birth="1985"), "it_IT", NOW.date())
    return World(clock, changed, person_id, visit_id)


def _row_counts(session: Session) -> tuple[int, ...]:
    return tuple(
        session.scalar(select(func.count()).select_from(model))
        for model in (Person, PersonChange, Visit, Setting)
    )


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", list(USE_CASES))
def test_use_case_obeys_the_permission_table(database, actors, world, name, role):
    permission, use_case = USE_CASES[name]
    actor = actors[role]
    if role in ALLOWED[permission]:
        with database.write() as session:
            use_case(session, actor, world)
        return
    with database.read() as session:
        before = _row_counts(session)
    with pytest.raises(PermissionDeniedError) as caught, database.write() as session:
        use_case(session, actor, world)
    assert caught.value.code == "not_allowed"
    assert caught.value.params["permission"] == permission.value
    with database.read() as session:
        assert _row_counts(session) == before


def test_every_use_case_is_in_the_table_above():
    """A new use case taking an `actor` must be added to `USE_CASES`, and so be tested here."""
    listed = {name.split("[")[0] for name in USE_CASES}
    found = {
        f"{module.__name__.removeprefix('clinic.')}.{name}"
        for module in USE_CASE_MODULES
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
        and not name.startswith("_")
        and "actor" in inspect.signature(function).parameters
    }
    assert found == listed


@pytest.mark.parametrize("permission", list(Permission))
def test_require_agrees_with_can(permission):
    for role in Role:
        actor = Actor(1, role)
        assert actor.can(permission) == (role in ALLOWED[permission])
        if actor.can(permission):
            require(actor, permission)
        else:
            with pytest.raises(PermissionDeniedError):
                require(actor, permission)


def test_every_permission_has_a_row():
    assert set(ALLOWED) == set(Permission)


# reliability.md, "Roles", written out by hand:
#   registry (code, alias, birth year, languages): reception create, read, update; nurse read;
#     social worker/psychologist read; admin read.
#   visits and queue: reception create, read; nurse read; social read; admin statistics only.
R, N, S, A = Role.RECEPTION, Role.NURSE, Role.SOCIAL, Role.ADMIN
RELIABILITY_TABLE = {
    Permission.PERSON_READ: {R, N, S, A},
    Permission.PERSON_CREATE: {R},
    Permission.PERSON_UPDATE: {R},
    Permission.VISIT_CREATE: {R},
    Permission.VISIT_READ: {R, N, S},
    Permission.QUEUE_UPDATE: {R},  # "visits and queue": reception creates, the others read
}


@pytest.mark.parametrize("permission", list(RELIABILITY_TABLE))
def test_permission_table_agrees_with_reliability_md(permission):
    assert ALLOWED[permission] == RELIABILITY_TABLE[permission]


def test_admin_sees_statistics_not_the_queue():
    assert Role.ADMIN in ALLOWED[Permission.STATISTICS]
    assert Role.ADMIN not in ALLOWED[Permission.VISIT_READ]
    assert Role.ADMIN not in ALLOWED[Permission.QUEUE_UPDATE]
    assert Role.RECEPTION not in ALLOWED[Permission.STATISTICS]  # reports: "—" for reception


def test_only_admin_configures_the_clinic():
    assert ALLOWED[Permission.CONFIGURE_CLINIC] == {A}
