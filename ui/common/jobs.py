"""Background work: a function run on Qt's thread pool, its outcome handed back by signal.

The function must not touch a widget (Qt's rule); it gets what it needs as arguments and opens
its own database transactions. `done` or `failed` is emitted on the GUI thread; a known error
is a `failed`, anything else is re-raised there as the bug it is.

The worker never touches the Job itself: a Job is a child of the widget that started it, and
that widget may be closed and deleted while the work still runs (a dialog shut mid-backup, a
test ending). The worker reports through one bridge object made on the GUI thread and never
deleted; the bridge hands the outcome to the Job if it still exists, and drops it otherwise.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from clinic.common.errors import KnownError

_DONE, _FAILED, _CRASHED = "done", "failed", "crashed"


class Job(QObject):
    done = Signal(object)
    failed = Signal(object)  # the KnownError
    finished = Signal()  # after done, failed or a bug: whatever the outcome

    def __init__(self, work: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        # Set on the GUI thread when the outcome arrives, before `done`/`failed` is emitted,
        # so a caller (or a test) that looks after `start()` never misses a quick job's end.
        self.ended = False

    def start(self, pool: QThreadPool | None = None) -> None:
        bridge = _bridge()
        runner = _Runner(bridge, bridge.register(self), self._work)
        (pool or QThreadPool.globalInstance()).start(runner)

    def _report(self, kind: str, outcome: object) -> None:
        """On the GUI thread, from the bridge."""
        self.ended = True
        try:
            if kind == _DONE:
                self.done.emit(outcome)
            elif kind == _FAILED:
                self.failed.emit(outcome)
            else:
                assert isinstance(outcome, BaseException)
                raise outcome  # a bug: shown by the crash dialog
        finally:
            self.finished.emit()


class _Bridge(QObject):
    """Lives on the GUI thread for the whole run; the only object workers emit through."""

    outcome = Signal(int, str, object)

    def __init__(self) -> None:
        super().__init__()
        self._numbers = itertools.count(1)
        self._running: dict[int, Job] = {}  # held until the outcome is delivered
        self.outcome.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def register(self, job: Job) -> int:
        number = next(self._numbers)
        self._running[number] = job
        return number

    @Slot(int, str, object)
    def _deliver(self, number: int, kind: str, outcome: object) -> None:
        job = self._running.pop(number)
        if shiboken6.isValid(job):  # else its widget was deleted: nobody is waiting
            job._report(kind, outcome)


_the_bridge: _Bridge | None = None


def _bridge() -> _Bridge:
    """Made on first use, which is on the GUI thread (Jobs are started there)."""
    global _the_bridge
    if _the_bridge is None:
        _the_bridge = _Bridge()
    return _the_bridge


class _Runner(QRunnable):
    def __init__(self, bridge: _Bridge, number: int, work: Callable[[], Any]) -> None:
        super().__init__()
        self._bridge = bridge
        self._number = number
        self._work = work

    def run(self) -> None:
        """On the worker thread: runs the work, reports through the bridge, touches nothing else."""
        bridge = self._bridge
        try:
            result = self._work()
        except KnownError as error:
            bridge.outcome.emit(self._number, _FAILED, error)
        except Exception as exc:  # a bug: re-raised on the GUI thread
            bridge.outcome.emit(self._number, _CRASHED, exc)
        else:
            bridge.outcome.emit(self._number, _DONE, result)
