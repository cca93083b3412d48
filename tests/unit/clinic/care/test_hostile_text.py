"""Text that breaks naive software, saved in every free-text field of tests, referrals and the
directory, and read back exactly as typed: markup, a spreadsheet formula, Arabic, Chinese,
emoji with joiners, and the longest text each field takes (reliability.md, trap 2)."""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from clinic.care.directory import ServiceForm, add_service, services
from clinic.care.rapid_tests import (
    KIT_MAX,
    LOT_MAX,
    RapidTestForm,
    mark_test_in_error,
    person_tests,
    record_rapid_test,
)
from clinic.care.referrals import (
    REASON_MAX,
    ReferralForm,
    make_referral,
    mark_referral_in_error,
    person_referrals,
)
from tests.unit.clinic.care.conftest import IT, kind_id, new_service, register

_CODES = itertools.count(1)
HOSTILE = [
    "<b>x</b>",
    "=cmd|' /C calc'!A0",
    "مرحبا، كيف حالك؟",
    "你好，我需要帮助",
    "👩🏽‍⚕️ 🏳️‍⚧️ 🇷🇴",
    "<script>alert('x')</script> & \"quotes\" ; DROP TABLE referral; --",
]


def _longest(limit: int) -> str:
    """`limit` characters of every kind above, on several lines, ending on a letter."""
    unit = "=SUM(A1) <i>é</i> مرحبا 你好 👩🏽‍⚕️\n"
    text = unit * (limit // len(unit))
    return text + "x" * (limit - len(text))


@pytest.fixture
def person_id(database, clock, reception) -> int:
    return register(database, reception, clock, "HOST01")


@pytest.mark.parametrize("text", [*HOSTILE, _longest(REASON_MAX)])
def test_a_referral_reason_reads_back_as_typed(database, clock, social, admin, person_id, text):
    service_id = new_service(database, admin, clock, "Casa Rifugio", "shelter")
    with database.write() as session:
        make_referral(session, social, clock, person_id, ReferralForm(service_id, text), IT)
    with database.read() as session:
        [row] = person_referrals(session, social, person_id)
    assert row.reason == text


@pytest.mark.parametrize("text", [*HOSTILE[:5], _longest(LOT_MAX).replace("\n", " ")])
def test_a_kit_lot_and_reason_for_an_error_read_back_as_typed(
    database, clock, nurse, person_id, text
):
    kit = (text + " " + text)[:KIT_MAX].strip()
    with database.write() as session:
        form = RapidTestForm(kind_id(session, "hiv"), kit=kit, lot=text, result="reactive")
        recorded = record_rapid_test(session, nurse, clock, person_id, form, IT)
        mark_test_in_error(session, nurse, clock, recorded.id, text)
    with database.read() as session:
        [row] = person_tests(session, nurse, person_id)
    assert (row.kit, row.lot, row.error_reason) == (kit, text, text)


@pytest.mark.parametrize("text", HOSTILE[:5])
def test_a_service_name_and_contact_read_back_as_typed(database, clock, admin, text):
    contact = f"{text}\n{_longest(200)}"
    with database.write() as session:
        add_service(session, admin, clock, ServiceForm(text, "other", contact))
    with database.read() as session:
        [service] = services(session)
    assert (service.name, service.contact) == (text, contact)


def test_a_referral_in_error_keeps_its_hostile_reason(database, clock, nurse, admin, person_id):
    service_id = new_service(database, admin, clock, "Ambulatorio")
    with database.write() as session:
        referral_id = make_referral(
            session, nurse, clock, person_id, ReferralForm(service_id, "Check."), IT
        )
        mark_referral_in_error(session, nurse, clock, referral_id, HOSTILE[1])
    with database.read() as session:
        [row] = person_referrals(session, nurse, person_id)
    assert row.error_reason == HOSTILE[1]


# Any character people type on one line: letters, marks, digits, signs and spaces of any script.
_TYPED = st.characters(exclude_categories=("Cc", "Cs", "Co", "Cn", "Cf", "Zl", "Zp"))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=st.text(_TYPED, min_size=1, max_size=80))
def test_any_line_of_any_script_reads_back_as_typed(
    database, clock, social, admin, reception, typed
):
    """Whatever line is typed (in its composed form, as keyboards give it, without blanks
    around it) is read back exactly."""
    reason = unicodedata.normalize("NFC", typed).strip()
    assume(reason)
    person_id = register(database, reception, clock, f"ANY{next(_CODES)}")
    service_id = _service(database, clock, admin)
    with database.write() as session:
        make_referral(session, social, clock, person_id, ReferralForm(service_id, reason), IT)
    with database.read() as session:
        [row] = person_referrals(session, social, person_id)
    assert row.reason == reason


def _service(database, clock, admin) -> int:
    """The one service of the examples, added by the first."""
    with database.read() as session:
        found = [s.id for s in services(session)]
    return found[0] if found else new_service(database, admin, clock, "Ambulatorio")


def test_the_longest_texts_are_as_long_as_the_fields_take():
    assert [len(_longest(n)) for n in (REASON_MAX, LOT_MAX)] == [2000, 40]
    assert "👩🏽‍⚕️" in _longest(LOT_MAX)
