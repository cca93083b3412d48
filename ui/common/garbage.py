"""Python's cycle collector, run on the GUI thread only.

Left to itself, the collector runs in whichever thread happens to allocate past its threshold:
often a worker laying out a PDF or backing up. A widget caught in a reference cycle would then be
destroyed from that worker, which Qt forbids and which can corrupt memory (seen as an abort in
the test run). So automatic collection is switched off while the desk runs, and a timer on the
GUI thread collects with the same generation thresholds: the pattern of calibre's and
pyqtgraph's GarbageCollector. Plain reference counting still frees everything not in a cycle.

A collection looks at every object of the generations it collects. The desk's modules,
imported on a worker while the login window waits, are hundreds of thousands of objects that
live as long as the process: collected as they came, they held the window for 30-60 ms at a
time. So nothing is collected while they are imported (`importing`), and then they, and later
the desk's widgets, are set aside (`set_aside_the_living`, Python's `gc.freeze`): a
collection looks only at what was made since. They are looked at again when the desk closes
(`look_at_everything_again`), so a closed desk's cycles are freed.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 100
_importing = threading.Event()  # set while a worker imports what lives as long as the process


class GarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._collect)
        self._timer.start(INTERVAL_MS)

    def stop(self) -> None:
        """Back to automatic collection (tests, or the end of the run)."""
        self._timer.stop()
        if self._was_enabled:
            gc.enable()

    def _collect(self) -> None:
        """Collect the generations whose counts passed their thresholds, youngest first."""
        if _importing.is_set():
            return
        counts = gc.get_count()
        for generation in range(3):
            if counts[generation] <= self._thresholds[generation]:
                return
            gc.collect(generation)


@contextmanager
def importing() -> Iterator[None]:
    """No collection while the block imports modules (on any thread); what it made is set
    aside at its end."""
    _importing.set()
    try:
        yield
    finally:
        set_aside_the_living()
        _importing.clear()


def set_aside_the_living() -> None:
    """Every object alive now left out of later collections (until `look_at_everything_again`):
    called once the desk's modules are imported and once its window is shown. Nothing is
    collected here, so it may run on any thread."""
    gc.freeze()


def look_at_everything_again() -> None:
    """The objects set aside collected again when they die, and the cycles of the closed desk
    freed now (on the GUI thread: the desk is closed, so the pause is not seen)."""
    gc.unfreeze()
    gc.collect()
