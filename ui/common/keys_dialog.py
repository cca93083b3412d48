"""The keyboard shortcuts (F1): a two-column table, keys | what they do, grouped by where they work.

It shows what `ui.common.shortcuts` collected from the live widgets; it holds no list of its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic.i18n.translator import Translator
from ui.common import theme
from ui.common.shortcuts import KeySection, keys_under, shortcut


class KeysDialog(QDialog):
    def __init__(
        self, t: Translator, sections: Sequence[KeySection], note: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("keysDialog")
        self.setWindowTitle(t.gettext("Keyboard shortcuts"))
        self.table = QTreeWidget()
        self.table.setObjectName("keysTable")
        self.table.setHeaderLabels([t.gettext("Keys"), t.gettext("What they do")])
        self.table.setRootIsDecorated(False)
        self.table.setItemsExpandable(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setAlternatingRowColors(True)
        for section in sections:
            self._add_section(section)
        self.table.expandAll()
        header = self.table.header()
        header.setStretchLastSection(True)
        # Keys sit indented under their section's title; Qt's "fit to contents" forgets that.
        keys_width = self.table.sizeHintForColumn(0) + self.table.indentation()
        header.resizeSection(0, keys_width + 2 * theme.SPACING)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(theme.SPACING)
        layout.addWidget(self.table, 1)
        if note:
            hint = QLabel(note)
            hint.setWordWrap(True)
            layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(620, 560)

    def _add_section(self, section: KeySection) -> None:
        if not section.keys:
            return
        title = QTreeWidgetItem(self.table, [section.title])
        font = QFont(title.font(0))
        font.setBold(True)
        title.setFont(0, font)
        title.setFirstColumnSpanned(True)
        for line in section.keys:
            QTreeWidgetItem(title, [line.keys, line.text])

    def rows(self) -> list[tuple[str, str, str]]:
        """(section, keys, what they do) for every line shown, in order: what a person reads."""
        found = []
        for number in range(self.table.topLevelItemCount()):
            section = self.table.topLevelItem(number)
            assert section is not None
            for child in range(section.childCount()):
                item = section.child(child)
                assert item is not None
                found.append((section.text(0), item.text(0), item.text(1)))
        return found


class DialogKeyHelp(QObject):
    """F1 in a dialog lists that dialog's own keys.

    The main window's F1 does not reach a modal dialog (Qt blocks the other windows' shortcuts),
    so each dialog that has described keys is given its own F1 the first time it gets the focus.
    """

    def __init__(self, t: Translator, parent: QObject) -> None:
        super().__init__(parent)
        self._t = t
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.focusWindowChanged.connect(self._focused)

    def _focused(self, _window: object) -> None:
        dialog = QApplication.activeModalWidget() or QApplication.activeWindow()
        if not isinstance(dialog, QDialog) or dialog.property(_HAS_HELP):
            return
        dialog.setProperty(_HAS_HELP, True)
        if keys_under(dialog, dialog.windowTitle()):
            text = self._t.gettext("Keyboard shortcuts")
            shortcut("F1", dialog, lambda: self.show_for(dialog), text)

    def show_for(self, dialog: QDialog) -> KeysDialog:
        """The table of `dialog`'s keys, shown until closed; returned for tests."""
        table = KeysDialog(self._t, keys_under(dialog, dialog.windowTitle()), "", dialog)
        table.open()
        return table


_HAS_HELP = "sogliaKeyHelp"
