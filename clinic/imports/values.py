"""Cell text as the desk's forms hold it: a gender's value from its name in any of Soglia's
languages, a country's ISO code from its name, lists split.

Only what is recognised is turned into a value; anything else is passed on as typed, so that
the desk's own validation refuses it with its own reason ("Choose one of the options offered").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import StrEnum
from functools import cache, lru_cache

from babel import Locale

from clinic.common.text import search_key
from clinic.i18n.translator import LANGUAGES, Translator
from clinic.outreach.words import SHIFTS
from clinic.registry.vocabulary import Gender, country_codes, language_codes
from clinic.registry.words import GENDERS, WORK_SETTINGS

_KEPT = 4096  # cells read once each: a file repeats the same few hundred texts
_LIST = re.compile(r"[,;/|]")
_FORMAT_LOCALES = ("en", "it", "fr", "de")

# Common short forms and adjectives of spreadsheets (the names of `GENDERS` are matched too).
# "T" is left out: trans women and trans men are two answers, and no one's is guessed.
_GENDER_WORDS: Mapping[str, Gender] = {
    "f": Gender.WOMAN,
    "w": Gender.WOMAN,
    "female": Gender.WOMAN,
    "femmina": Gender.WOMAN,
    "femme": Gender.WOMAN,
    "féminin": Gender.WOMAN,
    "weiblich": Gender.WOMAN,
    "m": Gender.MAN,
    "male": Gender.MAN,
    "maschio": Gender.MAN,
    "homme": Gender.MAN,
    "masculin": Gender.MAN,
    "männlich": Gender.MAN,
}


class ContactKind(StrEnum):
    """What a row of the contacts file is: a visit at the desk, or a street contact."""

    VISIT = "visit"
    OUTREACH = "outreach"


_KIND_WORDS: Mapping[str, ContactKind] = {
    "visita": ContactKind.VISIT,
    "visite": ContactKind.VISIT,
    "besuch": ContactKind.VISIT,
    "street": ContactKind.OUTREACH,
    "strada": ContactKind.OUTREACH,
    "unità di strada": ContactKind.OUTREACH,
    "rue": ContactKind.OUTREACH,
    "maraude": ContactKind.OUTREACH,
    "streetwork": ContactKind.OUTREACH,
    "straße": ContactKind.OUTREACH,
}


@lru_cache(maxsize=_KEPT)
def gender(text: str) -> str:
    return _value(text, _named(tuple(GENDERS.items()), tuple(_GENDER_WORDS.items())))


@lru_cache(maxsize=_KEPT)
def work_settings(text: str) -> tuple[str, ...]:
    named = _named(tuple(WORK_SETTINGS.items()), ())
    return tuple(_value(part, named) for part in split(text))


@lru_cache(maxsize=_KEPT)
def contact_kind(text: str) -> str:
    return _value(text, _named((), tuple(_KIND_WORDS.items())))


@lru_cache(maxsize=_KEPT)
def shift(text: str) -> str:
    return _value(text, _named(tuple(SHIFTS.items()), ()))


@lru_cache(maxsize=_KEPT)
def country(text: str) -> str:
    """An ISO 3166 code as typed (`ro`, `RO`), or the code of a country named in English,
    Italian, French or German (`Romania`, `Roumanie`, `Rumänien`)."""
    code = text.strip().upper()
    if not code or code in country_codes():
        return code
    return _country_names().get(search_key(text.strip()), text)


@lru_cache(maxsize=_KEPT)
def languages(text: str) -> tuple[str, ...]:
    """Codes (`ro, it`) or names (`Romanian; Italian`), in a list split by , ; / or |."""
    names = _language_names()
    found = []
    for part in split(text):
        code = part.lower()
        found.append(code if code in language_codes() else names.get(search_key(part), part))
    return tuple(found)


def split(text: str) -> list[str]:
    return [part.strip() for part in _LIST.split(text) if part.strip()]


def _value(text: str, named: Mapping[str, str]) -> str:
    """The vocabulary's value that `text` names, or `text` itself."""
    return named.get(search_key(text.strip()), text.strip())


@cache
def _named(
    words: tuple[tuple[StrEnum, str], ...], extra: tuple[tuple[str, StrEnum], ...]
) -> Mapping[str, str]:
    """Every name of each value, as a search key: the value itself, its words in each of
    Soglia's languages, and the extra names."""
    named: dict[str, str] = {}
    translators = [Translator(language) for language in LANGUAGES]
    for value, message in words:
        for t in translators:
            named.setdefault(search_key(t.gettext(message)), value.value)
    for text, value in extra:
        named.setdefault(search_key(text), value.value)
    values: Iterable[StrEnum] = [value for value, _ in words] + [value for _, value in extra]
    for value in values:
        named[search_key(value.value)] = value.value
        named.setdefault(search_key(value.value.replace("_", " ")), value.value)
    return named


@cache
def _country_names() -> Mapping[str, str]:
    codes = country_codes()
    return {
        search_key(str(name)): str(code)
        for language in _FORMAT_LOCALES
        for code, name in Locale(language).territories.items()
        if code in codes
    }


@cache
def _language_names() -> Mapping[str, str]:
    codes = language_codes()
    return {
        search_key(str(name)): str(code)
        for language in _FORMAT_LOCALES
        for code, name in Locale(language).languages.items()
        if code in codes
    }
