"""The idle lock: after some minutes without input, every window of Soglia is covered.

Nothing personal stays in sight: each open window (the desk, a person's record, a message) is
covered by an opaque curtain and its title blanked, but left as it is underneath, so the same
person unlocks with their password and finds their form as they left it. Someone else logging
in first closes that session, unsaved input and all.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic.accounts import unlock_key
from clinic.clock import Clock
from clinic.errors import KnownError
from clinic.i18n import Translator
from clinic.messages import error_text
from db.keyslots import KeyStore
from ui.dialogs.password_dialog import password_field
from ui.widgets.field_row import FieldWithError

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
    """Emits `idle` once no key, click or mouse move reached the application for `minutes`."""

    idle = Signal()

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


class Curtain(QWidget):
    """An opaque cover over everything a window shows, following its size."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lockCurtain")
        self.setAutoFillBackground(True)
        self.setStyleSheet("#lockCurtain { background: palette(window); }")
        self._window = window
        self._title = window.windowTitle()
        window.setWindowTitle("Soglia")
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() in (QEvent.Type.Resize, QEvent.Type.ChildAdded):
            self.setGeometry(self._window.rect())
            self.raise_()
        return False

    def lift(self) -> None:
        self._window.removeEventFilter(self)
        self._window.setWindowTitle(self._title)
        self.hide()
        self.deleteLater()


class LockDialog(QDialog):
    """Unlock with one's password, or let someone else log in (`someone_else`)."""

    def __init__(
        self,
        t: Translator,
        clock: Clock,
        store: KeyStore,
        username: str,
        display_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._t, self._clock, self._store, self._username = t, clock, store, username
        self.someone_else = False
        _ = t.gettext
        self.setWindowTitle(_("Soglia is locked"))
        self.password = password_field()
        self.password_row = FieldWithError(self.password)
        note = QLabel(
            t.format(
                _("Soglia locked itself. {name}, type your password to go on."), name=display_name
            )
        )
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("&Password"), self.password_row)
        buttons = QDialogButtonBox()
        self.unlock_button = QPushButton(_("&Unlock"))
        self.unlock_button.setDefault(True)
        self.other_button = QPushButton(_("Log in as &someone else"))
        buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.unlock_button.clicked.connect(self.unlock)
        self.other_button.clicked.connect(self._other)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.password.setFocus()

    def unlock(self) -> None:
        try:
            unlock_key(self._store, self._username, self.password.text(), self._clock.now())
        except KnownError as error:
            self.password.clear()
            self.password_row.set_error(error_text(self._t, error))
            return
        self.accept()

    def _other(self) -> None:
        self.someone_else = True
        self.accept()

    def reject(self) -> None:  # Escape does not unlock
        pass


def lock_windows(show_lock: Callable[[], bool]) -> bool:
    """Cover every visible window, run `show_lock` (True: the same person is back), uncover.

    Returns what `show_lock` returned; the curtains stay up when someone else takes over.
    """
    curtains = [
        Curtain(widget)
        for widget in QApplication.topLevelWidgets()
        if widget.isVisible() and widget.isWindow()
    ]
    same_person = show_lock()
    if same_person:
        for curtain in curtains:
            curtain.lift()
    return same_person
