"""Qt for Python's classes made while the login window waits: only once the desk's modules are
imported, a slice at a time, and the helper gone when it is done."""

from __future__ import annotations

import threading

from ui.common.qt_types import QtTypesWarmUp


def test_the_warm_up_waits_for_the_imports_then_finishes_and_goes(qtbot):
    imports_end = threading.Event()
    preload = threading.Thread(target=lambda: imports_end.wait(10))
    preload.start()
    warm_up = QtTypesWarmUp(after=preload)
    gone: list[bool] = []
    warm_up.destroyed.connect(lambda: gone.append(True))
    warm_up.start()
    qtbot.wait(200)
    assert not warm_up.finished()
    imports_end.set()
    preload.join(10)
    qtbot.waitUntil(warm_up.finished, timeout=10_000)
    qtbot.waitUntil(lambda: bool(gone), timeout=10_000)
