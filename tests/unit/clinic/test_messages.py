"""Every known error a use case can raise has words, in every language, with its values filled."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from clinic import labels
from clinic.audit import Action
from clinic.errors import FieldError, ValidationError
from clinic.i18n import LANGUAGES, Translator
from clinic.messages import MESSAGES, error_text, field_errors
from clinic.permissions import Permission
from clinic.vocabulary import (
    CodeScheme,
    ContactChannel,
    Engagement,
    Gender,
    QueueState,
    Role,
    VisitReason,
    WorkSetting,
)

CLINIC = Path(__file__).resolve().parents[3] / "clinic"
RAISED = re.compile(r"""(?:Error|\.single)\(\s*["'](\w+)["']""")


def _codes_in_the_code() -> set[str]:
    codes = set()
    for path in CLINIC.glob("*.py"):
        codes |= set(RAISED.findall(path.read_text(encoding="utf-8")))
    return codes - {"known"}


def test_every_error_code_raised_in_clinic_has_a_message():
    codes = _codes_in_the_code()
    assert "date_impossible" in codes  # the scan finds what it should
    assert codes - set(MESSAGES) == set()


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("code", list(MESSAGES))
def test_every_message_is_filled_in_every_language(language, code):
    params = {
        "max": 60,
        "min": 10,
        "earliest": dt.date(1980, 1, 1),
        "latest": "2199-12-31",
        "until": dt.datetime(2026, 3, 10, 9, 45, tzinfo=dt.UTC),
        "permission": "person.create",
        "expiry": dt.date(2026, 1, 31),
        "past_due": dt.date(2026, 6, 9),
        "index": 3,
        "problem": "impossible_date",
        "file": "soglia-20260310-093000Z.keys",
    }
    text = error_text(Translator(language), FieldError(code, "field", params))
    assert text
    assert "{" not in text


def test_dates_in_messages_are_written_the_languages_way():
    error = FieldError("date_too_early", "first_contact", {"earliest": dt.date(1980, 1, 2)})
    assert error_text(Translator("en"), FieldError("date_format", "birth")) == (
        "Not a date. Type it as DD/MM/YYYY."
    )
    assert "TT.MM.JJJJ" in error_text(Translator("de"), FieldError("date_format", "birth"))
    assert error_text(Translator("en"), error) == "This date is too far in the past."


def test_each_field_shows_its_first_error_only():
    error = ValidationError(
        [FieldError("too_long", "alias", {"max": 60}), FieldError("control_characters", "alias")]
    )
    assert {field: e.code for field, e in field_errors(error).items()} == {"alias": "too_long"}


@pytest.mark.parametrize(
    ("mapping", "vocabulary"),
    [
        (labels.GENDERS, Gender),
        (labels.WORK_SETTINGS, WorkSetting),
        (labels.ENGAGEMENTS, Engagement),
        (labels.CHANNELS, ContactChannel),
        (labels.REASONS, VisitReason),
        (labels.STATES, QueueState),
        (labels.ROLES, Role),
        (labels.CODE_SCHEMES, CodeScheme),
        (labels.ACTIONS, Action),
        (labels.PERMISSIONS, Permission),
    ],
)
def test_every_value_of_every_vocabulary_has_words(mapping, vocabulary):
    assert set(mapping) == set(vocabulary)
