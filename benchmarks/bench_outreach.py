"""How fast a street session is saved at the planned size (issue 14): prints numbers, asserts
nothing. A skeleton: the demo does not make sessions yet, so this builds its own.

    python benchmarks/bench_outreach.py [--persons 100000] [--years 1] [--data-dir DIR]

Builds a demo clinic once (as `main.py demo` does) in the temporary folder, or the one given,
and reuses it when it is there. Then, as an educator enters night outings from the paper sheet
(`clinic.outreach.sessions.record_session` in a write transaction through
`clinic.audit.transactions.writing`): 60 registered people met (60 others each time), 12
anonymous contacts in two tally rows, counted actions and 40 condoms from the outreach bag.

Target (issue 14), at p95: a session with 60 contacts saved in 100 ms or less.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import func, select  # noqa: E402

from benchmarks.bench_foundation import _build, _p95, _stats  # noqa: E402
from clinic.audit.transactions import writing  # noqa: E402
from clinic.care.vocabulary import CareList  # noqa: E402
from clinic.common.clock import Clock  # noqa: E402
from clinic.common.permissions import Actor  # noqa: E402
from clinic.demo.folder import DEMO_PASSWORD  # noqa: E402
from clinic.materials.stock import ReceiptForm, receive  # noqa: E402
from clinic.outreach.forms import SessionForm, TallyRow  # noqa: E402
from clinic.outreach.sessions import record_session  # noqa: E402
from clinic.settings.configuration import load_settings  # noqa: E402
from clinic.staff.opening import open_as  # noqa: E402
from clinic.staff.vocabulary import Role  # noqa: E402
from db.engine import Database  # noqa: E402
from db.folder import FolderState, InstanceLock, prepare  # noqa: E402
from db.models.care import CareListItem  # noqa: E402
from db.models.materials import StockItem, StockPlace  # noqa: E402
from db.models.registry import Person  # noqa: E402
from db.models.staff import Staff  # noqa: E402

USER = "demo-admin-1"
CONTACTS = 60
TARGET_MS = 100.0


def main() -> int:
    args = _parser().parse_args()
    name = f"soglia-outreach-p{args.persons}-y{args.years}-s{args.seed}"
    folder = prepare(args.data_dir or Path(tempfile.gettempdir()) / name)
    lock = InstanceLock(folder)
    lock.acquire()
    try:
        print(f"Soglia outreach benchmark: data folder {folder.root}")
        args.reuse = folder.state() is FolderState.READY
        if not _build(folder, args):
            return 2
        opened = open_as(folder, USER, DEMO_PASSWORD, Clock(ZoneInfo("UTC")))
        try:
            _measure(opened.database, args)
        finally:
            opened.close()
    finally:
        lock.release()
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, help="default: in the temporary folder")
    parser.add_argument("--saves", type=int, default=40, help="sessions saved")
    return parser


def _measure(database: Database, args: argparse.Namespace) -> None:
    with database.read() as session:
        clock = Clock(load_settings(session).zone)
        educator, admin = _actor(session, Role.OUTREACH), _actor(session, Role.ADMIN)
        persons = list(
            session.scalars(
                select(Person.id)
                .where(Person.status == "active")
                .order_by(Person.id)
                .limit(CONTACTS * args.saves)
            )
        )
        print(f"{session.scalar(select(func.count()).select_from(Person))} persons")
        condom = session.scalars(select(StockItem.id).where(StockItem.code == "male_condom")).one()
        bag = session.scalars(select(StockPlace.id).where(StockPlace.code == "outreach_bag")).one()
    with writing(database, clock) as session:
        zone = CareListItem(list=CareList.OUTREACH_ZONE.value, name="Benchmark route", position=0)
        session.add(zone)
        session.flush()
        zone_id = zone.id
        form = ReceiptForm(condom, bag, str(40 * args.saves), source="Benchmark")
        receive(session, admin, clock, form, "en_GB")
    took: list[float] = []
    for n in range(args.saves):
        met = persons[n * CONTACTS : (n + 1) * CONTACTS]
        sheet = _sheet(educator, zone_id, met, condom, bag)
        started = time.perf_counter()
        with writing(database, clock) as session:
            record_session(session, educator, clock, sheet, "it_IT")
        took.append((time.perf_counter() - started) * 1000)
    verdict = "met" if _p95(took) <= TARGET_MS else "MISSED"
    print(
        f"{'session saved (60 met)':24} {_stats(took)}  target p95 <= {TARGET_MS:.0f} ms: {verdict}"
    )


def _sheet(educator: Actor, zone: int, met: list[int], condom: int, bag: int) -> SessionForm:
    return SessionForm(
        start="22:00",
        end="02:00",
        team=frozenset({educator.staff_id}),
        zone_id=zone,
        settings=frozenset({"street", "bar_club"}),
        contacts={person: frozenset({"information", "material"}) for person in met},
        tallies=(TallyRow("7", "woman", "25_34", "202", "yes"), TallyRow("5", "man")),
        actions={"information": "12"},
        material={condom: "40"},
        place_id=bag,
    )


def _actor(session: object, role: Role) -> Actor:
    row = session.execute(  # type: ignore[attr-defined]
        select(Staff.id, Staff.interviewer)
        .where(Staff.role == role.value)
        .order_by(Staff.id)
        .limit(1)
    ).one()
    return Actor(row[0], role, row[1])


if __name__ == "__main__":
    sys.exit(main())
