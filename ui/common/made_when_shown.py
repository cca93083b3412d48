"""Pages and tabs made the first time they are shown, so that logging in makes only the one shown.

Each page of the main window, and each tab of a page, costs tens of milliseconds to make (lists
read, tables fitted, a long combo filled), all on the GUI thread; a session mostly uses one
(issue 11). Until it is needed, an empty widget holds its place in the stack or the tab widget;
when it is first shown (or its widget first asked for) the real one is made and takes that place,
so `stack.currentWidget()` and `tabs.indexOf(tab)` see the real widget from then on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtWidgets import QStackedWidget, QTabWidget, QWidget

W = TypeVar("W", bound=QWidget, covariant=True)


class Later(Generic[W]):
    """One widget, made by `make` on the first `get()`; an empty `stand_in` until then."""

    def __init__(self, make: Callable[[], W]) -> None:
        self._make = make
        self._made: W | None = None
        self._then: list[Callable[[W], object]] = []
        self._stand_in: QWidget | None = None

    @property
    def stand_in(self) -> QWidget:
        """The empty widget that holds the place until the real one is made."""
        if self._stand_in is None:
            self._stand_in = QWidget()
        return self._stand_in

    @property
    def made(self) -> W | None:
        """The widget if it is made, without making it."""
        return self._made

    def when_made(self, then: Callable[[W], object]) -> None:
        """Call `then` with the widget once it is made (at once if it already is)."""
        self._then.append(then)
        if self._made is not None:
            then(self._made)

    def get(self) -> W:
        if self._made is None:
            self._made = self._make()
            for then in self._then:
                then(self._made)
        return self._made


def made_if_offered(later: Later[W] | None) -> W | None:
    """The widget of a place this role may or may not have (None: not offered), made if need be."""
    return None if later is None else later.get()


class StackMadeWhenShown(QStackedWidget):
    """A stack of pages, each made when it is first shown (`show_index`, or made current)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._waiting: dict[QWidget, Later[QWidget]] = {}
        self._adding = False
        self.currentChanged.connect(self._make_current)

    def add_later(self, later: Later[QWidget]) -> None:
        """Its stand-in at the end; the first one added becomes current, but is made only when
        shown (a rebuilt window may show another page)."""
        self._waiting[later.stand_in] = later
        later.when_made(lambda widget: self._put(later.stand_in, widget))
        self._adding = True
        try:
            self.addWidget(later.stand_in)
        finally:
            self._adding = False

    def show_index(self, index: int) -> None:
        """The page at `index` made if it is not yet, and shown."""
        page = self.widget(index)
        later = None if page is None else self._waiting.get(page)
        if later is not None:
            later.get()
        self.setCurrentIndex(index)

    def _make_current(self, _index: int) -> None:
        current = self.currentWidget()
        later = None if current is None or self._adding else self._waiting.get(current)
        if later is not None:
            later.get()

    def _put(self, stand_in: QWidget, widget: QWidget) -> None:
        """`widget` in the stand-in's place, current if it was (the stand-in is never seen)."""
        del self._waiting[stand_in]
        index = self.indexOf(stand_in)
        self.insertWidget(index + 1, widget)
        if self.currentWidget() is stand_in:
            self.setCurrentWidget(widget)
        self.removeWidget(stand_in)
        stand_in.deleteLater()


class TabsMadeWhenShown(QTabWidget):
    """Tabs, each made when it is first chosen; the first one added is made at once."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._waiting: dict[QWidget, Later[QWidget]] = {}
        self.currentChanged.connect(self._make_current)

    def add_later(self, later: Later[QWidget], title: str) -> None:
        if self.count() == 0:  # the first one is current at once: made now
            self.addTab(later.get(), title)
            return
        self._waiting[later.stand_in] = later
        later.when_made(lambda widget: self._put(later.stand_in, widget))
        self.addTab(later.stand_in, title)

    def make_all(self) -> None:
        """Every tab made (the keys help reads the shortcuts of each)."""
        for later in list(self._waiting.values()):
            later.get()

    def _make_current(self, _index: int) -> None:
        later = self._waiting.get(self.currentWidget())
        if later is not None:
            later.get()

    def _put(self, stand_in: QWidget, widget: QWidget) -> None:
        del self._waiting[stand_in]
        index = self.indexOf(stand_in)
        self.insertTab(index + 1, widget, self.tabIcon(index), self.tabText(index))
        if self.currentIndex() == index:
            self.setCurrentIndex(index + 1)
        self.removeTab(index)
        stand_in.deleteLater()
