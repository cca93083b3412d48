"""The person's file as each role sees it (issue 12, reliability.md "Roles"): whole lines for
what the role reads, neutral lines ("a session took place") for the care team's other
consultations, nothing of the rest. Written out by hand from the matrix, then checked per role
against a person with one record of every kind."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from clinic.audit.trail import Action
from clinic.audit.transactions import writing
from clinic.care.consultation_form import ConsultationForm
from clinic.care.consultations import write_consultation
from clinic.care.vocabulary import FollowUpNeed
from clinic.person_file.timeline import EntryType, open_person_file
from clinic.staff.vocabulary import Role
from db.models.audit import AuditEvent
from db.models.care import CareListItem, PartnerService, RapidTest, Referral
from tests.conftest import NOW

WHOLE, NEUTRAL, ABSENT = "whole", "neutral", "absent"
R, N, S, P, OUT, A = (
    Role.RECEPTION,
    Role.NURSE,
    Role.SOCIAL,
    Role.PSYCHOLOGIST,
    Role.OUTREACH,
    Role.ADMIN,
)
# What each role sees of each kind of line, by hand from reliability.md's matrix.
MATRIX: dict[EntryType, dict[Role, str]] = {
    EntryType.VISIT: {R: WHOLE, N: WHOLE, S: WHOLE, P: WHOLE, OUT: ABSENT, A: ABSENT},
    EntryType.MEDICAL: {R: ABSENT, N: WHOLE, S: NEUTRAL, P: NEUTRAL, OUT: ABSENT, A: ABSENT},
    EntryType.SOCIAL: {R: ABSENT, N: NEUTRAL, S: WHOLE, P: WHOLE, OUT: ABSENT, A: ABSENT},
    EntryType.PSYCHOLOGICAL: {R: ABSENT, N: NEUTRAL, S: NEUTRAL, P: WHOLE, OUT: ABSENT, A: ABSENT},
    EntryType.IDENTIFICATION: {R: ABSENT, N: ABSENT, S: WHOLE, P: WHOLE, OUT: ABSENT, A: ABSENT},
    EntryType.TEST: {R: ABSENT, N: WHOLE, S: ABSENT, P: ABSENT, OUT: ABSENT, A: ABSENT},
    EntryType.DOSE: {R: ABSENT, N: WHOLE, S: ABSENT, P: ABSENT, OUT: ABSENT, A: ABSENT},
    EntryType.PATHWAY: {R: ABSENT, N: ABSENT, S: WHOLE, P: WHOLE, OUT: ABSENT, A: ABSENT},
}
# Referrals by the service's domain: an HIV clinic is medical, a shelter social.
REFERRALS: dict[str, dict[Role, str]] = {
    "sti_clinic": {R: ABSENT, N: WHOLE, S: ABSENT, P: ABSENT, OUT: ABSENT, A: ABSENT},
    "shelter": {R: ABSENT, N: ABSENT, S: WHOLE, P: WHOLE, OUT: ABSENT, A: ABSENT},
    "anti_trafficking": {R: ABSENT, N: ABSENT, S: WHOLE, P: WHOLE, OUT: ABSENT, A: ABSENT},
}


@pytest.fixture
def full_world(database, world):
    """The world's person (a visit, a dose, one consultation of each kind, a pathway) with a
    test and three referrals besides, written by an account none of the roles own."""
    with database.write() as session:
        hiv = session.scalars(select(CareListItem.id).where(CareListItem.code == "hiv")).one()
        session.add(
            RapidTest(
                person_id=world.person_id,
                kind_id=hiv,
                result="reactive",
                read_at=NOW,
                read_by_id=world.staff_id,
                recorded_at=NOW,
                recorded_by_id=world.staff_id,
            )
        )
        for kind in REFERRALS:
            service = PartnerService(name=f"Service {kind}", kind=kind)
            session.add(service)
            session.flush()
            session.add(
                Referral(
                    person_id=world.person_id,
                    service_id=service.id,
                    reason="Confirmation",
                    referred_on=NOW.date(),
                    written_at=NOW,
                    author_id=world.staff_id,
                )
            )
    return world


def _seen(database, clock, actor, person_id):
    with writing(database, clock) as session:
        return open_person_file(session, actor, clock, person_id)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("kind", list(MATRIX))
def test_each_role_sees_each_kind_as_the_matrix_says(
    database, clock, actors, full_world, role, kind
):
    file = _seen(database, clock, actors[role], full_world.person_id)
    lines = [e for e in file.entries if e.type is kind]
    expected = MATRIX[kind][role]
    if expected == ABSENT:
        assert lines == []
        assert kind not in file.types  # nor offered in the filter
        return
    assert len(lines) >= 1
    assert all(line.neutral == (expected == NEUTRAL) for line in lines)
    if expected == NEUTRAL:  # nothing but its kind and day: not even who wrote it
        assert all(line.author is None for line in lines)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("service", list(REFERRALS))
def test_a_referral_is_read_by_the_roles_of_its_services_domain(
    database, clock, actors, full_world, role, service
):
    file = _seen(database, clock, actors[role], full_world.person_id)
    services = {
        e.content.service_kind.value
        for e in file.entries
        if e.type is EntryType.REFERRAL and e.content is not None
    }
    assert (service in services) == (REFERRALS[service][role] == WHOLE)


def test_the_file_is_newest_first_and_filtered_without_a_second_audit_row(
    database, clock, actors, full_world
):
    nurse = actors[Role.NURSE]
    file = _seen(database, clock, nurse, full_world.person_id)
    days = [e.day for e in file.entries]
    assert days == sorted(days, reverse=True)
    assert {e.type for e in file.filtered([EntryType.DOSE])} == {EntryType.DOSE}
    assert file.filtered(since=dt.date(2026, 3, 1), until=dt.date(2026, 3, 9)) == ()
    with database.read() as session:
        opened = session.scalars(
            select(AuditEvent.record_id).where(AuditEvent.action == Action.PERSON_FILE_VIEW)
        ).all()
    assert opened == [full_world.person_id]


def test_follow_up_flags_are_the_care_teams_and_nobody_elses(database, clock, actors, world):
    with writing(database, clock) as session:
        write_consultation(
            session,
            actors[Role.NURSE],
            clock,
            world.person_id,
            ConsultationForm(kind="medical", follow_ups=frozenset({"social"})),
        )
    for role in Role:
        flags = _seen(database, clock, actors[role], world.person_id).follow_ups
        expected = {FollowUpNeed.SOCIAL} if role in (N, S, P) else None
        assert flags == expected, role
