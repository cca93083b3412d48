"""Cleaning free text from people and files, and the normalised keys that search uses.

Search must treat `Élodie`, `elodie` and `e` + combining accent as the same, which SQLite's
`LIKE` does not (reliability.md trap 9), so every searchable text is stored beside a key:
NFKD, combining marks dropped, case folded.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

from clinic.errors import FieldError

_ALLOWED_CONTROL = frozenset("\n\r\t")  # whitespace that pasting brings; collapsed to spaces
_WORD = re.compile(r"\w+")


def clean_line(
    value: str | None, field: str, *, max_length: int
) -> tuple[str | None, FieldError | None]:
    """Normalise a one-line text field; return (value, None) or (None, error).

    Empty or blank text is `None` (the field was left out). Control characters, and text longer
    than `max_length` characters, are refused rather than silently cut.
    """
    if value is None:
        return None, None
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        return None, None
    if any(_is_control(ch) for ch in text):
        return None, FieldError("control_characters", field)
    if len(text) > max_length:
        return None, FieldError("too_long", field, {"max": max_length})
    return " ".join(text.split()), None


def _is_control(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") and ch not in _ALLOWED_CONTROL


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
