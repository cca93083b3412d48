"""Run by `bench_foundation.py` in a fresh process: show a window, print READY, exit.

`bare` shows an empty QMainWindow: the floor that Qt and Python cost. `soglia DIR` opens the data
folder as Soglia does and shows its main window from `ui.app.build_main_window_for_benchmark`
(which must use the QApplication made here). Exit code 3 means Soglia's UI is not ready.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

NOT_READY = 3


def main(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(["soglia-probe"])
    if argv[0] == "bare":
        window = QMainWindow()
    else:
        window = _soglia_window(Path(argv[1]))
        if window is None:
            return NOT_READY
    window.show()
    app.processEvents()
    print("READY", flush=True)
    return 0


def _soglia_window(root: Path):  # type: ignore[no-untyped-def]
    from db.datafolder import open_database, prepare

    try:
        import ui.app
    except Exception as exc:  # a UI being written may not import yet
        print(f"ui.app does not import: {type(exc).__name__}: {exc}", file=sys.stderr)
        return None
    build = getattr(ui.app, "build_main_window_for_benchmark", None)
    if build is None:
        print("ui.app has no build_main_window_for_benchmark", file=sys.stderr)
        return None
    folder = prepare(root)
    database, _ = open_database(folder)
    return build(folder, database)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
