"""A form field with its error message right under it."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget, QWizard

from clinic.common.errors import FieldError, KnownError, ValidationError
from clinic.i18n.messages import error_text, field_errors
from clinic.i18n.translator import Translator
from ui.common.theme import error_colour


class FieldWithError(QWidget):
    """Wraps an input; `set_error()` shows a message under it without touching what was typed."""

    def __init__(self, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        palette = self.error.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_colour())
        self.error.setPalette(palette)
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field)
        layout.addWidget(self.error)

    def set_error(self, text: str | None) -> None:
        self.error.setText(text or "")
        self.error.setVisible(bool(text))
        self.field.setProperty("invalid", bool(text))
        self.field.setAccessibleDescription(text or "")
        if text:
            _make_room_later(self)


def _make_room_later(widget: QWidget) -> None:
    """Let a dialog grow so that a message which wraps fits under its field.

    Qt sizes a window by its layouts' minimum sizes, which ignore a wrapped label's
    height-for-width: a dialog that was just tall enough squeezed the field above the message
    to a thin line and cut the message. Measured once the event loop has laid out every message
    set in the same go (a form shows several at once).
    """
    window = widget.window()
    if isinstance(window, QDialog) and window.isVisible():  # one not shown yet is sized when shown
        QTimer.singleShot(0, window, lambda: _make_room(window))


def _make_room(window: QDialog) -> None:
    # A wizard lays its page out in a layout of its own, which knows nothing of height-for-width.
    parts = [window, window.currentPage()] if isinstance(window, QWizard) else [window]
    parts = [part for part in parts if part is not None]
    deficit = max(_missing_height(part) for part in parts)
    if deficit > 0:
        screen = window.screen().availableGeometry().height()
        window.resize(window.width(), min(window.height() + deficit, screen))
    for part in parts:  # a form layout kept the height of a shorter message: lay out afresh
        if (layout := part.layout()) is not None:
            layout.invalidate()
            layout.activate()


def _missing_height(widget: QWidget) -> int:
    if not widget.hasHeightForWidth():
        return 0
    return widget.heightForWidth(widget.width()) - widget.height()


def show_field_errors(
    t: Translator, rows: Mapping[str, FieldWithError], error: KnownError | None
) -> bool:
    """Show each field's first problem under it and clear the others' messages.

    Returns False when the error concerns no row here (the caller shows it in a message box).
    """
    items: dict[str | None, KnownError | FieldError] = {}
    if isinstance(error, ValidationError):
        items = dict(field_errors(error))
    elif error is not None:
        items = {error.field: error}
    for name, row in rows.items():
        row.set_error(error_text(t, items[name]) if name in items else None)
    return error is None or any(name in rows for name in items)
