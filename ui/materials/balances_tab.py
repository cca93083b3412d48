"""Balances: what each place holds of each item, a tracked item's lots under it.

Filtered by place and category and searched by name as typed (a few hundred rows, held in
memory); a click on a header sorts the items and keeps each item's lots under it. A lot that
has expired is tinted red, one expiring within 60 days amber; an item under its minimum
amber: the State column says the same in words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from clinic.i18n.translator import N_
from clinic.materials.catalogue import Item, LotInStock, Place
from clinic.materials.words import CATEGORIES, stock_count
from db.vocabulary.materials import ItemCategory
from ui.common.row_table_model import Column, RowTableModel
from ui.common.table_view import row_table, selected_row
from ui.common.theme import Status
from ui.context import DeskContext
from ui.materials.stock_read import StockState

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class State(Enum):
    EXPIRED = N_("Expired")
    EXPIRES_SOON = N_("Expires soon")
    UNDER_MINIMUM = N_("Under minimum")


TINTS = {
    State.EXPIRED: Status.OVERDUE,
    State.EXPIRES_SOON: Status.WARNING,
    State.UNDER_MINIMUM: Status.WARNING,
}


@dataclass(frozen=True)
class BalanceRow:
    item: Item
    place: Place
    lot: LotInStock | None  # a lot's row, under its item's
    quantity: int
    minimum: int | None
    state: State | None


@dataclass(frozen=True)
class Filters:
    place_id: int | None = None
    category: ItemCategory | None = None
    search: str = ""


def balance_rows(state: StockState, filters: Filters, today: dt.date, t: Any) -> list[BalanceRow]:
    """An item's row per place (every item in use, at every place in use, held or not; a
    retired item only where it still holds something), its lots' rows after it."""
    rows: list[BalanceRow] = []
    words = filters.search.strip().casefold()
    for place in state.places:
        if filters.place_id is not None and place.id != filters.place_id:
            continue
        for item in state.items:
            if filters.category is not None and item.category is not filters.category:
                continue
            if words and words not in item.name(t).casefold():
                continue
            rows.extend(_item_rows(state, place, item, today))
    return rows


def _item_rows(state: StockState, place: Place, item: Item, today: dt.date) -> list[BalanceRow]:
    lots = state.lots_at(place.id, item.id) if item.tracks_lots else []
    total = sum(state.held(place.id, item.id, lot.id) for lot in lots)
    total += state.held(place.id, item.id, None)
    if not item.active and not total:
        return []
    minimum = state.minimums.get((place.id, item.id))
    low = State.UNDER_MINIMUM if minimum is not None and total < minimum else None
    rows = [BalanceRow(item, place, None, total, minimum, low)]
    for lot in lots:
        held = state.held(place.id, item.id, lot.id)
        rows.append(
            BalanceRow(item, place, lot, held, None, _expiry_state(lot, today, state.expiry_days))
        )
    return rows


def _expiry_state(lot: LotInStock, today: dt.date, days: int) -> State | None:
    if lot.expiry is None:
        return None
    if lot.expiry < today:
        return State.EXPIRED
    if lot.expiry <= today + dt.timedelta(days=days):
        return State.EXPIRES_SOON
    return None


def balances_model(ctx: DeskContext) -> RowTableModel[BalanceRow]:
    t = ctx.t
    _ = t.gettext

    def item_text(row: BalanceRow) -> str:
        if row.lot is not None:
            return "    " + t.format(_("Lot {number}"), number=row.lot.lot_number)
        name = row.item.name(t)
        return name if row.item.active else t.format(_("{item} (retired)"), item=name)

    def quantity_text(row: BalanceRow) -> str:
        return stock_count(t, row.item.unit, row.quantity)

    return RowTableModel(
        [
            Column(lambda: _("Item"), item_text, width=24),
            Column(lambda: _("Category"), lambda r: _(CATEGORIES[r.item.category]), width=14),
            Column(lambda: _("Place"), lambda r: r.place.name(t), width=14),
            Column(
                lambda: _("Expires"),
                lambda r: t.short_date(r.lot.expiry) if r.lot else "",
                width=10,
            ),
            Column(lambda: _("In stock"), quantity_text, align=RIGHT, width=10),
            Column(
                lambda: _("Minimum"),
                lambda r: "" if r.minimum is None else str(r.minimum),
                align=RIGHT,
                width=8,
            ),
            Column(lambda: _("State"), lambda r: _(r.state.value) if r.state else "", width=12),
        ],
        lambda r: TINTS.get(r.state) if r.state else None,
    )


