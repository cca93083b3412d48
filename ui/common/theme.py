"""Soglia's look, defined once: palette, spacing, status colours, the error colour and icons.

Every screen takes its colours from here so that later screens inherit one calm, consistent look.
`apply()` sets the application's style (Fusion, the same on every platform, and the one that
follows a palette fully) and a light or dark palette as the system asks. The other colours come
in (light, dark) pairs and follow the palette in force, so they stay readable in both schemes.
Icons come from one set (Material Design Icons, `glyphs.py`), tinted like the text.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication


class Status(Enum):
    """What a row or a word says about urgency; always shown with words too (colour-blind users)."""

    OVERDUE = "overdue"
    DUE = "due"
    UPCOMING = "upcoming"
    WARNING = "warning"
    OK = "ok"


# (light, dark) background tints and the error text colour; soft enough to read text on.
_STATUS_BACKGROUND: dict[Status, tuple[str, str]] = {
    Status.OVERDUE: ("#f8d7da", "#5c2328"),
    Status.DUE: ("#fff3cd", "#5a4a1a"),
    Status.UPCOMING: ("#e7f1fb", "#1f3a56"),
    Status.WARNING: ("#ffe5cc", "#5a3a1a"),
    Status.OK: ("#e3f4e8", "#1f4a2c"),
}
_ERROR_TEXT = ("#b00020", "#ff8a80")
_DONE_TEXT = ("#1e6b34", "#7fd69a")  # a step done, a check that passed

SPACING = 8  # between related widgets
GROUP_SPACING = 2 * SPACING  # between groups of widgets
STYLE = "Fusion"

# The palette roles Soglia sets, (light, dark); the rest Qt derives from these.
_PALETTE: dict[QPalette.ColorRole, tuple[str, str]] = {
    QPalette.ColorRole.Window: ("#f4f5f7", "#1f2227"),
    QPalette.ColorRole.WindowText: ("#1f2328", "#e6e8eb"),
    QPalette.ColorRole.Base: ("#ffffff", "#17191d"),
    QPalette.ColorRole.AlternateBase: ("#f6f7f9", "#1d2025"),
    QPalette.ColorRole.Text: ("#1f2328", "#e6e8eb"),
    QPalette.ColorRole.Button: ("#eceef1", "#2b2f36"),
    QPalette.ColorRole.ButtonText: ("#1f2328", "#e6e8eb"),
    QPalette.ColorRole.ToolTipBase: ("#fffbe6", "#2b2f36"),
    QPalette.ColorRole.ToolTipText: ("#1f2328", "#e6e8eb"),
    QPalette.ColorRole.PlaceholderText: ("#5f6670", "#9aa1ab"),
    QPalette.ColorRole.Highlight: ("#2d6aa6", "#4a86c5"),
    QPalette.ColorRole.HighlightedText: ("#ffffff", "#0d1014"),
    QPalette.ColorRole.Link: ("#235c93", "#8ab8e8"),
    QPalette.ColorRole.BrightText: ("#ffffff", "#ffffff"),
}
_DISABLED_TEXT = ("#8a9099", "#6c737d")


def system_is_dark() -> bool:
    """True when the system asks for a dark colour scheme (Qt 6.5+ knows it)."""
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return False
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def palette(dark: bool) -> QPalette:
    """Soglia's palette, light or dark."""
    made = QPalette(
        QColor(_PALETTE[QPalette.ColorRole.Button][dark]),
        QColor(_PALETTE[QPalette.ColorRole.Window][dark]),
    )
    for role, pair in _PALETTE.items():
        made.setColor(role, QColor(pair[dark]))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        made.setColor(QPalette.ColorGroup.Disabled, role, QColor(_DISABLED_TEXT[dark]))
    return made


def apply(app: QApplication, scheme: Qt.ColorScheme | None = None) -> None:
    """Give the application Soglia's style and palette: `scheme`, else the system's."""
    if app.style().name().lower() != STYLE.lower():
        app.setStyle(STYLE)
    dark = system_is_dark() if scheme is None else scheme == Qt.ColorScheme.Dark
    app.setPalette(palette(dark))


def follow_system(app: QApplication) -> None:
    """Apply the look now and again whenever the system switches between light and dark."""
    apply(app)
    app.styleHints().colorSchemeChanged.connect(lambda scheme: apply(app, scheme))


def dark_mode() -> bool:
    """True when the palette in force is dark (Soglia's, or the system's before `apply()`)."""
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return False
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def _pick(pair: tuple[str, str]) -> QColor:
    return QColor(pair[1] if dark_mode() else pair[0])


def status_background(status: Status) -> QColor:
    """The background tint of a row or cell in `status`."""
    return _pick(_STATUS_BACKGROUND[status])


def error_colour() -> QColor:
    """The colour of an error message under a field."""
    return _pick(_ERROR_TEXT)


def done_colour() -> QColor:
    """The colour of a tick: a step done."""
    return _pick(_DONE_TEXT)


def hint_colour() -> QColor:
    """Quiet text beside the main text (a key hint): the palette's placeholder colour."""
    return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)


def icon(name: str, colour: QColor | None = None) -> QIcon:
    """An icon of Soglia's one set ("mdi6.cog"), tinted like the text unless `colour` is given.
    (`glyphs` is imported with the desk, not with the login window, which has no icon.)"""
    from ui.common.glyphs import glyph_icon

    palette = QGuiApplication.palette()
    text = palette.color(QPalette.ColorRole.WindowText)
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    return glyph_icon(name, colour or text, disabled)


# The icons of the places and actions of the desk, named once (Material Design Icons 6).
ICONS = {
    "reception": "mdi6.account-search-outline",
    "vaccinations": "mdi6.needle",
    "administration": "mdi6.shield-account-outline",
    "follow_up": "mdi6.clipboard-check-outline",
    "settings": "mdi6.cog-outline",
    "lock": "mdi6.lock-outline",
    "log_out": "mdi6.logout",
    "quit": "mdi6.exit-to-app",
    "find": "mdi6.magnify",
    "keys": "mdi6.keyboard-outline",
    "about": "mdi6.information-outline",
    "staff": "mdi6.account-multiple-plus-outline",
    "stock": "mdi6.fridge-outline",
    "sessions": "mdi6.map-marker-path",
    "new_person": "mdi6.account-plus-outline",
    "done": "mdi6.check-circle",
    "to_do": "mdi6.circle-outline",
}
