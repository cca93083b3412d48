"""A mediator's language named as each language writes it: capitalised alone in a list or a
field, and inside a sentence as the language itself does (Italian and French in lower case)."""

from __future__ import annotations

import pytest

from clinic.i18n.translator import Translator


@pytest.mark.parametrize(
    ("language", "alone", "in_sentence"),
    [
        ("en", "English", "English"),
        ("de", "Englisch", "Englisch"),
        ("it", "Inglese", "inglese"),  # "mediazione inglese"
        ("fr", "Anglais", "anglais"),  # "médiation anglais"
    ],
)
def test_a_language_is_named_alone_and_inside_a_sentence(language, alone, in_sentence):
    t = Translator(language)
    assert t.language_name("en") == alone
    assert t.language_name("en", in_sentence=True) == in_sentence
