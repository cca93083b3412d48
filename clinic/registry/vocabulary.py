"""The registry's closed vocabularies, and the reference lists (countries, languages) from Babel.

The enums are defined beside the models (`db.vocabulary.registry`) so the database can check
them; this module is where the rest of the program gets them from.
"""

from __future__ import annotations

from functools import cache

from babel import Locale

from db.vocabulary.registry import (
    CodeScheme,
    ConsentStatus,
    ContactChannel,
    Engagement,
    Gender,
    PersonStatus,
    WorkSetting,
)

__all__ = [
    "CodeScheme",
    "ConsentStatus",
    "ContactChannel",
    "Engagement",
    "Gender",
    "PersonStatus",
    "WorkSetting",
    "country_codes",
    "language_codes",
]


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166 alpha-2 codes Babel names (regions like `150` and `ZZ` excluded)."""
    codes = (str(code) for code in Locale("en").territories)
    return frozenset(code for code in codes if len(code) == 2 and code != "ZZ")


@cache
def language_codes() -> frozenset[str]:
    """Language codes Babel names: ISO 639 (`ro`, `pt`, `tl`) without script or region variants."""
    codes = (str(code) for code in Locale("en").languages)
    return frozenset(code for code in codes if "_" not in code and len(code) <= 3)
