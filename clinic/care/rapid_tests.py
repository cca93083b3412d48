"""Rapid tests read at the desk: HIV, HCV, syphilis, HBsAg, pregnancy (an editable list).

A reactive result is not a diagnosis: the person is offered a referral for a confirmatory test
(`RecordedTest.needs_confirmation`, which the form answers by opening a referral). A test is
never deleted; one recorded by mistake is entered in error with a reason and stays in the
person's file, struck out. Reading and writing tests is the nurses' and doctors'
(reliability.md: "medical consultations, test results: nurse/doctor read, write").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.care.form_fields import error_reason, typed_day
from clinic.care.lists import ListEntry, entries_by_id
from clinic.care.vocabulary import CareList, TestResult
from clinic.common.clock import Clock
from clinic.common.errors import (
    ConflictError,
    ErrorCode,
    FieldErrors,
    NotFoundError,
    ValidationError,
)
from clinic.common.permissions import ALLOWED, Actor, Permission, require
from clinic.common.text import clean_line
from clinic.registry.persons import active_person
from db.models.care import RapidTest
from db.models.desk import Visit
from db.models.staff import Staff

KIT_MAX = 80
LOT_MAX = 40


@dataclass(frozen=True)
class RapidTestForm:
    """A test as typed or chosen; the day as typed in the user's language (empty: today)."""

    kind_id: int | None = None  # an entry of the `test_kind` list
    kit: str = ""
    lot: str = ""
    result: str = ""  # a `TestResult` value
    read_on: str = ""
    read_by_id: int | None = None  # who read it; None: the person recording it
    counselled_before: bool = False
    counselled_after: bool = False
    visit_id: int | None = None


@dataclass(frozen=True)
class RapidTestRecord:
    kind_id: int
    kit: str | None
    lot: str | None
    result: TestResult
    read_on: dt.date
    read_by_id: int | None
    counselled_before: bool
    counselled_after: bool
    visit_id: int | None


@dataclass(frozen=True)
class RecordedTest:
    id: int
    # Reactive: the form goes on to a referral for a confirmatory test.
    needs_confirmation: bool


@dataclass(frozen=True)
class RapidTestRow:
    """A test in the person's file."""

    id: int
    kind: ListEntry
    kit: str | None
    lot: str | None
    result: TestResult
    read_at: dt.datetime
    read_by: str
    counselled_before: bool
    counselled_after: bool
    visit_id: int | None
    entered_in_error: bool
    error_reason: str | None


def validate_test(form: RapidTestForm, locale: str, today: dt.date) -> RapidTestRecord:
    """Every field's problem at once; the checks against the database come after."""
    errors = FieldErrors()
    if form.kind_id is None:
        errors.add(ErrorCode.REQUIRED, "kind")
    kit, kit_error = clean_line(form.kit, "kit", max_length=KIT_MAX)
    errors.keep(kit, kit_error)
    lot, lot_error = clean_line(form.lot, "lot", max_length=LOT_MAX)
    errors.keep(lot, lot_error)
    result = _result(errors, form.result)
    read_on = typed_day(errors, form.read_on, "read_on", locale, today)
    errors.raise_if_any()
    assert form.kind_id is not None
    assert result is not None
    assert read_on is not None
    return RapidTestRecord(
        kind_id=form.kind_id,
        kit=kit,
        lot=lot,
        result=result,
        read_on=read_on,
        read_by_id=form.read_by_id,
        counselled_before=form.counselled_before,
        counselled_after=form.counselled_after,
        visit_id=form.visit_id,
    )


