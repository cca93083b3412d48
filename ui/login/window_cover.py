"""Hiding what a window shows while Soglia is locked, and putting it back exactly as it was.

Painting over a window is not hiding it: a cover that fails to paint (a style sheet on a plain
widget did) leaves every code and alias readable. So each content widget of the window is
hidden, and an opaque panel takes the window's place; the hidden widgets keep their text,
selection and scroll position, and the widget that had the cursor gets it back on unlock.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

LOCKED_TITLE = "Soglia"  # the program's name, not translated: it names nothing of anyone


class LockPanel(QWidget):
    """What a locked window shows: its background colour and one short line of text."""

    def __init__(self, window: QWidget, text: str) -> None:
        super().__init__(window)
        self.setObjectName("lockPanel")
        label = QLabel(text)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        label.setFont(font)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        self._window = window
        self.setGeometry(window.rect())
        window.installEventFilter(self)

    def paintEvent(self, event: QPaintEvent) -> None:
        # Filled by hand: an application style sheet could make an auto-filled widget clear.
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        painter.end()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the window's size, and stay above anything added to it while locked."""
        if watched is self._window and event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.ChildAdded,
        ):
            self.setGeometry(self._window.rect())
            self.raise_()
        return False


class WindowCover:
    """One window with its content hidden and its title blanked, until `lift()`."""

    def __init__(self, window: QWidget, text: str) -> None:
        self._window = window
        self._title = window.windowTitle()
        self._focus = window.focusWidget()
        self._selection = _selection(self._focus)
        self._hidden = [
            child
            for child in window.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            )
            if not child.isWindow() and not child.isHidden()
        ]
        self._panel = LockPanel(window, text)
        self._panel.show()
        self._panel.raise_()
        # Taking the cursor "as when the window loses the focus" keeps a field's selection.
        self._panel.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
        for child in self._hidden:
            child.hide()
        window.setWindowTitle(LOCKED_TITLE)

    def lift(self) -> None:
        """Everything back as it was; a window closed meanwhile is left alone."""
        if not shiboken6.isValid(self._window):
            return
        for child in self._hidden:
            if shiboken6.isValid(child):
                child.show()
        self._window.setWindowTitle(self._title)
        self._window.removeEventFilter(self._panel)
        self._panel.hide()
        self._panel.deleteLater()
        if self._focus is not None and shiboken6.isValid(self._focus):
            self._focus.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
            _reselect(self._focus, self._selection)


def _selection(widget: QWidget | None) -> tuple[int, int] | None:
    """Where the cursor and the selection of a line edit start: (anchor, cursor)."""
    if not isinstance(widget, QLineEdit):
        return None
    cursor = widget.cursorPosition()
    if not widget.hasSelectedText():
        return cursor, cursor
    start, end = widget.selectionStart(), widget.selectionEnd()
    return (end if cursor == start else start), cursor


def _reselect(widget: QWidget, selection: tuple[int, int] | None) -> None:
    """Put a line edit's selection back: Qt may drop it while the field is out of sight."""
    if isinstance(widget, QLineEdit) and selection is not None:
        anchor, cursor = selection
        widget.setSelection(anchor, cursor - anchor)
