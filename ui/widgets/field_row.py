"""A form field with its error message right under it."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from clinic.errors import FieldError, KnownError, ValidationError
from clinic.i18n import Translator
from clinic.messages import error_text, field_errors
from ui import theme


class FieldWithError(QWidget):
    """Wraps an input; `set_error()` shows a message under it without touching what was typed."""

    def __init__(self, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setStyleSheet(f"color: {theme.error_colour().name()};")
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
