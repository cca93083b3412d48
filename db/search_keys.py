"""The normalised words by which a person is found, as stored in `search_term`.

Search must treat `Élodie`, `elodie` and `e` + combining accent as the same, which SQLite's
`LIKE` does not (reliability.md trap 9), so every word a person can be found by is stored as a
key: NFKD, combining marks dropped, case folded. They live beside the models because the stored
terms and the migrations that build them must use exactly these keys.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

_WORD = re.compile(r"\w+")


def search_key(text: str) -> str:
    """Accent- and case-insensitive key: `Élodie`, `ELODIE`, `élodie` all give `elodie`."""
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return unicodedata.normalize("NFKC", "".join(_plain_latin(ch) for ch in folded))


def _plain_latin(ch: str) -> str:
    # `ı`, `ł`, `ø`, `đ`, `æ` carry their mark inside the letter, so NFKD leaves them whole: key
    # them as the plain letters a keyboard without them types (`Yılmaz` is found by `yilmaz`).
    if ch.isascii() or not unicodedata.name(ch, "").startswith("LATIN "):
        return ch
    return anyascii(ch).casefold() or ch


def search_tokens(text: str) -> list[str]:
    """The distinct words of `text` as search keys, in order; punctuation separates words."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(search_key(text)):
        seen.setdefault(word, None)
    return list(seen)


def person_terms(code: str, alias: str | None, birth_year: int | None) -> tuple[str, ...]:
    """Every term a person is found by: the words of the code and alias, and the birth year.

    A word written with punctuation inside is also kept whole: `K7MC-Q9XD` gives `k7mc`,
    `q9xd` and `k7mcq9xd`, `O'Brien` gives `o`, `brien` and `obrien`, so either way of typing
    it finds the person.
    """
    terms: dict[str, None] = {}
    for text in (code, alias or ""):
        for chunk in text.split():
            tokens = search_tokens(chunk)
            terms.update(dict.fromkeys(tokens))
            if len(tokens) > 1:
                terms["".join(tokens)] = None
    if birth_year is not None:
        terms[str(birth_year)] = None
    return tuple(terms)
