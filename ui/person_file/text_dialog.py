"""A short form of one text: an addendum, or why a record was entered in error."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QPlainTextEdit, QWidget
from sqlalchemy.orm import Session

from ui.common import messages
from ui.common.field_row import FieldWithError
from ui.common.form_saving import form_dialog_layout
from ui.common.jobs import Job
from ui.common.shortcuts import shortcut
from ui.context import DeskContext
from ui.operations import Form, run_write


class TextDialog(QDialog):
    """`write(session, text)` saves; refusals go under the text (`field`), which is kept."""

    def __init__(
        self,
        ctx: DeskContext,
        parent: QWidget | None,
        title: str,
        label: str,
        field: str,
        write: Callable[[Session, str], object],
        save_text: str = "",
    ) -> None:
        super().__init__(parent)
        self._ctx, self._write = ctx, write
        self.saved = False
        self.setWindowTitle(title)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.rows = {field: FieldWithError(self.text)}
        form = QFormLayout()
        caption = QLabel(label)
        caption.setBuddy(self.text)
        caption.setWordWrap(True)
        form.addRow(caption)
        form.addRow(self.rows[field])
        buttons = form_dialog_layout(self, form, self.save, save_text)
        shortcut("Ctrl+Return", self, self.save, ctx.t.gettext("Save"))
        self.saving = Form(self.rows, [buttons], self)
        self.setMinimumWidth(520)
        self.text.setFocus()

    def save(self) -> Job | None:
        text, write = self.text.toPlainText(), self._write
        return run_write(self._ctx, self, lambda s: write(s, text), self._done, form=self.saving)

    def _done(self, _result: object) -> None:
        self.saved = True
        self.accept()

    def reject(self) -> None:
        t = self._ctx.t
        if self.text.toPlainText().strip() and not messages.close_without_saving(self, t):
            return
        super().reject()
