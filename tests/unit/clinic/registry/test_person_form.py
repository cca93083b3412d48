"""Validating the person form: every bad field named at once, good input stored exactly."""

from __future__ import annotations

import datetime as dt
import itertools
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic.common.errors import ValidationError
from clinic.registry.person_form import (
    ALIAS_MAX,
    MAX_LANGUAGES,
    CodeAnswers,
    PersonForm,
    validate_answers,
    validate_consent,
    validate_person,
)
from clinic.registry.persons import get_person, register_person
from clinic.registry.vocabulary import (
    ConsentStatus,
    ContactChannel,
    Engagement,
    Gender,
    WorkSetting,
)

TODAY = dt.date(2026, 3, 10)
SQL = "'; DROP TABLE person; --"
HUGE = "x" * 100_000
_codes = itertools.count(1)


def _errors(form: PersonForm, locale: str = "it_IT") -> dict[str, str]:
    """field → error code, for a form that must not validate."""
    with pytest.raises(ValidationError) as caught:
        validate_person(form, locale, TODAY)
    fields = [e.field for e in caught.value.errors]
    assert None not in fields, "every error names its field"
    return {e.field: e.code for e in caught.value.errors if e.field is not None}


def test_a_complete_form_becomes_a_typed_record():
    record = validate_person(
        PersonForm(
            alias="  Élodie   la Rossa ",
            gender="trans_woman",
            birth="23/05/1985",
            country=" ro ",
            languages=("RO", "it ", "ro", ""),
            work_settings=("street", "apartment", "street"),
            engagement="occasional",
            first_contact="01/02/2020",
            contact_channel="peer",
            consent_date="2020-02-01",
        ),
        "it_IT",
        TODAY,
    )
    assert record.alias == "Élodie la Rossa"
    assert record.gender is Gender.TRANS_WOMAN
    assert record.birth_date == dt.date(1985, 5, 23)
    assert record.birth_year == 1985
    assert record.country == "RO"
    assert record.languages == ("it", "ro")
    assert record.work_settings == (WorkSetting.APARTMENT, WorkSetting.STREET)
    assert record.engagement is Engagement.OCCASIONAL
    assert record.first_contact == dt.date(2020, 2, 1)
    assert record.contact_channel is ContactChannel.PEER
    assert record.consent_date == dt.date(2020, 2, 1)
    assert record.consent is ConsentStatus.GIVEN


def test_an_empty_form_is_a_valid_anonymous_person_first_seen_today():
    record = validate_person(PersonForm(), "it_IT", TODAY)
    assert record.alias is None
    assert record.gender is Gender.NOT_STATED
    assert (record.birth_date, record.birth_year) == (None, None)
    assert record.country is None
    assert record.languages == ()
    assert record.work_settings == ()
    assert record.first_contact == TODAY
    assert record.consent_date is None
    assert record.consent is None  # no answer recorded: the desk will ask


def test_not_asked_is_an_answer_recorded_without_a_date():
    record = validate_person(PersonForm(consent_not_asked=True), "it_IT", TODAY)
    assert (record.consent, record.consent_date) == (ConsentStatus.NOT_ASKED, None)


def test_a_consent_date_and_not_asked_at_once_is_refused_on_the_date():
    with pytest.raises(ValidationError) as caught:
        validate_person(
            PersonForm(consent_date="01/02/2020", consent_not_asked=True), "it_IT", TODAY
        )
    [error] = caught.value.errors
    assert (error.code, error.field) == ("consent_date_and_not_asked", "consent_date")


@pytest.mark.parametrize(
    ("typed", "not_asked", "answer"),
    [
        ("10/03/2026", False, (ConsentStatus.GIVEN, TODAY)),
        ("", True, (ConsentStatus.NOT_ASKED, None)),
        ("  ", False, (None, None)),
    ],
)
def test_the_consent_answer_alone(typed, not_asked, answer):
    assert validate_consent(typed, not_asked, "it_IT", TODAY) == answer


def test_birth_year_only():
    record = validate_person(PersonForm(birth="1990"), "de_DE", TODAY)
    assert (record.birth_date, record.birth_year) == (None, 1990)


