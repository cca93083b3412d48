"""Buttons for what the logged-in role may do, each showing its key; absent for everyone else.

Hiding a button is a courtesy (the use case checks the permission), but a hidden button must not
leave a live key behind: its shortcut exists only for roles that may use it, and only those keys
are listed for the help (F1) and named in hints.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QPushButton, QWidget

from clinic.common.permissions import Actor, Permission
from ui.common.shortcuts import key_text, shortcut


class DeskButtons:
    """Makes the buttons of one window area for `actor`; keys work while `owner`'s window does."""

    def __init__(self, actor: Actor, owner: QWidget) -> None:
        self._actor = actor
        self._owner = owner
        self._keys: list[tuple[str, str]] = []

    def add(
        self, text: str, keys: str, slot: Callable[[], object], permission: Permission
    ) -> QPushButton:
        """A button `text  (keys)`; hidden, and without its key, when the role may not."""
        button = QPushButton(f"{text}  ({key_text(keys)})")
        button.clicked.connect(lambda _checked=False: slot())
        if not self._actor.can(permission):
            button.setEnabled(False)
            button.hide()
            return button
        shortcut(keys, self._owner, lambda: _click_if_usable(button), text)
        self._keys.append((keys, text.replace("&", "")))
        return button

    def shortcuts(self) -> list[tuple[str, str]]:
        """(keys, what they do) for every button this role has, in the order they were made."""
        return list(self._keys)


def _click_if_usable(button: QPushButton) -> None:
    """A key acts only like a click a person could make: not on a button hidden with its panel."""
    if button.isEnabled() and button.isVisible():
        button.click()
