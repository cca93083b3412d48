"""Why the person came today: one or more reasons, each with a number key."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from clinic.common.errors import ValidationError
from clinic.desk.checkin import visit_reasons
from clinic.desk.vocabulary import VisitReason
from clinic.desk.words import REASONS
from ui.common.field_row import FieldWithError, show_field_errors
from ui.common.shortcuts import shortcut
from ui.context import DeskContext


class CheckInDialog(QDialog):
    def __init__(
        self,
        ctx: DeskContext,
        who: str,
        parent: QWidget | None,
        chosen: list[VisitReason] | None = None,
    ) -> None:
        super().__init__(parent)
        _ = ctx.t.gettext
        self._ctx = ctx
        self.setWindowTitle(_("Check in"))
        layout = QVBoxLayout(self)
        heading = QLabel(who)
        heading.setTextFormat(heading.textFormat().PlainText)
        layout.addWidget(heading)
        layout.addWidget(QLabel(_("Reasons for the visit (keys 1 to 6):")))
        self.boxes: dict[VisitReason, QCheckBox] = {}
        boxes = QWidget()
        boxes_layout = QVBoxLayout(boxes)
        for number, (reason, label) in enumerate(REASONS.items(), start=1):
            box = QCheckBox(f"&{number}  {_(label)}")
            box.setChecked(reason in (chosen or ()))
            self.boxes[reason] = box
            boxes_layout.addWidget(box)
            shortcut(str(number), self, box.toggle)
        self.reasons_row = FieldWithError(boxes)
        layout.addWidget(self.reasons_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Check &in"))
        buttons.accepted.connect(self._accept_if_chosen)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> list[VisitReason]:
        return [reason for reason, box in self.boxes.items() if box.isChecked()]

    def _accept_if_chosen(self) -> None:
        """The check-in's own rule (at least one reason), asked before the dialog closes."""
        try:
            visit_reasons(self.chosen())
        except ValidationError as missing:
            show_field_errors(self._ctx.t, {"reasons": self.reasons_row}, missing)
            return
        self.accept()
