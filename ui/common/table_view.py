"""A read-only table over a `RowTableModel`: rows selected whole, sortable by any column,
columns as wide as their content.

Each column is at least its declared width and its title, and grows to fit the rows shown (up to
a bound, past which the tooltip has the whole text). The free-text column (`Column(stretch=True)`,
else the last) also takes the room left. Columns only grow while the table is open, so they do
not jump at each key typed in a search. A column the person resizes by hand keeps their width.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView

from ui.common.row_table_model import RowSortProxy, RowTableModel

MAX_CHARACTERS = 60  # a column grows to fit its content up to this many average characters
MAX_STRETCH_CHARACTERS = 90  # the free-text column, before it is cut (the tooltip has it all)
ROWS_MEASURED = 100  # the rows shown, and the first this many of the list
PADDING = 24  # room for the sort arrow and the cell's margins


def selected_row(view: QTableView) -> Any | None:
    """The row (dataclass) selected in a `row_table`, whatever the sort order; None if none."""
    proxy = view.model()
    assert isinstance(proxy, RowSortProxy)
    rows = view.selectionModel().selectedRows()
    return proxy.row_at(rows[0]) if rows else None


def row_table(
    model: RowTableModel[Any],
    name: str,
    sort_column: int = -1,
    sorted_elsewhere: Callable[[int, Qt.SortOrder], object] | None = None,
) -> tuple[QTableView, RowSortProxy]:
    """A read-only table, in the model's order until a header is clicked (or `sort_column`);
    the click handed to `sorted_elsewhere` if given (`RowSortProxy`)."""
    proxy = RowSortProxy(model, sorted_elsewhere)
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
    view.horizontalHeader().setResizeContentsPrecision(ROWS_MEASURED)
    view.setTabKeyNavigation(False)
    ColumnFitter(view, model)
    return view, proxy


class ColumnFitter(QObject):
    """Keeps a row table's columns as wide as their content (see the module's docstring)."""

    def __init__(self, view: QTableView, model: RowTableModel[Any]) -> None:
        header = view.horizontalHeader()
        super().__init__(header)
        self._view, self._header, self._model = view, header, model
        style = view.style()
        # The item's text margins on both sides (as Qt's delegate) and the grid line.
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        self._margins = 2 * margin + (1 if view.showGrid() else 0)
        self._stretch = model.stretch_column()
        self._fitting = False
        self.by_hand: dict[int, int] = {}  # column -> the width the person gave it
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        average = view.fontMetrics().averageCharWidth()
        titles = header.fontMetrics()
        # Each column's width so far: its declared width or title, then what its rows needed.
        self._least = [
            max(width * average, titles.horizontalAdvance(_title(model, column))) + PADDING
            for column, width in enumerate(model.widths())
        ]
        self._most = [
            (MAX_STRETCH_CHARACTERS if column == self._stretch else MAX_CHARACTERS) * average
            for column in range(len(self._least))
        ]
        header.sectionResized.connect(self._resized)
        model.modelReset.connect(self.fit)
        model.dataChanged.connect(lambda *_args: self.fit())
        view.viewport().installEventFilter(self)
        self.fit()

    def fit(self) -> None:
        """Widen the columns the rows need, then give the free-text column the room left."""
        rows = self._measured_rows()
        with self._resizing():
            for column, least in enumerate(self._least):
                if column == self._stretch or column in self.by_hand:
                    continue
                content = min(self._content_width(column, rows), self._most[column])
                self._least[column] = max(least, content)  # grown: never narrower again
                self._header.resizeSection(column, self._least[column])
        content = min(self._content_width(self._stretch, rows), self._most[self._stretch])
        self._least[self._stretch] = max(self._least[self._stretch], content)
        self._fill()

    def _measured_rows(self) -> list[int]:
        """The model's rows shown on the screen, and its first ROWS_MEASURED."""
        proxy = self._view.model()
        assert isinstance(proxy, RowSortProxy)
        viewport = self._view.viewport()
        top, bottom = self._view.rowAt(0), self._view.rowAt(viewport.height() - 1)
        if top < 0:
            shown: range = range(0)
        else:
            shown = range(top, (bottom if bottom >= 0 else proxy.rowCount() - 1) + 1)
        first = range(min(ROWS_MEASURED, self._model.rowCount()))
        return sorted({*first, *(proxy.mapToSource(proxy.index(r, 0)).row() for r in shown)})

    def _content_width(self, column: int, rows: list[int]) -> int:
        """As wide as the widest text of `rows` in `column`, with the cell's margins.

        Measured from the texts: Qt's sizeHintForColumn asks the model for every role of every
        cell through Python, which took most of the time a list of 20,000 rows was shown in.
        In fractions of a pixel, as the cell lays its text out: rounded to whole pixels,
        "Hébergement d'urgence" (146.02 pixels) was given 146 and shown cut.
        """
        metrics = QFontMetricsF(self._view.font())
        widest = max(
            (metrics.horizontalAdvance(self._model.text(r, column)) for r in rows), default=0.0
        )
        # The cell elides a text wider than its room by a fraction of a pixel: round up.
        return math.ceil(widest) + self._margins if widest else 0

    def _fill(self) -> None:
        """The free-text column is at least as wide as its text, and fills what is left."""
        column, header = self._stretch, self._header
        if column in self.by_hand:
            return
        others = sum(header.sectionSize(c) for c in range(header.count()) if c != column)
        room = self._view.viewport().width() - others
        with self._resizing():
            header.resizeSection(column, max(self._least[column], room))

    def keep_widths(self, widths: dict[int, int]) -> None:
        """Give columns the widths the person chose before (another session)."""
        for column, width in widths.items():
            if 0 <= column < self._header.count():
                self._header.resizeSection(column, width)  # recorded as by hand
        self._fill()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._fill()
        return False

    def _resized(self, column: int, _old: int, new: int) -> None:
        if not self._fitting:
            self.by_hand[column] = new

    @contextmanager
    def _resizing(self) -> Iterator[None]:
        """While the fitter resizes, `sectionResized` is not the person's doing."""
        self._fitting = True
        try:
            yield
        finally:
            self._fitting = False


def _title(model: RowTableModel[Any], column: int) -> str:
    return str(model.headerData(column, Qt.Orientation.Horizontal) or "")


def fitter_of(header: QHeaderView) -> ColumnFitter:
    fitter = header.findChild(ColumnFitter)
    assert fitter is not None, "not a row_table's header"
    return fitter


def widths_by_hand(header: QHeaderView) -> QByteArray:
    """The widths the person gave columns by hand, to remember for the next session."""
    widths = fitter_of(header).by_hand
    return QByteArray(json.dumps({str(c): w for c, w in widths.items()}).encode())


def restore_widths_by_hand(header: QHeaderView, saved: QByteArray) -> None:
    """Widths from `widths_by_hand`; anything else (an older format) is ignored."""
    try:
        widths = json.loads(bytes(saved.data()).decode())
        chosen = {int(column): int(width) for column, width in widths.items()}
    except (ValueError, AttributeError, TypeError):
        return
    fitter_of(header).keep_widths(chosen)
