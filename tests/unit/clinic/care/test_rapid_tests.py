"""Rapid tests as a nurse records them: what each field refuses, a reactive result asking for
confirmation, the day and reader recorded, retired kinds, and tests entered in error."""

from __future__ import annotations

import datetime as dt

import pytest

from clinic.care.lists import set_entry_active
from clinic.care.rapid_tests import (
    RapidTestForm,
    mark_test_in_error,
    person_tests,
    record_rapid_test,
)
from clinic.care.vocabulary import CareList
from clinic.common.errors import ConflictError, ValidationError
from clinic.desk.checkin import check_in
from clinic.i18n.messages import error_text
from clinic.i18n.translator import Translator
from clinic.staff.vocabulary import Role
from db.models.care import RapidTest
from db.models.staff import Staff
from tests.conftest import NOW
from tests.unit.clinic.care.conftest import IT, kind_id, register

EN = Translator("en")


@pytest.fixture
def person_id(database, clock, reception) -> int:
    return register(database, reception, clock, "TEST01", "Maria")


def _record(database, nurse, clock, person_id, code="hiv", **fields):
    with database.write() as session:
        form = RapidTestForm(kind_id(session, code), **{"result": "non_reactive", **fields})
        return record_rapid_test(session, nurse, clock, person_id, form, IT)


def _refused(database, nurse, clock, person_id, form) -> dict[str, str]:
    """Each field refused, with the English words shown beside it."""
    with pytest.raises(ValidationError) as caught, database.write() as session:
        record_rapid_test(session, nurse, clock, person_id, form, IT)
    return {error.field or "": error_text(EN, error) for error in caught.value.errors}


@pytest.mark.parametrize(
    ("result", "confirm"), [("reactive", True), ("non_reactive", False), ("invalid", False)]
)
def test_only_a_reactive_result_asks_for_a_confirmatory_referral(
    database, clock, nurse, person_id, result, confirm
):
    recorded = _record(database, nurse, clock, person_id, result=result)
    assert recorded.needs_confirmation is confirm
    with database.read() as session:
        assert session.get(RapidTest, recorded.id).result == result


def test_every_wrong_field_is_named_at_once_in_words(database, clock, nurse, person_id):
    form = RapidTestForm(
        kind_id=None,
        kit="K" * 81,
        lot="A1\x07",
        result="",
        read_on="11/03/2026",  # tomorrow
    )
    assert _refused(database, nurse, clock, person_id, form) == {
        "kind": "This cannot be left empty.",
        "kit": "Too long: at most 80 characters.",
        "lot": "Remove the invisible or control characters from this field.",
        "result": "This cannot be left empty.",
        "read_on": "This date is in the future.",
    }


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("31/02/2026", "This date does not exist."),
        ("yesterday", "Not a date. Type it as DD/MM/YYYY."),
        ("03/03/1979", "This date is too far in the past."),
    ],
)
def test_a_day_that_cannot_be_is_refused(database, clock, nurse, person_id, typed, words):
    with database.read() as session:
        hiv = kind_id(session, "hiv")
    form = RapidTestForm(hiv, lot="L" * 41, result="positive", read_on=typed)
    assert _refused(database, nurse, clock, person_id, form) == {
        "lot": "Too long: at most 40 characters.",
        "result": "Choose one of the options offered.",
        "read_on": words,
    }


def test_a_test_read_today_keeps_its_moment_an_earlier_one_its_day(
    database, clock, nurse, person_id
):
    today = _record(database, nurse, clock, person_id)
    earlier = _record(database, nurse, clock, person_id, read_on="03/03/2026")
    blank = _record(database, nurse, clock, person_id, read_on="")
    with database.read() as session:
        assert session.get(RapidTest, today.id).read_at == NOW
        assert session.get(RapidTest, blank.id).read_at == NOW  # left empty: today
        # Midnight in Rome (UTC+1 in March before the change to summer time) is 23:00 UTC.
        assert session.get(RapidTest, earlier.id).read_at == dt.datetime(
            2026, 3, 2, 23, 0, tzinfo=dt.UTC
        )


