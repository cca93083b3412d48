"""The languages a person speaks: type to find one, Enter to tick the best match.

Languages are named in the interface language. The list shows the matches of what is typed,
names that start with it (or have a word that does) before names that merely contain it, so
`Roman` + Enter ticks Romanian, not Aromanian. Ticked languages stay in sight.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListView, QVBoxLayout, QWidget

from clinic.registry.vocabulary import language_codes
from ui.common.searchable_combo import RankedFilter
from ui.context import DeskContext

LANGUAGE_ROLE = Qt.ItemDataRole.UserRole
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
AnyIndex = QModelIndex | QPersistentModelIndex


class LanguageList(QAbstractListModel):
    """Every language, by name, each ticked or not; the ticks live here, in Python.

    A plain list rather than one Qt item per language: 645 languages would be thousands of
    calls into Qt for each form opened.
    """

    def __init__(self, names: list[tuple[str, str]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names = names  # (name, code), in the order shown
        self._ticked: set[str] = set()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._names)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        name, code = self._names[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return name
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if code in self._ticked else Qt.CheckState.Unchecked
        return code if role == LANGUAGE_ROLE else None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():  # the list itself is no item to tick (Qt's model rule)
            return super().flags(index)
        return super().flags(index) | Qt.ItemFlag.ItemIsUserCheckable

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Space or a click on the box ticks or unticks."""
        if role != Qt.ItemDataRole.CheckStateRole:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
        self.tick(index.row(), checked)
        return True

    def tick(self, row: int, checked: bool = True) -> None:
        code = self._names[row][1]
        if checked:
            self._ticked.add(code)
        else:
            self._ticked.discard(code)
        self.dataChanged.emit(self.index(row), self.index(row), [Qt.ItemDataRole.CheckStateRole])

    def is_ticked(self, row: int) -> bool:
        return self._names[row][1] in self._ticked

    def ticked(self) -> tuple[str, ...]:
        """The codes ticked, in the order shown."""
        return tuple(code for _name, code in self._names if code in self._ticked)

    def set_ticked(self, codes: tuple[str, ...]) -> None:
        self._ticked = set(codes) & {code for _name, code in self._names}
        if self._names:
            self.dataChanged.emit(self.index(0), self.index(len(self._names) - 1))


class LanguagePicker(QWidget):
    """Type to filter, Enter to tick the best match, Down to walk the list, Space to tick."""

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(ctx.t.gettext("Type to filter languages"))
        self.filter.setClearButtonEnabled(True)
        names = sorted((ctx.t.language_name(c), c) for c in language_codes())
        self.languages = LanguageList(names, self)
        self.ranked = RankedFilter(self.languages, self, self.languages.is_ticked)
        self.list = QListView()
        self.list.setModel(self.ranked)
        self.list.setMaximumHeight(110)
        self.filter.textChanged.connect(self.ranked.set_typed)
        self.filter.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        self.setFocusProxy(self.filter)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter ticks (and is not passed on: it would press the dialog's Save); Down enters
        the list."""
        if watched is self.filter and isinstance(event, QKeyEvent):
            if event.type() == QEvent.Type.KeyPress and event.key() in _ENTER:
                self.tick_best_match()
                return True
            if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down:
                self._enter_list()
                return True
        return super().eventFilter(watched, event)

    def tick_best_match(self) -> None:
        """Tick the best match of what is typed and select the text, ready for the next."""
        best = self.ranked.best_row()
        if best is None or not self.filter.text().strip():
            return
        self.languages.tick(best)
        self.list.setCurrentIndex(self.ranked.mapFromSource(self.languages.index(best)))
        self.filter.selectAll()

    def _enter_list(self) -> None:
        if self.ranked.rowCount():
            self.list.setCurrentIndex(self.ranked.index(0, 0))
            self.list.setFocus()

    def chosen(self) -> tuple[str, ...]:
        return self.languages.ticked()

    def set_chosen(self, codes: tuple[str, ...]) -> None:
        """Tick exactly `codes`; the ticked ones come first, the rest in alphabetical order."""
        self.languages.set_ticked(codes)
        self.ranked.set_typed(self.filter.text())
