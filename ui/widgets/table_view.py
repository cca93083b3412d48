"""A read-only table over a `RowTableModel`: rows selected whole, sortable by any column,
columns at their declared widths until the person resizes them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ui.models.row_table_model import RowSortProxy, RowTableModel


def selected_row(view: QTableView) -> Any | None:
    """The row (dataclass) selected in a `row_table`, whatever the sort order; None if none."""
    proxy = view.model()
    assert isinstance(proxy, RowSortProxy)
    rows = view.selectionModel().selectedRows()
    return proxy.row_at(rows[0]) if rows else None


def row_table(
    model: RowTableModel[Any], name: str, sort_column: int = -1
) -> tuple[QTableView, RowSortProxy]:
    """A read-only table, in the model's order until a header is clicked (or `sort_column`)."""
    proxy = RowSortProxy(model)
    view = QTableView()
    view.setObjectName(name)
    view.setModel(proxy)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.horizontalHeader().setSortIndicator(sort_column, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    average = view.fontMetrics().averageCharWidth()
    titles = header.fontMetrics()
    for column, width in enumerate(model.widths()):
        # Never narrower than the column's title: in French or German it may be the longest.
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        header.resizeSection(column, max(width * average, titles.horizontalAdvance(title)) + 24)
    view.setTabKeyNavigation(False)
    return view, proxy