def record_rapid_test(
    session: Session,
    actor: Actor,
    clock: Clock,
    person_id: int,
    form: RapidTestForm,
    locale: str,
) -> RecordedTest:
    """A new test of the person, read by the actor unless the form names another reader."""
    require(session, actor, Permission.TEST_WRITE)
    today = clock.today()
    record = validate_test(form, locale, today)
    active_person(session, person_id)
    _check_kind(session, record.kind_id)
    reader = _reader(session, record.read_by_id or actor.staff_id)
    _check_visit(session, person_id, record.visit_id)
    row = RapidTest(
        person_id=person_id,
        visit_id=record.visit_id,
        kind_id=record.kind_id,
        kit=record.kit,
        lot=record.lot,
        result=record.result.value,
        read_at=clock.now() if record.read_on == today else clock.day_bounds(record.read_on)[0],
        read_by_id=reader,
        counselled_before=record.counselled_before,
        counselled_after=record.counselled_after,
        recorded_at=clock.now(),
        recorded_by_id=actor.staff_id,
    )
    session.add(row)
    session.flush()
    trail.record(session, actor, clock, Action.TEST_CREATE, "rapid_test", row.id)
    return RecordedTest(row.id, needs_confirmation=record.result is TestResult.REACTIVE)


def mark_test_in_error(
    session: Session, actor: Actor, clock: Clock, test_id: int, reason: str
) -> None:
    """Strike out a test recorded by mistake (wrong person, wrong kind), saying why."""
    require(session, actor, Permission.TEST_WRITE)
    row = session.get(RapidTest, test_id)
    if row is None:
        raise NotFoundError(ErrorCode.TEST_NOT_FOUND, test_id=test_id)
    if row.entered_in_error:
        raise ConflictError(ErrorCode.ALREADY_ENTERED_IN_ERROR)
    row.entered_in_error, row.error_reason = True, error_reason(reason)
    trail.record(session, actor, clock, Action.TEST_ERROR, "rapid_test", row.id, ["in_error"])


def person_tests(session: Session, actor: Actor, person_id: int) -> tuple[RapidTestRow, ...]:
    """The person's tests, newest first, those entered in error too (shown struck out)."""
    require(session, actor, Permission.TEST_READ)
    found = session.execute(
        select(RapidTest, Staff.display_name)
        .join(Staff, Staff.id == RapidTest.read_by_id)
        .where(RapidTest.person_id == person_id)
        .order_by(RapidTest.read_at.desc(), RapidTest.id.desc())
    ).all()
    kinds = entries_by_id(session, {test.kind_id for test, _name in found})
    return tuple(
        RapidTestRow(
            id=test.id,
            kind=kinds[test.kind_id],
            kit=test.kit,
            lot=test.lot,
            result=TestResult(test.result),
            read_at=test.read_at,
            read_by=reader,
            counselled_before=test.counselled_before,
            counselled_after=test.counselled_after,
            visit_id=test.visit_id,
            entered_in_error=test.entered_in_error,
            error_reason=test.error_reason,
        )
        for test, reader in found
    )


def _result(errors: FieldErrors, text: str) -> TestResult | None:
    if not text:
        errors.add(ErrorCode.REQUIRED, "result")
        return None
    try:
        return TestResult(text)
    except ValueError:
        errors.add(ErrorCode.UNKNOWN_CHOICE, "result")
        return None


def _check_kind(session: Session, kind_id: int) -> None:
    """A kind of test from the list, still offered: a retired kind is for old records only."""
    entry = entries_by_id(session, [kind_id]).get(kind_id)
    if entry is None or entry.list is not CareList.TEST_KIND or not entry.active:
        raise ValidationError.single(ErrorCode.TEST_KIND_NOT_OFFERED, "kind")


def _reader(session: Session, staff_id: int) -> int:
    """Who read the test: an active account of a role that tests (a nurse or doctor)."""
    staff = session.get(Staff, staff_id)
    testers = {role.value for role in ALLOWED[Permission.TEST_WRITE]}
    if staff is None or not staff.active or staff.role not in testers:
        raise ValidationError.single(ErrorCode.TEST_READER_UNKNOWN, "read_by")
    return staff.id


def _check_visit(session: Session, person_id: int, visit_id: int | None) -> None:
    """The visit a test is tied to is one of this person's."""
    if visit_id is None:
        return
    owner = session.scalar(select(Visit.person_id).where(Visit.id == visit_id))
    if owner != person_id:
        raise ValidationError.single(ErrorCode.VISIT_NOT_FOUND, "visit")
