"""Write a consultation, or amend one on its day: the same form, saved through `ui.operations`
with every refusal shown under its field and the text kept."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from clinic.care import consultations
from clinic.care.consultations import ConsultationView
from clinic.care.lists import ListEntry
from clinic.care.vocabulary import CareList, ConsultationKind
from clinic.care.words import CONSULTATION_KINDS
from ui.common import messages
from ui.common.form_saving import form_dialog_layout
from ui.common.jobs import Job
from ui.common.shortcuts import shortcut
from ui.context import DeskContext
from ui.operations import Form, run_write
from ui.person_file.consultation_fields import ConsultationFields, focus_first


class ConsultationDialog(QDialog):
    """After `exec()`, `saved_id` is the consultation written or amended (None if cancelled)."""

    def __init__(
        self,
        ctx: DeskContext,
        parent: QWidget | None,
        person_id: int,
        code: str,
        kind: ConsultationKind,
        entries: Mapping[CareList, Sequence[ListEntry]],
        amending: ConsultationView | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx, self._person_id, self._amending = ctx, person_id, amending
        self.saved_id: int | None = None
        t = ctx.t
        title = t.gettext(CONSULTATION_KINDS[kind])
        self.setWindowTitle(f"{title} · {code}")
        self.fields = ConsultationFields(ctx, kind, entries, self)
        if amending is not None:
            retired = [item for item in amending.items if not item.active]
            self.fields.set_form(amending.form(), retired)
        self._typed = self.fields.form()
        holder = QVBoxLayout()
        holder.addWidget(self.fields)
        buttons = form_dialog_layout(self, holder, self.save)
        shortcut("Ctrl+S", self, self.save, t.gettext("Save"))
        shortcut("Ctrl+Return", self, self.save, t.gettext("Save"))
        self.saving = Form(self.fields.rows, [buttons], self)
        self.setMinimumWidth(640)
        focus_first(self.fields)

    def save(self) -> Job | None:
        ctx, form, person_id, amending = (
            self._ctx,
            self.fields.form(),
            self._person_id,
            self._amending,
        )
        if amending is None:
            return run_write(
                ctx,
                self,
                lambda s: consultations.write_consultation(
                    s, ctx.actor, ctx.clock, person_id, form
                ),
                self._saved,
                form=self.saving,
            )
        return run_write(
            ctx,
            self,
            lambda s: consultations.amend_consultation(
                s, ctx.actor, ctx.clock, amending.id, amending.revision, form
            ),
            lambda _none: self._saved(amending.id),
            form=self.saving,
        )

    def _saved(self, consultation_id: int) -> None:
        self.saved_id = consultation_id
        self.accept()

    def reject(self) -> None:
        if self.fields.form() != self._typed and not messages.close_without_saving(
            self, self._ctx.t
        ):
            return
        super().reject()
