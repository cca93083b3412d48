"""How fast a street session is saved and a year's outreach figures read at the planned size
(issue 14): prints numbers, asserts nothing.

    python benchmarks/bench_outreach.py [--persons 100000] [--years 1] [--data-dir DIR]

Builds a demo clinic once (as `main.py demo` does) in the temporary folder, or the one given,
and reuses it when it is there. Then, as an educator enters night outings from the paper sheet
(`clinic.outreach.sessions.record_session` in a write transaction through
`clinic.audit.transactions.writing`): 60 registered people met (60 others each time), 12
anonymous contacts in two tally rows, counted actions and 40 condoms from the outreach bag.

Target (issue 14), at p95: a session with 60 contacts saved in 100 ms or less.

Then the year's outreach figures (`clinic.statistics.outreach_figures`), as the coordinator
asks for the last full year: target p95 <= 300 ms, with 20 years of sessions behind it. The
demo (`main.py demo`) makes ~800 outings a year and a monthly group session; on a demo folder
made before it did, this writes ~800 a year itself (700 street outings with 8 registered
persons met and two tally rows each, 100 group sessions with a total and 3 linked persons), by
bulk inserts, not the use case (for speed); run with `--years 20` for the planned history.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt  # noqa: E402
import random  # noqa: E402

from sqlalchemy import func, insert, select  # noqa: E402

from benchmarks.bench_foundation import _p95, _stats, demo_arguments, on_demo  # noqa: E402
from clinic.audit.transactions import writing  # noqa: E402
from clinic.care.vocabulary import CareList  # noqa: E402
from clinic.common.clock import Clock  # noqa: E402
from clinic.common.permissions import Actor  # noqa: E402
from clinic.materials.stock import ReceiptForm, receive  # noqa: E402
from clinic.outreach.forms import SessionForm, TallyRow  # noqa: E402
from clinic.outreach.sessions import record_session  # noqa: E402
from clinic.settings.configuration import load_settings  # noqa: E402
from clinic.staff.vocabulary import Role  # noqa: E402
from clinic.statistics.outreach_figures import outreach_figures  # noqa: E402
from db.engine import Database  # noqa: E402
from db.models.care import CareListItem  # noqa: E402
from db.models.materials import StockItem, StockPlace  # noqa: E402
from db.models.outreach import OutreachContact, OutreachSession, OutreachTally  # noqa: E402
from db.models.registry import Person  # noqa: E402
from db.models.staff import Staff  # noqa: E402

USER = "demo-admin-1"
CONTACTS = 60
TARGET_MS = 100.0
FIGURES_TARGET_MS = 300.0
STREET_A_YEAR, GROUPS_A_YEAR, MET_AN_OUTING, LINKED_A_GROUP = 700, 100, 8, 3


def main() -> int:
    args = _parser().parse_args()
    name = f"soglia-outreach-p{args.persons}-y{args.years}-s{args.seed}"

    def work(database: Database) -> None:
        _measure(database, args)
        _measure_figures(database, args)

    return on_demo("outreach", name, args, USER, work)


def _parser() -> argparse.ArgumentParser:
    parser = demo_arguments(argparse.ArgumentParser(description=__doc__.split("\n")[0]), years=1)
    parser.add_argument("--saves", type=int, default=40, help="sessions saved")
    parser.add_argument("--runs", type=int, default=15, help="times the figures are read")
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
        sheet = _sheet(educator, zone_id, met, condom, bag, clock.today() - dt.timedelta(days=1))
        started = time.perf_counter()
        with writing(database, clock) as session:
            record_session(session, educator, clock, sheet, "it_IT")
        took.append((time.perf_counter() - started) * 1000)
    verdict = "met" if _p95(took) <= TARGET_MS else "MISSED"
    print(
        f"{'session saved (60 met)':24} {_stats(took)}  target p95 <= {TARGET_MS:.0f} ms: {verdict}"
    )


def _measure_figures(database: Database, args: argparse.Namespace) -> None:
    """The last full year's outreach figures, read as the coordinator (STATISTICS)."""
    with database.read() as session:
        clock = Clock(load_settings(session).zone)
        admin = _actor(session, Role.ADMIN)
    last = clock.today().year - 1
    _ensure_sessions(database, clock, args.years, last)
    since, until = dt.date(last, 1, 1), dt.date(last + 1, 1, 1)
    took: list[float] = []
    for _ in range(args.runs):
        started = time.perf_counter()
        with database.read() as session:
            figures = outreach_figures(session, admin, clock, since, until)
        took.append((time.perf_counter() - started) * 1000)
    street = figures.street
    print(
        f"year {last}: {street.outings} outings, {street.contacts} street contacts, "
        f"{street.known.persons} persons met ({street.known.new} new), "
        f"{figures.groups.sessions} group sessions"
    )
    verdict = "met" if _p95(took) <= FIGURES_TARGET_MS else "MISSED"
    print(
        f"{'year outreach figures':24} {_stats(took)}  "
        f"target p95 <= {FIGURES_TARGET_MS:.0f} ms: {verdict}"
    )