def test_the_reader_is_the_nurse_unless_another_tester_is_named(
    database, clock, nurse, person_id, actors
):
    with database.write() as session:
        colleague = Staff(
            username="doc", display_name="Dr Bea", role="nurse", active=True, created_at=NOW
        )
        session.add(colleague)
        session.flush()
        colleague_id = colleague.id
    mine = _record(database, nurse, clock, person_id)
    theirs = _record(database, nurse, clock, person_id, read_by_id=colleague_id)
    with database.read() as session:
        assert session.get(RapidTest, mine.id).read_by_id == nurse.staff_id
        assert session.get(RapidTest, theirs.id).read_by_id == colleague_id
        assert session.get(RapidTest, theirs.id).recorded_by_id == nurse.staff_id
        hiv = kind_id(session, "hiv")
    with database.write() as session:
        session.get(Staff, colleague_id).active = False
    for reader in (actors[Role.RECEPTION].staff_id, colleague_id, 999_999):
        form = RapidTestForm(hiv, result="reactive", read_by_id=reader)
        assert _refused(database, nurse, clock, person_id, form) == {
            "read_by": "Choose who read the test: a nurse or doctor with an active account."
        }


def test_a_retired_kind_is_refused_for_new_tests_and_kept_by_old_ones(
    database, clock, nurse, admin, person_id
):
    old = _record(database, nurse, clock, person_id, code="hbsag")
    with database.write() as session:
        hbsag = kind_id(session, "hbsag")
        wound = kind_id(session, "wound", CareList.MEDICAL_REASON)
        set_entry_active(session, admin, clock, hbsag, active=False)
    for kind in (hbsag, wound):  # retired; and an entry of another list
        form = RapidTestForm(kind, result="non_reactive")
        assert _refused(database, nurse, clock, person_id, form) == {
            "kind": "This test is no longer offered. Choose one from the list."
        }
    with database.read() as session:
        [row] = person_tests(session, nurse, person_id)
    assert (row.id, row.kind.code, row.kind.active) == (old.id, "hbsag", False)


def test_a_visit_of_someone_else_is_refused(database, clock, nurse, reception, person_id):
    other = register(database, reception, clock, "TEST02")
    with database.write() as session:
        visit_id = check_in(session, reception, clock, other, ["medical"]).visit_id
        hiv = kind_id(session, "hiv")
    form = RapidTestForm(hiv, result="reactive", visit_id=visit_id)
    assert set(_refused(database, nurse, clock, person_id, form)) == {"visit"}
    recorded = _record(database, nurse, clock, other, visit_id=visit_id)
    with database.read() as session:
        assert session.get(RapidTest, recorded.id).visit_id == visit_id


def test_the_file_lists_tests_newest_first_with_their_words_and_readers(
    database, clock, nurse, person_id
):
    _record(database, nurse, clock, person_id, code="syphilis", read_on="01/03/2026")
    _record(
        database,
        nurse,
        clock,
        person_id,
        code="hiv",
        result="reactive",
        kit="Determine HIV-1/2",
        lot="7X1",
        counselled_before=True,
        counselled_after=True,
    )
    _record(database, nurse, clock, person_id, code="pregnancy", read_on="05/03/2026")
    with database.read() as session:
        rows = person_tests(session, nurse, person_id)
    assert [(r.kind.text(EN), r.read_at.date()) for r in rows] == [
        ("HIV", dt.date(2026, 3, 10)),
        ("Pregnancy", dt.date(2026, 3, 4)),  # 5 March in Rome begins on the 4th in UTC
        ("Syphilis", dt.date(2026, 2, 28)),
    ]
    hiv = rows[0]
    assert (hiv.kit, hiv.lot, hiv.result.value, hiv.read_by) == (
        "Determine HIV-1/2",
        "7X1",
        "reactive",
        "Desk (nurse)",
    )
    assert (hiv.counselled_before, hiv.counselled_after) == (True, True)
    assert (rows[1].kit, rows[1].lot, rows[1].counselled_before) == (None, None, False)


def test_a_test_entered_in_error_stays_in_the_file_struck_out_with_why(
    database, clock, nurse, person_id
):
    recorded = _record(database, nurse, clock, person_id)
    with pytest.raises(ValidationError) as caught, database.write() as session:
        mark_test_in_error(session, nurse, clock, recorded.id, "   ")
    assert [(e.code, e.field) for e in caught.value.errors] == [("required", "reason")]
    with database.write() as session:
        mark_test_in_error(session, nurse, clock, recorded.id, "Wrong person.")
    with pytest.raises(ConflictError) as again, database.write() as session:
        mark_test_in_error(session, nurse, clock, recorded.id, "Twice.")
    assert again.value.code == "already_entered_in_error"
    with database.read() as session:
        [row] = person_tests(session, nurse, person_id)
    assert (row.entered_in_error, row.error_reason) == (True, "Wrong person.")
