"""How fast the care sections of the activity report are counted at the planned size (issue 15):
prints numbers, asserts nothing.

    python benchmarks/bench_sections_care.py --data-dir DIR [--year 2025] [--runs 15]

Opens a demo clinic (as `main.py demo` makes it; built in the folder first if it is empty) and
counts each section of `clinic.statistics.sections.care`, `.protection` and `.coverage` for
the year and the year before it (`Scope`), each in its own read transaction, `--runs` times
after one warm-up run; prints the median and p95 of each, and the headline figures of the last
run. Target (issue 15 plan): about 100 ms per section warm at 100,000 persons and 20 years.
Use a copy of a shared demo folder: opening it writes to its audit trail.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.bench_foundation import _stats, demo_arguments, on_demo  # noqa: E402
from clinic.common.clock import Clock  # noqa: E402
from clinic.i18n.translator import Translator  # noqa: E402
from clinic.settings.configuration import load_settings  # noqa: E402
from clinic.statistics.scope import Scope  # noqa: E402
from clinic.statistics.sections import care, coverage, protection  # noqa: E402
from clinic.statistics.tables import COUNT, Period, Section  # noqa: E402
from db.engine import Database  # noqa: E402

USER = "demo-admin-1"
TARGET_MS = 100.0
SECTIONS: dict[str, Callable[[Scope], Section]] = {
    "consultations": care.consultations_section,
    "tests": care.tests_section,
    "referrals": care.referrals_section,
    "protection": protection.section,
    "coverage": coverage.section,
}


def main() -> int:
    args = _parser().parse_args()
    name = f"soglia-care-p{args.persons}-y{args.years}-s{args.seed}"
    return on_demo("care sections", name, args, USER, lambda database: _measure(database, args))


def _parser() -> argparse.ArgumentParser:
    parser = demo_arguments(argparse.ArgumentParser(description=__doc__.split("\n")[0]))
    parser.add_argument("--year", type=int, help="default: last year")
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each section")
    parser.add_argument("--language", default="en")
    return parser


def _measure(database: Database, args: argparse.Namespace) -> None:
    with database.read() as session:
        clock = Clock(load_settings(session).zone)
    period = Period.year(args.year or clock.today().year - 1)
    t = Translator(args.language)
    print(
        f"period {period.since} to {period.last_day}, beside the year before; target "
        f"{TARGET_MS:.0f} ms a section"
    )
    for key, count in SECTIONS.items():
        took: list[float] = []
        for _ in range(args.runs + 1):  # the first run warms the caches, untimed
            started = time.perf_counter()
            with database.read() as session:
                section = count(Scope(session, clock, t, period, period.before()))
            took.append((time.perf_counter() - started) * 1000)
        print(f"{key:14} {_stats(took[1:])}")
        _show(section)


def _show(section: Section) -> None:
    """The section's first table, this period against the one before."""
    first = section.tables[0]
    for row in first.rows:
        now, before = first.value(row.key, COUNT), first.value(row.key, COUNT, previous=True)
        print(f"    {first.key}.{row.key}: {now:,} (before: {before:,})")


if __name__ == "__main__":
    sys.exit(main())
