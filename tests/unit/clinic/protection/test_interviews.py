"""An identification interview and the pathway it opens (issue 12): the ILO rule as a help,
the interviewer's conclusion kept, a pathway opened once when the person accepts."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from clinic.audit.transactions import writing
from clinic.care.consultation_form import ConsultationForm
from clinic.care.vocabulary import (
    Conclusion,
    PathwayKind,
    PathwayStage,
    ProgrammeOffer,
    Referrer,
)
from clinic.common.clock import Clock
from clinic.common.errors import ConflictError, ErrorCode, ValidationError
from clinic.protection import interviews, pathways
from clinic.protection.indicators import Dimension
from clinic.staff.vocabulary import Role
from db.models.care import ConsultationRevision
from tests.conftest import NOW, ROME

# Deceptive recruitment by one strong and one medium indicator; exploitation by three medium;
# coercion at destination by one strong alone (not enough: ILO's rule wants a second one).
MARKED = frozenset(
    {
        "dr.nature_of_job",  # strong
        "dr.wages",  # medium
        "ex.excessive_hours",
        "ex.low_or_no_pay",
        "ex.bad_living_conditions",  # three medium
        "co.forced_tasks_or_clients",  # strong, alone
    }
)


def _form(**fields) -> interviews.InterviewForm:
    consultation = ConsultationForm(
        kind="identification", mediator=True, mediator_language="en", note="Met with Joy."
    )
    values = {
        "consultation": consultation,
        "referred_by": Referrer.OUTREACH.value,
        "indicators": MARKED,
        "conclusion": Conclusion.PRESUMED_VICTIM.value,
        "offer": ProgrammeOffer.ACCEPTED.value,
    }
    return interviews.InterviewForm(**(values | fields))


def test_an_accepted_offer_opens_a_protection_pathway_at_identification(
    database, clock, actors, world
):
    social = actors[Role.SOCIAL]
    with writing(database, clock) as session:
        recorded = interviews.record_interview(session, social, clock, world.person_id, _form())
    assert recorded.pathway_id is not None
    with writing(database, clock) as session:
        seen = interviews.read_interview(session, social, clock, recorded.consultation_id)
        [pathway, _world_one] = pathways.pathways_of(session, world.person_id)
    assert seen.met == {Dimension.DECEPTIVE_RECRUITMENT, Dimension.EXPLOITATION}
    assert not seen.possible_victim  # no coercion dimension met: only a help anyway
    assert seen.conclusion is Conclusion.PRESUMED_VICTIM  # the interviewer's own
    assert (seen.consultation.mediator, seen.consultation.mediator_language) == (True, "en")
    assert seen.pathway_id == recorded.pathway_id == pathway.id
    assert (pathway.kind, pathway.stage, pathway.opened_on) == (
        PathwayKind.PROTECTION,
        PathwayStage.IDENTIFICATION,
        clock.today(),
    )


def test_a_second_accepted_interview_does_not_open_a_second_pathway(database, clock, actors, world):
    social = actors[Role.SOCIAL]
    with writing(database, clock) as session:
        first = interviews.record_interview(session, social, clock, world.person_id, _form())
        again = interviews.record_interview(session, social, clock, world.person_id, _form())
    assert first.pathway_id is not None
    assert again.pathway_id is None


def test_a_later_yes_opens_the_pathway_and_a_second_answer_is_refused(
    database, clock, actors, world
):
    psychologist = actors[Role.PSYCHOLOGIST]
    with writing(database, clock) as session:
        offered = interviews.record_interview(
            session, psychologist, clock, world.person_id, _form(offer="offered")
        )
    assert offered.pathway_id is None
    week_later = Clock(ROME, NOW + dt.timedelta(days=7))
    with writing(database, week_later) as session:
        answered = interviews.answer_offer(
            session, psychologist, week_later, offered.consultation_id, ProgrammeOffer.ACCEPTED
        )
    assert answered.pathway_id is not None
    with pytest.raises(ConflictError) as twice, writing(database, week_later) as session:
        interviews.answer_offer(
            session, psychologist, week_later, offered.consultation_id, ProgrammeOffer.REFUSED
        )
    assert twice.value.code == ErrorCode.OFFER_ANSWERED


def test_amending_on_the_day_keeps_the_answers_it_replaces(database, clock, actors, world):
    social = actors[Role.SOCIAL]
    with writing(database, clock) as session:
        recorded = interviews.record_interview(
            session, social, clock, world.person_id, _form(offer="not_offered", conclusion="")
        )
        interviews.amend_interview(
            session,
            social,
            clock,
            recorded.consultation_id,
            1,
            _form(indicators=frozenset({"co.violence"}), conclusion="undetermined"),
        )
        seen = interviews.read_interview(session, social, clock, recorded.consultation_id)
        kept = session.scalars(select(ConsultationRevision.fields)).one()
    assert (seen.indicators, seen.conclusion) == ({"co.violence"}, Conclusion.UNDETERMINED)
    assert seen.pathway_id is not None  # accepted in the amendment
    assert interviews.revision_answers(kept) == {
        "referred_by": "outreach",
        "conclusion": None,
        "offer": "not_offered",
        "indicators": sorted(MARKED),
    }
    assert json.loads(kept)["mediator_language"] == "en"


def test_once_a_pathway_opened_an_amendment_keeps_the_acceptance(database, clock, actors, world):
    social = actors[Role.SOCIAL]
    with writing(database, clock) as session:
        recorded = interviews.record_interview(session, social, clock, world.person_id, _form())
    with pytest.raises(ValidationError) as refused, writing(database, clock) as session:
        interviews.amend_interview(
            session, social, clock, recorded.consultation_id, 1, _form(offer="refused")
        )
    [error] = refused.value.errors
    assert (error.code, error.field) == (ErrorCode.PATHWAY_OPENED, "offer")
    with writing(database, clock) as session:
        seen = interviews.read_interview(session, social, clock, recorded.consultation_id)
        # The rest of the interview may still be corrected on its day.
        interviews.amend_interview(
            session, social, clock, recorded.consultation_id, 1, _form(conclusion="undetermined")
        )
        again = interviews.read_interview(session, social, clock, recorded.consultation_id)
    assert (seen.offer, seen.consultation.revision) == (ProgrammeOffer.ACCEPTED, 1)
    assert (again.offer, again.conclusion) == (ProgrammeOffer.ACCEPTED, Conclusion.UNDETERMINED)


def test_every_bad_answer_is_reported_with_the_consultations_own(database, clock, actors, world):
    bad = _form(
        consultation=ConsultationForm(kind="identification", duration="0"),
        referred_by="",
        indicators=frozenset({"xx.unknown"}),
        conclusion="maybe",
    )
    with pytest.raises(ValidationError) as refused, writing(database, clock) as session:
        interviews.record_interview(session, actors[Role.SOCIAL], clock, world.person_id, bad)
    assert {(e.code, e.field) for e in refused.value.errors} == {
        (ErrorCode.DURATION_RANGE, "duration"),
        (ErrorCode.REQUIRED, "referred_by"),
        (ErrorCode.UNKNOWN_CHOICE, "indicators"),
        (ErrorCode.UNKNOWN_CHOICE, "conclusion"),
    }


def test_a_pathway_moves_on_in_dated_stages_and_leaves_the_open_list_when_closed(
    database, clock, actors, world
):
    social = actors[Role.SOCIAL]
    with writing(database, clock) as session:
        opened = pathways.open_pathway(
            session,
            social,
            clock,
            world.person_id,
            PathwayKind.PROTECTION,
            PathwayStage.IDENTIFICATION,
            "01/03/2026",
            "it_IT",
        )
        pathways.add_stage(
            session, social, clock, opened, "emergency_shelter", "05/03/2026", "", "it_IT"
        )
    with pytest.raises(ValidationError) as early, writing(database, clock) as session:
        pathways.add_stage(
            session, social, clock, opened, "first_reception", "04/03/2026", "", "it_IT"
        )
    assert (early.value.code, early.value.field) == (ErrorCode.DATE_TOO_EARLY, "started_on")
    with writing(database, clock) as session:
        listed = {p.id: p for p in pathways.open_pathways(session, social)}
    assert set(listed) == {world.pathway_id, opened}
    assert (listed[opened].stage, listed[opened].stage_since) == (
        PathwayStage.EMERGENCY_SHELTER,
        dt.date(2026, 3, 5),
    )
    with writing(database, clock) as session:
        pathways.close_pathway(session, social, clock, opened, "completed", "", "it_IT")
        assert {p.id for p in pathways.open_pathways(session, social)} == {world.pathway_id}
    with pytest.raises(ConflictError), writing(database, clock) as session:
        pathways.add_stage(session, social, clock, opened, "housing_autonomy", "", "", "it_IT")
