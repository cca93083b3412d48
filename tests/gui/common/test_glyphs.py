"""The desk's icons: each named glyph drawn from the icon font, in the colour asked for."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QImage

from ui.common import theme
from ui.common.glyphs import UnknownIconError, glyph_icon

ROOT = Path(__file__).resolve().parents[3]
SIZE = QSize(32, 32)
RED = QColor("#d00000")
GREY = QColor("#808080")


def drawn(icon: QIcon, mode: QIcon.Mode = QIcon.Mode.Normal) -> QImage:
    return icon.pixmap(SIZE, mode).toImage().convertToFormat(QImage.Format.Format_ARGB32)


def colours(image: QImage) -> set[tuple[int, int, int]]:
    """The colours of the pixels drawn opaque enough to be the glyph, not its soft edge."""
    return {
        (c.red(), c.green(), c.blue())
        for x in range(image.width())
        for y in range(image.height())
        if (c := image.pixelColor(x, y)).alpha() == 255
    }


def test_every_icon_of_the_desk_is_a_glyph_of_its_own(qapp):
    images = {name: drawn(theme.icon(glyph)) for name, glyph in theme.ICONS.items()}
    for name, image in images.items():
        assert colours(image), f"{name}: nothing drawn"
    # A missing font would draw the same empty box for every name.
    different = {bytes(image.constBits()) for image in images.values()}
    assert len(different) == len(images)


def test_a_glyph_is_drawn_in_its_colour_and_greyed_when_disabled(qapp):
    icon = glyph_icon(theme.ICONS["vaccinations"], RED, GREY)
    assert colours(drawn(icon)) == {(0xD0, 0, 0)}
    assert colours(drawn(icon, QIcon.Mode.Disabled)) == {(0x80, 0x80, 0x80)}


@pytest.mark.parametrize("name", ["mdi6.no-such-glyph", "fa5.cog", "cog-outline"])
def test_a_name_outside_the_set_is_refused(qapp, name):
    with pytest.raises(UnknownIconError):
        glyph_icon(name, RED, GREY)


COPIES_CHANGED = """
import gc
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication

app = QApplication([])
from ui.common.glyphs import glyph_icon

def changed_copy():
    icon = glyph_icon("mdi6.lock-outline", QColor("red"), QColor("grey"))
    copy = QIcon(icon)
    copy.addPixmap(QPixmap(8, 8))
    return copy

copies = [changed_copy() for _ in range(50)]
gc.collect()
print("painted", sum(not c.pixmap(QSize(32, 32)).isNull() for c in copies))
"""


def test_icons_copied_and_changed_still_paint():
    """Changing a copy makes Qt clone the glyph's engine, which Qt then owns and keeps using
    after the original icon is gone and Python's collector has run. Freed under Qt, the
    engines' memory is reused and painting crashes the process: run in one of its own."""
    done = subprocess.run(
        [sys.executable, "-c", COPIES_CHANGED],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["painted", "50"]
