"""Referrals as the care team makes them: the fields, the police only at the person's request,
services no longer offered, outcomes recorded and changed, and referrals entered in error."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from clinic.audit.trail import Action
from clinic.care.directory import set_service_active
from clinic.care.rapid_tests import RapidTestForm, mark_test_in_error, record_rapid_test
from clinic.care.referrals import (
    ReferralForm,
    make_referral,
    mark_referral_in_error,
    person_referrals,
    record_outcome,
)
from clinic.care.vocabulary import ReferralOutcome, ServiceKind, Urgency
from clinic.common.errors import ConflictError, ValidationError
from clinic.i18n.messages import error_text
from clinic.i18n.translator import Translator
from db.models.audit import AuditEvent
from tests.unit.clinic.care.conftest import IT, kind_id, new_service, refer, register

EN = Translator("en")


@pytest.fixture
def person_id(database, clock, reception) -> int:
    return register(database, reception, clock, "REF01", "Maria")


@pytest.fixture
def clinic_id(database, clock, admin) -> int:
    return new_service(database, admin, clock, "Centro MTS Santa Chiara", "sti_clinic")


def _refused(database, actor, clock, person_id, form) -> dict[str, str]:
    """Each field refused, with the English words shown beside it."""
    with pytest.raises(ValidationError) as caught, database.write() as session:
        make_referral(session, actor, clock, person_id, form, IT)
    return {error.field or "": error_text(EN, error) for error in caught.value.errors}


def _outcome_refused(database, actor, clock, referral_id, outcome, day) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught, database.write() as session:
        record_outcome(session, actor, clock, referral_id, outcome, day, IT)
    return {error.field or "": error_text(EN, error) for error in caught.value.errors}


def _file(database, actor, person_id):
    with database.read() as session:
        return person_referrals(session, actor, person_id)


def test_a_referral_is_kept_as_made_and_read_back_in_the_file(
    database, clock, social, person_id, clinic_id
):
    form = ReferralForm(
        clinic_id,
        "Ulcer, to be seen.\nSpeaks Romanian.",
        urgency="urgent",
        accompanied=True,
        referred_on="02/03/2026",
    )
    with database.write() as session:
        referral_id = make_referral(session, social, clock, person_id, form, IT)
    [row] = _file(database, social, person_id)
    assert (row.id, row.service, row.service_kind, row.author) == (
        referral_id,
        "Centro MTS Santa Chiara",
        ServiceKind.STI_CLINIC,
        "Desk (social)",
    )
    assert (row.reason, row.urgency, row.accompanied, row.persons_request) == (
        "Ulcer, to be seen.\nSpeaks Romanian.",
        Urgency.URGENT,
        True,
        False,
    )
    assert (row.referred_on, row.outcome, row.outcome_on, row.test_id) == (
        dt.date(2026, 3, 2),
        None,
        None,
        None,
    )


def test_a_day_left_empty_is_today(database, clock, nurse, person_id, clinic_id):
    refer(database, nurse, clock, person_id, clinic_id, "")
    assert [r.referred_on for r in _file(database, nurse, person_id)] == [dt.date(2026, 3, 10)]


def test_every_wrong_field_is_named_at_once_in_words(database, clock, nurse, person_id):
    form = ReferralForm(None, "  \n ", urgency="asap", referred_on="11/03/2026")
    assert _refused(database, nurse, clock, person_id, form) == {
        "service": "This cannot be left empty.",
        "reason": "This cannot be left empty.",
        "urgency": "Choose one of the options offered.",
        "referred_on": "This date is in the future.",
    }


def test_a_reason_of_more_than_2000_characters_is_refused(
    database, clock, nurse, person_id, clinic_id
):
    form = ReferralForm(clinic_id, "x" * 2001, referred_on="31/02/2026")
    assert _refused(database, nurse, clock, person_id, form) == {
        "reason": "Too long: at most 2000 characters.",
        "referred_on": "This date does not exist.",
    }


def test_the_police_only_at_the_persons_own_request(database, clock, social, admin, person_id):
    police = new_service(database, admin, clock, "Questura di Lucca", "police")
    form = ReferralForm(police, "Wants to report a theft.")
    assert _refused(database, social, clock, person_id, form) == {
        "persons_request": "A referral to the police or a prosecutor is made only at the "
        "person's own request: tick it if they asked for it."
    }
    assert _file(database, social, person_id) == ()
    refer(database, social, clock, person_id, police, reason="Asked.", persons_request=True)
    [row] = _file(database, social, person_id)
    assert (row.service_kind, row.persons_request) == (ServiceKind.POLICE, True)


def test_other_services_need_no_request(database, clock, social, person_id, clinic_id):
    refer(database, social, clock, person_id, clinic_id, persons_request=False)
    assert len(_file(database, social, person_id)) == 1


def test_a_service_no_longer_offered_or_not_there_is_refused(
    database, clock, social, admin, person_id, clinic_id
):
    with database.write() as session:
        set_service_active(session, admin, clock, clinic_id, active=False)
    assert _refused(database, social, clock, person_id, ReferralForm(clinic_id, "Test.")) == {
        "service": "This service is no longer offered for new referrals. Choose another one."
    }
    assert _refused(database, social, clock, person_id, ReferralForm(999_999, "Test.")) == {
        "service": "This partner service is not in the directory."
    }


def test_a_referral_confirms_only_a_test_of_the_same_person_not_struck_out(
    database, clock, nurse, reception, person_id, clinic_id
):
    other = register(database, reception, clock, "REF02")
    with database.write() as session:
        form = RapidTestForm(kind_id(session, "hiv"), result="reactive")
        mine = record_rapid_test(session, nurse, clock, person_id, form, IT).id
        theirs = record_rapid_test(session, nurse, clock, other, form, IT).id
        struck = record_rapid_test(session, nurse, clock, person_id, form, IT).id
        mark_test_in_error(session, nurse, clock, struck, "Wrong person.")
    for test_id in (theirs, struck):
        assert set(
            _refused(
                database, nurse, clock, person_id, ReferralForm(clinic_id, "C.", test_id=test_id)
            )
        ) == {"test"}
    refer(database, nurse, clock, person_id, clinic_id, test_id=mine)
    assert [r.test_id for r in _file(database, nurse, person_id)] == [mine]


def test_the_file_lists_referrals_newest_first(
    database, clock, nurse, social, person_id, clinic_id
):
    first = refer(database, nurse, clock, person_id, clinic_id, "01/02/2026")
    last = refer(database, social, clock, person_id, clinic_id, "05/03/2026")
    middle = refer(database, nurse, clock, person_id, clinic_id, "20/02/2026")
    assert [(r.id, r.author) for r in _file(database, nurse, person_id)] == [
        (last, "Desk (social)"),
        (middle, "Desk (nurse)"),
        (first, "Desk (nurse)"),
    ]


# Outcomes ---------------------------------------------------------------------------------


def _outcome_events(database) -> list[tuple[int, str]]:
    with database.read() as session:
        rows = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == Action.REFERRAL_OUTCOME.value)
            .order_by(AuditEvent.id)
        )
        return [(e.record_id, e.fields) for e in rows]


def test_an_outcome_is_dated_and_may_be_changed_each_change_audited(
    database, clock, nurse, social, person_id, clinic_id
):
    referral_id = refer(database, nurse, clock, person_id, clinic_id, "24/02/2026")
    with database.write() as session:
        record_outcome(session, nurse, clock, referral_id, "unknown", "", IT)
    [row] = _file(database, nurse, person_id)
    assert (row.outcome, row.outcome_on) == (ReferralOutcome.UNKNOWN, dt.date(2026, 3, 10))
    with database.write() as session:  # the person came back and said they went on the 2nd
        record_outcome(session, social, clock, referral_id, "attended", "02/03/2026", IT)
    [row] = _file(database, nurse, person_id)
    assert (row.outcome, row.outcome_on) == (ReferralOutcome.ATTENDED, dt.date(2026, 3, 2))
    with database.write() as session:  # the same again changes nothing
        record_outcome(session, social, clock, referral_id, "attended", "02/03/2026", IT)
    assert _outcome_events(database) == [
        (referral_id, "outcome,outcome_on"),
        (referral_id, "outcome,outcome_on"),
    ]


def test_an_outcome_is_not_before_the_referral_nor_in_the_future(
    database, clock, nurse, person_id, clinic_id
):
    referral_id = refer(database, nurse, clock, person_id, clinic_id, "24/02/2026")
    assert _outcome_refused(database, nurse, clock, referral_id, "attended", "23/02/2026") == {
        "outcome_on": "This date is before the referral (24/02/2026)."
    }
    assert _outcome_refused(database, nurse, clock, referral_id, "went", "11/03/2026") == {
        "outcome": "Choose one of the options offered.",
        "outcome_on": "This date is in the future.",
    }
    with database.write() as session:  # the day of the referral itself is fine
        record_outcome(session, nurse, clock, referral_id, "not_attended", "24/02/2026", IT)
    [row] = _file(database, nurse, person_id)
    assert (row.outcome, row.outcome_on) == (ReferralOutcome.NOT_ATTENDED, dt.date(2026, 2, 24))


def test_a_referral_entered_in_error_stays_struck_out_and_takes_no_outcome(
    database, clock, nurse, person_id, clinic_id
):
    referral_id = refer(database, nurse, clock, person_id, clinic_id, "24/02/2026")
    with pytest.raises(ValidationError) as caught, database.write() as session:
        mark_referral_in_error(session, nurse, clock, referral_id, "")
    assert [(e.code, e.field) for e in caught.value.errors] == [("required", "reason")]
    with database.write() as session:
        mark_referral_in_error(session, nurse, clock, referral_id, "Wrong service.")
    for step in (
        lambda s: mark_referral_in_error(s, nurse, clock, referral_id, "Again."),
        lambda s: record_outcome(s, nurse, clock, referral_id, "attended", "", IT),
    ):
        with pytest.raises(ConflictError) as refused, database.write() as session:
            step(session)
        assert refused.value.code == "already_entered_in_error"
    [row] = _file(database, nurse, person_id)
    assert (row.entered_in_error, row.error_reason, row.outcome) == (True, "Wrong service.", None)
