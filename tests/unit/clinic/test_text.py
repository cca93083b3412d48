"""Free text typed or pasted at the desk, and the keys search compares.

Policy for one-line fields (alias, the names the code is computed from): ordinary whitespace typed
or pasted (spaces, tabs, line breaks from any OS) is collapsed to single spaces; every other
control or invisible format character is refused with a message, never silently kept or dropped.
Invisible characters would make two aliases that look the same differ (and not find each other),
and bidi overrides (U+202E) can make a list on screen lie about what it holds.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic.text import clean_line, search_key, search_tokens


def test_none_and_blank_mean_left_out():
    for value in (None, "", "   ", "\t \n"):
        assert clean_line(value, "alias", max_length=10) == (None, None)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Maria  ", "Maria"),
        ("Maria   Luisa", "Maria Luisa"),
        ("Maria\tLuisa", "Maria Luisa"),
        ("Maria\nLuisa", "Maria Luisa"),
        ("Maria\r\nLuisa", "Maria Luisa"),  # pasted from a Windows text file
        ("Maria\u00a0Luisa", "Maria Luisa"),  # no-break space from a web page
    ],
)
def test_whitespace_is_collapsed(typed, kept):
    assert clean_line(typed, "alias", max_length=60) == (kept, None)


@pytest.mark.parametrize(
    "bad",
    [
        "\x00",  # NUL
        "\x1b[31m",  # ESC: terminal colour sequence
        "\x07",  # BEL
        "\x7f",  # DEL
        "\x85",  # NEL (a C1 control)
        "\u202e",  # RIGHT-TO-LEFT OVERRIDE: "Trojan source" display spoofing
        "\u2066",  # LEFT-TO-RIGHT ISOLATE
        "\u200b",  # ZERO WIDTH SPACE
        "\u200d",  # ZERO WIDTH JOINER
        "\ufeff",  # BYTE ORDER MARK
        "\u00ad",  # SOFT HYPHEN
        "\u2028",  # LINE SEPARATOR
        "\ue000",  # private use
    ],
)
def test_control_and_invisible_characters_are_refused(bad):
    value, error = clean_line(f"Ma{bad}ria", "alias", max_length=60)
    assert value is None
    assert error is not None
    assert (error.code, error.field) == ("control_characters", "alias")


def test_too_long_is_refused_not_cut():
    assert clean_line("abcde", "alias", max_length=5) == ("abcde", None)
    value, error = clean_line("abcdef", "alias", max_length=5)
    assert value is None
    assert error is not None
    assert (error.code, error.field, dict(error.params)) == ("too_long", "alias", {"max": 5})


def test_length_counts_characters_as_seen():
    # Five é typed as e + combining accent are five characters on screen, stored composed.
    assert clean_line("e\u0301" * 5, "alias", max_length=5) == ("é" * 5, None)


def test_text_is_stored_composed():
    value, _ = clean_line("E\u0301lodie", "alias", max_length=60)
    assert value == "\u00c9lodie"


def test_scripts_and_punctuation_are_kept():
    for text in ("Елена", "Ελένη", "Nguyễn Thị", "O'Brien-Smith", "'; DROP TABLE person; --"):
        assert clean_line(text, "alias", max_length=60) == (text, None)


@pytest.mark.parametrize(
    "spelling", ["Élodie", "ELODIE", "élodie", "E\u0301lodie", "e\u0301lodie", "ＥＬＯＤＩＥ"]
)
def test_search_key_ignores_accents_case_and_composition(spelling):
    assert search_key(spelling) == "elodie"


@pytest.mark.parametrize(
    ("typed_at_desk", "as_written"),
    [
        ("yilmaz", "Yılmaz"),  # Turkish dotless ı
        ("ipek", "İpek"),  # Turkish dotted İ
        ("lukasz", "Łukasz"),  # Polish ł
        ("soren", "Søren"),  # Danish ø
        ("dorde", "Đorđe"),  # Serbian/Croatian đ
        ("strauss", "Strauß"),
        ("stefan", "ȘTEFAN"),
        ("sukru", "Şükrü"),
    ],
)
def test_search_key_lets_an_italian_keyboard_find_latin_letters_with_marks(
    typed_at_desk, as_written
):
    assert search_key(typed_at_desk) == search_key(as_written)


def test_search_key_folds_case_in_other_scripts():
    assert search_key("ЕЛЕНА") == search_key("елена")
    assert search_key("ΕΛΈΝΗ") == search_key("ελένη")


def test_search_tokens_are_distinct_words_in_order():
    assert search_tokens("Maria-Luisa  O'Brien maria") == ["maria", "luisa", "o", "brien"]
    assert search_tokens("%") == []
    assert search_tokens("") == []


@settings(max_examples=300)
@given(st.text())
def test_search_key_is_idempotent(text):
    key = search_key(text)
    assert search_key(key) == key


@settings(max_examples=200)
@given(st.text())
def test_clean_line_output_is_clean(text):
    value, error = clean_line(text, "alias", max_length=60)
    assert value is None or error is None
    if value is not None:
        assert value == value.strip()
        assert "  " not in value
        assert len(value) <= 60
        assert clean_line(value, "alias", max_length=60) == (value, None)
