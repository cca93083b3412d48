"""One catalogue for the interface and the reports: complete in every language, in step with the
code, and with every placeholder and keyboard mnemonic kept by each translation."""

from __future__ import annotations

import re

import pytest

from clinic.i18n.catalogue import extract, read_catalogue, untranslated
from clinic.i18n.translator import DEFAULT_LANGUAGE, LANGUAGES, Translator

TRANSLATED = [language for language in LANGUAGES if language != DEFAULT_LANGUAGE]
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _pairs(language: str) -> list[tuple[str, str]]:
    """(source, translation) for every message and plural form."""
    pairs = []
    for message in read_catalogue(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        pairs += [(ids[min(i, len(ids) - 1)], text) for i, text in enumerate(strings)]
    return pairs


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalogue_holds_exactly_the_strings_of_the_code(language):
    # When this fails, run `python -m clinic.i18n.catalogue` and translate what it reports.
    in_code = {m.id for m in extract() if m.id}
    in_catalogue = {m.id for m in read_catalogue(language) if m.id}
    assert in_catalogue == in_code


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_string_is_translated(language):
    assert [m.id for m in untranslated(read_catalogue(language))] == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_every_placeholder(language):
    for source, text in _pairs(language):
        assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(source)), text


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_one_keyboard_mnemonic_where_the_source_has_one(language):
    for source, text in _pairs(language):
        if "&" in source:
            assert text.count("&") == 1, text
            assert text[text.index("&") + 1].isalnum(), text


@pytest.mark.parametrize(
    ("language", "expected"),
    [("it", "Donna"), ("fr", "Femme"), ("de", "Frau"), ("en", "Woman")],
)
def test_the_interface_language_is_applied(language, expected):
    assert Translator(language).gettext("Woman") == expected


def test_plural_forms_follow_the_language():
    # French counts 0 and 1 as singular, Italian and German only 1.
    assert Translator("fr").ngettext("{n} person found", "{n} persons found", 0) != Translator(
        "fr"
    ).ngettext("{n} person found", "{n} persons found", 2)
    assert Translator("it").ngettext("{n} person found", "{n} persons found", 0) == Translator(
        "it"
    ).ngettext("{n} person found", "{n} persons found", 2)
