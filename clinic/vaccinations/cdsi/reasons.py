"""The fixed words of a result: why a dose is not valid, and the series statuses.

The UI translates these, so the set is small, stable and listed here once. They follow the
evaluation reasons and patient series statuses of CDSi 4.6 (tables 3-1 to 3-3, 6-13 to 6-31).
"""

from __future__ import annotations

from typing import Final

TOO_YOUNG: Final = "too young"
"""Given before the absolute minimum age of the target dose (grace included)."""
TOO_OLD: Final = "too old"
"""Given on or after the maximum age of the target dose: extraneous, not to be repeated."""
INTERVAL_TOO_SHORT: Final = "interval too short"
"""Given before the absolute minimum interval from a previous dose (grace included)."""
NOT_ALLOWABLE: Final = "not an allowable vaccine"
"""The product (or the age at which it was given) does not count for the target dose."""
INADVERTENT: Final = "inadvertent vaccine"
"""A product that must never be given for this series (e.g. bivalent HPV to a male)."""
EXTRANEOUS: Final = "extraneous"
"""The series was already complete: the dose was not needed and does not count."""
OTHER_GROUP: Final = "not for this vaccine group"
"""The product holds no antigen of the vaccine group asked about."""

REASONS: Final = (
    TOO_YOUNG,
    TOO_OLD,
    INTERVAL_TOO_SHORT,
    NOT_ALLOWABLE,
    INADVERTENT,
    EXTRANEOUS,
    OTHER_GROUP,
)

COMPLETE: Final = "complete"
NOT_COMPLETE: Final = "not_complete"
AGED_OUT: Final = "aged_out"
NOT_RECOMMENDED: Final = "not_recommended"
"""Only reachable through risk-series observations: every remaining dose may be skipped."""

SERIES_STATUSES: Final = (COMPLETE, NOT_COMPLETE, AGED_OUT, NOT_RECOMMENDED)
