"""A heartbeat on the GUI thread: how long the window could not repaint or take a key.

A 5 ms timer beats on the GUI thread; the longest gap between two beats is the longest time
the event loop was held (a query, a model reset, a wait for Python's interpreter lock held by a
worker). Used by the benchmarks that drive the desk (`bench_session.py`, `bench_gui_thread.py`).
"""

from __future__ import annotations

import faulthandler
import itertools
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QTimer

BEAT_MS = 5
TIMEOUT_S = 600


class Heartbeat:
    """Beats from `start()` to `stop()`; `longest_gap(since)` in ms over the beats after `since`."""

    def __init__(self, dump_after_ms: float | None = None) -> None:
        """With `dump_after_ms`, every thread's Python stack is written to stderr whenever the
        GUI thread has not beaten for that long (faulthandler's own thread does it, without
        waiting for the interpreter lock): what held the window during a gap. For diagnosis
        only: it reads the other threads' stacks while they run, which can crash the process."""
        self.beats: list[float] = []
        self._dump_after_s = None if dump_after_ms is None else dump_after_ms / 1000
        self._timer = QTimer(interval=BEAT_MS)
        self._timer.timeout.connect(self._beat)

    def _beat(self) -> None:
        self.beats.append(time.perf_counter())
        if self._dump_after_s is not None:
            faulthandler.dump_traceback_later(self._dump_after_s, file=sys.stderr)

    def start(self) -> None:
        self.beats.append(time.perf_counter())
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        faulthandler.cancel_dump_traceback_later()

    def longest_gap(self, since: float, until: float) -> float:
        inside = [since, *(b for b in self.beats if since < b < until), until]
        return max(b - a for a, b in itertools.pairwise(inside)) * 1000


def run_until(action: Callable[[], object], done: Callable[[], bool]) -> tuple[float, float]:
    """Do `action` from the event loop, then let the loop run until `done()`; the start and end
    times (perf_counter). The caller's heartbeat keeps beating throughout."""
    loop = QEventLoop()
    times: list[float] = []
    check = QTimer(interval=1)

    def look() -> None:
        if done():
            times.append(time.perf_counter())
            check.stop()
            loop.quit()

    def go() -> None:
        times.append(time.perf_counter())
        action()
        check.start()

    check.timeout.connect(look)
    QTimer.singleShot(0, go)
    QTimer.singleShot(TIMEOUT_S * 1000, loop.quit)
    loop.exec()
    if len(times) < 2:
        raise TimeoutError("the step did not end")
    return times[0], times[1]
