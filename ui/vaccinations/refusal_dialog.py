"""Record that a person declined a vaccine today (or on a day told), with the reason."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from clinic.vaccinations.form import RefusalForm
from clinic.vaccinations.records import PersonVaccinations, record_refusal
from clinic.vaccinations.words import REFUSAL_REASONS, VACCINE_GROUPS
from ui.common.field_row import FieldWithError
from ui.common.form_saving import form_dialog_layout
from ui.common.jobs import Job
from ui.context import DeskContext
from ui.operations import Form, run_write


class RefusalDialog(QDialog):
    """After `exec()`, `saved_file` holds the person's file as saved (None if cancelled)."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None, person_id: int, code: str) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._person_id = person_id
        self.saved_file: PersonVaccinations | None = None
        t = ctx.t
        _ = t.gettext
        self.setWindowTitle(t.format(_("Refusal by {code}"), code=code))
        self.group = QComboBox()
        for group, text in VACCINE_GROUPS.items():
            self.group.addItem(_(text), group)
        self.day = QLineEdit(t.short_date(ctx.clock.today()))
        self.day.setPlaceholderText(t.date_hint())
        self.reason = QComboBox()
        for reason, text in REFUSAL_REASONS.items():
            self.reason.addItem(_(text), reason.value)
        self.rows = {
            "vaccine_group": FieldWithError(self.group),
            "refused_on": FieldWithError(self.day),
            "reason": FieldWithError(self.reason),
        }
        form = QFormLayout()
        for name, text in (
            ("vaccine_group", _("&Vaccine:")),
            ("refused_on", _("&Date:")),
            ("reason", _("&Reason:")),
        ):
            label = QLabel(text)
            label.setBuddy(self.rows[name].field)
            form.addRow(label, self.rows[name])
        self.saving = Form(self.rows, [form_dialog_layout(self, form, self.save)], self)

    def save(self) -> Job | None:
        ctx, person_id = self._ctx, self._person_id
        form = RefusalForm(self.group.currentData(), self.day.text(), self.reason.currentData())
        return run_write(
            ctx,
            self,
            lambda s: record_refusal(s, ctx.actor, ctx.clock, person_id, form, ctx.t.locale_name),
            self._saved,
            form=self.saving,
        )

    def _saved(self, file: PersonVaccinations) -> None:
        self.saved_file = file
        self.accept()
