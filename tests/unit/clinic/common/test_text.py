"""Free text typed or pasted at the desk, and the keys search compares.

Policy for one-line fields (alias, the names the code is computed from): ordinary whitespace typed
or pasted (spaces, tabs, line breaks from any OS) is collapsed to single spaces; every other
control or invisible format character is refused with a message, never silently kept or dropped.
Invisible characters would make two aliases that look the same differ (and not find each other),
and bidi overrides (U+202E) can make a list on screen lie about what it holds. The exceptions are
those real text needs where it needs them: the joiners of composed emoji and of Indic and Arabic
scripts, and the tags of subdivision flags.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic.common.text import clean_line, search_key, search_tokens


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
        "\u200d",  # ZERO WIDTH JOINER, between letters that need none
        "\u200c",  # ZERO WIDTH NON-JOINER, between Latin letters, which never join
        "\u200e",  # LEFT-TO-RIGHT MARK
        "\u061c",  # ARABIC LETTER MARK
        "\U000e0067",  # a tag character outside a flag
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


NURSE = "\U0001f469\U0001f3fd\u200d\u2695\ufe0f"  # woman health worker: medium skin tone
SCOTLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"


@pytest.mark.parametrize(
    "text",
    [
        NURSE,
        f"Rosa {NURSE}",
        "\U0001f469\u200d\u2764\ufe0f\u200d\U0001f468",  # couple with heart
        "\U0001f3f3\ufe0f\u200d\u26a7\ufe0f",  # transgender flag
        "\U0001f3f3\ufe0f\u200d\U0001f308",  # rainbow flag
        SCOTLAND,
        "\U0001f1ee\U0001f1f9",  # Italy's flag: regional indicators
        "1\ufe0f\u20e3",  # keycap 1
        "\U0001fae8",  # shaking face, Unicode 15: newer than this Python's character data
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian: ZWNJ between letters
        "\u0915\u094d\u200d\u0937",  # Devanagari: virama + ZWJ, a half form
        "\u0928\u094d\u200c\u0928",  # Devanagari: virama + ZWNJ, an explicit virama
        "\u0d28\u0d4d\u200d",  # Malayalam chillu: virama + ZWJ
    ],
)
def test_the_joiners_and_tags_that_real_text_needs_are_kept(text):
    assert clean_line(text, "alias", max_length=60) == (text, None)


BASES = ["\U0001f469", "\U0001f468", "\U0001f9d1", "\u2764", "\U0001f3f3", "\U0001f48b", "\u2695"]
MODIFIERS = ["", "\U0001f3fb", "\U0001f3fd", "\U0001f3ff", "\ufe0f"]
emoji_part = st.builds(
    lambda base, modifier: base + modifier, st.sampled_from(BASES), st.sampled_from(MODIFIERS)
)
zwj_sequence = st.lists(emoji_part, min_size=1, max_size=4).map("\u200d".join)
words = st.text(st.characters(categories=["L", "Nd", "Zs", "Po", "So"]), max_size=10)
REFUSED = [
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",  # embeddings and overrides
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",  # isolates
    "\u200e",
    "\u200f",
    "\u061c",  # direction marks
    "\x00",
    "\x1b",
    "\x7f",
    "\x85",
    "\u200b",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u2028",
]


@settings(max_examples=300)
@given(before=words, emoji=zwj_sequence, after=words)
def test_composed_emoji_within_any_text_are_kept(before, emoji, after):
    text = unicodedata.normalize("NFC", f"{before}{emoji}{after}")
    expected = " ".join(text.split()) or None
    assert clean_line(text, "alias", max_length=200) == (expected, None)


@settings(max_examples=300)
@given(
    text=st.lists(st.one_of(zwj_sequence, words, st.just(SCOTLAND)), min_size=1).map("".join),
    bad=st.sampled_from(REFUSED),
    where=st.floats(0, 1),
)
def test_a_control_or_bidi_character_anywhere_is_refused_even_inside_an_emoji(text, bad, where):
    at = round(where * len(text))
    # Between letters: at either end, U+2028 and NEL are whitespace, stripped like a space.
    value, error = clean_line(f"a{text[:at]}{bad}{text[at:]}z", "alias", max_length=500)
    assert value is None
    assert error is not None
    assert error.code == "control_characters"


@settings(max_examples=200)
@given(
    left=st.characters(categories=["Lu", "Ll"], max_codepoint=0x24F),
    joiner=st.sampled_from(["\u200c", "\u200d", "\U000e0067\U000e007f"]),
    right=st.characters(categories=["Lu", "Ll"], max_codepoint=0x24F),
)
def test_a_joiner_or_tag_where_nothing_needs_it_is_refused(left, joiner, right):
    # Latin letters never join: an invisible joiner there only makes look-alike texts differ.
    value, error = clean_line(f"{left}{joiner}{right}", "alias", max_length=60)
    assert (value, error.code if error else None) == (None, "control_characters")
