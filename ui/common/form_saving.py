"""Form dialogs: laid out the same way, and saved through `ui.operations` (one write, with a
refusal shown next to its field, Save and Cancel held while it runs, and the form kept)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLayout, QVBoxLayout, QWidget

from clinic.common.errors import KnownError
from ui.common import messages
from ui.common.field_row import FieldWithError, show_field_errors

if TYPE_CHECKING:
    from clinic.i18n.translator import Translator

Failed = Callable[[KnownError], object]


def form_dialog_layout(
    dialog: QDialog, form: QLayout, save: Callable[[], object], save_text: str = ""
) -> QDialogButtonBox:
    """The form above Save (or `save_text`) and Cancel; Enter saves, Escape cancels.

    The box returned is what a `ui.operations.Form` holds while the save runs.
    """
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


class Form(QObject):
    """A form being saved: the rows its errors go under, and the buttons held while it saves.

    While held, the form's window ignores Escape and closing, so a dialog never says
    "cancelled" about a save that is being made.
    """

    def __init__(
        self,
        rows: Mapping[str, FieldWithError],
        buttons: Sequence[QWidget],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.rows = rows
        self.buttons = list(buttons)
        self.busy = False
        self._window: QWidget | None = None

    def hold(self) -> None:
        self.busy = True
        for button in self.buttons:
            button.setEnabled(False)
        if self.buttons:
            self._window = self.buttons[0].window()
            self._window.installEventFilter(self)

    def release(self) -> None:
        self.busy = False
        for button in self.buttons:
            if shiboken6.isValid(button):
                button.setEnabled(True)
        if self._window is not None and shiboken6.isValid(self._window):
            self._window.removeEventFilter(self)
        self._window = None

    def after(self, callback: Callable[[Any], object]) -> Callable[[Any], object]:
        """`callback`, once the buttons are given back (it may close the dialog, or save
        again after a question)."""

        def handle(outcome: object) -> object:
            self.release()
            return callback(outcome)

        return handle

    def failed(self, t: Translator, parent: QWidget | None) -> Failed:
        def show(error: KnownError) -> None:
            if not show_field_errors(t, self.rows, error):
                messages.show_error(parent, t, error)

        return show

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            event.ignore()
            return True
        return isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape
