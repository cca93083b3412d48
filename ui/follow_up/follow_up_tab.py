"""Referrals without an outcome after the clinic's number of days (14 unless set), by keyboard.

Like the nurse's worklist, the list is read in the background page by page and sorted in its
query (a click on a header); Enter opens the person's file, Ctrl+U records the outcome, which
takes the referral off the list.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from clinic.care.follow_up import (
    PAGE_ROWS,
    FollowUpOrder,
    FollowUpPage,
    FollowUpRow,
    FollowUpSort,
    follow_up_list,
)
from clinic.care.words import URGENCIES
from clinic.common.permissions import Permission
from ui.common.row_table_model import Column, RowTableModel
from ui.common.shortcuts import key_text, shortcut
from ui.common.table_view import row_table, selected_row
from ui.context import DeskContext
from ui.operations import Loader, run_read
from ui.person_file.small_forms import OutcomeDialog


class FollowUpTab(QWidget):
    person_wanted = Signal(int)  # Enter on a row: the desk opens that person's file

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self._ctx = ctx
        t = ctx.t
        _ = t.gettext
        columns: list[tuple[Column[FollowUpRow], FollowUpSort]] = [
            (Column(lambda: _("Code"), lambda r: r.code, width=16), FollowUpSort.CODE),
            (Column(lambda: _("Alias"), lambda r: r.alias or "", width=14), FollowUpSort.ALIAS),
            (
                Column(lambda: _("Service"), lambda r: r.service, stretch=True),
                FollowUpSort.SERVICE,
            ),
            (
                Column(
                    lambda: _("Urgency"),
                    lambda r: _(URGENCIES[r.urgency]),
                    width=max(len(_(w)) for w in URGENCIES.values()),
                ),
                FollowUpSort.URGENCY,
            ),
            (
                Column(lambda: _("Referred on"), lambda r: t.short_date(r.referred_on)),
                FollowUpSort.REFERRED_ON,
            ),
            (
                Column(
                    lambda: _("Days waiting"),
                    lambda r: str(r.days_waiting),
                    align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    width=8,
                ),
                FollowUpSort.DAYS_WAITING,
            ),
            (
                Column(lambda: _("Referred by"), lambda r: r.referred_by, width=14),
                FollowUpSort.REFERRED_BY,
            ),
        ]
        self._sorts = [sort for _column, sort in columns]
        self.model: RowTableModel[FollowUpRow] = RowTableModel([c for c, _s in columns])
        self.view, _proxy = row_table(self.model, "followUp", sorted_elsewhere=self._sort_by)
        self.summary = QLabel()
        self.loader = Loader(ctx, self, self._show_page)
        self._order = FollowUpOrder()
        self._shown = FollowUpOrder()
        self._list_number = 0
        self.model.fetch_next = self._read_next_page
        self.summary.setWordWrap(True)
        buttons = QHBoxLayout()  # under the summary: the page fits a narrow window
        buttons.addStretch(1)
        keys = [(_("&Open"), "Ctrl+O", self.open_selected)]
        if ctx.actor.can(Permission.REFERRAL_WRITE):
            keys.append((_("Record the &outcome"), "Ctrl+U", self.record_outcome))
        keys.append((_("&Refresh"), "F5", self.reload))
        for text, key, slot in keys:
            button = QPushButton(f"{text}  ({key_text(key)})")
            button.clicked.connect(lambda _c=False, s=slot: s())
            shortcut(key, self.view, slot, text)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        self.view.activated.connect(lambda _index: self.open_selected())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    def reload(self) -> None:
        ctx, order = self._ctx, self._order

        def work(session: Session) -> tuple[FollowUpOrder, FollowUpPage]:
            page = follow_up_list(session, ctx.actor, ctx.clock, order=order, count=PAGE_ROWS)
            return order, page

        self.loader.load(work)

    def _sort_by(self, column: int, order: Qt.SortOrder) -> None:
        self._order = FollowUpOrder(self._sorts[column], order == Qt.SortOrder.DescendingOrder)
        self.reload()

    def _show_page(self, loaded: tuple[FollowUpOrder, FollowUpPage]) -> None:
        order, page = loaded
        self._shown = order
        self._list_number += 1
        self.model.more = page.total > len(page.rows)
        self.model.set_rows(page.rows)
        t = self._ctx.t
        self.summary.setText(
            t.format(
                t.ngettext(
                    "{n} referral without an outcome after {days} days",
                    "{n} referrals without an outcome after {days} days",
                    page.total,
                ),
                n=page.total,
                days=page.days,
            )
        )
        if page.rows and not self.view.selectionModel().hasSelection():
            self.view.selectRow(0)

    def _read_next_page(self) -> None:
        ctx, order, start, number = self._ctx, self._shown, self.model.rowCount(), self._list_number

        def work(session: Session) -> FollowUpPage:
            return follow_up_list(session, ctx.actor, ctx.clock, order=order, start=start)

        run_read(ctx, self, work, lambda page: self._add_page(number, page))

    def _add_page(self, number: int, page: FollowUpPage) -> None:
        if number != self._list_number:
            return
        self.model.add_rows(page.rows)
        self.model.more = page.total > self.model.rowCount()

    def selected(self) -> FollowUpRow | None:
        row: FollowUpRow | None = selected_row(self.view)
        return row

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.person_wanted.emit(row.person_id)

    def record_outcome(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = OutcomeDialog(self._ctx, self, row.referral_id, row.service)
        try:
            dialog.exec()
            saved = dialog.saved
        finally:
            dialog.deleteLater()
        if saved is not None:
            self.reload()
