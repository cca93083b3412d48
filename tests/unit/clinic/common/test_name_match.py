"""Long lists offer what a person means first: `Roman` is Romanian before it is Aromanian."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic.common.name_match import Match, name_match


@pytest.mark.parametrize(
    ("typed", "name", "expected"),
    [
        ("roman", "Romanian", Match.START),
        ("Roman", "Aromanian", Match.INSIDE),
        ("guinea", "Guinea", Match.WHOLE),
        ("guinea", "Equatorial Guinea", Match.WORD),
        ("bissau", "Guinea-Bissau", Match.WORD),
        ("swiss ger", "Swiss German", Match.START),
        ("francais", "Français", Match.WHOLE),
        ("COTE", "Côte d’Ivoire", Match.START),
        ("ivoire", "Côte d’Ivoire", Match.WORD),
        ("rome", "Europe/Rome", Match.WORD),
        ("xyz", "Romanian", None),
        ("", "Romanian", Match.WHOLE),
        ("  ", "Aromanian", Match.WHOLE),
    ],
)
def test_how_a_name_matches_what_was_typed(typed, name, expected):
    assert name_match(typed, name) == expected


def test_sorting_by_match_puts_romanian_and_romany_before_aromanian():
    names = ["Aromanian", "Romanian", "Romansh", "Romany", "Italian"]
    matching = [n for n in names if name_match("Roman", n) is not None]
    ranked = sorted(matching, key=lambda n: (name_match("Roman", n), n))
    assert ranked == ["Romanian", "Romansh", "Romany", "Aromanian"]


_LATIN = st.characters(codec="latin-1", exclude_categories=("Cc",))


@given(st.text(_LATIN, max_size=20), st.text(_LATIN, max_size=40))
def test_a_name_matches_whenever_it_holds_the_typed_text(typed, name):
    if typed.strip() and typed.strip() in name:
        assert name_match(typed, name) is not None
