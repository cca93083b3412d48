"""How fast vaccination forecasting and the worklist are at the planned size: prints numbers.

    python benchmarks/bench_vaccines.py [--persons 100000] [--years 20] [--data-dir DIR] [--reuse]

Builds (or reuses) a demo clinic, then measures: the CDSi engine per case; forecasting every
vaccinated person again (`refresh_all`, what the daily background refresh does); the worklist
query; and opening the worklist tab as a nurse does (query, table model, the real widget,
offscreen). Target (issue 4): the worklist ready in under one second.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import func, select  # noqa: E402

from benchmarks.bench_foundation import _build, _p95, _stats  # noqa: E402
from clinic.common.clock import Clock  # noqa: E402
from clinic.demo.folder import DEMO_PASSWORD  # noqa: E402
from clinic.i18n.translator import translator  # noqa: E402
from clinic.settings.configuration import load_settings  # noqa: E402
from clinic.staff.opening import open_as  # noqa: E402
from clinic.vaccinations.forecasts import person_doses, refresh_all  # noqa: E402
from clinic.vaccinations.status import assumed_birth_date, group_statuses  # noqa: E402
from clinic.vaccinations.worklist import WorklistFilter, worklist  # noqa: E402
from db.folder import InstanceLock, prepare  # noqa: E402
from db.models.registry import Person  # noqa: E402
from db.models.vaccinations import Vaccination, VaccineForecast  # noqa: E402

USER = "demo-nurse-1"
TARGET_MS = 1000.0


def main() -> int:
    args = _parser().parse_args()
    root = args.data_dir or ROOT / "bench-data" / f"vacc-p{args.persons}-y{args.years}-s{args.seed}"
    folder = prepare(root)
    lock = InstanceLock(folder)
    lock.acquire()
    try:
        print(f"Soglia vaccination benchmark: data folder {folder.root}")
        if not _build(folder, args):
            return 2
        opened = open_as(folder, USER, DEMO_PASSWORD, Clock(ZoneInfo("UTC")))
        try:
            _measure(folder, opened, args)
        finally:
            opened.close()
    finally:
        lock.release()
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--reuse", action="store_true", help="measure the demo already there")
    parser.add_argument("--loads", type=int, default=20, help="worklist openings timed")
    return parser


def _measure(folder, opened, args) -> None:  # type: ignore[no-untyped-def]
    database, actor = opened.database, opened.login.actor
    with database.read() as session:
        settings = load_settings(session)
        clock = Clock(settings.zone)
        counts = (
            session.scalar(select(func.count()).select_from(Person)),
            session.scalar(select(func.count()).select_from(Vaccination)),
            session.scalar(select(func.count(func.distinct(Vaccination.person_id)))),
            session.scalar(select(func.count()).select_from(VaccineForecast)),
        )
    print(
        f"data: {counts[0]:,} persons, {counts[1]:,} doses, {counts[2]:,} persons vaccinated, "
        f"{counts[3]:,} stored forecasts"
    )
    _bench_engine(database, clock, settings.vaccine_profile)
    started = time.perf_counter()
    with database.write() as session:
        stored = refresh_all(session, clock.today(), settings.vaccine_profile)
    took = time.perf_counter() - started
    print(
        f"forecast everyone again (refresh_all, one transaction): {took:.1f} s for "
        f"{counts[2]:,} persons, {stored:,} series stored ({took / max(counts[2], 1) * 1e3:.2f} "
        "ms per person, 3 groups)"
    )
    _bench_worklist(database, actor, clock, args.loads)
    _bench_worklist_tab(folder, opened, settings, clock, args.loads)


def _bench_engine(database, clock, profile) -> None:  # type: ignore[no-untyped-def]
    with database.read() as session:
        people = session.execute(
            select(Person.id, Person.birth_date, Person.birth_year, Person.gender)
            .where(Person.id.in_(select(Vaccination.person_id)))
            .limit(5000)
        ).all()
        doses = person_doses(session, [p.id for p in people])
    started = time.perf_counter()
    for person_id, birth_date, birth_year, gender in people:
        group_statuses(
            assumed_birth_date(birth_date, birth_year),
            gender,
            doses.get(person_id, []),
            clock.today(),
            profile,
        )
    took = time.perf_counter() - started
    print(
        f"engine: {len(people):,} persons x 3 groups in {took:.2f} s = "
        f"{took / (3 * len(people)) * 1e6:.0f} µs per case"
    )


def _bench_worklist(database, actor, clock, loads) -> None:  # type: ignore[no-untyped-def]
    for days, months in ((14, 24), (60, 24), (14, None)):
        wanted = WorklistFilter(days_ahead=days, followed_months=months)
        timings, size = [], 0
        for _ in range(loads):
            started = time.perf_counter()
            with database.read() as session:
                size = len(worklist(session, actor, clock, wanted))
            timings.append((time.perf_counter() - started) * 1000)
        followed = f"last dose within {months} months" if months else "any last dose"
        print(
            f"worklist query, due within {days} days, {followed}: {size:,} rows, {_stats(timings)}"
        )


def _bench_worklist_tab(folder, opened, settings, clock, loads) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from ui.context import DeskContext
    from ui.vaccinations.worklist_tab import WorklistTab

    app = QApplication.instance() or QApplication([])
    ctx = DeskContext(
        opened.database, folder, opened.login.actor, settings, clock, translator("en")
    )
    timings = []
    rows = 0
    for _ in range(loads):
        started = time.perf_counter()
        tab = WorklistTab(ctx)  # builds the widgets and loads the rows, as opening the page does
        tab.show()
        app.processEvents()
        timings.append((time.perf_counter() - started) * 1000)
        rows = tab.model.rowCount()
        tab.close()
        tab.deleteLater()
    verdict = "met" if _p95(timings) < TARGET_MS else "NOT met"
    print(f"worklist tab opened and shown (default filters): {rows:,} rows, {_stats(timings)}")
    everyone = WorklistTab(ctx)
    everyone.show()
    timings = []
    for _ in range(loads):
        started = time.perf_counter()
        everyone.followed.setValue(0 if everyone.followed.value() else 24)  # reloads
        app.processEvents()
        timings.append((time.perf_counter() - started) * 1000)
    print(
        f"worklist tab, switching 'last dose within' between 24 months and any: {_stats(timings)}"
    )
    everyone.close()
    print(f"target: worklist ready in under {TARGET_MS:.0f} ms at p95: {verdict}")


if __name__ == "__main__":
    sys.exit(main())
