"""Identification interviews are recorded by "social workers trained for it" (issue 12): the
coordinator marks who is. A social worker without the mark does the rest of her work, reads the
interviews, and is refused only the recording, with a message that says why."""

from __future__ import annotations

import pytest

from clinic.audit.transactions import writing
from clinic.care import consultations
from clinic.care.consultation_form import ConsultationForm
from clinic.common.errors import ConflictError, ErrorCode, PermissionDeniedError
from clinic.common.permissions import Actor, Permission
from clinic.protection import interviews
from clinic.protection.interviews import InterviewForm
from clinic.staff.accounts import log_in
from clinic.staff.management import change_role, create_staff, list_staff, set_interviewer
from clinic.staff.vocabulary import Role
from tests.unit.clinic.use_cases import STRONG

FORM = InterviewForm(referred_by="outreach", offer="not_offered")


def _logged_in(database, clock, world, username: str) -> Actor:
    with writing(database, clock) as session:
        return log_in(session, clock, world.keys.store, username).actor


def _new_account(database, clock, actors, world, role: Role) -> Actor:
    with writing(database, clock) as session:
        create_staff(session, actors[Role.ADMIN], clock, world.keys, "bea", "Bea", role, STRONG)
    return _logged_in(database, clock, world, "bea")


def test_an_untrained_social_worker_reads_interviews_but_does_not_record_them(
    database, clock, actors, world
):
    bea = _new_account(database, clock, actors, world, Role.SOCIAL)
    with writing(database, clock) as session:
        written = interviews.record_interview(
            session, actors[Role.SOCIAL], clock, world.person_id, FORM
        )
    assert not bea.can(Permission.INTERVIEW_WRITE)
    assert bea.can(Permission.INTERVIEW_READ)
    with pytest.raises(PermissionDeniedError) as refused, writing(database, clock) as session:
        interviews.record_interview(session, bea, clock, world.person_id, FORM)
    assert refused.value.code == ErrorCode.NOT_TRAINED
    with writing(database, clock) as session:  # the rest of her work goes on
        seen = interviews.read_interview(session, bea, clock, written.consultation_id)
        consultations.write_consultation(
            session, bea, clock, world.person_id, ConsultationForm(kind="social", note="Housing.")
        )
    assert seen.referred_by.value == "outreach"


def test_once_marked_she_records_them_from_her_next_login(database, clock, actors, world):
    bea = _new_account(database, clock, actors, world, Role.SOCIAL)
    with writing(database, clock) as session:
        set_interviewer(session, actors[Role.ADMIN], clock, bea.staff_id, True)
        accounts = list_staff(session, actors[Role.ADMIN], world.keys.store, clock.now())
    assert [a.interviewer for a in accounts if a.username == "bea"] == [True]
    # The desk opened before the change acts on the account as it was: refused, as for a role.
    with pytest.raises(PermissionDeniedError) as refused, writing(database, clock) as session:
        interviews.record_interview(session, bea, clock, world.person_id, FORM)
    assert refused.value.code == ErrorCode.ACCOUNT_CHANGED
    again = _logged_in(database, clock, world, "bea")
    with writing(database, clock) as session:
        interviews.record_interview(session, again, clock, world.person_id, FORM)
    assert again.interviewer


def test_only_roles_that_interview_are_marked_and_another_role_loses_the_mark(
    database, clock, actors, world
):
    admin, social = actors[Role.ADMIN], actors[Role.SOCIAL]
    with pytest.raises(ConflictError) as refused, writing(database, clock) as session:
        set_interviewer(session, admin, clock, actors[Role.NURSE].staff_id, True)
    assert refused.value.code == ErrorCode.ROLE_DOES_NOT_INTERVIEW
    with writing(database, clock) as session:
        nurse_now = change_role(session, admin, clock, social.staff_id, Role.NURSE)
        social_again = change_role(session, admin, clock, social.staff_id, Role.SOCIAL)
    assert (nurse_now.interviewer, social_again.interviewer) == (False, False)
