"""What the coordinator's care lists and partner services share: rows offered or retired.

Nothing in either is deleted; a retired row stays in the table, greyed and with the word
"Retired" in its own column (colour is never the only sign), so it can be offered again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QPushButton, QTableView

from clinic.i18n.translator import Translator
from ui.common.row_table_model import Column, RowSortProxy, RowTableModel
from ui.common.table_view import selected_row


class Offered(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def active(self) -> bool: ...


Row = TypeVar("Row", bound=Offered)


class OfferedRowsModel(RowTableModel[Row]):
    """A table whose retired rows are greyed."""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.isValid()
            and index.row() < self.rowCount()
            and not self.row(index.row()).active
        ):
            return QPalette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return super().data(index, role)


def state_column(t: Translator) -> Column[Any]:
    """Offered or retired, in words; sorted with the offered ones first."""
    _ = t.gettext
    return Column(
        lambda: _("State"),
        lambda row: _("Offered") if row.active else _("Retired"),
        lambda row: not row.active,
        width=10,
    )


def show_rows_keeping(
    view: QTableView, model: RowTableModel[Row], rows: Sequence[Row], wanted: int | None
) -> None:
    """Rows read again, with the row `wanted` selected (one just saved), else the row that was
    selected, else the first."""
    if wanted is None:
        selected = selected_offered(view)
        wanted = None if selected is None else selected.id
    model.set_rows(rows)
    _select_by_id(view, wanted)


def _select_by_id(view: QTableView, wanted: int | None) -> None:
    proxy = view.model()
    assert isinstance(proxy, RowSortProxy)
    ids = [proxy.row_at(proxy.index(number, 0)).id for number in range(proxy.rowCount())]
    if wanted in ids:
        view.selectRow(ids.index(wanted))
    elif ids:
        view.selectRow(0)


def selected_offered(view: QTableView) -> Offered | None:
    row: Offered | None = selected_row(view)
    return row


def watch_selection(
    view: QTableView, retire: QPushButton, offer_again: QPushButton
) -> Callable[[], None]:
    """Retire usable on an offered row, Offer again on a retired one; the updater returned is
    also called after each reload."""

    def update() -> None:
        row = selected_offered(view)
        retire.setEnabled(row is not None and row.active)
        offer_again.setEnabled(row is not None and not row.active)

    view.selectionModel().selectionChanged.connect(lambda *_args: update())
    update()
    return update
