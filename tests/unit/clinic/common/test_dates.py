"""Dates typed at the desk: the locale's order, ISO, and every kind of nonsense as a message."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic.common.dates import BirthInput, check_past_date, field_order, parse_birth, parse_date
from clinic.common.errors import FieldError

TODAY = dt.date(2026, 3, 10)
LOCALES = ("it_IT", "fr_FR", "de_DE", "en_GB", "en_US")


@pytest.mark.parametrize("locale", ["it", "it_IT", "fr", "fr_FR", "de", "de_DE", "en_GB"])
def test_european_locales_write_day_month_year(locale):
    assert field_order(locale) == "dmy"


def test_us_english_writes_month_first():
    assert field_order("en_US") == "mdy"


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("23/05/1985", "it_IT"),
        ("23/05/1985", "fr_FR"),
        ("23.05.1985", "de_DE"),
        ("23/05/1985", "en_GB"),
        ("05/23/1985", "en_US"),
        ("23-05-1985", "it_IT"),
        ("23 05 1985", "it_IT"),
        ("23 / 5 / 1985", "it_IT"),
        ("  23/5/1985  ", "de_DE"),
        ("1985/05/23", "it_IT"),  # year first is unambiguous
        ("1985-05-23", "it_IT"),
        ("1985-05-23", "de_DE"),
        ("1985-05-23", "en_US"),
        ("1985-5-23", "fr_FR"),
    ],
)
def test_parse_date_in_the_locale_order_or_iso(text, locale):
    assert parse_date(text, "first_contact", locale) == (dt.date(1985, 5, 23), None)


def test_blank_date_means_not_given():
    assert parse_date("", "consent_date", "it_IT") == (None, None)
    assert parse_date("   ", "consent_date", "it_IT") == (None, None)
    assert parse_birth("", "birth", "it_IT", TODAY) == (None, None)
    assert parse_birth(" \t ", "birth", "it_IT", TODAY) == (None, None)


@pytest.mark.parametrize(
    ("text", "locale", "code"),
    [
        ("31/02/1985", "it_IT", "date_impossible"),
        ("29/02/1985", "it_IT", "date_impossible"),
        ("29/02/1900", "it_IT", "date_impossible"),  # 1900 was not a leap year
        ("1985-13-45", "it_IT", "date_impossible"),
        ("13/05/1985", "en_US", "date_impossible"),  # no month 13
        ("05/23/1985", "it_IT", "date_impossible"),  # US order typed in Italy
        ("00/05/1985", "it_IT", "date_impossible"),
        ("23/05/85", "it_IT", "date_year_digits"),  # 1985 or 2085? not guessed
        ("23.05.85", "de_DE", "date_year_digits"),
        ("23/05/985", "it_IT", "date_year_digits"),
        ("0/0/0", "it_IT", "date_year_digits"),
        ("abc", "it_IT", "date_format"),
        ("23/05", "it_IT", "date_format"),
        ("23/05/1985/1", "it_IT", "date_format"),
        ("23/05/19855", "it_IT", "date_format"),
        ("1" * 40, "it_IT", "date_format"),
        ("99999999999999999999/1/1", "it_IT", "date_format"),
        ("yesterday", "en_GB", "date_format"),
        ("23\x0005\x001985", "it_IT", "date_format"),
        ("'; DROP TABLE person; --", "it_IT", "date_format"),
    ],
)
def test_nonsense_dates_are_field_errors(text, locale, code):
    value, error = parse_date(text, "first_contact", locale)
    assert value is None
    assert error is not None
    assert (error.code, error.field) == (code, "first_contact")


def test_leap_days_that_exist_are_accepted():
    assert parse_date("29/02/1984", "d", "it_IT") == (dt.date(1984, 2, 29), None)
    assert parse_date("29/02/2000", "d", "it_IT") == (dt.date(2000, 2, 29), None)


def test_birth_year_alone():
    assert parse_birth("1985", "birth", "it_IT", TODAY) == (BirthInput(None, 1985), None)
    assert parse_birth("1900", "birth", "it_IT", TODAY) == (BirthInput(None, 1900), None)
    assert parse_birth("2026", "birth", "it_IT", TODAY) == (BirthInput(None, 2026), None)


def test_full_birth_date_gives_its_year_too():
    assert parse_birth("23/05/1985", "birth", "it_IT", TODAY) == (
        BirthInput(dt.date(1985, 5, 23), 1985),
        None,
    )


def test_born_today_is_possible_born_tomorrow_is_not():
    assert parse_birth("10/03/2026", "birth", "it_IT", TODAY) == (
        BirthInput(TODAY, 2026),
        None,
    )
    value, error = parse_birth("11/03/2026", "birth", "it_IT", TODAY)
    assert value is None
    assert error is not None
    assert (error.code, error.field) == ("date_in_future", "birth")


@pytest.mark.parametrize("text", ["2027", "1899", "0000", "9999", "31/12/1899", "01/01/1000"])
def test_birth_year_out_of_range(text):
    value, error = parse_birth(text, "birth", "it_IT", TODAY)
    assert value is None
    assert error is not None
    assert (error.code, error.field) == ("birth_year_range", "birth")


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "1985-13-45",
        "0/0/0",
        "85",
        "19855",
        "99999999999999999999999999999",
        "9" * 100_000,
        "1985-05-23T10:00",
        "-1985",
        "1985.5",
        "\x00",
        "٢٣/٠٥/٨٥",  # Arabic-Indic digits, two-digit year
    ],
)
def test_nonsense_birth_is_a_field_error_not_an_exception(text):
    value, error = parse_birth(text, "birth", "it_IT", TODAY)
    assert value is None
    assert isinstance(error, FieldError)
    assert error.field == "birth"


@settings(max_examples=300)
@given(text=st.text(), locale=st.sampled_from(LOCALES))
def test_parse_birth_never_raises(text, locale):
    value, error = parse_birth(text, "birth", locale, TODAY)
    if not text.strip():
        assert (value, error) == (None, None)
    else:
        assert (value is None) != (error is None)
    if value is not None:
        assert 1900 <= value.year <= TODAY.year
        if value.date is not None:
            assert value.date <= TODAY
            assert value.date.year == value.year


@settings(max_examples=200)
@given(
    text=st.from_regex(r"\A[0-9./\- ]{0,14}\Z"),
    locale=st.sampled_from(LOCALES),
)
def test_parse_date_never_raises_on_date_like_text(text, locale):
    value, error = parse_date(text, "first_contact", locale)
    assert value is None or error is None


@settings(max_examples=200)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY))
def test_any_past_date_written_as_the_desk_writes_it_reads_back(date):
    it = f"{date.day:02d}/{date.month:02d}/{date.year}"
    de = f"{date.day}.{date.month}.{date.year}"
    us = f"{date.month}/{date.day}/{date.year}"
    assert parse_birth(it, "birth", "it_IT", TODAY) == (BirthInput(date, date.year), None)
    assert parse_birth(de, "birth", "de_DE", TODAY) == (BirthInput(date, date.year), None)
    assert parse_birth(us, "birth", "en_US", TODAY) == (BirthInput(date, date.year), None)
    assert parse_birth(date.isoformat(), "birth", "fr_FR", TODAY) == (
        BirthInput(date, date.year),
        None,
    )


def test_check_past_date():
    earliest = dt.date(1980, 1, 1)
    assert check_past_date(None, "consent_date", TODAY, earliest) is None
    assert check_past_date(TODAY, "consent_date", TODAY, earliest) is None
    assert check_past_date(earliest, "consent_date", TODAY, earliest) is None
    future = check_past_date(dt.date(2026, 3, 11), "consent_date", TODAY, earliest)
    assert future is not None
    assert (future.code, future.field) == ("date_in_future", "consent_date")
    early = check_past_date(dt.date(1979, 12, 31), "consent_date", TODAY, earliest)
    assert early is not None
    assert (early.code, early.field) == ("date_too_early", "consent_date")
