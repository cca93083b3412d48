"""A person's vaccinations: each group's status in words, the history with each dose's
evaluation, and the actions of the nurse (record a dose or a refusal, correct, book, print).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic.common.errors import ConflictError, ErrorCode
from clinic.common.permissions import Permission
from clinic.i18n.translator import Translator
from clinic.vaccinations.records import (
    DoseRow,
    PersonVaccinations,
    mark_entered_in_error,
    person_vaccinations,
)
from clinic.vaccinations.status import GroupStatus
from clinic.vaccinations.vocabulary import RefusalReason
from clinic.vaccinations.words import (
    REFUSAL_REASONS,
    cdsi_dates_text,
    dose_reason_text,
    status_text,
    vaccine_group_text,
)
from ui.common import messages
from ui.common.jobs import Job
from ui.common.row_table_model import Column, RowTableModel
from ui.common.shortcuts import key_text, shortcut
from ui.common.table_view import row_table, selected_row
from ui.context import DeskContext
from ui.operations import run_write
from ui.vaccinations.appointment_dialog import AppointmentDialog
from ui.vaccinations.card_printing import print_card
from ui.vaccinations.dose_dialog import dose_dialog_for
from ui.vaccinations.refusal_dialog import RefusalDialog


def _evaluation(t: Translator, row: DoseRow) -> str:
    if row.entered_in_error:
        return t.gettext("Entered in error")
    if row.refused:
        reason = REFUSAL_REASONS.get(RefusalReason(row.refusal_reason or "other"))
        return t.gettext("Refused") + (f": {t.gettext(reason)}" if reason else "")
    if row.verdict is None:
        return ""
    if row.verdict.valid:
        return t.gettext("Valid")
    return t.gettext("Does not count") + f": {dose_reason_text(t, row.verdict.reason)}"


def history_model(ctx: DeskContext) -> RowTableModel[DoseRow]:
    t = ctx.t
    _ = t.gettext
    return RowTableModel(
        [
            Column(lambda: _("Date"), lambda r: t.short_date(r.given_on), lambda r: r.given_on),
            Column(
                lambda: _("Vaccine"), lambda r: vaccine_group_text(t, r.vaccine_group), width=16
            ),
            Column(lambda: _("Product"), lambda r: r.product or "", width=18),
            Column(lambda: _("Dose"), lambda r: str(r.dose_number or ""), width=5),
            Column(lambda: _("Lot"), lambda r: r.lot_number or "", width=10),
            Column(lambda: _("Given by"), lambda r: _given_by(t, r), width=14),
            Column(lambda: _("Evaluation"), lambda r: _evaluation(t, r), width=30),
        ]
    )


def cdsi_dates_model(ctx: DeskContext) -> RowTableModel[GroupStatus]:
    """Each group's next dose with CDSi's dates as computed, for the nurse who checks them."""
    t = ctx.t
    _ = t.gettext
    date = t.short_date
    return RowTableModel(
        [
            Column(lambda: _("Vaccine"), lambda g: vaccine_group_text(t, g.vaccine_group)),
            Column(lambda: _("Dose"), lambda g: str(g.dose_number or ""), width=5),
            Column(lambda: _("Earliest"), lambda g: date(g.earliest), lambda g: _day(g.earliest)),
            Column(
                lambda: _("Recommended"),
                lambda g: date(g.recommended),
                lambda g: _day(g.recommended),
            ),
            Column(lambda: _("Past due"), lambda g: date(g.past_due), lambda g: _day(g.past_due)),
        ]
    )


def _day(day: dt.date | None) -> tuple[bool, dt.date]:
    """A sort key putting the days CDSi does not give last."""
    return day is None, day or dt.date.min


def _given_by(t: Translator, row: DoseRow) -> str:
    if row.given_elsewhere:
        return t.gettext("Elsewhere")
    return row.given_by or ""


class VaccinationDialog(QDialog):
    def __init__(self, ctx: DeskContext, parent: QWidget | None, file: PersonVaccinations) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.file = file
        _ = ctx.t.gettext
        self.setWindowTitle(ctx.t.format(_("Vaccinations of {code}"), code=file.code))
        self.setObjectName("vaccinationDialog")
        self.status_box = QGroupBox(_("What is due"))
        self.status_lines = QVBoxLayout(self.status_box)
        self.status_labels: dict[str, QLabel] = {}
        self.birth_note = QLabel(
            ctx.t.gettext("Only the birth year is known: dates count from 1 July of that year.")
        )
        self.birth_note.setEnabled(False)
        self.status_lines.addWidget(self.birth_note)
        self.details = cdsi_dates_model(ctx)
        self.details_view, self.details_proxy = row_table(self.details, "cdsiDates")
        self.details_button = QPushButton(_("De&tails: the dates as CDSi computed them"))
        self._build_details()
        self.history = history_model(ctx)
        self.history_view, self.history_proxy = row_table(self.history, "vaccinationHistory")
        self._build()
        self.show_file(file)

    def _build_details(self) -> None:
        """CDSi's own dates, hidden until asked for: the words above are what most need."""
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self.details_view.setVisible)
        self.details_view.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.details_button)
        row.addStretch(1)
        self.status_lines.addLayout(row)
        self.status_lines.addWidget(self.details_view)

    def _build(self) -> None:
        _ = self._ctx.t.gettext
        writer = self._ctx.actor.can(Permission.VACCINATION_WRITE)
        code = QLabel(self.file.code)
        font = QFont(code.font())
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        code.setFont(font)
        self.dose_button = self._button(_("Record a &dose"), "Ctrl+D", self.record_dose, writer)
        self.refusal_button = self._button(_("Re&fusal"), "Ctrl+R", self.record_refusal, writer)
        self.error_button = self._button(_("Entered in &error"), "Ctrl+E", self.mark_error, writer)
        self.book_button = self._button(
            _("&Book next dose"),
            "Ctrl+B",
            self.book,
            self._ctx.actor.can(Permission.APPOINTMENT_BOOK),
        )
        self.card_button = self._button(_("&Print card"), "Ctrl+P", self.print_card, True)
        actions = QHBoxLayout()
        for button in (
            self.dose_button,
            self.refusal_button,
            self.error_button,
            self.book_button,
            self.card_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(code)
        layout.addWidget(self.status_box)
        history_title = QLabel(_("&History"))
        history_title.setBuddy(self.history_view)
        layout.addWidget(history_title)
        layout.addWidget(self.history_view, 1)
        layout.addLayout(actions)
        layout.addWidget(close)
        self.resize(900, 560)

    def _button(
        self, text: str, keys: str, slot: Callable[[], object], allowed: bool
    ) -> QPushButton:
        button = QPushButton(f"{text}  ({key_text(keys)})")
        button.clicked.connect(lambda _checked=False: slot())
        shortcut(keys, self, lambda: _click_if_enabled(button), text, enabled=allowed)
        button.setVisible(allowed)
        button.setEnabled(allowed)
        return button

    def show_file(self, file: PersonVaccinations) -> None:
        self.file = file
        t, today = self._ctx.t, self._ctx.clock.today()
        for status in file.groups:
            label = self._status_label(status.vaccine_group)
            label.setText(status_text(t, status, today))
            label.setToolTip(cdsi_dates_text(t, status))
        self.birth_note.setVisible(file.birth_year_only)
        self.details.set_rows([g for g in file.groups if g.earliest is not None])
        _fit_rows(self.details_view)
        self.history.set_rows(file.doses)

    def _status_label(self, group: str) -> QLabel:
        """One line per vaccine group, made once and updated after each change."""
        if group not in self.status_labels:
            label = QLabel()
            label.setObjectName(f"status_{group}")
            label.setTextFormat(Qt.TextFormat.PlainText)
            self.status_lines.insertWidget(len(self.status_labels), label)
            self.status_labels[group] = label
        return self.status_labels[group]

    def selected_row(self) -> DoseRow | None:
        row: DoseRow | None = selected_row(self.history_view)
        return row

    # ----- actions ----------------------------------------------------------------------------

    def record_dose(self) -> None:
        dialog = dose_dialog_for(self._ctx, self, self.file)
        if dialog.exec() and dialog.saved_file is not None:
            self.show_file(dialog.saved_file)
        dialog.deleteLater()

    def record_refusal(self) -> None:
        dialog = RefusalDialog(self._ctx, self, self.file.person_id, self.file.code)
        if dialog.exec() and dialog.saved_file is not None:
            self.show_file(dialog.saved_file)
        dialog.deleteLater()

    def mark_error(self) -> None:
        ctx, row = self._ctx, self.selected_row()
        t = ctx.t
        if row is None:
            messages.show_info(self, t, t.gettext("Choose a record in the history first."))
            return
        if row.entered_in_error:
            messages.show_error(self, t, ConflictError(ErrorCode.ALREADY_ENTERED_IN_ERROR))
            return
        if not messages.confirm(
            self,
            t,
            t.gettext(
                "Mark this record as entered in error? It stays in the history, struck "
                "out, and no longer counts."
            ),
            t.gettext("Mark as error"),
            t.gettext("Keep it"),
        ):
            return
        restock = (
            row.lot_number is not None
            and not row.given_elsewhere
            and messages.confirm(
                self,
                t,
                t.gettext("Put the dose back in its lot (it was not used)?"),
                t.gettext("Put back"),
                t.gettext("No"),
            )
        )
        run_write(
            ctx,
            self,
            lambda s: mark_entered_in_error(s, ctx.actor, ctx.clock, row.id, restock=restock),
            self.show_file,
        )

    def book(self) -> None:
        dialog = AppointmentDialog(
            self._ctx, self, self.file.person_id, self.file.code, self.file.groups
        )
        dialog.exec()
        dialog.deleteLater()

    def print_card(self) -> None:
        print_card(self._ctx, self, self.file.person_id)


def _fit_rows(view: QTableView) -> None:
    """As tall as its few rows (one per vaccine group), so the history keeps the room."""
    rows = view.model().rowCount()
    height = view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth()
    view.setFixedHeight(height + view.verticalHeader().defaultSectionSize() * rows)


def _click_if_enabled(button: QPushButton) -> None:
    if button.isVisible() and button.isEnabled():
        button.click()


def load_vaccinations(
    ctx: DeskContext,
    parent: QWidget,
    person_id: int,
    then: Callable[[PersonVaccinations], object],
) -> Job | None:
    """Read the person's file as an audited view (a write), then `then(file)`; a known error
    is shown instead."""
    return run_write(
        ctx, parent, lambda s: person_vaccinations(s, ctx.actor, ctx.clock, person_id), then
    )


def open_vaccinations(
    ctx: DeskContext,
    parent: QWidget,
    person_id: int,
    closed: Callable[[], object] | None = None,
) -> Job | None:
    """Show a person's vaccinations (from the worklist, or from the reception desk), then
    `closed()` once the nurse closes them."""

    def show(file: PersonVaccinations) -> None:
        dialog = VaccinationDialog(ctx, parent, file)
        dialog.exec()
        dialog.deleteLater()
        if closed is not None:
            closed()

    return load_vaccinations(ctx, parent, person_id, show)
