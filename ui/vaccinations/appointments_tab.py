"""Appointments by day or week: codes only (reception sees who is expected, not why).

PgUp/PgDown move by a day or a week, Home comes back to today; the person's status can be set
to came, did not come or cancelled. The list is read in the background; the table keeps what
it shows until the new rows arrive, and a day paged past quickly is not shown on the way.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic.common.errors import KnownError
from clinic.common.permissions import Permission
from clinic.vaccinations.appointments import (
    Appointment,
    appointments_between,
    set_appointment_status,
)
from clinic.vaccinations.vocabulary import AppointmentStatus
from clinic.vaccinations.words import APPOINTMENT_STATUSES, vaccine_group_text
from ui.common import messages
from ui.common.row_table_model import Column, RowTableModel
from ui.common.shortcuts import key_text, shortcut
from ui.common.table_view import row_table, selected_row
from ui.context import DeskContext
from ui.operations import Loader, run_write

DAY, WEEK = "day", "week"


def appointments_model(ctx: DeskContext) -> RowTableModel[Appointment]:
    t = ctx.t
    _ = t.gettext
    columns: list[Column[Appointment]] = [
        Column(
            lambda: _("Day"),
            lambda a: t.date(a.day, "weekday"),
            lambda a: (a.day, a.time or ""),
            width=16,
        ),
        Column(lambda: _("Time"), lambda a: a.time or "", width=6),
        Column(lambda: _("Code"), lambda a: a.code, width=16),
    ]
    if ctx.actor.can(Permission.VACCINATION_READ):  # reception books slots, not vaccines
        columns += [
            Column(lambda: _("Vaccine"), lambda a: vaccine_group_text(t, a.vaccine_group)),
            Column(lambda: _("Dose"), lambda a: str(a.dose_number or ""), width=5),
        ]
    columns.append(Column(lambda: _("Status"), lambda a: _(APPOINTMENT_STATUSES[a.status])))
    return RowTableModel(columns)


class AppointmentsTab(QWidget):
    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self._ctx = ctx
        _ = ctx.t.gettext
        self.day = ctx.clock.today()
        self.span = QComboBox()
        self.span.addItem(_("Day"), DAY)
        self.span.addItem(_("Week"), WEEK)
        self.title = QLabel()
        self.model = appointments_model(ctx)
        self.view, self.proxy = row_table(self.model, "appointments")
        self.loader = Loader(ctx, self, self._show_rows)
        self._build()

    def _build(self) -> None:
        _ = self._ctx.t.gettext
        top = QHBoxLayout()
        for text, keys, slot in (
            (_("Previous"), "PgUp", lambda: self.step(-1)),
            (_("Today"), "Home", self.today),
            (_("Next"), "PgDown", lambda: self.step(1)),
        ):
            button = QPushButton(f"{text}  ({key_text(keys)})")
            button.clicked.connect(lambda _c=False, s=slot: s())
            shortcut(keys, self, slot, text)
            top.addWidget(button)
        top.addWidget(self.span)
        top.addWidget(self.title, 1)
        self.span.currentIndexChanged.connect(lambda _i: self.reload())
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        if self._ctx.actor.can(Permission.APPOINTMENT_BOOK):
            for text, keys, status in (
                (_("Came"), "Ctrl+Shift+A", AppointmentStatus.ATTENDED),
                (_("Did not come"), "Ctrl+Shift+M", AppointmentStatus.MISSED),
                (_("Cancel appointment"), "Ctrl+Shift+X", AppointmentStatus.CANCELLED),
            ):
                buttons.addWidget(self._status_button(text, keys, status))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def _status_button(self, text: str, keys: str, status: AppointmentStatus) -> QPushButton:
        button = QPushButton(f"{text}  ({key_text(keys)})")
        button.clicked.connect(lambda _checked=False: self.set_status(status))
        shortcut(keys, self, lambda: self.set_status(status), text)
        return button

    def bounds(self) -> tuple[dt.date, dt.date]:
        if self.span.currentData() == WEEK:
            monday = self.day - dt.timedelta(days=self.day.weekday())
            return monday, monday + dt.timedelta(days=6)
        return self.day, self.day

    def step(self, steps: int) -> None:
        days = 7 if self.span.currentData() == WEEK else 1
        self.day += dt.timedelta(days=steps * days)
        self.reload()

    def today(self) -> None:
        self.day = self._ctx.clock.today()
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again after work elsewhere (a dose at the desk): read the list afresh."""
        super().showEvent(event)
        self.reload()

    def reload(self) -> None:
        """Read the day or week shown, in the background."""
        ctx, (first, last) = self._ctx, self.bounds()
        self.loader.load(
            lambda session: (first, last, appointments_between(session, ctx.actor, first, last))
        )

    def _show_rows(self, loaded: tuple[dt.date, dt.date, list[Appointment]]) -> None:
        first, last, rows = loaded
        self.model.set_rows(rows)
        t = self._ctx.t
        span = (
            t.date(first, "full")
            if first == last
            else f"{t.short_date(first)} – {t.short_date(last)}"
        )
        self.title.setText(
            t.format(
                t.gettext("{span}: {count} booked"),
                span=span,
                count=sum(1 for a in rows if a.status is AppointmentStatus.BOOKED),
            )
        )

    def selected(self) -> Appointment | None:
        appointment: Appointment | None = selected_row(self.view)
        return appointment

    def set_status(self, status: AppointmentStatus) -> None:
        ctx, row = self._ctx, self.selected()
        if row is None:
            return
        run_write(
            ctx,
            self,
            lambda s: set_appointment_status(s, ctx.actor, ctx.clock, row.id, row.revision, status),
            lambda _appointment: self.reload(),
            failed=self._refused,
        )

    def _refused(self, error: KnownError) -> None:
        messages.show_error(self, self._ctx.t, error)
        self.reload()  # someone else changed it meanwhile: show it as it is now
