"""Run by `bench_foundation.py` in a fresh process: show a window, print READY, exit.

`bare` shows an empty QMainWindow: the floor that Qt and Python cost. `orm` only imports
SQLAlchemy's ORM, which the database layer needs before the first search. `soglia DIR` starts Soglia
the way `python main.py --data-dir DIR` does (instance lock, logging, database opened and checked
for migrations, then the main window of `ui.app.build_main_window_for_benchmark`), and stops once
the window is shown instead of entering the event loop.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def bare() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(["soglia-probe"])
    window = QMainWindow()
    window.show()
    app.processEvents()
    print("READY", flush=True)
    return 0


def orm() -> int:
    """Only the import of SQLAlchemy's ORM, which Soglia needs before its window is usable."""
    import sqlalchemy.orm  # noqa: F401

    print("READY", flush=True)
    return 0


def soglia(root: Path) -> int:
    import main  # first, as `python main.py` imports it: the database side before Qt

    def shown(self, folder, database, args):  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QApplication

        import ui.app

        app = QApplication.instance() or QApplication(["soglia-probe"])
        window = ui.app.build_main_window_for_benchmark(folder, database)
        window.show()
        app.processEvents()
        print("READY", flush=True)
        return 0

    main.Window.run = shown  # type: ignore[method-assign]
    return main.main(["--data-dir", str(root)])


if __name__ == "__main__":
    probes = {"bare": bare, "orm": orm}
    sys.exit(probes[sys.argv[1]]() if sys.argv[1] in probes else soglia(Path(sys.argv[2])))
