"""Identification interviews: who sent the person, the ILO–EC indicators found, the
interviewer's conclusion, and the social-protection programme offered.

An interview is a consultation of kind `identification` (its note, mediator, author, day and
the clinical record rules of `clinic.care.consultations`) with one more row: the referrer, the
conclusion and the offer, and the indicators marked. Which dimensions the ILO's rule finds met
is computed from the indicators each time it is read, as a help (`clinic.protection.indicators`);
what counts is the conclusion the interviewer records. A pathway opens when the person accepts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.care import consultations
from clinic.care.consultation_form import ConsultationForm, validate_consultation
from clinic.care.consultations import ConsultationView
from clinic.care.vocabulary import (
    Conclusion,
    ConsultationKind,
    PathwayKind,
    PathwayStage,
    ProgrammeOffer,
    Referrer,
)
from clinic.common.clock import Clock
from clinic.common.errors import (
    ConflictError,
    ErrorCode,
    FieldErrors,
    NotFoundError,
    ValidationError,
)
from clinic.common.permissions import Actor, Permission, require
from clinic.protection import pathways
from clinic.protection.indicators import BY_CODE, Dimension, dimensions_met, possible_victim
from db.models.care import IdentificationInterview, InterviewIndicator

IDENTIFICATION = ConsultationKind.IDENTIFICATION.value


@dataclass(frozen=True)
class InterviewForm:
    """The interview as typed: its consultation part (kind `identification`) and its own."""

    consultation: ConsultationForm = field(
        default_factory=lambda: ConsultationForm(kind=IDENTIFICATION)
    )
    referred_by: str = ""
    indicators: frozenset[str] = frozenset()  # ILO codes marked
    conclusion: str = ""  # empty: not concluded yet
    offer: str = ProgrammeOffer.NOT_OFFERED.value


@dataclass(frozen=True)
class InterviewAnswers:
    referred_by: Referrer
    indicators: frozenset[str]
    conclusion: Conclusion | None
    offer: ProgrammeOffer


@dataclass(frozen=True)
class InterviewView:
    consultation: ConsultationView
    referred_by: Referrer
    indicators: frozenset[str]
    met: frozenset[Dimension]  # by the ILO's rule: a help, not the conclusion
    possible_victim: bool
    conclusion: Conclusion | None
    offer: ProgrammeOffer
    pathway_id: int | None


@dataclass(frozen=True)
class Recorded:
    consultation_id: int
    pathway_id: int | None  # opened now, because the person accepted the programme


def validate_answers(form: InterviewForm) -> InterviewAnswers:
    """The interview's own fields, every problem at once (with the consultation's)."""
    errors = FieldErrors()
    try:
        validate_consultation(replace(form.consultation, kind=IDENTIFICATION))
    except ValidationError as invalid:  # its fields are marked with ours, all at once
        errors.items.extend(invalid.errors)
    referred_by = _enum(errors, Referrer, form.referred_by, "referred_by", required=True)
    conclusion = _enum(errors, Conclusion, form.conclusion, "conclusion", required=False)
    offer = _enum(errors, ProgrammeOffer, form.offer, "offer", required=True)
    if any(code not in BY_CODE for code in form.indicators):
        errors.add(ErrorCode.UNKNOWN_CHOICE, "indicators")
    errors.raise_if_any()
    assert referred_by is not None
    assert offer is not None
    return InterviewAnswers(referred_by, frozenset(form.indicators), conclusion, offer)


def record_interview(
    session: Session, actor: Actor, clock: Clock, person_id: int, form: InterviewForm
) -> Recorded:
    """A new interview; a protection pathway opens if the person accepted the programme."""
    require(session, actor, Permission.INTERVIEW_WRITE)
    answers = validate_answers(form)
    record = validate_consultation(replace(form.consultation, kind=IDENTIFICATION))
    consultation_id = consultations.insert_consultation(
        session, actor, clock, person_id, record, Action.CONSULTATION_CREATE
    )
    session.add(
        IdentificationInterview(
            consultation_id=consultation_id,
            referred_by=answers.referred_by.value,
            conclusion=answers.conclusion.value if answers.conclusion else None,
            offer=answers.offer.value,
        )
    )
    session.flush()
    session.add_all(
        InterviewIndicator(consultation_id=consultation_id, code=code)
        for code in sorted(answers.indicators)
    )
    return Recorded(consultation_id, _accepted(session, actor, clock, person_id, consultation_id))


def amend_interview(
    session: Session,
    actor: Actor,
    clock: Clock,
    consultation_id: int,
    revision: int,
    form: InterviewForm,
) -> Recorded:
    """The interview amended by its interviewer on its day; the answers it replaces are kept
    with the consultation's revision. Once the acceptance opened a pathway, the answer stays:
    leaving the programme is the pathway's closing, not an amendment."""
    consultations.amendable_row(session, actor, clock, consultation_id, revision)
    answers = validate_answers(form)
    row = _interview(session, consultation_id)
    before = _answers_of(session, row)
    if (
        answers.offer is not before.offer
        and pathways.opened_by(session, consultation_id) is not None
    ):
        raise ValidationError.single(ErrorCode.PATHWAY_OPENED, "offer")
    consultations.amend_consultation(
        session,
        actor,
        clock,
        consultation_id,
        revision,
        replace(form.consultation, kind=IDENTIFICATION),
        extra={
            "referred_by": before.referred_by.value,
            "conclusion": before.conclusion.value if before.conclusion else None,
            "offer": before.offer.value,
            "indicators": sorted(before.indicators),
        },
    )
    row.referred_by = answers.referred_by.value
    row.conclusion = answers.conclusion.value if answers.conclusion else None
    row.offer = answers.offer.value
    if answers.indicators != before.indicators:
        session.execute(
            delete(InterviewIndicator).where(InterviewIndicator.consultation_id == consultation_id)
        )
        session.add_all(
            InterviewIndicator(consultation_id=consultation_id, code=code)
            for code in sorted(answers.indicators)
        )
    person_id = consultations.consultation_row(session, consultation_id).person_id
    return Recorded(consultation_id, _accepted(session, actor, clock, person_id, consultation_id))