def _sort_key(t: Any, column: int, row: BalanceRow) -> Any:
    """What an item's row sorts by in each column (its lots follow it)."""
    keys = (
        lambda: row.item.name(t).casefold(),
        lambda: (t.gettext(CATEGORIES[row.item.category]), row.item.name(t).casefold()),
        lambda: row.place.name(t).casefold(),
        lambda: row.item.name(t).casefold(),
        lambda: row.quantity,
        lambda: -1 if row.minimum is None else row.minimum,
        lambda: row.state is None,
    )
    return keys[column]()


def sorted_rows(t: Any, rows: list[BalanceRow], column: int, descending: bool) -> list[BalanceRow]:
    groups: list[list[BalanceRow]] = []
    for row in rows:
        if row.lot is None:
            groups.append([row])
        else:
            groups[-1].append(row)
    if column >= 0:
        groups.sort(key=lambda group: _sort_key(t, column, group[0]), reverse=descending)
    return [row for group in groups for row in group]


class BalancesTab(QWidget):
    """The balances, re-read by `show_state` whenever the page reads the stock again."""

    chosen = Signal()  # Enter on a row

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self._ctx = ctx
        t = ctx.t
        _ = t.gettext
        self._state: StockState | None = None
        self._order: tuple[int, bool] = (-1, False)
        self.place = QComboBox()
        self.category = QComboBox()
        self.category.addItem(_("All categories"), None)
        for category, words in CATEGORIES.items():
            self.category.addItem(_(words), category)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Name of the item"))
        self.search.setClearButtonEnabled(True)
        self.model = balances_model(ctx)
        self.view, self.proxy = row_table(self.model, "balances", sorted_elsewhere=self._sort_by)
        self.view.activated.connect(lambda _index: self.chosen.emit())
        filters = QHBoxLayout()
        for text, widget in (
            (_("&Place:"), self.place),
            (_("Ca&tegory:"), self.category),
            (_("&Search:"), self.search),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget, 1 if widget is self.search else 0)
        self.place.currentIndexChanged.connect(lambda _i: self._show())
        self.category.currentIndexChanged.connect(lambda _i: self._show())
        self.search.textChanged.connect(lambda _text: self._show())
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)

    def filters(self) -> Filters:
        """As chosen. A combo gives an enum stored in it back as its plain value."""
        category = self.category.currentData()
        chosen = None if category is None else ItemCategory(category)
        return Filters(self.place.currentData(), chosen, self.search.text())

    def show_state(self, state: StockState) -> None:
        """The stock as just read; the place chosen stays chosen."""
        t, chosen = self._ctx.t, self.place.currentData()
        self._state = state
        self.place.blockSignals(True)
        self.place.clear()
        self.place.addItem(t.gettext("All places"), None)
        for place in state.places:
            self.place.addItem(place.name(t), place.id)
        self.place.setCurrentIndex(max(self.place.findData(chosen), 0))
        self.place.blockSignals(False)
        self._show()

    def _sort_by(self, column: int, order: Qt.SortOrder) -> None:
        self._order = (column, order == Qt.SortOrder.DescendingOrder)
        self._show()

    def _show(self) -> None:
        if self._state is None:
            return
        t, kept = self._ctx.t, self.selected()
        rows = balance_rows(self._state, self.filters(), self._ctx.clock.today(), t)
        self.model.set_rows(sorted_rows(t, rows, *self._order))
        if kept is not None:
            self._select(kept)

    def _select(self, kept: BalanceRow) -> None:
        key = (kept.item.id, kept.place.id, kept.lot.id if kept.lot else None)
        for number, row in enumerate(self.model.rows()):
            if (row.item.id, row.place.id, row.lot.id if row.lot else None) == key:
                self.view.selectRow(self.proxy.mapFromSource(self.model.index(number, 0)).row())
                return

    def selected(self) -> BalanceRow | None:
        row: BalanceRow | None = selected_row(self.view)
        return row
