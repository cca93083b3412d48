"""Book the next dose on a day inside its window; a day outside it only after a warning."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from clinic.common.errors import ConflictError, KnownError
from clinic.i18n.messages import error_text
from clinic.vaccinations.appointments import Appointment, AppointmentForm, book_appointment
from clinic.vaccinations.status import FORECAST_GROUPS, GroupStatus
from clinic.vaccinations.words import next_dose_text, vaccine_group_text
from ui.common import messages
from ui.common.field_row import FieldWithError
from ui.common.form_saving import form_dialog_layout
from ui.common.jobs import Job
from ui.context import DeskContext
from ui.operations import Form, run_write


class AppointmentDialog(QDialog):
    """After `exec()`, `booked` is the appointment made (None if cancelled)."""

    def __init__(
        self,
        ctx: DeskContext,
        parent: QWidget | None,
        person_id: int,
        code: str,
        statuses: Sequence[GroupStatus] = (),
        group: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._person_id = person_id
        self._statuses = {s.vaccine_group: s for s in statuses}
        self.booked: Appointment | None = None
        t = ctx.t
        _ = t.gettext
        self.setWindowTitle(t.format(_("Book the next dose for {code}"), code=code))
        self.group = QComboBox()
        for name in FORECAST_GROUPS:
            self.group.addItem(vaccine_group_text(t, name), name)
        wanted = group or next((s.vaccine_group for s in statuses if s.started), None)
        if wanted:
            self.group.setCurrentIndex(max(0, self.group.findData(wanted)))
        self.window_label = QLabel()
        self.window_label.setWordWrap(True)
        self.day = QLineEdit()
        self.day.setPlaceholderText(t.date_hint())
        self.time = QLineEdit()
        self.time.setPlaceholderText("14:30")
        self.rows = {
            "vaccine_group": FieldWithError(self.group),
            "day": FieldWithError(self.day),
            "time": FieldWithError(self.time),
        }
        form = QFormLayout()
        form.addRow(_("&Vaccine:"), self.rows["vaccine_group"])
        form.addRow("", self.window_label)
        form.addRow(_("&Day:"), self.rows["day"])
        form.addRow(_("&Time (optional):"), self.rows["time"])
        self.saving = Form(self.rows, [form_dialog_layout(self, form, self.save, _("&Book"))], self)
        self.group.currentIndexChanged.connect(lambda _i: self._group_changed())
        self._group_changed()
        self.day.setFocus()

    def _group_changed(self) -> None:
        """Show the dose's window and offer its best day (never a day already past)."""
        t, today = self._ctx.t, self._ctx.clock.today()
        status = self._statuses.get(self.group.currentData())
        if status is None or status.earliest is None:
            self.window_label.setText("")
            self.day.setText(t.short_date(today))
            return
        self.window_label.setText(
            t.format(
                t.gettext("Dose {number}: {window}"),
                number=status.dose_number,
                window=next_dose_text(t, status, today),
            )
        )
        best = max(today, status.recommended or status.earliest)
        self.day.setText(t.short_date(best))

    def form(self) -> AppointmentForm:
        return AppointmentForm(self.group.currentData(), self.day.text(), self.time.text())

    def save(self, *, accept_outside_window: bool = False) -> Job | None:
        """Book in the background; a day outside the dose's window is asked about first."""
        ctx, person_id, form = self._ctx, self._person_id, self.form()
        return run_write(
            ctx,
            self,
            lambda s: book_appointment(
                s,
                ctx.actor,
                ctx.clock,
                person_id,
                form,
                ctx.t.locale_name,
                accept_outside_window=accept_outside_window,
            ),
            self._booked,
            form=self.saving,
            failed=self._refused,
        )

    def _booked(self, appointment: Appointment) -> None:
        self.booked = appointment
        self.accept()

    def _refused(self, error: KnownError) -> None:
        outside = isinstance(error, ConflictError) and error.code.startswith(
            "appointment_outside_window"
        )
        if not outside:
            self.saving.failed(self._ctx.t, self)(error)
        elif self._confirm_outside(error):
            self.save(accept_outside_window=True)

    def _confirm_outside(self, error: KnownError) -> bool:
        t = self._ctx.t
        text = error_text(t, error) + "\n\n" + t.gettext("Book this day anyway?")
        return messages.confirm(
            self, t, text, t.gettext("Book anyway"), t.gettext("Choose another day")
        )
