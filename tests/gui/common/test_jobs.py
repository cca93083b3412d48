"""Background jobs: their outcome reaches the GUI thread, and a window closed while its job runs
neither crashes the desk nor loses the next job's outcome."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QWidget

from clinic.common.errors import KnownError
from tests.gui.conftest import finish
from ui.common.jobs import Job


def _no_worker_left(qtbot) -> None:
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=10_000)


def test_the_outcome_arrives_on_the_gui_thread(qtbot):
    seen: list[tuple[object, int]] = []
    job = Job(lambda: threading.get_ident() != threading.main_thread().ident)
    job.done.connect(lambda ran_elsewhere: seen.append((ran_elsewhere, threading.get_ident())))
    job.start()
    finish(qtbot, job)
    assert seen == [(True, threading.main_thread().ident)]


def test_a_known_error_is_reported_as_failed(qtbot):
    error = KnownError("disk_full")
    failures: list[object] = []
    job = Job(lambda: (_ for _ in ()).throw(error))
    job.failed.connect(failures.append)
    job.start()
    finish(qtbot, job)
    assert failures == [error]


def test_a_window_closed_while_its_job_runs_loses_nothing_else(qtbot):
    release = threading.Event()
    window = QWidget()
    delivered: list[object] = []
    orphan = Job(lambda: release.wait(10) and "for the closed window", window)
    orphan.done.connect(delivered.append)
    orphan.start()
    shiboken6.delete(window)  # the dialog closed (and its job with it) mid-work
    release.set()
    _no_worker_left(qtbot)
    after = Job(lambda: "next")
    after.done.connect(delivered.append)
    after.start()
    finish(qtbot, after)
    assert delivered == ["next"]


def test_cycles_are_freed_on_the_gui_thread_not_by_a_worker(qtbot):
    """A worker making garbage (as a PDF layout does) would trigger the collector on its own
    thread; with the collector pinned, the garbage waits for the GUI thread."""
    freed_on: list[int] = []

    class Cycle:
        def __init__(self) -> None:
            self.me = self

        def __del__(self) -> None:
            freed_on.append(threading.get_ident())

    made = 2_000  # well past generation 0's threshold (700)
    job = Job(lambda: [Cycle() for _ in range(made)] and None)
    job.start()
    finish(qtbot, job)
    qtbot.waitUntil(lambda: len(freed_on) == made, timeout=10_000)
    assert set(freed_on) == {threading.main_thread().ident}
