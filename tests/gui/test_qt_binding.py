"""The Qt binding itself must hold up through a whole day at the desk.

PySide6 6.12.0 drops a reference to `None` each time a Qt method returning nothing is called.
On Python 3.11, where `None` is an ordinary counted object, the desk then aborts with "Fatal
Python error: none_dealloc" after a few thousand such calls (a form filled a few times).
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLineEdit

CALLS = 2_000


def test_qt_calls_returning_nothing_keep_none_alive(qtbot):
    field = QLineEdit()
    qtbot.addWidget(field)
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        field.setText("x")  # returns nothing
    # Other code may take or drop a few references meanwhile; a leak loses one per call.
    assert sys.getrefcount(None) > before - CALLS // 2
