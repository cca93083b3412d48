"""Pages and tabs made on first show (`ui.common.made_when_shown`): made once, when shown or
asked for, in their own place, whichever way they are reached."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QWidget

from ui.common.made_when_shown import Later, StackMadeWhenShown, TabsMadeWhenShown


def _maker(made: list[str], text: str) -> Later[QLabel]:
    def make() -> QLabel:
        made.append(text)
        return QLabel(text)

    return Later(make)


def _texts(count: int, widget: Callable[[int], QWidget | None]) -> list[str]:
    return [label.text() for i in range(count) if isinstance(label := widget(i), QLabel)]


def test_a_stack_makes_a_page_when_shown_and_only_then(qtbot):
    made: list[str] = []
    stack = StackMadeWhenShown()
    qtbot.addWidget(stack)
    pages = [_maker(made, text) for text in "abc"]
    for page in pages:
        stack.add_later(page)
    stack.show()
    assert made == []  # the first is current, but not made until shown
    stack.show_index(1)
    assert made == ["b"]
    assert stack.currentWidget() is pages[1].made
    stack.setCurrentIndex(0)  # made current some other way: made too
    assert made == ["b", "a"]
    assert stack.currentWidget() is pages[0].made
    assert pages[2].get() is pages[2].get()  # asked for while hidden: made once
    assert made == ["b", "a", "c"]
    assert _texts(stack.count(), stack.widget) == ["a", "b", "c"]
    assert stack.currentWidget() is pages[0].made


def test_tabs_are_made_when_chosen_keeping_their_place_and_title(qtbot):
    made: list[str] = []
    tabs = TabsMadeWhenShown()
    qtbot.addWidget(tabs)
    for text in "abc":
        tabs.add_later(_maker(made, text), f"&{text.upper()}")
    tabs.show()
    assert made == ["a"]  # the tab shown
    tabs.setCurrentIndex(2)
    assert made == ["a", "c"]
    assert isinstance(current := tabs.currentWidget(), QLabel)
    assert current.text() == "c"
    tabs.make_all()
    assert made == ["a", "c", "b"]
    assert _texts(tabs.count(), tabs.widget) == ["a", "b", "c"]
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["&A", "&B", "&C"]
    assert tabs.currentIndex() == 2


def test_what_waits_for_a_widget_runs_once_it_is_made(qtbot):
    later = _maker([], "a")
    seen: list[str] = []
    later.when_made(lambda label: seen.append(label.text()))
    assert later.made is None
    assert seen == []
    qtbot.addWidget(later.get())
    later.when_made(lambda label: seen.append(label.text() + " again"))
    assert seen == ["a", "a again"]
