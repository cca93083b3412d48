"""Soglia's look, defined once: status colours, spacing and the error colour.

Every screen takes its colours from here so that later screens inherit one calm, consistent look.
Colours come in pairs (light and dark) and follow the system's colour scheme.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication


class Status(Enum):
    """What a row or a word says about urgency; always shown with words too (colour-blind users)."""

    OVERDUE = "overdue"
    DUE = "due"
    UPCOMING = "upcoming"
    WARNING = "warning"
    OK = "ok"


# (light, dark) background tints and the error text colour; soft enough to read black text on.
_STATUS_BACKGROUND: dict[Status, tuple[str, str]] = {
    Status.OVERDUE: ("#f8d7da", "#5c2328"),
    Status.DUE: ("#fff3cd", "#5a4a1a"),
    Status.UPCOMING: ("#e7f1fb", "#1f3a56"),
    Status.WARNING: ("#ffe5cc", "#5a3a1a"),
    Status.OK: ("#e3f4e8", "#1f4a2c"),
}
_ERROR_TEXT = ("#b00020", "#ff8a80")

SPACING = 8  # between related widgets; twice that between groups


def dark_mode() -> bool:
    """True when the system asks for a dark colour scheme (Qt 6.5+ knows it)."""
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return False
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def _pick(pair: tuple[str, str]) -> QColor:
    return QColor(pair[1] if dark_mode() else pair[0])


def status_background(status: Status) -> QColor:
    """The background tint of a row or cell in `status`."""
    return _pick(_STATUS_BACKGROUND[status])


def error_colour() -> QColor:
    """The colour of an error message under a field."""
    return _pick(_ERROR_TEXT)
