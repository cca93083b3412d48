"""Every message box of the program is built here: plain text, translated, keyboard-friendly."""

from __future__ import annotations

import traceback
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from clinic.common.errors import KnownError
from clinic.i18n.messages import error_text
from clinic.i18n.translator import Translator


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # user data is never read as markup
    return box


def show_error(parent: QWidget | None, t: Translator, error: KnownError) -> None:
    box = _box(parent, QMessageBox.Icon.Warning, t.gettext("Soglia"), error_text(t, error))
    box.addButton(QMessageBox.StandardButton.Ok)
    box.exec()
    box.deleteLater()


def show_info(parent: QWidget | None, t: Translator, text: str) -> None:
    box = _box(parent, QMessageBox.Icon.Information, t.gettext("Soglia"), text)
    box.addButton(QMessageBox.StandardButton.Ok)
    box.exec()
    box.deleteLater()


def show_warning(parent: QWidget | None, t: Translator, text: str) -> None:
    box = _box(parent, QMessageBox.Icon.Warning, t.gettext("Soglia"), text)
    box.addButton(QMessageBox.StandardButton.Ok)
    box.exec()
    box.deleteLater()


def confirm(parent: QWidget | None, t: Translator, text: str, yes: str, no: str) -> bool:
    """Ask before anything destructive or unusual; the safe answer is the default."""
    box = _box(parent, QMessageBox.Icon.Question, t.gettext("Soglia"), text)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    box.exec()
    box.deleteLater()
    return box.clickedButton() is yes_button


def close_without_saving(parent: QWidget | None, t: Translator) -> bool:
    """Ask before a form with typed input is closed: True to close and lose it."""
    return confirm(
        parent,
        t,
        t.gettext("Close without saving? What you typed will be lost."),
        t.gettext("Close without saving"),
        t.gettext("Keep editing"),
    )


def offer_restore(t: Translator, text: str) -> bool:
    """Why the database cannot be read, with the way out: True if the person chose to restore
    a backup, False if they quit."""
    box = _box(None, QMessageBox.Icon.Critical, t.gettext("Soglia"), text)
    restore = box.addButton(t.gettext("&Restore a backup..."), QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton(t.gettext("&Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.setEscapeButton(quit_button)
    box.exec()
    box.deleteLater()
    return box.clickedButton() is restore


def choose(
    parent: QWidget | None, t: Translator, text: str, options: list[tuple[str, str]]
) -> str | None:
    """Ask which of `options` (key, button text) to do; None when the person cancels."""
    box = _box(parent, QMessageBox.Icon.Question, t.gettext("Soglia"), text)
    buttons = [
        (box.addButton(label, QMessageBox.ButtonRole.AcceptRole), key) for key, label in options
    ]
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setEscapeButton(cancel)
    box.exec()
    box.deleteLater()
    clicked = box.clickedButton()
    return next((key for button, key in buttons if button is clicked), None)


def show_crash(
    t: Translator,
    kind: type[BaseException],
    value: BaseException,
    tb: TracebackType | None,
) -> None:
    """A bug, already logged by the caller: shown with details that can be copied.

    The details are the traceback: exception texts hold ids and codes of errors, never user data
    (the engine hides SQL parameters), and no local variable is shown.
    """
    details = "".join(traceback.format_exception(kind, value, tb))
    box = _box(
        QApplication.activeWindow(),
        QMessageBox.Icon.Critical,
        t.gettext("Soglia: unexpected error"),
        t.gettext(
            "Something went wrong inside Soglia. What was already saved is safe. "
            "Please copy the details below and send them to whoever maintains Soglia."
        ),
    )
    box.setDetailedText(details)
    box.addButton(QMessageBox.StandardButton.Ok)
    box.exec()
    box.deleteLater()
