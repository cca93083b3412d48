"""Form dialogs: laid out the same way, and saved in one write transaction with a refusal
shown next to its field and the form kept."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLayout, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from clinic.audit.transactions import writing
from clinic.common.errors import KnownError
from ui.common import messages
from ui.common.field_row import FieldWithError, show_field_errors
from ui.context import DeskContext

T = TypeVar("T")


def form_dialog_layout(
    dialog: QDialog, form: QLayout, save: Callable[[], object], save_text: str = ""
) -> QDialogButtonBox:
    """The form above Save (or `save_text`) and Cancel; Enter saves, Escape cancels."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    if save_text:
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(save_text)
    buttons.accepted.connect(lambda: save())
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(buttons)
    return buttons


def save_form(
    ctx: DeskContext,
    parent: QWidget,
    rows: Mapping[str, FieldWithError],
    work: Callable[[Session], T],
) -> T | None:
    """`work` in a write transaction; on a known error, None and the message where it belongs
    (under its field, or in a message box when no field of the form is concerned)."""
    try:
        with writing(ctx.database, ctx.clock) as session:
            return work(session)
    except KnownError as error:
        if not show_field_errors(ctx.t, rows, error):
            messages.show_error(parent, ctx.t, error)
        return None
