"""The normalised words by which a person is found, as stored in `search_term`.

Search must treat `Élodie`, `elodie` and `e` + combining accent as the same, which SQLite's
`LIKE` does not (reliability.md trap 9), so every word a person can be found by is stored as a
key: NFKD, combining marks dropped, case folded. They live beside the models because the stored
terms and the migrations that build them must use exactly these keys.

Signs are terms too: an alias made of `%`, `\\` or an emoji is found by typing it, so each run
of signs in an alias (`%` in `50%`, `🌸` in `Rosa🌸`) is kept as a term, compared literally.
Every term and key is cut to `TERM_MAX` characters, the column's width (NFKD can make one
character eighteen); a key cut the same way still finds the term by its start.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

_WORD = re.compile(r"\w+")
_SIGNS = re.compile(r"[^\w\s]+")
TERM_MAX = 80  # the width of `search_term.term`
# Invisible characters that only join letters or pick a glyph's form (ZWNJ, ZWJ, variation
# selectors): a word typed with or without them is the same word (`❤️` and `❤`).
_INVISIBLE = dict.fromkeys([0x200C, 0x200D, *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)])


def search_key(text: str) -> str:
    """Accent- and case-insensitive key: `Élodie`, `ELODIE`, `élodie` all give `elodie`."""
    decomposed = unicodedata.normalize("NFKD", text).translate(_INVISIBLE)
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
    return _distinct(_WORD.findall(search_key(text)))


def sign_tokens(text: str) -> list[str]:
    """The distinct runs of signs of `text` (neither letters, digits nor spaces), as keys."""
    return _distinct(_SIGNS.findall(search_key(text)))


def _distinct(keys: list[str]) -> list[str]:
    return list(dict.fromkeys(key[:TERM_MAX] for key in keys))


def person_terms(code: str, alias: str | None, birth_year: int | None) -> tuple[str, ...]:
    """Every term a person is found by: the words of the code and alias, the alias's runs of
    signs (not the code's: its dashes and slashes are layout) and the birth year.

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
                terms["".join(tokens)[:TERM_MAX]] = None
    terms.update(dict.fromkeys(sign_tokens(alias or "")))
    if birth_year is not None:
        terms[str(birth_year)] = None
    return tuple(terms)
