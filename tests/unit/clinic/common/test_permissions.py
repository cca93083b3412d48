"""Every role × every use case, called directly: allowed or refused exactly as `ALLOWED` says.

`clinic.common.permissions.ALLOWED` is the single source of truth for what the code enforces; the
last tests check that table against the roles table of `reliability.md`, written out here by hand.
"""

from __future__ import annotations

import datetime as dt
import inspect

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic.audit.trail import Action
from clinic.audit.transactions import writing
from clinic.common.clock import Clock
from clinic.common.errors import PermissionDeniedError
from clinic.common.permissions import ALLOWED, Permission, require
from clinic.registry.search import find_persons
from clinic.staff.management import change_role, deactivate_staff
from clinic.staff.vocabulary import Role
from clinic.vaccinations.records import person_vaccinations
from db.models.audit import AuditEvent
from db.models.desk import Visit
from db.models.registry import Person, PersonChange
from db.models.settings import Setting
from tests.conftest import NOW, ROME
from tests.unit.clinic.use_cases import NOT_IN_THE_TABLE, USE_CASES, use_case_modules


def _row_counts(session: Session) -> tuple[int, ...]:
    return tuple(
        session.scalar(select(func.count()).select_from(model))
        for model in (Person, PersonChange, Visit, Setting)
    )


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", list(USE_CASES))
def test_use_case_obeys_the_permission_table(database, actors, world, name, role):
    permission, use_case, _audited = USE_CASES[name]
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
        for module in use_case_modules()
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
        and not name.startswith("_")
        and "actor" in inspect.signature(function).parameters
    }
    assert found == listed | set(NOT_IN_THE_TABLE)


@pytest.mark.parametrize("permission", list(Permission))
def test_require_agrees_with_can(database, actors, permission):
    with database.read() as session:
        for role in Role:
            actor = actors[role]
            assert actor.can(permission) == (role in ALLOWED[permission])
            if actor.can(permission):
                require(session, actor, permission)
            else:
                with pytest.raises(PermissionDeniedError):
                    require(session, actor, permission)


# Sessions follow the account -------------------------------------------------------------------


def _denials(database) -> list[tuple[int | None, str | None, str | None]]:
    with database.read() as session:
        rows = session.scalars(select(AuditEvent).where(AuditEvent.action == Action.DENIED))
        return [(e.staff_id, e.role, e.fields) for e in rows]


def test_a_nurse_demoted_meanwhile_is_refused_her_next_read_and_it_is_audited(
    database, clock, actors, world
):
    """The nurse's desk was opened as a nurse; a coordinator then makes her reception: her next
    vaccination read is refused as `account_changed`, and the denial names her role now."""
    nurse = actors[Role.NURSE]
    with database.write() as session:
        person_vaccinations(session, nurse, clock, world.person_id)  # allowed, as at login
    with writing(database, clock) as session:
        change_role(session, actors[Role.ADMIN], clock, nurse.staff_id, Role.RECEPTION)
    with pytest.raises(PermissionDeniedError) as caught, writing(database, clock) as session:
        person_vaccinations(session, nurse, clock, world.person_id)
    assert caught.value.code == "account_changed"
    assert _denials(database) == [(nurse.staff_id, "reception", "vaccination.read")]
    with writing(database, clock) as session:  # made a nurse again: her session works again
        change_role(session, actors[Role.ADMIN], clock, nurse.staff_id, Role.NURSE)
    with database.write() as session:
        person_vaccinations(session, nurse, clock, world.person_id)


def test_a_session_of_a_deactivated_account_can_do_nothing_more(database, clock, actors, world):
    reception = actors[Role.RECEPTION]
    with writing(database, clock) as session:
        deactivate_staff(session, actors[Role.ADMIN], clock, world.keys.store, reception.staff_id)
    with pytest.raises(PermissionDeniedError) as caught, writing(database, clock) as session:
        find_persons(session, reception, "MARIA")
    assert caught.value.code == "account_deactivated"
    assert _denials(database) == [(reception.staff_id, "reception", "person.read")]


def test_a_denial_is_stamped_by_the_clock_the_desk_passes(database, actors, world):
    """The denial row is dated like every other row, by the clinic's clock (a test's fixed one
    here), not by a clock of its own."""
    later = Clock(ROME, NOW + dt.timedelta(days=3, hours=2))
    with pytest.raises(PermissionDeniedError), writing(database, later) as session:
        person_vaccinations(session, actors[Role.RECEPTION], later, world.person_id)
    with database.read() as session:
        stamped = session.scalars(select(AuditEvent.at).where(AuditEvent.action == Action.DENIED))
        assert list(stamped) == [NOW + dt.timedelta(days=3, hours=2)]


