"""Soglia's icons: glyphs of Material Design Icons 6, drawn by Qt from the font qtawesome ships.

The font file and its map of names come from the qtawesome package, which keeps them current;
its Python code is not imported. Through qtpy it star-imports QtCore, QtGui, QtWidgets and
QtOpenGL, which makes every class of each in calls that never let go of Python's interpreter
lock (some 130 ms: the login window froze while the password was being checked), and its first
icon loads all twelve of its fonts (some 80 ms more). Soglia uses one set of fifteen glyphs.

A glyph is drawn as qtawesome draws it: centred, at 7/8 of the icon's height, in the colour of
the icon's mode (the disabled colour when the widget is disabled).
"""

from __future__ import annotations

import functools
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QIconEngine, QPainter, QPixmap

PREFIX = "mdi6."
_FONT_GLOB = "materialdesignicons6-webfont-*.ttf"
_HEIGHT_SHARE = 0.875


@dataclass(frozen=True)
class _GlyphSet:
    family: str
    codes: dict[str, int]


class UnknownIconError(LookupError):
    """A name that is not a glyph of the set (a typo in the code: every name is in theme.ICONS)."""


def glyph_icon(name: str, colour: QColor, disabled: QColor) -> QIcon:
    """The icon of glyph `name` ("mdi6.cog-outline") in `colour`, `disabled` when disabled."""
    glyphs = _glyph_set()
    short = name.removeprefix(PREFIX)
    if not name.startswith(PREFIX) or short not in glyphs.codes:
        raise UnknownIconError(name)
    engine = _GlyphEngine(glyphs.family, chr(glyphs.codes[short]), colour, disabled)
    return QIcon(engine)


class _GlyphEngine(QIconEngine):
    def __init__(self, family: str, character: str, colour: QColor, disabled: QColor) -> None:
        super().__init__()
        self._family = family
        self._character = character
        self._colour = QColor(colour)
        self._disabled = QColor(disabled)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        font = QFont(self._family)
        font.setPixelSize(max(1, round(_HEIGHT_SHARE * rect.height())))
        painter.save()
        painter.setFont(font)
        painter.setPen(self._disabled if mode == QIcon.Mode.Disabled else self._colour)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self._character)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        drawn = QPixmap(size)
        drawn.fill(Qt.GlobalColor.transparent)
        painter = QPainter(drawn)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return drawn

    def clone(self) -> QIconEngine:
        """The copy Qt asks for when an icon copied in Python is changed (`addPixmap`). Qt owns
        and deletes it, but PySide cannot tell: kept referenced here, or Python would free it
        under Qt (a crash). Rare and small: nothing in Soglia changes an icon."""
        copy = _GlyphEngine(self._family, self._character, self._colour, self._disabled)
        _CLONES.append(copy)
        return copy


_CLONES: list[_GlyphEngine] = []


@functools.cache
def _glyph_set() -> _GlyphSet:
    """The font registered with Qt (from its bytes: no path that Windows could refuse) and the
    code point of each name; once per process, on the GUI thread."""
    font_file, codes = read_font()
    font_id = QFontDatabase.addApplicationFontFromData(font_file.read_bytes())
    families = QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        raise OSError(f"the icon font {font_file.name} could not be loaded")
    return _GlyphSet(families[0], codes)


@functools.cache
def read_font() -> tuple[Path, dict[str, int]]:
    """The font file and the code point of each of its ~7,000 names. No Qt: the desk's preload
    thread reads it while the login window waits, so the first icon only registers the font."""
    font_file = _font_file()
    charmap = font_file.with_name(font_file.name.replace("-webfont-", "-webfont-charmap-"))
    names = json.loads(charmap.with_suffix(".json").read_text("utf-8"))
    return font_file, {name: int(code, 16) for name, code in names.items()}


def _font_file() -> Path:
    """qtawesome's copy of the font, found without importing the package (see above)."""
    spec = importlib.util.find_spec("qtawesome")
    if spec is None or not spec.submodule_search_locations:
        raise OSError("the qtawesome package, which holds the icon font, is not installed")
    fonts = Path(next(iter(spec.submodule_search_locations))) / "fonts"
    found = sorted(fonts.glob(_FONT_GLOB), key=_version)
    if not found:
        raise OSError(f"no icon font {_FONT_GLOB} in {fonts}")
    return found[-1]


def _version(font_file: Path) -> tuple[int, ...]:
    """`materialdesignicons6-webfont-6.9.96.ttf` -> (6, 9, 96): the newest last, 6.10 after 6.9."""
    numbers = font_file.stem.rsplit("-", 1)[-1].split(".")
    return tuple(int(n) for n in numbers if n.isdigit())
