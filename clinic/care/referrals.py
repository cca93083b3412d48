"""Referrals to partner services, and whether the person went.

A referral is the care team's shared errand (`REFERRAL_READ`/`REFERRAL_WRITE`: nurses, social
workers, psychologists): the nurse sends a reactive test for confirmation, the social worker
sends someone to a shelter, and whoever sees the person next records how it went. A referral
still without an outcome after some days is on the follow-up list (`clinic.care.follow_up`).

The police or a prosecutor is only ever a destination at the person's own request (issue 12),
and the referral records that they asked. Nothing is deleted: a referral made by mistake is
entered in error with a reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.care.form_fields import error_reason, typed_day
from clinic.care.vocabulary import ReferralOutcome, ServiceKind, Urgency
from clinic.common.clock import Clock
from clinic.common.errors import (
    ConflictError,
    ErrorCode,
    FieldErrors,
    NotFoundError,
    ValidationError,
)
from clinic.common.permissions import Actor, Permission, require
from clinic.common.text import clean_note
from clinic.registry.persons import active_person
from db.models.care import PartnerService, RapidTest, Referral
from db.models.staff import Staff

REASON_MAX = 2000  # the `reason` column


# Who reads a referral, by the service it goes to: any one of these permissions.
REFERRAL_DOMAINS: Mapping[ServiceKind, frozenset[Permission]] = {
    ServiceKind.HOSPITAL: frozenset({Permission.MEDICAL_READ}),
    ServiceKind.STI_CLINIC: frozenset({Permission.MEDICAL_READ}),
    ServiceKind.GYNAECOLOGY: frozenset({Permission.MEDICAL_READ}),
    ServiceKind.MENTAL_HEALTH: frozenset({Permission.MEDICAL_READ, Permission.PSYCHOLOGICAL_READ}),
    ServiceKind.ADDICTION: frozenset({Permission.MEDICAL_READ, Permission.SOCIAL_READ}),
    ServiceKind.SHELTER: frozenset({Permission.SOCIAL_READ}),
    ServiceKind.LEGAL_AID: frozenset({Permission.SOCIAL_READ}),
    ServiceKind.ANTI_TRAFFICKING: frozenset({Permission.INTERVIEW_READ}),
    ServiceKind.SOCIAL_SERVICES: frozenset({Permission.SOCIAL_READ}),
    ServiceKind.POLICE: frozenset({Permission.SOCIAL_READ}),
    ServiceKind.OTHER: frozenset({Permission.SOCIAL_READ, Permission.MEDICAL_READ}),
}


def readable_by(actor: Actor) -> ColumnElement[bool]:
    """The referrals `actor` may read: to a service of their domain, or made by themselves
    (joined to `PartnerService`)."""
    kinds = [kind.value for kind, needed in REFERRAL_DOMAINS.items() if any(map(actor.can, needed))]
    return PartnerService.kind.in_(kinds) | (Referral.author_id == actor.staff_id)


@dataclass(frozen=True)
class ReferralForm:
    """A referral as typed or chosen; the day as typed in the user's language (empty: today)."""

    service_id: int | None = None
    reason: str = ""
    urgency: str = Urgency.ROUTINE.value
    accompanied: bool = False  # someone from the clinic goes with the person
    persons_request: bool = False  # the person asked for it themselves
    referred_on: str = ""
    test_id: int | None = None  # the test this referral is to confirm, if any


@dataclass(frozen=True)
class ReferralRecord:
    service_id: int
    reason: str
    urgency: Urgency
    accompanied: bool
    persons_request: bool
    referred_on: dt.date
    test_id: int | None


@dataclass(frozen=True)
class ReferralRow:
    """A referral in the person's file."""

    id: int
    service_id: int
    service: str
    service_kind: ServiceKind
    reason: str
    urgency: Urgency
    accompanied: bool
    persons_request: bool
    referred_on: dt.date
    author: str
    test_id: int | None
    outcome: ReferralOutcome | None
    outcome_on: dt.date | None
    entered_in_error: bool
    error_reason: str | None


def validate_referral(form: ReferralForm, locale: str, today: dt.date) -> ReferralRecord:
    """Every field's problem at once; the service and the test are checked after, in the
    database."""
    errors = FieldErrors()
    if form.service_id is None:
        errors.add(ErrorCode.REQUIRED, "service")
    reason, error = clean_note(form.reason, "reason", max_length=REASON_MAX)
    errors.keep(reason, error)
    if not reason and error is None:
        errors.add(ErrorCode.REQUIRED, "reason")
    urgency = None
    try:
        urgency = Urgency(form.urgency)
    except ValueError:
        errors.add(ErrorCode.UNKNOWN_CHOICE, "urgency")
    referred_on = typed_day(errors, form.referred_on, "referred_on", locale, today)
    errors.raise_if_any()
    assert form.service_id is not None
    assert urgency is not None
    assert referred_on is not None
    return ReferralRecord(
        service_id=form.service_id,
        reason=reason,
        urgency=urgency,
        accompanied=form.accompanied,
        persons_request=form.persons_request,
        referred_on=referred_on,
        test_id=form.test_id,
    )


