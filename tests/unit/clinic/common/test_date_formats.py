"""One short date per language, the same in lists, forms, messages and times of day; date
fields name their format ("DD/MM/YYYY") in the user's language instead of showing a date."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic.common.dates import parse_date
from clinic.common.errors import FieldError
from clinic.i18n.messages import error_text
from clinic.i18n.translator import LANGUAGES, Translator

THURSDAY = dt.date(2026, 3, 5)  # Thursday 5 March 2026

# Written by hand from each country's usual short form: day first, two-digit day and month,
# four-digit year; German with dots.
SHORT = {"en": "05/03/2026", "it": "05/03/2026", "fr": "05/03/2026", "de": "05.03.2026"}
HINTS = {"en": "DD/MM/YYYY", "it": "GG/MM/AAAA", "fr": "JJ/MM/AAAA", "de": "TT.MM.JJJJ"}


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_a_date_in_a_list_is_the_short_date_typed_in_forms(language):
    t = Translator(language)
    assert t.date(THURSDAY) == SHORT[language]
    assert t.short_date(THURSDAY) == SHORT[language]


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_date_fields_name_the_format_in_the_users_language(language):
    assert Translator(language).date_hint() == HINTS[language]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        # Italian and German CLDR short date-times cut the year to two digits ("05/03/26").
        ("en", "05/03/2026, 14:04"),
        ("it", "05/03/2026, 14:04"),
        ("fr", "05/03/2026 14:04"),
        ("de", "05.03.2026, 14:04"),
    ],
)
def test_a_time_of_day_carries_the_same_short_date(language, expected):
    at = dt.datetime(2026, 3, 5, 13, 4, tzinfo=dt.UTC)  # 14:04 in Rome
    assert Translator(language).datetime(at, ZoneInfo("Europe/Rome")) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Thu 05/03/2026"),
        ("it", "gio 05/03/2026"),
        ("fr", "jeu. 05/03/2026"),
        ("de", "Do. 05.03.2026"),
    ],
)
def test_a_list_of_days_adds_the_weekdays_short_name(language, expected):
    assert Translator(language).date(THURSDAY, "weekday") == expected


def test_a_heading_may_still_spell_the_day_out():
    assert Translator("en").date(THURSDAY, "full") == "Thursday, 5 March 2026"
    assert Translator("it").date(THURSDAY, "full") == "giovedì 5 marzo 2026"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Not a date. Type it as DD/MM/YYYY."),
        ("it", "Non è una data. Scrivila nella forma GG/MM/AAAA."),
        ("fr", "Ce n'est pas une date. Saisissez-la sous la forme JJ/MM/AAAA."),
        ("de", "Kein gültiges Datum. Schreiben Sie es in der Form TT.MM.JJJJ."),
    ],
)
def test_the_message_for_a_bad_date_names_the_same_format(language, expected):
    assert error_text(Translator(language), FieldError("date_format", "birth")) == expected


@pytest.mark.parametrize("language", list(LANGUAGES))
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_the_hint_has_the_shape_of_the_dates_shown_and_they_read_back(language, date):
    t = Translator(language)
    shown = t.short_date(date)
    assert re.sub(r"\w", "x", shown) == re.sub(r"\w", "x", t.date_hint())
    assert parse_date(shown, "day", t.locale_name) == (date, None)
