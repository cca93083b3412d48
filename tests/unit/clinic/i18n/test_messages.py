"""Every known error a use case can raise has words, in every language, with its values filled."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import re
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path

import pytest

import clinic
from clinic.audit.trail import Action
from clinic.common.errors import ErrorCode, FieldError, ValidationError
from clinic.common.permissions import Permission
from clinic.desk.vocabulary import QueueState, VisitReason
from clinic.i18n.messages import MESSAGES, error_text, field_errors
from clinic.i18n.translator import LANGUAGES, Translator
from clinic.registry.vocabulary import CodeScheme, ContactChannel, Engagement, Gender, WorkSetting
from clinic.staff.vocabulary import Role
from clinic.vaccinations.vocabulary import ForecastStatus, Route

SOURCES = [Path(__file__).resolve().parents[4] / name for name in ("clinic", "ui")]
# A known error made with a code written as text, not as an `ErrorCode`.
CODE_AS_TEXT = re.compile(r"""(?:Error|\.single)\(\s*["'](\w+)["']""")


def test_every_error_code_has_a_message():
    assert set(MESSAGES) == set(ErrorCode)


def test_no_known_error_is_made_with_a_code_written_as_text():
    """Codes are matched across layers (a screen asks "was it this refusal?"), so each is a
    member of `ErrorCode`, never text that a typo would silently make into another code."""
    found = {
        f"{path.name}: {code}"
        for source in SOURCES
        for path in source.rglob("*.py")
        for code in CODE_AS_TEXT.findall(path.read_text(encoding="utf-8"))
    }
    assert found == set()


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
        "available": 3,
        "limit": 50,
        "given": 1,
        "column": "Genere",
        "fields": "code, birth",
        "name": "gender",
        "first": 2,
        "survivor": "OSIAR230519852",
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


def _words_of_vocabularies() -> dict[str, tuple[Mapping[StrEnum, str], type[StrEnum]]]:
    """Every mapping of a vocabulary's values to words, in every `words` module of `clinic/`
    (found by walking the package, so a new capability's words are checked too)."""
    found = {}
    for info in pkgutil.walk_packages(clinic.__path__, "clinic."):
        if info.name.rpartition(".")[2] != "words":
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if name.startswith("_"):  # a module's own partial table, not a vocabulary's words
                continue
            kinds = {type(key) for key in value} if isinstance(value, Mapping) else set()
            if len(kinds) == 1 and issubclass(next(iter(kinds)), StrEnum):
                found[f"{info.name}.{name}"] = (value, next(iter(kinds)))
    return found


WORDS = _words_of_vocabularies()


def test_the_words_of_every_vocabulary_are_found():
    vocabularies = {vocabulary for _mapping, vocabulary in WORDS.values()}
    expected = {Gender, WorkSetting, Engagement, ContactChannel, VisitReason, QueueState, Role}
    assert expected | {CodeScheme, Action, Permission, Route, ForecastStatus} <= vocabularies


@pytest.mark.parametrize("name", list(WORDS))
def test_every_value_of_every_vocabulary_has_words(name):
    mapping, vocabulary = WORDS[name]
    assert set(mapping) == set(vocabulary)
