"""One translation catalogue for the interface and the reports, and locale-aware formatting.

Catalogues are gettext `.po` files under `clinic/locale/` (English is the source language). They
are compiled in memory when first used, so there is no compiled file to forget to rebuild.
Country and language names, dates and numbers come from Babel's CLDR data.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import locale as system_locale
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "soglia"

# Interface languages, by code, each named in its own language.
LANGUAGES: Mapping[str, str] = {
    "en": "English",
    "it": "Italiano",
    "fr": "Français",
    "de": "Deutsch",
}
# Formatting locale of each: English is written the European way (day first, 24-hour clock).
_FORMAT_LOCALE = {"en": "en_GB", "it": "it_IT", "fr": "fr_FR", "de": "de_DE"}
DEFAULT_LANGUAGE = "en"


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (it is translated when shown)."""
    return message


def system_language() -> str:
    """The interface language matching the system's, or English."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(variable, "")
        if value[:2] in LANGUAGES:
            return value[:2]
    code = (system_locale.getlocale()[0] or "")[:2]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


class Translator:
    """Everything language-dependent for one interface language."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        self.locale_name = _FORMAT_LOCALE[self.language]
        self.locale = Locale.parse(self.locale_name)
        self._catalogue = _catalogue(self.language)

    def gettext(self, message: str) -> str:
        return self._catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalogue.ngettext(singular, plural, n)

    def format(self, message: str, **params: Any) -> str:
        """Translate, then fill `{name}` placeholders (values are formatted beforehand)."""
        return self.gettext(message).format(**params)

    def country(self, code: str | None) -> str:
        if not code:
            return ""
        return str(self.locale.territories.get(code, code))

    def language_name(self, code: str) -> str:
        name = str(self.locale.languages.get(code, code))
        return name[:1].upper() + name[1:]

    def date(self, value: dt.date | None, style: str = "medium") -> str:
        return "" if value is None else format_date(value, style, locale=self.locale)

    def short_date(self, value: dt.date | None) -> str:
        """The format the user types dates in, with a four-digit year (`23/05/1985`)."""
        if value is None:
            return ""
        pattern = str(self.locale.date_formats["short"].pattern).replace("yy", "y")
        if "yyyy" not in pattern:
            pattern = pattern.replace("y", "yyyy")
        pattern = (
            pattern.replace("d", "dd")
            .replace("dddd", "dd")
            .replace("M", "MM")
            .replace("MMMM", "MM")
        )
        return format_date(value, pattern, locale=self.locale)

    def time(self, value: dt.datetime, zone: dt.tzinfo) -> str:
        return format_time(value.astimezone(zone), "HH:mm", locale=self.locale)

    def datetime(self, value: dt.datetime, zone: dt.tzinfo) -> str:
        return format_datetime(value.astimezone(zone), "short", locale=self.locale)

    def date_hint(self) -> str:
        """An example of the expected date format, shown as a placeholder."""
        return self.short_date(dt.date(1990, 12, 31))


@cache
def translator(language: str) -> Translator:
    return Translator(language)


@cache
def _catalogue(language: str) -> gettext.NullTranslations:
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)
