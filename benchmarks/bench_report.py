"""How long the annual activity report takes at the planned size (issue 15): prints numbers,
asserts nothing.

    python benchmarks/bench_report.py [--persons 100000] [--years 20] [--data-dir DIR] [--runs 3]

On the demo clinic (built once, as `main.py demo` does, or the folder given), as the
coordinator, for the last full year beside the year before: each section's counting, the
whole report's counting (what the Statistics page waits for; target 1 s), small-cell
suppression, the JSON, and the PDF (target: 2x the floor: the same figures in a bare ReportLab
document of the same pages, `bench_report_pdf.floor`), with the peak memory of the whole
(tracemalloc; target 200 MiB).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.bench_foundation import demo_arguments, on_demo  # noqa: E402
from benchmarks.bench_report_pdf import floor  # noqa: E402
from clinic.common.clock import Clock  # noqa: E402
from clinic.common.permissions import Actor  # noqa: E402
from clinic.i18n.translator import translator  # noqa: E402
from clinic.settings.configuration import load_settings  # noqa: E402
from clinic.staff.vocabulary import Role  # noqa: E402
from clinic.statistics import annual  # noqa: E402
from clinic.statistics.report_json import report_json  # noqa: E402
from clinic.statistics.scope import Scope  # noqa: E402
from clinic.statistics.tables import Period  # noqa: E402
from db.engine import Database  # noqa: E402
from db.models.staff import Staff  # noqa: E402
from reports.annual_report import annual_report_pdf  # noqa: E402

USER = "demo-admin-1"
PAGE_TARGET_MS = 1000.0
MEMORY_TARGET_MIB = 200.0


def main() -> int:
    parser = demo_arguments(argparse.ArgumentParser(description=__doc__.split("\n")[0]))
    parser.add_argument("--runs", type=int, default=3, help="times the report is made")
    args = parser.parse_args()
    name = f"soglia-report-p{args.persons}-y{args.years}-s{args.seed}"
    return on_demo("report", name, args, USER, lambda database: _measure(database, args.runs))


def _measure(database: Database, runs: int) -> None:
    with database.read() as session:
        clock = Clock(load_settings(session).zone)
        staff = session.query(Staff).filter(Staff.username == USER).one()
        admin = Actor(staff.id, Role(staff.role))
    period = Period.year(clock.today().year - 1)
    choice = annual.ReportChoice(period, "it")
    _sections(database, clock, period)
    took: dict[str, list[float]] = {k: [] for k in ("report", "publish", "json", "pdf", "floor")}
    for _ in range(runs):
        started = time.perf_counter()
        with database.read() as session:
            report = annual.annual_report(session, admin, clock, choice)
        took["report"].append(_since(started))
        started = time.perf_counter()
        published = annual.publish_report(report)
        took["publish"].append(_since(started))
        started = time.perf_counter()
        report_json(report, published)
        took["json"].append(_since(started))
        started = time.perf_counter()
        pdf = annual_report_pdf(report, published, translator("it"))
        took["pdf"].append(_since(started))
        started = time.perf_counter()
        floor(report, published)
        took["floor"].append(_since(started))
    print(f"year {period.since.year}: {len(report.sections)} sections, {len(pdf):,} PDF bytes")
    print(_line("report's figures (page)", took["report"], PAGE_TARGET_MS))
    for part in ("publish", "json", "pdf", "floor"):
        print(_line(part, took[part], None))
    ratio = statistics.median(took["pdf"]) / statistics.median(took["floor"])
    print(f"{'PDF / floor':28} {ratio:.1f}x  (target 2x)")
    print(
        f"{'peak memory':28} {_peak(database, clock, admin, choice):.0f} MiB  "
        f"(target {MEMORY_TARGET_MIB:.0f} MiB; Python's allocations, one more run traced)"
    )


def _peak(database: Database, clock: Clock, admin: Actor, choice: annual.ReportChoice) -> float:
    """The peak of Python's allocations while the report is made, published and printed,
    measured apart: tracing slows everything several times over."""
    tracemalloc.start()
    try:
        with database.read() as session:
            report = annual.annual_report(session, admin, clock, choice)
        annual_report_pdf(report, annual.publish_report(report), translator("it"))
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _sections(database: Database, clock: Clock, period: Period) -> None:
    """Each section's counting once, warm (after one reading of all of them), each on its own:
    persons and coverage each pay for reading the persons of both years, which the report
    reads once for both."""
    with database.read() as session:
        scope = Scope(session, clock, translator("it"), period, period.before())
        for build, _reads in annual.SECTIONS:
            build(scope)
        for build, _reads in annual.SECTIONS:
            scope = Scope(session, clock, translator("it"), period, period.before())
            started = time.perf_counter()
            built = build(scope)
            keys = ", ".join(s.key for s in built)
            print(f"  section {keys:36} {_since(started):8.0f} ms")


def _line(name: str, took: list[float], target: float | None) -> str:
    median = statistics.median(took)
    aim = (
        ""
        if target is None
        else f"  target {target:.0f} ms: " + ("met" if max(took) <= target else "MISSED")
    )
    return f"{name:28} median {median:8.0f} ms  max {max(took):8.0f} ms{aim}"


def _since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


if __name__ == "__main__":
    sys.exit(main())
