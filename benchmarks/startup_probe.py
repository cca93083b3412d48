"""Run by `bench_foundation.py` in a fresh process: show a window, print READY, exit.

`bare` shows an empty QMainWindow: the floor that Qt and Python cost. `orm` only imports
SQLAlchemy's ORM, which the database layer needs before the first search. `soglia DIR` starts
Soglia the way `python main.py --data-dir DIR` does (instance lock, logging; in the language
$SOGLIA_PROBE_LANGUAGE if set) and stops once the login window is shown; `soglia DIR USER
PASSWORD` also logs in (key unwrapped, database opened and checked for migrations) and stops
once the desk is shown.
"""

from __future__ import annotations

import os
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


def soglia(root: Path, user: str | None, password: str | None) -> int:
    """Without a user: until the login window is shown. With one: logged in, the desk shown."""
    import main  # first, as `python main.py` imports it

    def shown(self, folder, args):  # type: ignore[no-untyped-def]
        from zoneinfo import ZoneInfo

        from PySide6.QtWidgets import QApplication

        import ui.app
        from clinic.common.clock import Clock
        from clinic.i18n.translator import translator
        from ui.login.login_dialog import LoginDialog

        app = QApplication.instance() or QApplication(["soglia-probe"])
        if user is None:  # as ui.app.run shows it: the database layer is not loaded yet
            window = LoginDialog(folder, translator(args.language or "en"), Clock(ZoneInfo("UTC")))
        else:
            from clinic.staff.opening import open_as

            opened = open_as(folder, user, password or "", Clock(ZoneInfo("UTC")))
            window = ui.app.build_main_window_for_benchmark(folder, opened)
        window.show()
        app.processEvents()
        print("READY", flush=True)
        return 0

    main.Window.start = shown  # type: ignore[method-assign]
    language = os.environ.get("SOGLIA_PROBE_LANGUAGE")  # as `main.py --language`
    return main.main(["--data-dir", str(root), *(["--language", language] if language else [])])


if __name__ == "__main__":
    probes = {"bare": bare, "orm": orm}
    if sys.argv[1] in probes:
        sys.exit(probes[sys.argv[1]]())
    user, password = (sys.argv[3], sys.argv[4]) if len(sys.argv) > 4 else (None, None)
    sys.exit(soglia(Path(sys.argv[2]), user, password))