def test_every_permission_has_a_row():
    assert set(ALLOWED) == set(Permission)


# reliability.md, "Roles", written out by hand:
#   registry (code, alias, birth year, languages): reception create, read, update; nurse read;
#     social worker/psychologist read; admin read. Outreach: "registry search and registration".
#   visits and queue: reception create, read; nurse read; social read; admin statistics only.
#     Issue 8 adds: nurses and social workers (psychologists when they come) take someone from
#     the queue, "being seen" and "done"; reception keeps the rest of the queue.
#   vaccinations: reception appointment slots only; nurse read, write; social —; admin statistics.
#   medical consultations, test results: nurse read, write; social worker, psychologist: only a
#     "needs medical follow-up" flag; reception, admin —.
#   social consultations, trafficking indicators: social worker, psychologist read, write; nurse
#     only a "needs social follow-up" flag. Psychologist: "the only role that reads psychological
#     notes; social workers see that a session took place". Identification interviews: social
#     workers and psychologists. Outreach: "no consultation content".
#   material and stock: reception, nurse, social worker hand out; admin receive, adjust,
#     statistics. Outreach: "material". Issue 13: psychologists may distribute; nurses also
#     receive and adjust vaccine lots; a nurse or coordinator may override a limit.
R, N, S, A = Role.RECEPTION, Role.NURSE, Role.SOCIAL, Role.ADMIN
P, OUT = Role.PSYCHOLOGIST, Role.OUTREACH
RELIABILITY_TABLE = {
    Permission.PERSON_READ: {R, N, S, P, OUT, A},
    Permission.PERSON_CREATE: {R, OUT},
    Permission.PERSON_UPDATE: {R, OUT},
    Permission.VISIT_CREATE: {R},
    Permission.VISIT_READ: {R, N, S, P},
    Permission.QUEUE_UPDATE: {R},  # back to waiting, left, who serves: reception runs the queue
    Permission.QUEUE_SERVE: {R, N, S, P},  # issue 8: whoever sees people takes them in and out
    Permission.STAFF_MANAGE: {A},
    Permission.AUDIT_READ: {A},
    Permission.BACKUP: {A},
    Permission.RESTORE: {A},
    Permission.VACCINATION_READ: {N},
    Permission.VACCINATION_WRITE: {N},
    Permission.APPOINTMENT_READ: {R, N},  # reception: "appointment slots only"
    Permission.APPOINTMENT_BOOK: {R, N},
    Permission.MEDICAL_READ: {N},
    Permission.MEDICAL_WRITE: {N},
    Permission.TEST_READ: {N},
    Permission.TEST_WRITE: {N},
    Permission.SOCIAL_READ: {S, P},
    Permission.SOCIAL_WRITE: {S, P},
    Permission.PSYCHOLOGICAL_READ: {P},
    Permission.PSYCHOLOGICAL_WRITE: {P},
    Permission.INTERVIEW_READ: {S, P},
    Permission.INTERVIEW_WRITE: {S, P},
    Permission.PATHWAY_READ: {S, P},  # the pathway follows the interview
    Permission.PATHWAY_WRITE: {S, P},
    Permission.CARE_SEEN: {N, S, P},  # the flags "visible across roles without the content"
    Permission.HAND_OUT: {R, N, S, P, OUT},
    Permission.STOCK_KEEP: {A},
    Permission.VACCINE_STOCK: {N, A},
    Permission.STOCK_OVERRIDE: {N, A},
}


@pytest.mark.parametrize("permission", list(RELIABILITY_TABLE))
def test_permission_table_agrees_with_reliability_md(permission):
    assert ALLOWED[permission] == RELIABILITY_TABLE[permission]


def test_admin_sees_statistics_not_the_queue():
    assert Role.ADMIN in ALLOWED[Permission.STATISTICS]
    assert Role.ADMIN not in ALLOWED[Permission.VISIT_READ]
    assert Role.ADMIN not in ALLOWED[Permission.QUEUE_UPDATE]
    assert Role.ADMIN not in ALLOWED[Permission.QUEUE_SERVE]
    assert Role.RECEPTION not in ALLOWED[Permission.STATISTICS]  # reports: "—" for reception


def test_only_admin_configures_the_clinic():
    assert ALLOWED[Permission.CONFIGURE_CLINIC] == {A}
