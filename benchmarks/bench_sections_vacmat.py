"""How long the vaccinations and material sections of the activity report take (issue 15), a
year beside the year before, at the planned size: prints numbers, asserts nothing.

    python benchmarks/bench_sections_vacmat.py --data-dir DIR [--year Y] [--runs N]

Opens the demo clinic in DIR (made once, as `main.py demo` does, when DIR is new; never point
it at a real clinic's folder: it only reads, but a copy is the rule) and counts each section
for the last full year (or `--year`), `--runs` times in a read transaction each: the first run
is cold (pages not yet in SQLite's cache), the rest warm. Target: p95 <= 100 ms per section
warm; the vaccinations' persons overdue and series completed need the CDSi forecast of each
person followed at the period's end, timed on its own.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_foundation import _p95, _stats, demo_arguments, on_demo  # noqa: E402
from clinic.common.clock import Clock  # noqa: E402
from clinic.i18n.translator import Translator  # noqa: E402
from clinic.settings.configuration import load_settings  # noqa: E402
from clinic.statistics.scope import Scope  # noqa: E402
from clinic.statistics.sections import material, vaccinations  # noqa: E402
from clinic.statistics.tables import Period, Section  # noqa: E402
from db.engine import Database  # noqa: E402

USER = "demo-admin-1"
TARGET_MS = 100.0


def main() -> int:
    args = _parser().parse_args()
    name = f"soglia-vacmat-p{args.persons}-y{args.years}-s{args.seed}"
    return on_demo("report sections", name, args, USER, lambda db: _measure(db, args))


def _parser() -> argparse.ArgumentParser:
    parser = demo_arguments(argparse.ArgumentParser(description=__doc__.split("\n")[0]))
    parser.add_argument("--year", type=int, help="default: the last full year")
    parser.add_argument("--runs", type=int, default=11, help="times each section is counted")
    return parser


def _measure(database: Database, args: argparse.Namespace) -> None:
    with database.read() as session:
        clock = Clock(load_settings(session).zone)
    period = Period.year(args.year or clock.today().year - 1)
    print(f"period {period.since} to {period.last_day}, beside {period.before().since} on")
    sections: dict[str, Callable[[Scope], Section]] = {
        "material": material.section,
        "vaccinations": vaccinations.section,
    }
    for name, count in sections.items():
        _time(database, clock, period, name, count, args.runs)
    _time_parts(database, clock, period, args.runs)


def _time(
    database: Database,
    clock: Clock,
    period: Period,
    name: str,
    count: Callable[[Scope], Section],
    runs: int,
) -> None:
    took: list[float] = []
    made: Section | None = None
    for _ in range(runs):
        with database.read() as session:
            scope = Scope(session, clock, Translator("en"), period, period.before())
            started = time.perf_counter()
            made = count(scope)
            took.append((time.perf_counter() - started) * 1000)
    assert made is not None
    cold, warm = took[0], took[1:] or took
    verdict = "met" if _p95(warm) <= TARGET_MS else "MISSED"
    print(f"{name:14} cold {cold:7.1f} ms; warm {_stats(warm)}  target p95 <= 100 ms: {verdict}")
    for table in made.tables:
        _show(table)


def _show(table: object) -> None:
    from clinic.statistics.tables import Table

    assert isinstance(table, Table)
    print(f"  {table.key}")
    for at, row in enumerate(table.rows):
        now = table.current[at]
        before = table.previous[at] if table.previous is not None else ()
        print(f"    {row.key:22} {now!s:40} before {before}")


def _time_parts(database: Database, clock: Clock, period: Period, runs: int) -> None:
    """The vaccinations' forecasts at the period's end apart: how much of the section they are."""
    took: list[float] = []
    followed = 0
    for _ in range(max(runs // 2, 1)):
        with database.read() as session:
            scope = Scope(session, clock, Translator("en"), period, period.before())
            started = time.perf_counter()
            series = vaccinations.series_at_end(scope, period)
            took.append((time.perf_counter() - started) * 1000)
            followed = series.forecast
    print(f"  forecasts at {period.last_day}, {followed} series judged: {_stats(took)}")
    took = []
    for _ in range(runs):
        with database.read() as session:
            started = time.perf_counter()
            for counted in (period, period.before()):
                vaccinations._doses(session, counted)
                vaccinations._vaccinated(session, counted)
                vaccinations._refusals(session, counted)
            took.append((time.perf_counter() - started) * 1000)
    print(f"  doses, persons vaccinated, refusals (SQL, both periods): {_stats(took)}")


if __name__ == "__main__":
    sys.exit(main())
