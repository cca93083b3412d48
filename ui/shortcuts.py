"""Keyboard shortcuts: made in one way, and shown as the platform and language write them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def key_text(keys: str) -> str:
    """`Ctrl+N` as this platform and language write it (`Strg+N` in German)."""
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def shortcut(keys: str, parent: QWidget, slot: Callable[[], object]) -> QShortcut:
    """A shortcut active while `parent`'s window is, calling `slot`."""
    made = QShortcut(QKeySequence(keys), parent)
    made.activated.connect(slot)
    return made
