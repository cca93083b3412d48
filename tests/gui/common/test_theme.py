"""The look: readable colours in the light and the dark scheme, the tints following the palette
in force, and one style applied to the whole application."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit

from clinic.i18n.translator import translator
from ui.common import theme
from ui.common.field_row import FieldWithError
from ui.common.row_table_model import Column, RowTableModel
from ui.common.table_view import row_table

AA = 4.5  # WCAG 2 level AA, normal text


def contrast(one: QColor, other: QColor) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""

    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture(params=[Qt.ColorScheme.Light, Qt.ColorScheme.Dark], ids=["light", "dark"])
def scheme(request, qapp) -> Iterator[Qt.ColorScheme]:
    """The application in the given scheme, as if the system asked for it; light again after."""
    theme.apply(qapp, request.param)
    yield request.param
    theme.apply(qapp, Qt.ColorScheme.Light)


def test_the_application_gets_one_style_and_the_schemes_palette(qapp, scheme):
    assert qapp.style().name().lower() == theme.STYLE.lower()
    window = QApplication.palette().color(QPalette.ColorRole.Window)
    assert (window.lightness() < 128) == (scheme == Qt.ColorScheme.Dark)
    assert theme.dark_mode() == (scheme == Qt.ColorScheme.Dark)


@pytest.mark.parametrize(
    ("foreground", "background"),
    [
        (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
        (QPalette.ColorRole.Text, QPalette.ColorRole.AlternateBase),
        (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
        (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
        (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
        (QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Base),
        (QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Window),
        (QPalette.ColorRole.ToolTipText, QPalette.ColorRole.ToolTipBase),
        (QPalette.ColorRole.Link, QPalette.ColorRole.Base),
    ],
)
def test_text_is_readable_on_its_background_in_both_schemes(scheme, foreground, background):
    palette = QApplication.palette()
    assert contrast(palette.color(foreground), palette.color(background)) >= AA


@pytest.mark.parametrize("status", list(theme.Status))
def test_a_tinted_row_is_readable_in_both_schemes(qtbot, scheme, status):
    model = RowTableModel([Column(lambda: "Status", lambda row: row)], lambda _row: status)
    model.set_rows(["Overdue"])
    view, _proxy = row_table(model, "tinted")
    qtbot.addWidget(view)
    tint = model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole)
    text = view.palette().color(QPalette.ColorRole.Text)
    assert contrast(text, tint) >= AA


def test_an_error_under_a_field_is_readable_in_both_schemes(qtbot, scheme):
    row = FieldWithError(QLineEdit())
    qtbot.addWidget(row)
    row.set_error(translator("en").gettext("Choose a time zone from the list."))
    row.error.ensurePolished()
    shown = row.error.palette().color(QPalette.ColorRole.WindowText)
    for background in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        assert contrast(shown, QApplication.palette().color(background)) >= AA
    assert shown == theme.error_colour()


def test_icons_are_tinted_like_the_text(qapp, scheme):
    image = theme.icon(theme.ICONS["settings"]).pixmap(32, 32).toImage()
    inked = [
        image.pixelColor(x, y)
        for x in range(32)
        for y in range(32)
        if image.pixelColor(x, y).alpha() == 255
    ]
    assert inked, "the icon draws something"
    text = QApplication.palette().color(QPalette.ColorRole.WindowText)
    assert all(colour.rgb() == text.rgb() for colour in inked)
