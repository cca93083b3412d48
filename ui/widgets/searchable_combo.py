"""A combo box for long lists (countries, time zones): type any part of a name to find it."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter


def searchable_combo(items: Iterable[tuple[str, str]]) -> QComboBox:
    """`items` are (text shown, value) pairs; typing `rom` offers Romania and Europe/Rome."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    for text, value in items:
        combo.addItem(text, value)
    completer = QCompleter(combo.model(), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)
    return combo
