"""Long lists (countries, time zones, languages): type any part of a name to find it, and the
names a person most likely means come first (`clinic.common.name_match`): `Roman` offers Romania
before anything that merely contains it, and Enter takes that best match."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from clinic.common.name_match import Match, name_match

AnyIndex = QModelIndex | QPersistentModelIndex
_NOT_MATCHING = len(Match)  # a ticked row kept in sight though it does not match


class RankedFilter(QSortFilterProxyModel):
    """The source's rows that match what was typed, best match first, then in source order.

    Rows that `ticked` says are ticked stay in sight, first when nothing is typed and after
    the matches otherwise. Rows are ranked when the text changes, not when a row is ticked, so
    a row does not jump away from under the cursor.
    """

    def __init__(
        self,
        source: QAbstractItemModel,
        parent: QObject | None = None,
        ticked: Callable[[int], bool] = lambda _row: False,
    ) -> None:
        super().__init__(parent)
        self._ticked = ticked
        self._order: dict[int, tuple[int, bool, int]] = {}
        self._matching: list[int] = []
        self.setDynamicSortFilter(False)
        self.setSourceModel(source)
        self.set_typed("")

    def set_typed(self, text: str) -> None:
        """Filter and rank the rows for `text`."""
        self._order, matches = {}, []
        # Only the text is read from the model: with PySide6 6.12 on Python 3.11, each empty
        # value a model hands back (None) drops a reference to None, until Python aborts.
        for row in range(self.sourceModel().rowCount()):
            match = name_match(text, str(self.sourceModel().index(row, 0).data()))
            ticked = self._ticked(row)
            if match is not None:
                matches.append(row)
            if match is not None or ticked:
                rank = _NOT_MATCHING if match is None else int(match)
                self._order[row] = (rank, not ticked, row)
        self._matching = sorted(matches, key=self._order.__getitem__)
        self.invalidate()
        self.sort(0)

    def best_row(self) -> int | None:
        """The source row of the best match, if anything matches."""
        return self._matching[0] if self._matching else None

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        return source_row in self._order

    def lessThan(self, source_left: AnyIndex, source_right: AnyIndex) -> bool:
        return self._order[source_left.row()] < self._order[source_right.row()]


class SearchableCombo(QComboBox):
    """An editable combo whose pop-up lists the matches of what is typed, best first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.ranked = RankedFilter(self.model(), self)
        completer = QCompleter(self.ranked, self)
        # The ranked model is the filter: the completer shows it as it is.
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        line = self.lineEdit()
        assert line is not None  # an editable combo has one
        line.textEdited.connect(self.ranked.set_typed)
        line.returnPressed.connect(self._take_best_match)

    def _take_best_match(self) -> None:
        """Enter on a text that names no item takes the best match; with none, the text stays
        (the form explains it)."""
        if self.findText(self.currentText(), Qt.MatchFlag.MatchFixedString) >= 0:
            return
        self.ranked.set_typed(self.currentText())
        best = self.ranked.best_row()
        if best is not None:
            self.setCurrentIndex(best)


def searchable_combo(items: Iterable[tuple[str, str]]) -> SearchableCombo:
    """`items` are (text shown, value) pairs; typing `rom` offers Romania, then Europe/Rome."""
    combo = SearchableCombo()
    for text, value in items:
        combo.addItem(text, value)
    combo.ranked.set_typed("")
    return combo
