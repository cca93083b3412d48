"""Who is seeing the person: the acting staff member by default."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QWidget

from clinic.staff.members import StaffSummary
from ui.context import DeskContext


class ServeDialog(QDialog):
    def __init__(self, ctx: DeskContext, staff: list[StaffSummary], parent: QWidget | None) -> None:
        super().__init__(parent)
        _ = ctx.t.gettext
        self.setWindowTitle(_("Being seen by"))
        self.staff = QComboBox()
        for member in staff:
            self.staff.addItem(member.display_name, member.id)
        self.staff.setCurrentIndex(max(self.staff.findData(ctx.actor.staff_id), 0))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow(_("&Seen by"), self.staff)
        layout.addRow(buttons)

    def staff_id(self) -> int:
        return int(self.staff.currentData())
