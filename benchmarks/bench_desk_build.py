"""How long the GUI thread is held making the main window after the login, per role, and the
first show of each other page and tab: prints numbers.

    python benchmarks/bench_desk_build.py --data-dir DIR [--runs 3]

Needs a demo clinic made beforehand (`main.py demo --data-dir DIR --persons 2000`, or the
planned 100,000). For each role (nurse, reception, social, admin), logged in as its first demo
account, offscreen, each window in a fresh process as after a real login (the desk's modules
imported beforehand, as the login window does while it waits for the password):

- shown: from `MainWindow()` until the window is shown and painted, one stretch of the GUI
  thread (nothing else can run meanwhile: no repaint, no key);
- ready: until the lists its shown page loads in the background are on the screen, with the
  longest gap between the beats of a 5 ms timer until then (`bench_gui_thread._run`);
- then each other page, and each other tab of a page, shown for the first time the same way.

Medians over the runs (a new process each run), the worst in brackets.

Measured on 2 shared cores (noisy: ±30 ms between runs), window shown, before pages were made on
first show -> after, ms:

    demo clinic of      2,000 persons (5 runs)       100,000 persons (3 runs)
    nurse               328 -> 147                   347 -> 118
    reception           294 -> 168                   328 -> 239
    social              272 -> 238                   260 -> 249
    admin               355 -> 113                   361 -> 143

What was left in a shown window then: qtawesome loading its fonts at the first icon (some 80 ms;
since replaced by `ui/common/glyphs.py`, one font) and, for reception, the day's queue read and
fitted on the GUI thread (some 65 ms). A page or tab not
shown at login now costs its first show instead (20-100 ms each, the settings page 30-100 ms,
Administration's audit trail the most).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_gui_thread import _run  # noqa: E402  (sets QT_QPA_PLATFORM=offscreen too)
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget  # noqa: E402

from clinic.common.clock import Clock  # noqa: E402
from clinic.demo.folder import DEMO_PASSWORD  # noqa: E402
from clinic.staff.opening import open_as  # noqa: E402
from db.folder import InstanceLock, prepare  # noqa: E402

ROLES = {
    "nurse": "demo-nurse-1",
    "reception": "demo-reception-1",
    "social": "demo-social-1",
    "admin": "demo-admin-1",
}
Timings = dict[str, list[tuple[float, float]]]  # what was shown: (ms until ready, longest gap)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--role", choices=ROLES, help="one window in this process, as JSON")
    args = parser.parse_args()
    if args.role is not None:
        print(json.dumps(_measure_role(args.data_dir, ROLES[args.role])))
        return 0
    for role in ROLES:
        timings: Timings = {}
        for _run_number in range(args.runs):
            for what, [(ready, gap)] in _fresh_process(args.data_dir, role).items():
                timings.setdefault(what, []).append((ready, gap))
        _print(role, timings)
    return 0


def _fresh_process(data_dir: Path, role: str) -> dict[str, list[list[float]]]:
    """One window in a process of its own, as after a real login: nothing made before it."""
    command = [sys.executable, __file__, "--data-dir", str(data_dir), "--role", role]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def _measure_role(data_dir: Path, user: str) -> Timings:
    import ui.main_window  # noqa: F401  (imported while the login window waits: ui/app.py)

    folder = prepare(data_dir)
    lock = InstanceLock(folder)
    lock.acquire()
    app = QApplication.instance() or QApplication([])
    opened = open_as(folder, user, DEMO_PASSWORD, Clock(ZoneInfo("UTC")))
    timings: Timings = {}
    try:
        _one_window(app, folder, opened, timings)
    finally:
        opened.close()
        lock.release()
    return timings


def _one_window(app: QApplication, folder, opened, timings: Timings) -> None:  # type: ignore[no-untyped-def]
    import ui.app

    made: list[QMainWindow] = []
    shown_after: list[float] = []

    def make() -> None:
        started = time.perf_counter()
        window = ui.app.build_main_window_for_benchmark(folder, opened)
        window.show()
        window.repaint()
        shown_after.append((time.perf_counter() - started) * 1000)
        made.append(window)

    gap, ready = _run(app, make, lambda: _settled(made[0]))
    timings["window shown"] = [(shown_after[0], shown_after[0])]
    timings["  its lists loaded"] = [(ready, gap)]
    window = made[0]
    for number in range(window.nav.count()):
        title = window.nav.item(number).text()
        if number > 0:
            _first_show(app, window, title, lambda n=number: window.show_page(n), timings)
        for tabs in window.stack.widget(number).findChildren(QTabWidget):
            for index in range(1, tabs.count()):
                name = f"{title} › {tabs.tabText(index).replace('&', '')}"
                _first_show(
                    app, window, name, lambda t=tabs, i=index: t.setCurrentIndex(i), timings
                )
    window.close()
    window.ctx.workers.wait()
    window.deleteLater()
    app.processEvents()


def _first_show(app, window, name: str, show: Callable[[], object], timings: Timings) -> None:  # type: ignore[no-untyped-def]
    def shown() -> None:
        show()
        window.repaint()

    gap, ready = _run(app, shown, lambda: _settled(window))
    timings[f"first show: {name}"] = [(ready, gap)]


def _settled(window) -> bool:  # type: ignore[no-untyped-def]
    """The window's background reads are over and shown (as tests/gui/conftest.py `settle`)."""
    from ui.operations import Loader

    loaders = window.findChildren(Loader)
    return bool(window.ctx.workers.idle()) and not any(loader.loading() for loader in loaders)


def _print(role: str, timings: Timings) -> None:
    print(f"{role}:")
    for what, runs in timings.items():
        ready = [r for r, _gap in runs]
        gaps = [g for _r, g in runs]
        print(
            f"  {what:<44} {statistics.median(ready):6.0f} ms ({max(ready):.0f}),"
            f" longest stall {statistics.median(gaps):4.0f} ms ({max(gaps):.0f})"
        )


if __name__ == "__main__":
    sys.exit(main())
