"""The lock: with Ctrl+L, or after some minutes without input, every window of Soglia hides.

Nothing personal stays in sight: the content of each open window (the desk, a person's record,
a message) is hidden and its title blanked (`ui.login.window_cover`), but kept as it is, so the same
person unlocks with their password and finds their form as they left it. Someone else logging
in first closes that session, unsaved input and all. Locking, unlocking and handing over are
written to the audit trail. The password is checked (Argon2) on a worker while the lock says so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from clinic.audit.trail import Action
from clinic.common.clock import Clock
from clinic.common.errors import KnownError
from clinic.i18n.messages import error_text
from clinic.i18n.translator import Translator
from clinic.staff.accounts import unlock_key
from clinic.staff.session_events import record_session_event
from db.keyslots import KeyStore
from ui.common.field_row import FieldWithError
from ui.common.form_saving import Form
from ui.common.waiting import Waiting
from ui.context import DeskContext
from ui.login.password_dialog import password_field
from ui.login.window_cover import WindowCover
from ui.operations import run_write

log = logging.getLogger(__name__)

LOCK_KEYS = "Ctrl+L"
_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatcher(QObject):
    """Emits `idle` once no key, click or mouse move reached the application for `minutes`.

    It sees every key first, so it also emits `lock_pressed` for Ctrl+L in a modal dialog (a
    person's record), where the main window's own shortcut cannot reach.
    """

    idle = Signal()
    lock_pressed = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self, singleShot=True, interval=minutes * 60_000)
        self.timer.timeout.connect(self.idle)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT and self.timer.isActive():
            self.timer.start()
        if isinstance(event, QKeyEvent) and _locks_in_a_dialog(event):
            self.lock_pressed.emit()
            return True
        return False

    def pause(self) -> None:
        self.timer.stop()

    def resume(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


def _locks_in_a_dialog(event: QKeyEvent) -> bool:
    """Ctrl+L pressed while a modal dialog other than the lock's own has the keyboard."""
    if event.type() != QEvent.Type.KeyPress:
        return False
    pressed = QKeySequence(event.keyCombination())
    if pressed.matches(QKeySequence(LOCK_KEYS)) != QKeySequence.SequenceMatch.ExactMatch:
        return False
    modal = QApplication.activeModalWidget()
    return modal is not None and not isinstance(modal, LockDialog)


def lock_note(t: Translator, name: str, idle_minutes: int | None) -> str:
    """Who locked Soglia, or that it locked itself, and who may unlock it."""
    if idle_minutes is None:
        return t.format(t.gettext("{name} locked Soglia. Type your password to go on."), name=name)
    return t.ngettext(
        "Soglia locked itself after {minutes} minute without use. "
        "{name}, type your password to go on.",
        "Soglia locked itself after {minutes} minutes without use. "
        "{name}, type your password to go on.",
        idle_minutes,
    ).format(minutes=idle_minutes, name=name)


class LockDialog(QDialog):
    """Unlock with one's password, or let someone else log in (`someone_else`)."""

    def __init__(
        self,
        t: Translator,
        clock: Clock,
        store: KeyStore,
        username: str,
        note: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._t, self._clock, self._store, self._username = t, clock, store, username
        self.someone_else = False
        _ = t.gettext
        self.setWindowTitle(_("Soglia is locked"))
        self.password = password_field()
        self.password_row = FieldWithError(self.password)
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        self.note.setMinimumWidth(self.fontMetrics().averageCharWidth() * 48)  # two lines, not four
        form = QFormLayout()
        form.addRow(_("&Password"), self.password_row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(form)
        self.waiting = Waiting()
        layout.addWidget(self.waiting)
        layout.addWidget(self._buttons())
        held = [self.password, self.unlock_button, self.other_button]
        self._form = Form({"password": self.password_row}, held, self)
        self.unlock_button.setDefault(True)  # once in the dialog: Enter unlocks after a click
        self.password.setFocus()

    def _buttons(self) -> QDialogButtonBox:
        _ = self._t.gettext
        buttons = QDialogButtonBox()
        self.unlock_button = QPushButton(_("&Unlock"))
        self.other_button = QPushButton(_("Log in as &someone else"))
        buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.unlock_button.clicked.connect(self.unlock)
        self.other_button.clicked.connect(self._other)
        return buttons

    def unlock(self) -> None:
        self.password_row.set_error(None)
        store, username, password, now = (
            self._store,
            self._username,
            self.password.text(),
            self._clock.now(),
        )
        self.waiting.run(
            self._form,
            self._t.gettext("Checking the password..."),
            lambda: unlock_key(store, username, password, now),
            lambda _key: self.accept(),
            self._refused,
        )

    def _refused(self, error: KnownError) -> None:
        self.password.clear()
        self.password_row.set_error(error_text(self._t, error))
        self.password.setFocus()

    def _other(self) -> None:
        self.someone_else = True
        self.accept()

    def reject(self) -> None:  # Escape does not unlock
        pass


def lock_windows(t: Translator, show_lock: Callable[[], bool]) -> bool:
    """Hide every open window's content, run `show_lock` (True: the same person is back), then
    put everything back.

    Returns what `show_lock` returned; the windows stay hidden when someone else takes over.
    """
    _close_popups()
    active = QApplication.activeWindow()
    text = t.gettext("Soglia is locked")
    covers = [
        WindowCover(widget, text)
        for widget in QApplication.topLevelWidgets()
        if widget.isVisible() and widget.isWindow()
    ]
    same_person = show_lock()
    if same_person:
        for cover in reversed(covers):
            cover.lift()
        if active is not None and shiboken6.isValid(active) and active.isVisible():
            active.activateWindow()  # the keyboard back where the person was typing
    return same_person


def _close_popups() -> None:
    """An open list, menu or tooltip is a window of its own: closed, not hidden and kept."""
    QToolTip.hideText()
    for _attempt in range(10):  # a popup may open another; never loop for ever
        popup = QApplication.activePopupWidget()
        if popup is None:
            return
        popup.close()


def audit_session_event(ctx: DeskContext, action: Action) -> None:
    """Write a lock, unlock or hand-over to the audit trail, on the writer thread; a failure to
    write it is logged and does not stop the lock (hiding the screen comes first)."""

    def not_written(error: KnownError) -> None:
        log.error("%s of staff %s not audited: %s", action.value, ctx.actor.staff_id, error.code)

    run_write(
        ctx,
        None,
        lambda session: record_session_event(session, ctx.actor, ctx.clock, action),
        lambda _none: None,
        failed=not_written,
    )
