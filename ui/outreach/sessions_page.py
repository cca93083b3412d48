"""The Sessions page: street outings and group sessions by period (the last 30 days at first),
filtered by kind, zone and shift, newest first, read a page at a time as the table scrolls.
Enter opens a session (`session_view_dialog`); Ctrl+N records a street session, Ctrl+G a group
one; Ctrl+P prints the paper tally sheet the night team fills in, or saves it as a PDF.

It is the outreach worker's daily page; social workers and the coordinator have it after theirs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from clinic.care.lists import list_entries
from clinic.care.vocabulary import CareList
from clinic.common.dates import parse_date
from clinic.common.permissions import Actor, Permission
from clinic.outreach.listing import PAGE, SessionFilter, SessionRow, list_sessions
from clinic.outreach.vocabulary import SessionKind, Shift
from clinic.outreach.words import SESSION_KINDS, SHIFTS
from ui.common.desk_buttons import DeskButtons
from ui.common.row_table_model import Column, RowTableModel
from ui.common.shortcuts import shortcut
from ui.common.table_view import row_table, selected_row
from ui.context import DeskContext
from ui.operations import Loader, read_now, run_read
from ui.outreach.session_view_dialog import open_session
from ui.outreach.tally_printing import print_tally_sheet

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
DAYS_SHOWN = 30  # the period shown at first, back from today


def shown_to(actor: Actor) -> bool:
    return actor.can(Permission.OUTREACH_READ)


def sessions_model(ctx: DeskContext) -> RowTableModel[SessionRow]:
    t, zone = ctx.t, ctx.clock.zone
    _ = t.gettext

    def times(row: SessionRow) -> str:
        return f"{t.time(row.starts_at, zone)}–{t.time(row.ends_at, zone)}"

    return RowTableModel(
        [
            Column(lambda: _("Date"), lambda r: t.short_date(r.day), width=10),
            Column(lambda: _("Hours"), times, width=11),
            Column(lambda: _("Kind"), lambda r: _(SESSION_KINDS[r.kind]), width=14),
            Column(
                lambda: _("Zone or venue"), lambda r: r.place.text(t) if r.place else "", width=18
            ),
            Column(lambda: _("Shift"), lambda r: _(SHIFTS[r.shift]), width=6),
            Column(lambda: _("Team"), lambda r: ", ".join(r.team), width=18, stretch=True),
            Column(lambda: _("Known"), lambda r: t.number(r.known), align=RIGHT, width=6),
            Column(lambda: _("Anonymous"), lambda r: t.number(r.anonymous), align=RIGHT, width=8),
        ]
    )


class SessionsPage(QWidget):
    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self._ctx = ctx
        t = ctx.t
        _ = t.gettext
        self.kind = QComboBox()
        self.kind.addItem(_("Street and group"), None)
        for kind, words in SESSION_KINDS.items():
            self.kind.addItem(_(words), kind.value)
        self.zone = QComboBox()
        self.shift = QComboBox()
        self.shift.addItem(_("Day and night"), None)
        for shift, words in SHIFTS.items():
            self.shift.addItem(_(words), shift.value)
        today = ctx.clock.today()
        self.since = QLineEdit(t.short_date(today - dt.timedelta(days=DAYS_SHOWN)))
        self.until = QLineEdit(t.short_date(today))
        for field in (self.since, self.until):
            field.setPlaceholderText(t.date_hint())
            field.setFixedWidth(field.fontMetrics().horizontalAdvance(t.date_hint()) + 24)
        self.problem = QLabel()
        self.model = sessions_model(ctx)
        self.view, _proxy = row_table(self.model, "sessions", sorted_elsewhere=lambda *_a: None)
        self.view.setSortingEnabled(False)  # newest first, as the query reads them
        self.view.doubleClicked.connect(lambda _index: self.open_selected())
        self.view.installEventFilter(self)
        self.loader = Loader(ctx, self, self._show_rows)
        self.model.fetch_next = self._read_next_page
        self._shown = SessionFilter()
        self._list_number = 0
        layout = QVBoxLayout(self)
        layout.addLayout(self._filters())
        layout.addWidget(self.view, 1)
        layout.addLayout(self._buttons())

    def _filters(self) -> QHBoxLayout:
        _ = self._ctx.t.gettext
        filters = QHBoxLayout()
        for text, widget in (
            (_("F&rom:"), self.since),
            (_("&Until:"), self.until),
            (_("&Kind:"), self.kind),
            (_("&Zone:"), self.zone),
            (_("S&hift:"), self.shift),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addWidget(self.problem, 1)
        for box in (self.kind, self.zone, self.shift):
            box.currentIndexChanged.connect(lambda _i: self.reload())
        for field in (self.since, self.until):
            field.editingFinished.connect(self.reload)
        return filters

    def _buttons(self) -> QHBoxLayout:
        _ = self._ctx.t.gettext
        buttons = DeskButtons(self._ctx.actor, self)
        write, read = Permission.OUTREACH_WRITE, Permission.OUTREACH_READ
        self.street_button = buttons.add(
            _("New s&treet session..."), "Ctrl+N", self.new_street, write
        )
        self.group_button = buttons.add(_("New &group session..."), "Ctrl+G", self.new_group, write)
        self.sheet_button = buttons.add(
            _("&Print the tally sheet..."), "Ctrl+P", self.print_sheet, read
        )
        shortcut("F5", self, self.reload, _("Refresh"))
        row = QHBoxLayout()
        row.addStretch(1)
        for button in (self.street_button, self.group_button, self.sheet_button):
            row.addWidget(button)
        return row

    def _read_zones(self) -> None:
        """The zones to filter by (a short list, read at once), then the sessions."""
        zones = read_now(
            self._ctx, self, lambda s: list_entries(s, [CareList.OUTREACH_ZONE], retired=True)
        )
        t = self._ctx.t
        chosen = self.zone.currentData()
        self.zone.blockSignals(True)
        self.zone.clear()
        self.zone.addItem(t.gettext("All zones"), None)
        for entry in (zones or {}).get(CareList.OUTREACH_ZONE, ()):
            self.zone.addItem(entry.text(t), entry.id)
        self.zone.setCurrentIndex(max(self.zone.findData(chosen), 0))
        self.zone.blockSignals(False)
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        """Shown (again, after work elsewhere): the zones and the sessions as they are now."""
        super().showEvent(event)
        self._read_zones()

    def filters(self) -> SessionFilter | None:
        """The filters chosen; None (and the problem said) for a date that cannot be read."""
        t = self._ctx.t
        since, since_error = parse_date(self.since.text(), "since", t.locale_name)
        until, until_error = parse_date(self.until.text(), "until", t.locale_name)
        if since_error or until_error:
            self.problem.setText(t.gettext("Write the dates as {hint}.").format(hint=t.date_hint()))
            return None
        self.problem.setText("")
        kind, shift = self.kind.currentData(), self.shift.currentData()
        return SessionFilter(
            since,
            until,
            SessionKind(kind) if kind is not None else None,
            self.zone.currentData(),
            Shift(shift) if shift is not None else None,
        )

    def reload(self) -> None:
        filters = self.filters()
        if filters is None:
            return
        actor = self._ctx.actor

        def work(session: Session) -> tuple[SessionFilter, list[SessionRow]]:
            return filters, list_sessions(session, actor, filters, count=PAGE + 1)

        self.loader.load(work)

    def _show_rows(self, loaded: tuple[SessionFilter, list[SessionRow]]) -> None:
        self._shown, rows = loaded
        self._list_number += 1
        self.model.more = len(rows) > PAGE
        self.model.set_rows(rows[:PAGE])
        if rows and not self.view.currentIndex().isValid():
            self.view.selectRow(0)

    def _read_next_page(self) -> None:
        actor, filters = self._ctx.actor, self._shown
        start, number = self.model.rowCount(), self._list_number

        def work(session: Session) -> list[SessionRow]:
            return list_sessions(session, actor, filters, start=start, count=PAGE + 1)

        run_read(self._ctx, self, work, lambda rows: self._add_page(number, rows))

    def _add_page(self, number: int, rows: list[SessionRow]) -> None:
        if number != self._list_number:
            return
        self.model.more = len(rows) > PAGE
        self.model.add_rows(rows[:PAGE])

    def selected(self) -> SessionRow | None:
        row = selected_row(self.view)
        return row if isinstance(row, SessionRow) else None

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            open_session(self._ctx, self, row.id, self.reload)

    def new_street(self) -> None:
        from ui.outreach.street_dialog import StreetDialog  # built beside this page

        self._record(StreetDialog(self._ctx, self))

    def new_group(self) -> None:
        from ui.outreach.group_dialog import GroupDialog  # built beside this page

        self._record(GroupDialog(self._ctx, self))

    def _record(self, dialog: Any) -> None:
        try:
            saved = dialog.exec()
        finally:
            dialog.deleteLater()
        if saved:
            self.reload()

    def print_sheet(self) -> None:
        print_tally_sheet(self._ctx, self)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if (
            watched is self.view
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.open_selected()
            return True
        return super().eventFilter(watched, event)
