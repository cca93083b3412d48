"""The movements ledger: newest first, filtered by place, item, kind and period, read a page
at a time as the table is scrolled (about two million rows at the planned size)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from clinic.common.dates import parse_date
from clinic.i18n.translator import N_
from clinic.materials.movements import PAGE, MovementFilter, MovementRow, movements
from clinic.materials.words import ADJUSTMENT_REASONS
from db.vocabulary.materials import MovementKind
from ui.common.row_table_model import Column, RowTableModel
from ui.common.table_view import row_table
from ui.context import DeskContext
from ui.materials.stock_read import StockState, by_name
from ui.operations import Loader, run_read

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

KINDS = {
    MovementKind.RECEIPT: N_("Received"),
    MovementKind.TRANSFER_OUT: N_("Moved out"),
    MovementKind.TRANSFER_IN: N_("Moved in"),
    MovementKind.DISTRIBUTION: N_("Handed out"),
    MovementKind.DOSE: N_("Vaccine dose"),
    MovementKind.ADJUSTMENT: N_("Adjusted"),
}


def movements_model(ctx: DeskContext, state: StockState) -> RowTableModel[MovementRow]:
    t = ctx.t
    _ = t.gettext

    def item(row: MovementRow) -> str:
        found = state.item(row.item_id)
        return found.name(t) if found else f"#{row.item_id}"

    def place(row: MovementRow) -> str:
        found = state.place(row.place_id)
        return found.name(t) if found else f"#{row.place_id}"

    def why(row: MovementRow) -> str:
        words = [_(ADJUSTMENT_REASONS[row.reason])] if row.reason else []
        words += [w for w in (row.source, row.funder, row.note) if w]
        if row.overdrawn:
            words.append(_("taken below zero"))
        return "; ".join(words)

    return RowTableModel(
        [
            Column(lambda: _("When"), lambda r: t.datetime(r.at, ctx.clock.zone), width=14),
            Column(lambda: _("Movement"), lambda r: _(KINDS[r.kind]), width=10),
            Column(lambda: _("Item"), item, width=20),
            Column(lambda: _("Lot"), lambda r: r.lot_number or "", width=8),
            Column(lambda: _("Place"), place, width=12),
            Column(lambda: _("Quantity"), lambda r: f"{r.quantity:+d}", align=RIGHT, width=8),
            Column(lambda: _("By"), lambda r: r.by, width=12),
            Column(lambda: _("Reason, source or note"), why, width=20, stretch=True),
        ]
    )


class MovementsTab(QWidget):
    def __init__(self, ctx: DeskContext, state: StockState) -> None:
        super().__init__()
        self._ctx, self._state = ctx, state
        t = ctx.t
        _ = t.gettext
        self.place = QComboBox()
        self.item = QComboBox()
        self.kind = QComboBox()
        self.kind.addItem(_("All movements"), None)
        for kind, words in KINDS.items():
            self.kind.addItem(_(words), kind)
        self.since = QLineEdit()
        self.until = QLineEdit()
        for field in (self.since, self.until):
            field.setPlaceholderText(t.date_hint())
            field.setFixedWidth(field.fontMetrics().horizontalAdvance(t.date_hint()) + 24)
        self.problem = QLabel()
        self.model = movements_model(ctx, state)
        self.view, _proxy = row_table(self.model, "movements", sorted_elsewhere=lambda *_a: None)
        self.view.setSortingEnabled(False)  # newest first, as the ledger is read
        self.loader = Loader(ctx, self, self._show_rows)
        self.model.fetch_next = self._read_next_page
        self._shown = MovementFilter()
        self._list_number = 0
        self.show_state(state)
        filters = QHBoxLayout()
        for text, widget in (
            (_("&Place:"), self.place),
            (_("&Item:"), self.item),
            (_("&Kind:"), self.kind),
            (_("F&rom:"), self.since),
            (_("&Until:"), self.until),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addWidget(self.problem, 1)
        for box in (self.place, self.item, self.kind):
            box.currentIndexChanged.connect(lambda _i: self.reload())
        for field in (self.since, self.until):
            field.editingFinished.connect(self.reload)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)

    def show_state(self, state: StockState) -> None:
        """The places and items as just read, the choices made kept; the ledger read again."""
        t = self._ctx.t
        self._state = state
        for box, everything, choices in (
            (self.place, t.gettext("All places"), [(p.id, p.name(t)) for p in state.places]),
            (
                self.item,
                t.gettext("All items"),
                [(i.id, i.name(t)) for i in by_name(t, state.items)],
            ),
        ):
            chosen = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(everything, None)
            for value, words in choices:
                box.addItem(words, value)
            box.setCurrentIndex(max(box.findData(chosen), 0))
            box.blockSignals(False)
        self.reload()

    def filters(self) -> MovementFilter | None:
        """The filters chosen; None (and the problem said) for a date that cannot be read."""
        locale, t = self._ctx.t.locale_name, self._ctx.t
        since, since_error = parse_date(self.since.text(), "since", locale)
        until, until_error = parse_date(self.until.text(), "until", locale)
        if since_error or until_error:
            self.problem.setText(t.gettext("Write the dates as {hint}.").format(hint=t.date_hint()))
            return None
        self.problem.setText("")
        kind = self.kind.currentData()  # the enum's plain value, as a combo gives it back
        return MovementFilter(
            self.place.currentData(),
            self.item.currentData(),
            frozenset({MovementKind(kind)}) if kind is not None else frozenset(),
            since,
            until,
        )

    def reload(self) -> None:
        filters = self.filters()
        if filters is None:
            return
        ctx = self._ctx

        def work(session: Session) -> tuple[MovementFilter, list[MovementRow]]:
            return filters, movements(session, ctx.actor, ctx.clock, filters, count=PAGE + 1)

        self.loader.load(work)

    def _show_rows(self, loaded: tuple[MovementFilter, list[MovementRow]]) -> None:
        self._shown, rows = loaded
        self._list_number += 1
        self.model.more = len(rows) > PAGE
        self.model.set_rows(rows[:PAGE])

    def _read_next_page(self) -> None:
        ctx, filters, start, number = (
            self._ctx,
            self._shown,
            self.model.rowCount(),
            self._list_number,
        )

        def work(session: Session) -> list[MovementRow]:
            return movements(session, ctx.actor, ctx.clock, filters, start=start, count=PAGE + 1)

        run_read(ctx, self, work, lambda rows: self._add_page(number, rows))

    def _add_page(self, number: int, rows: list[MovementRow]) -> None:
        if number != self._list_number:
            return
        self.model.more = len(rows) > PAGE
        self.model.add_rows(rows[:PAGE])
