"""A read-only table model over a list of frozen dataclasses, with one column object per column."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from ui.common.theme import Status, status_background

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[Row]):
    """How one column shows a row: its header, its text, and a sort key for the proxy."""

    header: Callable[[], str]
    text: Callable[[Row], str]
    sort_key: Callable[[Row], Any] | None = None
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    width: int = 12  # the least width, in average characters; wider when the content is
    stretch: bool = False  # the free-text column that takes the room left (else the last one)


class RowTableModel(QAbstractTableModel, Generic[Row]):
    def __init__(
        self,
        columns: Sequence[Column[Row]],
        row_status: Callable[[Row], Status | None] | None = None,
    ) -> None:
        """`row_status` tints a whole row (ui/common/theme.py); a column must say the same in
        words."""
        super().__init__()
        self._columns = list(columns)
        self._row_status = row_status
        self._rows: list[Row] = []
        # A list read page by page: asked for the next page when the view scrolls to the end
        # (Qt's fetchMore); it calls `add_rows` with it, then says whether more remain.
        self.fetch_next: Callable[[], object] | None = None
        self.more = False

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def add_rows(self, rows: Sequence[Row]) -> None:
        """Rows after the ones shown (the next page of a list read page by page)."""
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self.more and self.fetch_next is not None

    def fetchMore(self, parent: Index) -> None:
        if self.canFetchMore(parent):
            assert self.fetch_next is not None
            self.more = False  # asked once; the page that arrives says if more remain
            self.fetch_next()

    def row(self, index: int) -> Row:
        return self._rows[index]

    def rows(self) -> list[Row]:
        return list(self._rows)

    def text(self, row: int, column: int) -> str:
        """The text shown in a cell."""
        return self._columns[column].text(self._rows[row])

    def sort_key(self, index: Index) -> Any:
        """The Python value rows are ordered by in this column (any comparable type)."""
        column = self._columns[index.column()]
        return (column.sort_key or column.text)(self._rows[index.row()])

    def widths(self) -> list[int]:
        return [column.width for column in self._columns]

    def stretch_column(self) -> int:
        """The column that takes the room left: the one declared `stretch`, else the last."""
        marked = [number for number, column in enumerate(self._columns) if column.stretch]
        return marked[0] if marked else len(self._columns) - 1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        column = self._columns[index.column()]
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text of a cell cut by its width
            return column.text(row) or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align.value)
        if role == Qt.ItemDataRole.BackgroundRole and self._row_status is not None:
            status = self._row_status(row)
            return None if status is None else status_background(status)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].header()
        return None


class RowSortProxy(QSortFilterProxyModel):
    """Sorts a `RowTableModel` by its columns' Python sort keys (times, tuples...), which Qt's
    own comparison of variants does not order correctly.

    With `sorted_elsewhere`, a click on a header is handed to it instead (a list read page by
    page is sorted by its query) and the rows stay in the model's order."""

    def __init__(
        self,
        source: RowTableModel[Any],
        sorted_elsewhere: Callable[[int, Qt.SortOrder], object] | None = None,
    ) -> None:
        super().__init__()
        self._source = source
        self._sorted_elsewhere = sorted_elsewhere
        self.setSourceModel(source)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._sorted_elsewhere is None:
            super().sort(column, order)
        elif column >= 0:
            self._sorted_elsewhere(column, order)

    def row_at(self, index: Index) -> Any:
        """The source row shown at this (sorted) index."""
        return self._source.row(self.mapToSource(index).row())

    def lessThan(self, left: Index, right: Index) -> bool:
        return bool(self._source.sort_key(left) < self._source.sort_key(right))
