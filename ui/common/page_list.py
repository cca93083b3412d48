"""The list of pages at the left of the main window: one line per page, its icon, its title,
and its key (Ctrl+1...) right-aligned in a quieter colour, so the list reads as the pages it has.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPalette
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ui.common import theme

KEYS_ROLE = Qt.ItemDataRole.UserRole + 1
ICON_SIZE = 20
_GAP = 3 * theme.SPACING  # between the title and the key hint
Index = QModelIndex | QPersistentModelIndex


class _KeyHintDelegate(QStyledItemDelegate):
    """Paints the item as usual, then its key hint at the right edge."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        keys = index.data(KEYS_ROLE)
        if not keys:
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = option.palette
        colour = (
            palette.color(QPalette.ColorRole.HighlightedText) if selected else theme.hint_colour()
        )
        rect: QRect = option.rect.adjusted(0, 0, -theme.SPACING, 0)
        painter.save()
        painter.setPen(colour)
        painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, keys)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        keys = index.data(KEYS_ROLE) or ""
        metrics = option.fontMetrics
        width = size.width() + _GAP + metrics.horizontalAdvance(keys) + theme.SPACING
        return QSize(width, max(size.height(), ICON_SIZE) + theme.SPACING)


class PageList(QListWidget):
    """The pages, in the order given; `add_page` for each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigation")
        self.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
        self.setItemDelegate(_KeyHintDelegate(self))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def add_page(self, icon: QIcon, title: str, keys: str) -> None:
        item = QListWidgetItem(icon, title)
        item.setData(KEYS_ROLE, keys)
        item.setToolTip(f"{title} ({keys})")
        self.addItem(item)

    def fit_width(self) -> None:
        """As wide as its widest line, so no title is cut in any language."""
        self.setFixedWidth(self.sizeHintForColumn(0) + 2 * self.frameWidth() + theme.SPACING)

    def titles(self) -> list[str]:
        return [self.item(row).text() for row in range(self.count())]

    def key_hints(self) -> list[str]:
        return [str(self.item(row).data(KEYS_ROLE)) for row in range(self.count())]
