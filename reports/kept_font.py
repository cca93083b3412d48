"""ReportLab's font over a kept static face, its per-glyph tables read in bulk.

ReportLab reads a face's character map, advance widths and glyph offsets one number at a time,
in Python: for the 3,100 glyphs of each Noto Sans face that is most of what a session's first
card costs beyond drawing it (issue 11). `kept_font` reads the same three tables with `struct`,
into the attributes ReportLab's own `extractInfo` sets, and reads a face it does not expect (a
character map other than format 12, as fontTools writes for the kept faces) the ReportLab way.
A test compares every attribute with ReportLab's reading, so a ReportLab that reads more fails
it instead of drawing wrongly.
"""

from __future__ import annotations

import io
import struct
from fnmatch import fnmatch
from typing import Any
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace

_SEGMENTED_COVERAGE = 12  # the character map format of a face with more than the BMP's


class _KeptFace(TTFontFace):  # type: ignore[misc]  # ReportLab has no type hints
    def extractInfo(self, char_info: int = 1) -> None:
        super().extractInfo(charInfo=0)  # names and metrics: a few dozen numbers
        if char_info and not self._read_in_bulk():
            super().extractInfo(char_info)

    def _read_in_bulk(self) -> bool:
        """Read the character map, widths and glyph offsets; False if the map is unexpected."""
        data = self._ttf_data
        head = self.get_table_pos("head")[0]
        index_format, glyph_format = struct.unpack_from(">hh", data, head + 50)
        character_map = self._unicode_map(data)
        if glyph_format != 0 or character_map is None:
            return False
        self.charToGlyph, self.glyphToChar = character_map
        self._read_widths(data)
        self._read_offsets(data, index_format)
        self._space_is_no_break_space()
        return True

    def _unicode_map(self, data: bytes) -> tuple[dict[int, int], dict[int, list[int]]] | None:
        """Characters to glyphs and back, from the subtable ReportLab would choose."""
        start = self.get_table_pos("cmap")[0]
        offset = _chosen_subtable(data, start)
        if offset is None or struct.unpack_from(">H", data, start + offset)[0] != 12:
            return None
        groups = struct.unpack_from(">L", data, start + offset + 12)[0]
        numbers = struct.unpack_from(f">{3 * groups}L", data, start + offset + 16)
        to_glyph: dict[int, int] = {}
        to_characters: dict[int, list[int]] = {}
        for first, last, glyph in zip(numbers[::3], numbers[1::3], numbers[2::3], strict=True):
            for character in range(first, last + 1):
                to_glyph[character] = character + glyph - first
                to_characters.setdefault(character + glyph - first, []).append(character)
        return to_glyph, to_characters

    def _read_widths(self, data: bytes) -> None:
        scale = self._pdfScale
        metrics_count = struct.unpack_from(">H", data, self.get_table_pos("hhea")[0] + 34)[0]
        start = self.get_table_pos("hmtx")[0]
        pairs = struct.unpack_from(f">{2 * metrics_count}H", data, start)
        rest = self.numGlyphs - metrics_count
        bearings = struct.unpack_from(f">{rest}H", data, start + 4 * metrics_count)
        widths: dict[int, float] = {}
        self.charWidths = widths
        self.hmetrics = list(zip(pairs[::2], pairs[1::2], strict=True))
        self.defaultWidth = scale(pairs[0])
        for glyph, (advance, _bearing) in enumerate(self.hmetrics):
            for character in self.glyphToChar.get(glyph, ()):
                widths[character] = scale(advance)
        last = scale(pairs[-2])  # ReportLab keeps the last advance, scaled, for the rest
        self.hmetrics += [(last, bearing) for bearing in bearings]
        for glyph in range(metrics_count, self.numGlyphs):
            for character in self.glyphToChar.get(glyph, ()):
                widths[character] = last

    def _read_offsets(self, data: bytes, index_format: int) -> None:
        start = self.get_table_pos("loca")[0]
        count = self.numGlyphs + 1
        if index_format == 0:
            self.glyphPos = [half << 1 for half in struct.unpack_from(f">{count}H", data, start)]
        else:
            self.glyphPos = list(struct.unpack_from(f">{count}L", data, start))

    def _space_is_no_break_space(self) -> None:
        """ReportLab draws a no-break space as a space (or the other way round)."""
        glyphs, widths = self.charToGlyph, self.charWidths
        if 0x20 in glyphs:
            glyphs[0xA0], widths[0xA0] = glyphs[0x20], widths[0x20]
        elif 0xA0 in glyphs:
            glyphs[0x20], widths[0x20] = glyphs[0xA0], widths[0xA0]


def _chosen_subtable(data: bytes, start: int) -> int | None:
    """The character map subtable ReportLab reads: the last Unicode one of the directory."""
    version, count = struct.unpack_from(">HH", data, start)
    if count == 0 and version != 0:
        count = version
    chosen, kind = None, 0
    directory = data[start + 4 : start + 4 + 8 * count]
    for platform, encoding, offset in struct.iter_unpack(">HHL", directory):
        if platform == 3 or (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
            chosen, kind = offset, 1
        elif platform == 1 and encoding == 0 and kind != 1:
            chosen, kind = offset, 2
    return chosen if kind == 1 else None


def kept_font(name: str, data: bytes) -> Any:
    """A ReportLab `TTFont` named `name` over the TrueType file `data`, as `TTFont` makes it."""
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = _KeptFace(io.BytesIO(data))
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
    return font
