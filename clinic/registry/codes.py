"""Pseudonymous codes: the SLK-581 statistical linkage key, or a random card code.

SLK-581 (Australian Institute of Health and Welfare) is built from answers a person gives the same
way at every visit, so reception finds them again without a card: letters 2, 3 and 5 of the family
name, letters 2 and 3 of the given name, the birth date as DDMMYYYY and a sex digit. Only the code
is kept; the names it was computed from are never stored.
"""

from __future__ import annotations

import datetime as dt
import secrets

from anyascii import anyascii

from db.vocabulary.registry import Gender

SLK_LENGTH = 14
_MISSING_LETTER = "2"  # the name is too short to have a letter at this position
_UNKNOWN_NAME = "9"  # the person did not give this name at all

# SLK's sex digit: 1 male, 2 female, 3 another term, 9 not stated. We use the gender the person
# states, so a trans woman is 2 and a trans man is 1, as they would answer at the desk.
_SEX_DIGIT = {
    Gender.WOMAN: "2",
    Gender.TRANS_WOMAN: "2",
    Gender.MAN: "1",
    Gender.TRANS_MAN: "1",
    Gender.NON_BINARY: "3",
    Gender.OTHER: "3",
    Gender.NOT_STATED: "9",
}

# Card codes avoid letters and digits that are easy to confuse (0/O, 1/I/L, 5/S, 2/Z, 8/B, U/V).
CARD_ALPHABET = "346789ACDEFGHJKMNPQRTWXY"
CARD_LENGTH = 8


def name_letters(name: str | None, positions: tuple[int, ...]) -> str:
    """The letters at 1-based `positions` of `name`, transliterated to Latin capitals.

    Non-letters (spaces, hyphens, apostrophes, digits) are dropped before counting.
    """
    if name is None or not name.strip():
        return _UNKNOWN_NAME * len(positions)
    letters = [ch for ch in anyascii(name).upper() if "A" <= ch <= "Z"]
    if not letters:
        return _UNKNOWN_NAME * len(positions)
    return "".join(letters[p - 1] if p <= len(letters) else _MISSING_LETTER for p in positions)


def slk581(family_name: str | None, given_name: str | None, birth: dt.date, gender: Gender) -> str:
    """The 14-character SLK-581 code: Rossi, Maria, 23 May 1985, woman → `OSIAR230519852`."""
    return (
        name_letters(family_name, (2, 3, 5))
        + name_letters(given_name, (2, 3))
        # Not strftime: its %Y gives fewer than four digits for years before 1000 on Linux.
        + f"{birth.day:02d}{birth.month:02d}{birth.year:04d}"
        + _SEX_DIGIT[gender]
    )


def card_code() -> str:
    """A random code to print on a card, shown as two groups of four (`K7M2-Q9XD`)."""
    raw = "".join(secrets.choice(CARD_ALPHABET) for _ in range(CARD_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def with_suffix(code: str, n: int) -> str:
    """The code of the n-th different person who shares a code (n >= 2): `CODE/2`."""
    return f"{code}/{n}"


def code_distance(a: str, b: str) -> int:
    """Levenshtein distance; small distances flag a likely mistyped or misremembered answer."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
