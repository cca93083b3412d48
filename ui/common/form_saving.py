"""Form dialogs: laid out the same way, and saved through `ui.operations` (one write, with a
refusal shown next to its field, Save and Cancel held while it runs, and the form kept)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLayout, QVBoxLayout


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
