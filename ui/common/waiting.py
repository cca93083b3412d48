"""The long steps of the windows that come before the desk, run on a worker.

Logging in, setting up, unlocking and restoring derive a key with Argon2 (about half a second
by design) and may open a database that needs checking or migrating (minutes, for a large one
after an update). Run on the GUI thread, the window would freeze and the system would offer to
kill Soglia in the middle of a migration. Here the step runs on a worker while the window says
what is happening under a moving bar; its form is held (no second click, no Escape, no
closing: the step always ends with a window to hand its outcome to).

These windows have no desk yet, so they cannot use `ui.operations`, which runs the desk's use
cases in its transactions; this is the same shape without a database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from clinic.common.errors import KnownError
from ui.common.form_saving import Form
from ui.common.jobs import Job

T = TypeVar("T")


class Waiting(QWidget):
    """A line under a form saying what runs, with a moving bar; hidden when nothing runs.

    `job` is the step running, or None.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job: Job | None = None
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # no end known: a bar that moves
        self.bar.setTextVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.hide()

    def run(
        self,
        form: Form,
        text: str,
        work: Callable[[], T],
        done: Callable[[T], object],
        failed: Callable[[KnownError], object],
    ) -> Job | None:
        """`work` on a worker (it gets no widget: plain values taken beforehand); then, on the
        GUI thread with the form given back, `done(result)` or `failed(error)`.

        None, and nothing started, while a step of this window runs already.
        """
        if self.job is not None:
            return None
        form.hold()
        self.label.setText(text)
        self.show()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        job = Job(work, self)
        job.done.connect(self._then(form, done))
        job.failed.connect(self._then(form, failed))
        job.finished.connect(lambda: self._stop(form))  # a bug too: the crash dialog follows
        self.job = job
        job.start()
        return job

    def _then(self, form: Form, callback: Callable[[T], object]) -> Callable[[T], None]:
        def handle(outcome: T) -> None:
            self._stop(form)
            callback(outcome)

        return handle

    def _stop(self, form: Form) -> None:
        if self.job is None:
            return
        self.job = None
        QGuiApplication.restoreOverrideCursor()
        if shiboken6.isValid(self):
            self.hide()
        form.release()