def answer_offer(
    session: Session, actor: Actor, clock: Clock, consultation_id: int, offer: ProgrammeOffer
) -> Recorded:
    """The person's answer to a programme offered at an earlier interview (any day after):
    accepted opens the pathway."""
    require(session, actor, Permission.INTERVIEW_WRITE)
    row = _interview(session, consultation_id)
    if row.offer != ProgrammeOffer.OFFERED.value:
        raise ConflictError(ErrorCode.OFFER_ANSWERED)
    if offer not in (ProgrammeOffer.ACCEPTED, ProgrammeOffer.REFUSED):
        raise ConflictError(ErrorCode.OFFER_ANSWERED)
    row.offer = offer.value
    trail.record(
        session, actor, clock, Action.CONSULTATION_AMEND, "consultation", consultation_id, ["offer"]
    )
    person_id = consultations.consultation_row(session, consultation_id).person_id
    return Recorded(consultation_id, _accepted(session, actor, clock, person_id, consultation_id))


def read_interview(
    session: Session, actor: Actor, clock: Clock, consultation_id: int
) -> InterviewView:
    """The whole interview, for social workers and psychologists (an audited view)."""
    seen = consultations.read_consultation(session, actor, clock, consultation_id)
    row = _interview(session, consultation_id)
    answers = _answers_of(session, row)
    met = dimensions_met(answers.indicators)
    return InterviewView(
        consultation=seen,
        referred_by=answers.referred_by,
        indicators=answers.indicators,
        met=met,
        possible_victim=possible_victim(met),
        conclusion=answers.conclusion,
        offer=answers.offer,
        pathway_id=pathways.opened_by(session, consultation_id),
    )


def _accepted(
    session: Session, actor: Actor, clock: Clock, person_id: int, consultation_id: int
) -> int | None:
    """Open the protection pathway of an accepted offer, once: not again if the interview
    already opened one, nor beside a protection pathway the person follows already."""
    row = _interview(session, consultation_id)
    if row.offer != ProgrammeOffer.ACCEPTED.value:
        return None
    if pathways.opened_by(session, consultation_id) is not None:
        return None
    if pathways.open_pathway_of(session, person_id, PathwayKind.PROTECTION) is not None:
        return None
    require(session, actor, Permission.PATHWAY_WRITE)
    return pathways.start_pathway(
        session,
        actor,
        clock,
        person_id,
        PathwayKind.PROTECTION,
        PathwayStage.IDENTIFICATION,
        clock.today(),
        consultation_id,
    )


def _interview(session: Session, consultation_id: int) -> IdentificationInterview:
    row = session.get(IdentificationInterview, consultation_id)
    if row is None:
        if consultations.consultation_row(session, consultation_id).kind != IDENTIFICATION:
            raise ConflictError(ErrorCode.NOT_AN_INTERVIEW)
        raise NotFoundError(ErrorCode.CONSULTATION_NOT_FOUND, consultation_id=consultation_id)
    return row


def _answers_of(session: Session, row: IdentificationInterview) -> InterviewAnswers:
    codes = session.scalars(
        select(InterviewIndicator.code).where(
            InterviewIndicator.consultation_id == row.consultation_id
        )
    )
    return InterviewAnswers(
        referred_by=Referrer(row.referred_by),
        indicators=frozenset(codes),
        conclusion=Conclusion(row.conclusion) if row.conclusion else None,
        offer=ProgrammeOffer(row.offer),
    )


def revision_answers(fields: str) -> dict[str, object]:
    """The interview's answers kept with an earlier revision (`ConsultationRevision.fields`)."""
    kept = json.loads(fields)
    return {key: kept.get(key) for key in ("referred_by", "conclusion", "offer", "indicators")}


E = TypeVar("E", Referrer, Conclusion, ProgrammeOffer)


def _enum(
    errors: FieldErrors, vocabulary: type[E], text: str, name: str, *, required: bool
) -> E | None:
    if not text:
        if required:
            errors.add(ErrorCode.REQUIRED, name)
        return None
    try:
        return vocabulary(text)
    except ValueError:
        errors.add(ErrorCode.UNKNOWN_CHOICE, name)
        return None
