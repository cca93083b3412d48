"""Python's cycle collector, run on the GUI thread only.

Left to itself, the collector runs in whichever thread happens to allocate past its threshold:
often a worker laying out a PDF or backing up. A widget caught in a reference cycle would then be
destroyed from that worker, which Qt forbids and which can corrupt memory (seen as an abort in
the test run). So automatic collection is switched off while the desk runs, and a timer on the
GUI thread collects with the same generation thresholds: the pattern of calibre's and
pyqtgraph's GarbageCollector. Plain reference counting still frees everything not in a cycle.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


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
        counts = gc.get_count()
        for generation in range(3):
            if counts[generation] <= self._thresholds[generation]:
                return
            gc.collect(generation)
