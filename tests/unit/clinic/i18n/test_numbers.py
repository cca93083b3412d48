"""Numbers read as each language groups digits: a note's 20,000-character limit, counts."""

from __future__ import annotations

import pytest

from clinic.i18n.translator import Translator


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("en", "20,000"),
        ("it", "20.000"),
        ("de", "20.000"),
        ("fr", "20\u202f000"),  # French groups with a narrow no-break space (CLDR)
    ],
)
def test_thousands_are_grouped_as_the_language_writes_them(language, written):
    assert Translator(language).number(20_000) == written
    assert Translator(language).number(999) == "999"
