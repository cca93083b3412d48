"""Cleaning free text from people and files, and the normalised keys that search uses.

The keys (`search_key`, `search_tokens`, `sign_tokens`) are defined beside the models in
`db.search_keys`, because the stored search terms and the migrations that build them must use
exactly the same.
"""

from __future__ import annotations

import unicodedata

import regex

from clinic.common.errors import ErrorCode, FieldError
from db.search_keys import search_key, search_tokens, sign_tokens

__all__ = ["clean_line", "clean_note", "search_key", "search_tokens", "sign_tokens", "whole_number"]

# Control, format, surrogate, private-use and unassigned characters, and line and paragraph
# separators; not the whitespace that pasting brings (collapsed to spaces). The `regex` module's
# Unicode data is newer than this Python's, so an emoji of this year is not taken for unassigned.
_REFUSED = regex.compile(r"(?![\n\r\t])[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]")

# The invisible format characters (Cf) that real text needs, each only where it does something;
# anywhere else they would make two texts that look the same differ. Bidi controls (U+202E...),
# which can make text on screen lie, are never among them.
_NEEDED_FORMAT = regex.compile(
    r"""
    # A joiner after a virama: Indic half forms and conjuncts (RFC 5892, A.1 and A.2).
      (?<= \p{ccc=Virama} ) [\u200C\u200D]
    # A non-joiner between letters that would join: Persian, Arabic, Syriac (RFC 5892, A.1).
    | (?<= [\p{jt=L}\p{jt=D}] \p{jt=T}* ) \u200C (?= \p{jt=T}* [\p{jt=R}\p{jt=D}] )
    # A joiner inside an emoji ZWJ sequence, e.g. woman + skin tone + ZWJ + staff of Aesculapius
    # (Unicode TS 51, ED-16).
    | (?<= \p{Extended_Pictographic} [\p{Emoji_Modifier}\uFE0F]* ) \u200D
      (?= \p{Extended_Pictographic} )
    # The tags of a subdivision flag such as Scotland's, after its black flag (TS 51, ED-14a).
    | (?<= \p{Extended_Pictographic} ) [\U000E0020-\U000E007E]+ \U000E007F
    """,
    regex.VERBOSE,
)


def clean_line(
    value: str | None, field: str, *, max_length: int
) -> tuple[str | None, FieldError | None]:
    """Normalise a one-line text field; return (value, None) or (None, error).

    Empty or blank text is `None` (the field was left out). Control characters, and text longer
    than `max_length` characters, are refused rather than silently cut. The joiners and tags of
    emoji and of scripts that need them are kept where they belong (`_NEEDED_FORMAT`).
    """
    if value is None:
        return None, None
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        return None, None
    if _REFUSED.search(_NEEDED_FORMAT.sub("", text)):
        return None, FieldError(ErrorCode.CONTROL_CHARACTERS, field)
    if len(text) > max_length:
        return None, FieldError(ErrorCode.TOO_LONG, field, {"max": max_length})
    return " ".join(text.split()), None


def clean_note(value: str | None, field: str, *, max_length: int) -> tuple[str, FieldError | None]:
    """Normalise a free note of several lines; return (text, None) or ("", error).

    The note is kept as written, in any script: lines and indentation stay, line ends become
    `\\n`, only the blank space around the whole note goes. Control characters are refused as in
    `clean_line`; so is a note longer than `max_length` characters, rather than cut.
    """
    if value is None:
        return "", None
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.strip().split("\n"))
    if _REFUSED.search(_NEEDED_FORMAT.sub("", text)):
        return "", FieldError(ErrorCode.CONTROL_CHARACTERS, field)
    if len(text) > max_length:
        return "", FieldError(ErrorCode.TOO_LONG, field, {"max": max_length})
    return text, None


def whole_number(text: str) -> bool:
    """Plain digits, few enough to be a count (Python refuses to read 4,300 digits)."""
    return text.isascii() and text.isdigit() and len(text) <= 9
