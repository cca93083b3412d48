"""Cleaning free text from people and files, and the normalised keys that search uses.

The keys (`search_key`, `search_tokens`, `sign_tokens`) are defined beside the models in
`db.search_keys`, because the stored search terms and the migrations that build them must use
exactly the same.
"""

from __future__ import annotations

import unicodedata

from clinic.errors import FieldError
from db.search_keys import search_key, search_tokens, sign_tokens

__all__ = ["clean_line", "search_key", "search_tokens", "sign_tokens"]

_ALLOWED_CONTROL = frozenset("\n\r\t")  # whitespace that pasting brings; collapsed to spaces


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
