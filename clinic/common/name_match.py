"""How well a name in a long list (languages, countries, time zones) matches what was typed.

Typing `Roman` must offer Romanian before Aromanian: a name that starts with the typed text, or
has a word that does, is what a person means far more often than one that merely contains it.
Accents and case are ignored (`francais` finds Français), with the same keys as search.
"""

from __future__ import annotations

import re
from enum import IntEnum

from clinic.common.text import search_key


class Match(IntEnum):
    """Better matches are smaller, so they sort first."""

    WHOLE = 0  # the name itself: `Guinea` for `guinea`
    START = 1  # the name starts with it: `Romanian` for `roman`
    WORD = 2  # one of its words starts with it: `Guinea-Bissau` for `bissau`
    INSIDE = 3  # anywhere else: `Aromanian` for `roman`


def name_match(typed: str, name: str) -> Match | None:
    """How `name` matches `typed`, or None when it does not contain it at all.

    Blank text matches every name as a whole, so an unfiltered list keeps its order.
    """
    needle = search_key(typed.strip())
    if not needle:
        return Match.WHOLE
    key = search_key(name)
    if key == needle:
        return Match.WHOLE
    if key.startswith(needle):
        return Match.START
    if re.search(r"(?<!\w)" + re.escape(needle), key):
        return Match.WORD
    return Match.INSIDE if needle in key else None
