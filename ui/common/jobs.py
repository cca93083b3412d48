"""Background work: a function run on Qt's thread pool, its outcome handed back by signal.

The function must not touch a widget (Qt's rule); it gets what it needs as arguments and opens
its own database transactions. `done` or `failed` is emitted on the GUI thread; a known error
is a `failed`, anything else is re-raised there as the bug it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from clinic.common.errors import KnownError


class Job(QObject):
    done = Signal(object)
    failed = Signal(object)  # the KnownError
    finished = Signal()  # after done, failed or a bug: whatever the outcome
    _crashed = Signal(object)  # any other exception, re-raised on the GUI thread

    def __init__(self, work: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        # Set on the GUI thread when the outcome arrives; connected before the job can start,
        # so a caller (or a test) that looks after `start()` never misses a quick job's end.
        self.ended = False
        self.done.connect(self._end)
        self.failed.connect(self._end)
        self._crashed.connect(self._raise)

    def start(self, pool: QThreadPool | None = None) -> None:
        (pool or QThreadPool.globalInstance()).start(_Runner(self))

    def run(self) -> None:
        """On the worker thread."""
        try:
            result = self._work()
        except KnownError as error:
            self.failed.emit(error)
        except Exception as exc:  # a bug: shown by the crash dialog, on the GUI thread
            self._crashed.emit(exc)
        else:
            self.done.emit(result)
        self.finished.emit()

    def _end(self, _outcome: object) -> None:
        self.ended = True

    @staticmethod
    def _raise(exc: BaseException) -> None:
        raise exc


class _Runner(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self._job = job

    def run(self) -> None:
        self._job.run()
