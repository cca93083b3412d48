"""One translation catalogue for the interface and the reports, and locale-aware formatting.

Catalogues are gettext `.po` files under `clinic/i18n/locale/` (English is the source language).
They are compiled when first used, so there is no compiled file to forget to rebuild, and the
compiled catalogue is kept in the user's cache folder under the `.po` file's checksum: Babel
reads a `.po` file in some 30 ms, at every start in Italian, French or German; the kept `.mo`
file is read in one. Country and language names, dates and numbers come from Babel's CLDR data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gettext
import hashlib
import io
import locale as system_locale
import logging
import os
import re
from collections.abc import Mapping
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clinic.common.cache_folder import keep_whole, user_cache_folder

if TYPE_CHECKING:
    from babel import Locale

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
log = logging.getLogger(__name__)
COMPILE_RECIPE = "r1"  # changed with `_compiled`: catalogues kept by an older one are not read


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


SHORT_DATES_KEPT = 20_000  # about 55 years of days


class Translator:
    """Everything language-dependent for one interface language."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        self.locale_name = _FORMAT_LOCALE[self.language]
        self._catalogue = _catalogue(self.language)
        self._short_dates: dict[dt.date, str] = {}

    @cached_property
    def locale(self) -> Locale:
        """Babel's CLDR data for the formatting locale, loaded at the first date or name
        formatted: the login window has none, and Babel costs some 30 ms to import."""
        from babel import Locale

        return Locale.parse(self.locale_name)

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

    def language_name(self, code: str, *, in_sentence: bool = False) -> str:
        """A language's name in the user's language: capitalised alone (a list, a field),
        as the language writes it inside a sentence ("mediazione inglese", "English mediator")."""
        name = str(self.locale.languages.get(code, code))
        return name if in_sentence else name[:1].upper() + name[1:]

    @cached_property
    def month_abbreviations(self) -> tuple[str, ...]:
        """January to December as a column or an axis names them alone ("Jan", "gen", "janv.")."""
        months = self.locale.months["stand-alone"]["abbreviated"]
        return tuple(str(months[number]) for number in range(1, 13))

    def date(self, value: dt.date | None, style: str = "short") -> str:
        """A date as lists and forms write it (`short`, the one the user types); `weekday`
        adds the day's short name for lists of days (`Wed 11/03/2026`); Babel's `long` and
        `full` spell the month out, for a heading or a sentence (`Wednesday, 11 March 2026`)."""
        if value is None:
            return ""
        if style == "short":
            return self.short_date(value)
        from babel.dates import format_date

        if style == "weekday":
            weekday = format_date(value, "EEE", locale=self.locale)
            return f"{weekday} {self.short_date(value)}"
        return format_date(value, style, locale=self.locale)

    def short_date(self, value: dt.date | None) -> str:
        """The format the user types dates in, with a four-digit year (`23/05/1985`)."""
        if value is None:
            return ""
        written = self._short_dates.get(value)
        if written is None:  # Babel takes ~25 µs a date; a list of 20,000 rows repeats days
            if len(self._short_dates) >= SHORT_DATES_KEPT:
                self._short_dates.clear()
            from babel.dates import format_date

            written = format_date(value, self._short_pattern, locale=self.locale)
            self._short_dates[value] = written
        return written

    @cached_property
    def _short_pattern(self) -> str:
        """The locale's short date pattern with two-digit day and month and a four-digit year
        (CLDR's Italian and German short patterns cut the year to two digits)."""
        fields = {"d": "dd", "M": "MM", "y": "yyyy"}
        pattern = str(self.locale.date_formats["short"].pattern)
        return _DATE_FIELD.sub(lambda m: fields.get(m[0][0], m[0]), pattern)

    def number(self, value: int) -> str:
        """A whole number as the language groups its digits (`20,000`, `20.000`, `20 000`)."""
        from babel.numbers import format_decimal

        return format_decimal(value, locale=self.locale)

    def time(self, value: dt.datetime, zone: dt.tzinfo) -> str:
        from babel.dates import format_time

        return format_time(value.astimezone(zone), "HH:mm", locale=self.locale)

    def datetime(self, value: dt.datetime, zone: dt.tzinfo) -> str:
        """Day and time in `zone`, the day written as everywhere else (`05/03/2026, 14:04`)."""
        local = value.astimezone(zone)
        joined = str(self.locale.datetime_formats["short"])
        return joined.replace("{1}", self.short_date(local.date())).replace(
            "{0}", self.time(local, zone)
        )

    def date_hint(self) -> str:
        """The expected date format by name, as a placeholder and in messages (`DD/MM/YYYY`,
        Italian `GG/MM/AAAA`): a real-looking date would read as a value already typed."""
        names = {
            # Translators: how a date format names the day field, as in DD/MM/YYYY.
            "d": self.gettext("DD"),
            # Translators: how a date format names the month field, as in DD/MM/YYYY.
            "M": self.gettext("MM"),
            # Translators: how a date format names the year field, as in DD/MM/YYYY.
            "y": self.gettext("YYYY"),
        }
        return _DATE_FIELD.sub(lambda m: names.get(m[0][0], m[0]), self._short_pattern)


_DATE_FIELD = re.compile(r"d+|M+|y+")


@cache
def translator(language: str) -> Translator:
    return Translator(language)


@cache
def _catalogue(language: str) -> gettext.NullTranslations:
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return gettext.NullTranslations()
    source = path.read_bytes()
    folder = user_cache_folder() / "catalogues"
    kept = folder / f"{language}-{_key(source)}.mo"
    read = _read_kept(kept)
    if read is not None:
        return read
    compiled_bytes = _compiled(source, language)
    with contextlib.suppress(OSError):  # a cache that cannot be written costs time only
        keep_whole(kept, compiled_bytes)
        for older in folder.glob(f"{language}-*.mo"):
            if older != kept:
                older.unlink(missing_ok=True)
    return gettext.GNUTranslations(io.BytesIO(compiled_bytes))


def _read_kept(kept: Path) -> gettext.GNUTranslations | None:
    """The kept catalogue, or None if there is none or it cannot be read whole (a damaged
    file fails in many ways inside gettext: it is compiled again rather than stop the start)."""
    try:
        with kept.open("rb") as compiled:
            return gettext.GNUTranslations(compiled)
    except FileNotFoundError:
        return None
    except Exception as error:
        log.warning(
            "kept catalogue %s unreadable (%s): compiled again", kept.name, type(error).__name__
        )
        return None


def _key(source: bytes) -> str:
    """The kept file's key: the `.po` file's checksum and how it is compiled (`_compiled`)."""
    return f"{COMPILE_RECIPE}-{hashlib.sha256(source).hexdigest()[:24]}"


def _compiled(source: bytes, language: str) -> bytes:
    """The `.po` file compiled to a `.mo` file (untranslated and fuzzy messages left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(source), locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()
