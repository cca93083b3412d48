"""Keyboard shortcuts: made in one way, described where they are made, and listed from the widgets.

The help (F1) is not a hand-kept list: `keys_under()` walks a window's live QShortcuts and
QActions, so a key added without words, or words left behind by a removed key, cannot happen.
A shortcut's words live in Qt's own "What's This" text of the QShortcut; a QAction's in its text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QMenuBar, QStackedWidget, QTabWidget, QWidget


@dataclass(frozen=True)
class KeyHelp:
    """One line of the help: the keys as this platform writes them, and what they do."""

    keys: str
    text: str


@dataclass(frozen=True)
class KeySection:
    """The keys that work in one place ("Everywhere", a page, a tab of a page, a dialog)."""

    title: str
    keys: tuple[KeyHelp, ...]


def key_text(keys: str) -> str:
    """`Ctrl+N` as this platform and language write it (`Strg+N` in German)."""
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def shortcut(
    keys: str,
    parent: QWidget,
    slot: Callable[[], object],
    text: str = "",
    *,
    enabled: bool = True,
) -> QShortcut:
    """A shortcut active while `parent` is shown in the active window, calling `slot`.

    `text` says what it does, for the help (F1); `enabled=False` for a role that may not use
    it: the key then does nothing and the help does not list it.
    """
    made = QShortcut(QKeySequence(keys), parent)
    made.setWhatsThis(plain(text))
    made.setEnabled(enabled)
    made.activated.connect(slot)
    return made


def plain(text: str) -> str:
    """A label without its mnemonic marker: "Check &in" -> "Check in", "A && B" -> "A & B"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def menu_keys(bar: QMenuBar) -> tuple[KeyHelp, ...]:
    """The enabled actions of a menu bar's menus that have a shortcut, in menu order."""
    found: list[KeyHelp] = []
    for menu_action in bar.actions():
        menu = menu_action.menu()
        for action in menu.actions() if isinstance(menu, QMenu) else []:
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys and action.isEnabled():
                found.append(KeyHelp(keys, plain(action.text())))
    return tuple(found)


def keys_under(root: QWidget, title: str) -> list[KeySection]:
    """The usable shortcuts made under `root`, in sections: `title`, then one per tab page
    ("Vaccinations › Stock", in the tabs' order) for keys that only work while it is shown."""
    sections: dict[tuple[int, str], list[KeyHelp]] = {}
    for made in root.findChildren(QShortcut):
        if not made.isEnabled():
            continue
        keys = made.key().toString(QKeySequence.SequenceFormat.NativeText)
        line = KeyHelp(keys, made.whatsThis())
        lines = sections.setdefault(_place(made, root, title), [])
        if line not in lines:
            lines.append(line)
    return [KeySection(place, tuple(sections[order, place])) for order, place in sorted(sections)]


def _place(made: QShortcut, root: QWidget, title: str) -> tuple[int, str]:
    """(-1, `title`), or (tab number, "title › tab") for a shortcut inside a QTabWidget's tab."""
    widget = made.parent()
    while isinstance(widget, QWidget) and widget is not root:
        stack = widget.parentWidget()
        tabs = stack.parentWidget() if isinstance(stack, QStackedWidget) else None
        if isinstance(tabs, QTabWidget) and (number := tabs.indexOf(widget)) >= 0:
            return number, f"{title} › {plain(tabs.tabText(number))}"
        widget = widget.parentWidget()
    return -1, title
