"""Dates typed by a person: parsed in the order their language writes them, checked for sense.

A receptionist types `23/05/1985` (Italian, French, British order), `23.05.1985` (German) or the
ISO `1985-05-23`; two-digit years are refused rather than guessed (is `85` 1985 or 2085?).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from babel.dates import get_date_format

from clinic.common.errors import ErrorCode, FieldError

EARLIEST_YEAR = 1900
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_LOCAL = re.compile(r"^(\d{1,4})\s*[./\-\s]\s*(\d{1,2})\s*[./\-\s]\s*(\d{1,4})$")
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class BirthInput:
    """A birth date, or only a year when the person gives no more."""

    date: dt.date | None
    year: int


@cache
def field_order(locale: str) -> str:
    """`dmy`, `mdy` or `ymd`: the order of the locale's short date pattern (kept: Babel looks
    it up in some 30 µs, and an import reads a hundred thousand dates)."""
    pattern = get_date_format("short", locale=locale).pattern.lower()
    positions = {part: pattern.find(part) for part in "dmy"}
    return "".join(sorted(positions, key=positions.__getitem__))


def parse_date(text: str, field: str, locale: str) -> tuple[dt.date | None, FieldError | None]:
    """Parse a full date; `(None, None)` for blank text."""
    text = text.strip()
    if not text:
        return None, None
    parts = _split(text, locale)
    if parts is None:
        return None, FieldError(ErrorCode.DATE_FORMAT, field)
    year, month, day = parts
    if year < 1000:
        return None, FieldError(ErrorCode.DATE_YEAR_DIGITS, field)
    try:
        return dt.date(year, month, day), None
    except ValueError:
        return None, FieldError(ErrorCode.DATE_IMPOSSIBLE, field)


def _split(text: str, locale: str) -> tuple[int, int, int] | None:
    if iso := _ISO.match(text):
        return int(iso[1]), int(iso[2]), int(iso[3])
    local = _LOCAL.match(text)
    if local is None:
        return None
    if len(local[1]) == 4:  # 1985/05/23 is year-first whatever the locale says
        return int(local[1]), int(local[2]), int(local[3])
    values = dict(
        zip(field_order(locale), (int(local[1]), int(local[2]), int(local[3])), strict=True)
    )
    return values["y"], values["m"], values["d"]


def parse_birth(
    text: str, field: str, locale: str, today: dt.date
) -> tuple[BirthInput | None, FieldError | None]:
    """A birth date or a birth year alone; neither in the future nor before 1900."""
    text = text.strip()
    if not text:
        return None, None
    if _YEAR.match(text):
        year = int(text)
        if not EARLIEST_YEAR <= year <= today.year:
            return None, FieldError(ErrorCode.BIRTH_YEAR_RANGE, field, {"max": today.year})
        return BirthInput(None, year), None
    date, error = parse_date(text, field, locale)
    if error or date is None:
        return None, error
    if date > today:
        return None, FieldError(ErrorCode.DATE_IN_FUTURE, field)
    if date.year < EARLIEST_YEAR:
        return None, FieldError(ErrorCode.BIRTH_YEAR_RANGE, field, {"max": today.year})
    return BirthInput(date, date.year), None


def check_past_date(
    value: dt.date | None, field: str, today: dt.date, earliest: dt.date
) -> FieldError | None:
    """Refuse a date in the future or before `earliest` (first contact, consent...)."""
    if value is None:
        return None
    if value > today:
        return FieldError(ErrorCode.DATE_IN_FUTURE, field)
    if value < earliest:
        return FieldError(ErrorCode.DATE_TOO_EARLY, field, {"earliest": earliest})
    return None
