"""The person's file as a list, newest first: filtered by kind and period, opened by Enter.

A neutral line (a session this role may not read) is greyed and says only its kind and day; a
line entered in error is struck through and says so in words. Filtering works on what was read
when the file was opened: no second read, no second audit row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from clinic.care.words import FOLLOW_UPS
from clinic.i18n.translator import N_
from clinic.person_file.timeline import Entry, EntryType, PersonFile
from ui.common.row_table_model import Column, RowTableModel
from ui.common.table_view import row_table, selected_row
from ui.context import DeskContext
from ui.person_file.lines import details_text, type_text

# The periods offered, in days back from today (None: the whole file).
PERIODS: tuple[tuple[str, int | None], ...] = (
    (N_("Whole file"), None),
    (N_("Last 30 days"), 30),
    (N_("Last 12 months"), 365),
    (N_("Last 5 years"), 5 * 365),
)


class TimelineModel(RowTableModel[Entry]):
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if index.isValid() and index.row() < self.rowCount():
            entry = self.row(index.row())
            if role == Qt.ItemDataRole.FontRole and entry.in_error:
                font = QFont()
                font.setStrikeOut(True)
                return font
            if role == Qt.ItemDataRole.ForegroundRole and entry.neutral:
                return QPalette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return super().data(index, role)


class TimelinePanel(QWidget):
    opened = Signal(object)  # the Entry activated (Enter or double-click)

    def __init__(self, ctx: DeskContext, file: PersonFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        t = ctx.t
        _ = t.gettext
        self.file = file
        self.flags = QLabel()
        self.flags.setObjectName("followUps")
        self.flags.setWordWrap(True)
        self.kind = QComboBox()
        self.kind.addItem(_("Everything"), None)
        for kind in EntryType:
            if kind in file.types:
                self.kind.addItem(type_text(t, kind), kind)
        self.period = QComboBox()
        for text, days in PERIODS:
            self.period.addItem(_(text), days)
        kind_label, period_label = QLabel(_("&Show:")), QLabel(_("&Period:"))
        kind_label.setBuddy(self.kind)
        period_label.setBuddy(self.period)
        self.model = TimelineModel(
            [
                Column(lambda: _("Date"), lambda e: t.short_date(e.day), lambda e: e.day, width=10),
                Column(lambda: _("What"), lambda e: type_text(t, e.type), width=18),
                Column(lambda: _("By"), lambda e: e.author or "", width=12),
                Column(lambda: _("Details"), lambda e: details_text(t, e), stretch=True),
            ]
        )
        self.view, _proxy = row_table(self.model, "timeline")
        self.view.setSortingEnabled(False)  # newest first, always: the file's order
        self.view.doubleClicked.connect(lambda _index: self._open())
        self.view.installEventFilter(self)
        self.count = QLabel()
        filters = QHBoxLayout()
        for widget in (kind_label, self.kind, period_label, self.period):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.flags)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        self.kind.currentIndexChanged.connect(self._refilter)
        self.period.currentIndexChanged.connect(self._refilter)
        self.show_file(file)

    def show_file(self, file: PersonFile) -> None:
        """A file read again (after a save): the same filters, its lines."""
        self.file = file
        t = self._ctx.t
        needs = sorted(file.follow_ups or ())
        self.flags.setText("  ·  ".join(t.gettext(FOLLOW_UPS[need]) for need in needs))
        self.flags.setVisible(bool(needs))
        self._refilter()

    def _refilter(self) -> None:
        kind: EntryType | None = self.kind.currentData()
        days: int | None = self.period.currentData()
        since = None if days is None else self._ctx.clock.today() - dt.timedelta(days=days)
        lines = self.file.filtered(None if kind is None else [kind], since)
        self.model.set_rows(lines)
        t = self._ctx.t
        self.count.setText(t.format(t.ngettext("{n} line", "{n} lines", len(lines)), n=len(lines)))
        if lines:
            self.view.selectRow(0)

    def selected(self) -> Entry | None:
        entry = selected_row(self.view)
        return entry if isinstance(entry, Entry) else None

    def _open(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.opened.emit(entry)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if (
            watched is self.view
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._open()
            return True
        return super().eventFilter(watched, event)
