"""Qt for Python's classes made while the login window waits, a few at a time on the GUI thread.

PySide6 makes the Python type of a Qt class, with its enums, the first time a program touches
the class. The desk touches hundreds while its main window is built, many of them through its
application-wide event filter (`ui.login.lock.IdleWatcher`), which is handed every object that
receives an event: some 70 ms in one stretch during which no window could repaint. Made
beforehand, in slices of a few milliseconds on the GUI thread (the thread where PySide would
make them anyway, so no other thread races it for a half-made type), they cost the desk
nothing. A class touched first by the desk is simply made then, as before.

The slices start once the desk's modules are imported (`after`, a thread): two threads making
Python objects at once each wait for the interpreter lock, and the window waits with them.
"""

from __future__ import annotations

import threading
import time
from types import ModuleType

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QObject, QTimer

SLICE_S = 0.003  # one slice of making types, between two turns of the event loop
WAIT_MS = 20  # between two looks at whether `after` has ended
MODULES: tuple[ModuleType, ...] = (QtCore, QtGui, QtWidgets)


class QtTypesWarmUp(QObject):
    """Touches every class of `MODULES`, one slice per turn of the event loop, from `start()`
    and once `after` has ended (looked at every `WAIT_MS`); `finished()` once all are made. A
    child of the application (it outlives the login window), deleted once finished."""

    def __init__(
        self, after: threading.Thread | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent or QtCore.QCoreApplication.instance())
        self._after = after
        self._names = iter([(module, name) for module in MODULES for name in dir(module)])
        self._done = False
        self._timer = QTimer(self, interval=WAIT_MS)
        self._timer.timeout.connect(self._slice)

    def start(self) -> None:
        if not self._done:
            self._timer.start()

    def finished(self) -> bool:
        return self._done

    def _slice(self) -> None:
        if self._after is not None and self._after.is_alive():
            return
        self._timer.setInterval(0)
        ends = time.perf_counter() + SLICE_S
        for module, name in self._names:
            getattr(module, name)
            if time.perf_counter() >= ends:
                return
        self._done = True
        self._timer.stop()
        self.deleteLater()