def make_referral(
    session: Session,
    actor: Actor,
    clock: Clock,
    person_id: int,
    form: ReferralForm,
    locale: str,
) -> int:
    """A new referral of the person, by the actor, to a service the directory still offers."""
    require(session, actor, Permission.REFERRAL_WRITE)
    record = validate_referral(form, locale, clock.today())
    active_person(session, person_id)
    _check_service(session, record)
    _check_test(session, person_id, record.test_id)
    row = Referral(
        person_id=person_id,
        service_id=record.service_id,
        test_id=record.test_id,
        reason=record.reason,
        urgency=record.urgency.value,
        accompanied=record.accompanied,
        persons_request=record.persons_request,
        referred_on=record.referred_on,
        written_at=clock.now(),
        author_id=actor.staff_id,
    )
    session.add(row)
    session.flush()
    trail.record(session, actor, clock, Action.REFERRAL_CREATE, "referral", row.id)
    return row.id


def record_outcome(
    session: Session,
    actor: Actor,
    clock: Clock,
    referral_id: int,
    outcome: str,
    outcome_on_text: str,
    locale: str,
) -> None:
    """Whether the person went (attended, did not attend, unknown), and on which day (empty:
    today). It may be changed later as more is learnt; each change is audited."""
    require(session, actor, Permission.REFERRAL_WRITE)
    row = _row(session, referral_id)
    if row.entered_in_error:
        raise ConflictError(ErrorCode.ALREADY_ENTERED_IN_ERROR)
    errors = FieldErrors()
    chosen = None
    try:
        chosen = ReferralOutcome(outcome)
    except ValueError:
        errors.add(ErrorCode.UNKNOWN_CHOICE, "outcome")
    day = typed_day(errors, outcome_on_text, "outcome_on", locale, clock.today())
    if day is not None and day < row.referred_on:
        errors.add(ErrorCode.OUTCOME_BEFORE_REFERRAL, "outcome_on", earliest=row.referred_on)
    errors.raise_if_any()
    assert chosen is not None
    assert day is not None
    changed = [
        field
        for field, before, after in (
            ("outcome", row.outcome, chosen.value),
            ("outcome_on", row.outcome_on, day),
        )
        if before != after
    ]
    if not changed:
        return
    row.outcome, row.outcome_on, row.outcome_by_id = chosen.value, day, actor.staff_id
    trail.record(session, actor, clock, Action.REFERRAL_OUTCOME, "referral", row.id, changed)


def mark_referral_in_error(
    session: Session, actor: Actor, clock: Clock, referral_id: int, reason: str
) -> None:
    """Strike out a referral made by mistake (wrong person, wrong service), saying why; it
    leaves the follow-up list."""
    require(session, actor, Permission.REFERRAL_WRITE)
    row = _row(session, referral_id)
    if row.entered_in_error:
        raise ConflictError(ErrorCode.ALREADY_ENTERED_IN_ERROR)
    row.entered_in_error, row.error_reason = True, error_reason(reason)
    trail.record(session, actor, clock, Action.REFERRAL_ERROR, "referral", row.id, ["in_error"])


def person_referrals(session: Session, actor: Actor, person_id: int) -> tuple[ReferralRow, ...]:
    """The person's referrals, newest first, those entered in error too (shown struck out)."""
    require(session, actor, Permission.REFERRAL_READ)
    found = session.execute(
        select(Referral, PartnerService.name, PartnerService.kind, Staff.display_name)
        .join(PartnerService, PartnerService.id == Referral.service_id)
        .join(Staff, Staff.id == Referral.author_id)
        .where(Referral.person_id == person_id, readable_by(actor))
        .order_by(Referral.referred_on.desc(), Referral.id.desc())
    ).all()
    return tuple(_referral_row(*row) for row in found)


def _referral_row(row: Referral, service: str, kind: str, author: str) -> ReferralRow:
    return ReferralRow(
        id=row.id,
        service_id=row.service_id,
        service=service,
        service_kind=ServiceKind(kind),
        reason=row.reason,
        urgency=Urgency(row.urgency),
        accompanied=row.accompanied,
        persons_request=row.persons_request,
        referred_on=row.referred_on,
        author=author,
        test_id=row.test_id,
        outcome=None if row.outcome is None else ReferralOutcome(row.outcome),
        outcome_on=row.outcome_on,
        entered_in_error=row.entered_in_error,
        error_reason=row.error_reason,
    )


def _check_service(session: Session, record: ReferralRecord) -> None:
    """A service the directory still offers; the police or a prosecutor only at the person's
    own request."""
    service = session.get(PartnerService, record.service_id)
    if service is None:
        raise ValidationError.single(ErrorCode.SERVICE_NOT_FOUND, "service")
    if not service.active:
        raise ValidationError.single(ErrorCode.SERVICE_RETIRED, "service")
    if service.kind == ServiceKind.POLICE.value and not record.persons_request:
        raise ValidationError.single(ErrorCode.POLICE_ONLY_AT_REQUEST, "persons_request")


def _check_test(session: Session, person_id: int, test_id: int | None) -> None:
    """The test a referral confirms is one of this person's, not struck out."""
    if test_id is None:
        return
    test = session.get(RapidTest, test_id)
    if test is None or test.person_id != person_id or test.entered_in_error:
        raise ValidationError.single(ErrorCode.TEST_NOT_FOUND, "test")


def _row(session: Session, referral_id: int) -> Referral:
    row = session.get(Referral, referral_id)
    if row is None:
        raise NotFoundError(ErrorCode.REFERRAL_NOT_FOUND, referral_id=referral_id)
    return row
