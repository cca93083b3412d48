"""How fast material is handed out and the stock read, at the planned size (issue 13): prints
numbers, asserts nothing.

    python benchmarks/bench_materials.py [--persons 100000] [--years 20] [--data-dir DIR]

Builds a demo clinic once (as `main.py demo --persons 100000 --years 20` does) in the temporary
folder, or the one given, and reuses it when it is there. Then, as the desk runs them:

- saving a hand-out (10 condoms and 2 lubricant sachets to a registered person) in a write
  transaction through `clinic.audit.transactions.writing`, as reception, each for another
  person: the balance rows locked, the limits read, the movements and the audit row written;
- the balances of every item in every place (`clinic.materials.stock.balances`);
- the monthly consumption of the last whole year (`monthly_consumption`), as the coordinator.

Targets (issue 13), at p95: a hand-out saved in 50 ms or less, the balances in 100 ms or less,
a year's consumption in 300 ms or less. The benchmark receives stock first (not timed), so the
hand-outs find it there; the demo keeps what it saved.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import func, select  # noqa: E402

from benchmarks.bench_foundation import _p95, _stats, demo_arguments, on_demo  # noqa: E402
from clinic.audit.transactions import writing  # noqa: E402
from clinic.common.clock import Clock  # noqa: E402
from clinic.common.permissions import Actor  # noqa: E402
from clinic.materials.consumption import monthly_consumption  # noqa: E402
from clinic.materials.hand_out import HandOutForm, hand_out  # noqa: E402
from clinic.materials.stock import ReceiptForm, balances, receive  # noqa: E402
from clinic.settings.configuration import load_settings  # noqa: E402
from clinic.staff.vocabulary import Role  # noqa: E402
from db.engine import Database  # noqa: E402
from db.models.materials import (  # noqa: E402
    Distribution,
    StockBalance,
    StockItem,
    StockMovement,
    StockPlace,
)
from db.models.registry import Person  # noqa: E402
from db.models.staff import Staff  # noqa: E402

USER = "demo-reception-1"
ROLES = {Role.RECEPTION: "demo-reception-1", Role.ADMIN: "demo-admin-1"}
TARGETS_MS = {"hand-out saved": 50.0, "balances": 100.0, "consumption of a year": 300.0}


def main() -> int:
    args = _parser().parse_args()
    name = f"soglia-care-p{args.persons}-y{args.years}-s{args.seed}"
    return on_demo("material", name, args, USER, lambda database: _measure(database, args))


def _parser() -> argparse.ArgumentParser:
    parser = demo_arguments(argparse.ArgumentParser(description=__doc__.split("\n")[0]))
    parser.add_argument("--saves", type=int, default=50, help="hand-outs saved")
    parser.add_argument("--reads", type=int, default=30, help="balances and consumptions read")
    return parser


def _measure(database: Database, args: argparse.Namespace) -> None:
    with database.read() as session:
        clock = Clock(load_settings(session).zone)
        actors = _actors(session)
        _counts(session)
        condom, lube = (_item(session, code) for code in ("male_condom", "lubricant"))
        dispensary = session.scalars(select(StockPlace.id).where(StockPlace.code == "dispensary"))
        place = dispensary.one()
        persons = list(session.scalars(select(Person.id).order_by(Person.id).limit(args.saves)))
    with writing(database, clock) as session:
        for item in (condom, lube):
            form = ReceiptForm(item, place, str(20 * args.saves), source="Benchmark")
            receive(session, actors[Role.ADMIN], clock, form, "en_GB")
    saves = []
    for person in persons:
        form = HandOutForm({condom: "10", lube: "2"}, person_id=person)
        with _Timed(saves), writing(database, clock) as session:
            hand_out(session, actors[Role.RECEPTION], clock, form)
    _print("hand-out saved", saves)
    _reads(database, "balances", args.reads, lambda s: balances(s, actors[Role.RECEPTION]))
    year = clock.today().year - 1
    admin = actors[Role.ADMIN]
    _reads(
        database,
        "consumption of a year",
        args.reads,
        lambda s: monthly_consumption(s, admin, clock, year),
    )


def _reads(database: Database, label: str, runs: int, read: Callable[[Any], object]) -> None:
    took: list[float] = []
    for _ in range(runs):
        with _Timed(took), database.read() as session:
            read(session)
    _print(label, took)


def _print(label: str, took: list[float]) -> None:
    verdict = "met" if _p95(took) <= TARGETS_MS[label] else "MISSED"
    print(f"{label:24} {_stats(took)}  target p95 <= {TARGETS_MS[label]:.0f} ms: {verdict}")


class _Timed:
    """Adds the milliseconds the block took to `into`."""

    def __init__(self, into: list[float]) -> None:
        self._into = into

    def __enter__(self) -> None:
        self._started = time.perf_counter()

    def __exit__(self, *_exc: object) -> None:
        self._into.append((time.perf_counter() - self._started) * 1000)


def _actors(session: Any) -> dict[Role, Actor]:
    names = select(Staff.username, Staff.id, Staff.interviewer).where(
        Staff.username.in_(ROLES.values())
    )
    found = {name: (staff_id, trained) for name, staff_id, trained in session.execute(names)}
    return {role: Actor(found[name][0], role, found[name][1]) for role, name in ROLES.items()}


def _item(session: Any, code: str) -> int:
    return int(session.scalars(select(StockItem.id).where(StockItem.code == code)).one())


def _counts(session: Any) -> None:
    def count(model: Any) -> int:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)

    print(
        f"{count(Person)} persons, {count(StockMovement)} stock movements, "
        f"{count(Distribution)} distributions, {count(StockBalance)} balances"
    )


if __name__ == "__main__":
    sys.exit(main())