def _ensure_sessions(database: Database, clock: Clock, years: int, last: int) -> None:
    """Sessions for the `years` up to `last`, by bulk inserts, unless they are there."""
    with database.read() as session:
        have = session.scalar(select(func.count()).select_from(OutreachSession)) or 0
        persons = list(session.scalars(select(Person.id).where(Person.status == "active")))
        staff = _actor(session, Role.OUTREACH).staff_id
    if have >= (STREET_A_YEAR + GROUPS_A_YEAR) * years // 2:
        print(f"{have} sessions: reused")
        return
    started = time.perf_counter()
    rng = random.Random(years)
    for year in range(last - years + 1, last + 1):
        with database.write() as session:
            _bulk_year(session, clock, rng, year, persons, staff)
    print(f"sessions: {years} years written in {time.perf_counter() - started:.1f} s")


def _bulk_year(
    session: object, clock: Clock, rng: random.Random, year: int, persons: list[int], staff: int
) -> None:
    first = session.scalar(select(func.max(OutreachSession.id))) or 0  # type: ignore[attr-defined]
    kinds = ["street"] * STREET_A_YEAR + ["group"] * GROUPS_A_YEAR
    rows, contacts, tallies = [], [], []
    for n, kind in enumerate(kinds, start=first + 1):
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        night = kind == "street" and rng.random() < 0.5
        starts = clock.day_bounds(day)[0] + dt.timedelta(hours=22 if night else 15)
        rows.append(_session_row(n, kind, day, starts, night, staff))
        met = rng.sample(persons, MET_AN_OUTING if kind == "street" else LINKED_A_GROUP)
        contacts += [{"session_id": n, "person_id": p, "asked_interview": False} for p in met]
        tallies += _tally_rows(n, kind, rng)
    for table, values in ((OutreachSession, rows), (OutreachContact, contacts)):
        session.execute(insert(table), values)  # type: ignore[attr-defined]
    session.execute(insert(OutreachTally), tallies)  # type: ignore[attr-defined]


def _session_row(
    n: int, kind: str, day: dt.date, starts: dt.datetime, night: bool, staff: int
) -> dict[str, object]:
    return {
        "id": n,
        "kind": kind,
        "day": day,
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=3),
        "shift": "night" if night else "day",
        "volunteers": 0,
        "interview_requests": 1 if kind == "group" else 0,
        "note": "",
        "created_by_id": staff,
        "created_at": starts,
        "revision": 1,
    }


def _tally_rows(n: int, kind: str, rng: random.Random) -> list[dict[str, object]]:
    if kind == "group":
        return [_tally(n, "not_stated", "unknown", "unknown", "not_known", rng.randint(5, 20))]
    return [
        _tally(n, "woman", "25_34", "202", "yes", rng.randint(1, 8)),
        _tally(n, "trans_woman", "unknown", "419", "no", rng.randint(1, 4)),
    ]


def _tally(n: int, gender: str, band: str, region: str, met: str, count: int) -> dict[str, object]:
    return {
        "session_id": n,
        "gender": gender,
        "age_band": band,
        "region": region,
        "met_before": met,
        "count": count,
    }


def _sheet(
    educator: Actor, zone: int, met: list[int], condom: int, bag: int, night: dt.date
) -> SessionForm:
    """Last night's sheet, typed in the morning (a session is recorded once it started)."""
    return SessionForm(
        day=night.strftime("%d/%m/%Y"),  # as typed in Italian
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
