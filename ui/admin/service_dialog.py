"""A partner service of the directory, new or edited: its name, kind and contact.

An edit is saved against the service as the coordinator read it: if another desk changed it
meanwhile, nothing is saved, the coordinator is told, and what they typed stays in the form.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLineEdit, QPlainTextEdit, QWidget

from clinic.care.directory import NAME_MAX, Service, ServiceForm, add_service, update_service
from clinic.care.words import SERVICE_KINDS
from ui.common import messages
from ui.common.field_row import FieldWithError
from ui.common.form_saving import form_dialog_layout
from ui.common.jobs import Job
from ui.common.shortcuts import shortcut
from ui.context import DeskContext
from ui.operations import Form, run_write

CONTACT_LINES = 5  # the contact box's height: an address, a phone, opening hours


class ServiceDialog(QDialog):
    """After `exec()`, `saved_id` is the service added or edited (None if nothing was saved)."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None, read: Service | None) -> None:
        super().__init__(parent)
        self._ctx, self._read = ctx, read
        self.saved_id: int | None = None
        _ = ctx.t.gettext
        self.setWindowTitle(_("New partner service") if read is None else _("Partner service"))
        self.name = QLineEdit()
        self.name.setMaxLength(NAME_MAX)
        self.kind = QComboBox()
        self.kind.addItem("", "")  # chosen on purpose: a wrong kind would file it wrongly
        for kind, words in SERVICE_KINDS.items():
            self.kind.addItem(_(words), kind.value)
        self.contact = QPlainTextEdit()
        self.contact.setTabChangesFocus(True)
        self.contact.setPlaceholderText(_("Address, telephone, opening hours, whom to ask for"))
        lines = self.contact.fontMetrics().lineSpacing() * CONTACT_LINES
        self.contact.setFixedHeight(lines + 2 * self.contact.frameWidth() + 8)
        self.rows = {
            "name": FieldWithError(self.name),
            "kind": FieldWithError(self.kind),
            "contact": FieldWithError(self.contact),
        }
        form = QFormLayout()
        form.addRow(_("&Name:"), self.rows["name"])
        form.addRow(_("&Kind:"), self.rows["kind"])
        form.addRow(_("&Contact:"), self.rows["contact"])
        if read is not None:
            self.set_form(read.form())
        self._typed = self.form()
        self.saving = Form(self.rows, [form_dialog_layout(self, form, self.save)], self)
        shortcut("Ctrl+S", self, self.save, _("Save"))
        shortcut("Ctrl+Return", self, self.save, _("Save"))
        self.setMinimumWidth(520)

    def form(self) -> ServiceForm:
        return ServiceForm(
            self.name.text(), self.kind.currentData() or "", self.contact.toPlainText()
        )

    def set_form(self, form: ServiceForm) -> None:
        self.name.setText(form.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(form.kind)))
        self.contact.setPlainText(form.contact)

    def save(self) -> Job | None:
        ctx, form, read = self._ctx, self.form(), self._read
        if read is None:
            return run_write(
                ctx,
                self,
                lambda s: add_service(s, ctx.actor, ctx.clock, form),
                self._saved,
                form=self.saving,
            )
        return run_write(
            ctx,
            self,
            lambda s: update_service(s, ctx.actor, ctx.clock, read, form),
            lambda _none: self._saved(read.id),
            form=self.saving,
        )

    def _saved(self, service_id: int) -> None:
        self.saved_id = service_id
        self.accept()

    def reject(self) -> None:
        if self.form() != self._typed and not messages.close_without_saving(self, self._ctx.t):
            return
        super().reject()
