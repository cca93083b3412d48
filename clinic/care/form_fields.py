"""Fields that the care forms share: a day as typed, and why a record was entered in error.

A test, a referral and its outcome are dated by the day they happened, typed in the user's
language; left empty it is today, as the forms prefill it. None of them can happen in the
future, nor before the clinic kept records (`EARLIEST`, a guard against a mistyped year).
"""

from __future__ import annotations

import datetime as dt

from clinic.common.dates import check_past_date, parse_date
from clinic.common.errors import ErrorCode, FieldErrors
from clinic.common.text import clean_line

EARLIEST = dt.date(1980, 1, 1)
ERROR_REASON_MAX = 500  # the `error_reason` columns


def typed_day(
    errors: FieldErrors, text: str, field: str, locale: str, today: dt.date
) -> dt.date | None:
    """The day typed (today if left empty), or None with its error kept in `errors`."""
    if not text.strip():
        return today
    day, error = parse_date(text, field, locale)
    if error is None:
        error = check_past_date(day, field, today, EARLIEST)
    if error is not None:
        errors.keep(None, error)
        return None
    return day


def error_reason(text: str) -> str:
    """Why a record is struck out: required, one line, as `error_reason` holds it."""
    errors = FieldErrors()
    why, error = clean_line(text, "reason", max_length=ERROR_REASON_MAX)
    errors.keep(why, error)
    if why is None and error is None:
        errors.add(ErrorCode.REQUIRED, "reason")
    errors.raise_if_any()
    assert why is not None
    return why
