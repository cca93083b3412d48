"""User text as a report can print it: what its font has no glyph for is said, not dropped.

Noto Sans draws Latin, Greek and Cyrillic (and more), but not Chinese, Arabic, Hebrew or
Ethiopic: ReportLab draws such characters as nothing, so a clinic or product name written in
them would silently vanish from the card. Each run of such characters, with the spaces and
joiners inside it, becomes one plain note in the report's language instead.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics

_DRAWN, _NEUTRAL, _SPACE, _MISSING = "d", "n", "s", "m"
# A run starts and ends with a missing character (spaces and joiners between two are inside it),
# then takes the joiners and marks that follow it, which belong to its last character.
_MISSING_RUN = re.compile(f"{_MISSING}(?:[{_MISSING}{_SPACE}{_NEUTRAL}]*{_MISSING})?{_NEUTRAL}*")
# Joiners, variation selectors, combining marks, skin tones: drawn with what they stand beside.
_NEUTRAL_CATEGORIES = frozenset({"Cc", "Cf", "Mn", "Me", "Sk"})


def printable_markup(text: str, font_name: str, note: str) -> str:
    """`text` escaped for a Paragraph, each run that `font_name` cannot draw replaced by `note`."""
    return "".join(escape(part) for part in _printable_parts(text, font_name, note))


def printable_text(text: str, font_name: str, note: str) -> str:
    """`text` as drawn in plain strings (a chart's labels), the same runs replaced by `note`."""
    return "".join(_printable_parts(text, font_name, note))


def _printable_parts(text: str, font_name: str, note: str) -> list[str]:
    kinds = "".join(_kind(ch, font_name) for ch in text)
    parts: list[str] = []
    start = 0
    for run in _MISSING_RUN.finditer(kinds):
        parts += [text[start : run.start()], note]
        start = run.end()
    parts.append(text[start:])
    return parts


def _kind(ch: str, font_name: str) -> str:
    if ch.isspace():
        return _SPACE
    if unicodedata.category(ch) in _NEUTRAL_CATEGORIES:
        return _NEUTRAL
    return _DRAWN if ord(ch) in _glyphs(font_name) else _MISSING


@cache
def _glyphs(font_name: str) -> frozenset[int]:
    """The code points the registered font `font_name` has a glyph for."""
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)