@pytest.mark.parametrize(
    ("field", "form", "code"),
    [
        ("alias", PersonForm(alias="a" * (ALIAS_MAX + 1)), "too_long"),
        ("alias", PersonForm(alias=HUGE), "too_long"),
        ("alias", PersonForm(alias="Ma\x00ria"), "control_characters"),
        ("alias", PersonForm(alias="\u202eairaM"), "control_characters"),
        ("gender", PersonForm(gender="female"), "unknown_choice"),
        ("gender", PersonForm(gender=SQL), "unknown_choice"),
        ("gender", PersonForm(gender=""), "unknown_choice"),
        ("birth", PersonForm(birth="31/02/1985"), "date_impossible"),
        ("birth", PersonForm(birth="23/05/85"), "date_year_digits"),
        ("birth", PersonForm(birth="11/03/2026"), "date_in_future"),
        ("birth", PersonForm(birth="2030"), "birth_year_range"),
        ("birth", PersonForm(birth=SQL), "date_format"),
        ("birth", PersonForm(birth="1" * 100_000), "date_format"),
        ("birth", PersonForm(birth="1985\x1b"), "date_format"),
        ("country", PersonForm(country="XX"), "unknown_country"),
        ("country", PersonForm(country="Romania"), "unknown_country"),
        ("country", PersonForm(country=SQL), "unknown_country"),
        ("country", PersonForm(country=HUGE), "unknown_country"),
        ("languages", PersonForm(languages=("it", "klingon")), "unknown_language"),
        ("languages", PersonForm(languages=(SQL,)), "unknown_language"),
        ("languages", PersonForm(languages=(HUGE,)), "unknown_language"),
        ("work_settings", PersonForm(work_settings=("street", "moon")), "unknown_choice"),
        ("engagement", PersonForm(engagement="sometimes"), "unknown_choice"),
        ("first_contact", PersonForm(first_contact="11/03/2026"), "date_in_future"),
        ("first_contact", PersonForm(first_contact="31/12/1979"), "date_too_early"),
        ("first_contact", PersonForm(first_contact="abc"), "date_format"),
        ("first_contact", PersonForm(first_contact=HUGE), "date_format"),
        ("contact_channel", PersonForm(contact_channel="internet"), "unknown_choice"),
        ("consent_date", PersonForm(consent_date="2026-03-11"), "date_in_future"),
        ("consent_date", PersonForm(consent_date="30/02/2020"), "date_impossible"),
        ("consent_date", PersonForm(consent_date="\x00"), "date_format"),
    ],
)
def test_each_bad_field_is_reported_on_that_field(field, form, code):
    assert _errors(form) == {field: code}


def test_too_many_languages():
    fourteen = ("ar", "de", "en", "es", "fr", "it", "ja", "nl", "pl", "pt", "ro", "ru", "sq", "tr")
    assert len(fourteen) > MAX_LANGUAGES
    assert _errors(PersonForm(languages=fourteen)) == {"languages": "too_many"}
    assert validate_person(PersonForm(languages=fourteen[:MAX_LANGUAGES]), "it_IT", TODAY)


def test_every_error_is_reported_at_once():
    form = PersonForm(
        alias="Ma\x00ria",
        gender="x",
        birth="31/02/1985",
        country="XX",
        languages=("zz-not",),
        work_settings=("moon",),
        engagement="x",
        first_contact="tomorrow",
        contact_channel="x",
        consent_date="2099-01-01",
    )
    assert _errors(form) == {
        "alias": "control_characters",
        "gender": "unknown_choice",
        "birth": "date_impossible",
        "country": "unknown_country",
        "languages": "unknown_language",
        "work_settings": "unknown_choice",
        "engagement": "unknown_choice",
        "first_contact": "date_format",
        "contact_channel": "unknown_choice",
        "consent_date": "date_in_future",
    }


def test_sql_metacharacters_are_just_text():
    record = validate_person(PersonForm(alias=SQL), "it_IT", TODAY)
    assert record.alias == SQL


def test_code_answers_are_cleaned_and_checked_together():
    assert validate_answers(CodeAnswers("  de la  Cruz ", "")) == ("de la Cruz", None)
    with pytest.raises(ValidationError) as caught:
        validate_answers(CodeAnswers("Ros\x00si", "x" * 101))
    assert {(e.field, e.code) for e in caught.value.errors} == {
        ("family_name", "control_characters"),
        ("given_name", "too_long"),
    }


def test_a_valid_form_round_trips_through_the_database(database, clock, reception):
    record = validate_person(
        PersonForm(
            alias=SQL,
            gender="non_binary",
            birth="1979",
            country="BR",
            languages=("pt", "it", "es"),
            work_settings=("escort_online", "bar_club"),
            engagement="professional",
            first_contact="15/06/2010",
            contact_channel="other_service",
            consent_date="16/06/2010",
        ),
        "it_IT",
        clock.today(),
    )
    with database.write() as session:
        person_id = register_person(session, reception, clock, record, "RT0000001").id
    with database.read() as session:
        stored = get_person(session, reception, clock, person_id)
    assert stored.record == record
    assert stored.code == "RT0000001"


# One database serves every example: each example commits its own transaction under a code no
# other example uses, and only reads back its own person, so examples do not see each other.
@settings(
    max_examples=75,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(alias=st.text(max_size=80))
def test_any_alias_is_refused_or_stored_exactly_as_cleaned(database, clock, reception, alias):
    try:
        record = validate_person(PersonForm(alias=alias), "it_IT", clock.today())
    except ValidationError as error:
        refused = {e.field for e in error.errors}
    else:
        refused = set()
    if refused:
        assert refused == {"alias"}
        return
    expected = " ".join(unicodedata.normalize("NFC", alias).split()) or None
    with database.write() as session:
        person_id = register_person(session, reception, clock, record, f"HYP{next(_codes):08d}").id
    with database.read() as session:
        assert get_person(session, reception, clock, person_id).record.alias == expected
