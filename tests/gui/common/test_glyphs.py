"""The desk's icons: each named glyph drawn from the icon font, in the colour asked for."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QImage

from ui.common import theme
from ui.common.glyphs import UnknownIconError, glyph_icon

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
