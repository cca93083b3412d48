"""How fast the referrals' follow-up list opens at the planned size: prints numbers.

    python benchmarks/bench_follow_up.py [--persons 100000] [--years 20] [--data-dir DIR] [--reuse]

Builds (or reuses) a demo clinic and measures the follow-up list on the demo's own referrals
(`clinic.demo.referrals`: about one person in ten referred, a tenth of the referrals never
given an outcome). A demo made before the generator made referrals has none: then they are
filled at the issue's scale, through Core (about 10% of persons referred, ~30,000 referrals over
the years, ~2,000 still without an outcome, a few entered in error, to a directory of partner
services). Then times the first page of the follow-up list (`follow_up_list`, 200 rows, in its
own read transaction as the desk runs it) in each sort order, both directions
(`benchmarks/bench_person_file.py` measures it the same way). Target (issue 12): the
follow-up list in 300 ms or less.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import func, insert, select  # noqa: E402

from benchmarks.bench_foundation import _build, _p95, _stats  # noqa: E402
from clinic.care.follow_up import FollowUpOrder, FollowUpSort, follow_up_list  # noqa: E402
from clinic.care.vocabulary import ReferralOutcome, ServiceKind, Urgency  # noqa: E402
from clinic.common.clock import Clock  # noqa: E402
from clinic.demo.folder import DEMO_PASSWORD  # noqa: E402
from clinic.settings.configuration import load_settings  # noqa: E402
from clinic.staff.opening import open_as  # noqa: E402
from db.folder import InstanceLock, prepare  # noqa: E402
from db.models.care import PartnerService, Referral  # noqa: E402
from db.models.registry import Person  # noqa: E402
from db.models.staff import Staff  # noqa: E402

USER = "demo-social-1"
TARGET_MS = 300.0
SERVICES = [
    ("Ospedale San Luca", ServiceKind.HOSPITAL),
    ("Centro MTS Santa Chiara", ServiceKind.STI_CLINIC),
    ("Consultorio Familiare", ServiceKind.GYNAECOLOGY),
    ("Centro di Salute Mentale", ServiceKind.MENTAL_HEALTH),
    ("SerD Lucca", ServiceKind.ADDICTION),
    ("Casa Rifugio", ServiceKind.SHELTER),
    ("Dormitorio Comunale", ServiceKind.SHELTER),
    ("Sportello Legale", ServiceKind.LEGAL_AID),
    ("Numero Verde Antitratta", ServiceKind.ANTI_TRAFFICKING),
    ("Servizi Sociali del Comune", ServiceKind.SOCIAL_SERVICES),
    ("Questura", ServiceKind.POLICE),
    ("Équipe Droits", ServiceKind.LEGAL_AID),
]


def main() -> int:
    args = _parser().parse_args()
    default = (
        Path(tempfile.gettempdir()) / f"soglia-bench-p{args.persons}-y{args.years}-s{args.seed}"
    )
    folder = prepare(args.data_dir or default)
    lock = InstanceLock(folder)
    lock.acquire()
    try:
        print(f"Soglia follow-up list benchmark: data folder {folder.root}")
        if not _build(folder, args):
            return 2
        opened = open_as(folder, USER, DEMO_PASSWORD, Clock(ZoneInfo("UTC")))
        try:
            with opened.database.read() as session:
                clock = Clock(load_settings(session).zone)
            _fill(opened.database, clock, args)
            _measure(opened.database, opened.login.actor, clock, args.loads)
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
    parser.add_argument("--data-dir", type=Path, help="default: the temporary folder")
    parser.add_argument("--reuse", action="store_true", help="measure the demo already there")
    parser.add_argument("--referrals", type=int, default=30_000)
    parser.add_argument("--open", type=int, default=2_000, help="referrals without an outcome")
    parser.add_argument("--loads", type=int, default=20, help="first pages timed per order")
    return parser


def _fill(database, clock, args) -> None:  # type: ignore[no-untyped-def]
    """The referrals of the issue's scale, unless the database has some already (the demo's
    own, or those filled at an earlier run)."""
    with database.read() as session:
        if session.scalar(select(func.count()).select_from(Referral)):
            print("referrals: those in the demo")
            return
    started = time.perf_counter()
    rng = random.Random(args.seed)
    with database.write() as session:
        services = _services(session)
        authors = list(
            session.scalars(
                select(Staff.id).where(Staff.role.in_(["nurse", "social", "psychologist"]))
            )
        )
        persons = list(session.scalars(select(Person.id)))
        referred = rng.sample(persons, k=min(len(persons), args.referrals // 3))
        rows = _referrals(rng, clock, args, referred, services, authors)
        for at in range(0, len(rows), 5000):
            session.execute(insert(Referral), rows[at : at + 5000])
    took = time.perf_counter() - started
    print(f"referrals: {len(rows):,} inserted for {len(referred):,} persons in {took:.1f} s")


def _services(session) -> list[int]:  # type: ignore[no-untyped-def]
    ids = []
    for name, kind in SERVICES:
        service = PartnerService(name=name, kind=kind.value, contact="")
        session.add(service)
        session.flush()
        ids.append(service.id)
    return ids


def _referrals(rng, clock, args, referred, services, authors) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """`args.referrals` referrals spread over the years, `args.open` of them without an outcome
    (on any day: an outcome never recorded stays open for good), 1% entered in error."""
    today = clock.today()
    span = args.years * 365
    urgencies = [Urgency.ROUTINE.value] * 6 + [Urgency.SOON.value] * 3 + [Urgency.URGENT.value]
    outcomes = [o.value for o in ReferralOutcome]
    still_open = set(rng.sample(range(args.referrals), k=args.open))
    rows = []
    for n in range(args.referrals):
        day = today - dt.timedelta(days=rng.randrange(span))
        done = n not in still_open
        in_error = rng.random() < 0.01
        rows.append(
            {
                "person_id": rng.choice(referred),
                "service_id": rng.choice(services),
                "reason": "Referred for a check-up.",
                "urgency": rng.choice(urgencies),
                "accompanied": rng.random() < 0.2,
                "persons_request": False,
                "referred_on": day,
                "written_at": dt.datetime.combine(day, dt.time(10), dt.UTC),
                "author_id": rng.choice(authors),
                "outcome": rng.choice(outcomes) if done else None,
                "outcome_on": min(day + dt.timedelta(days=rng.randrange(1, 30)), today)
                if done
                else None,
                "entered_in_error": in_error,
                "error_reason": "Wrong person." if in_error else None,
            }
        )
    return rows


def _measure(database, actor, clock, loads) -> None:  # type: ignore[no-untyped-def]
    with database.read() as session:
        counts = (
            session.scalar(select(func.count()).select_from(Person)),
            session.scalar(select(func.count()).select_from(Referral)),
            session.scalar(select(func.count()).where(Referral.outcome.is_(None))),
        )
    print(f"data: {counts[0]:,} persons, {counts[1]:,} referrals, {counts[2]:,} without outcome")
    worst = 0.0
    for by in FollowUpSort:
        for descending in (False, True):
            order = FollowUpOrder(by, descending)
            timings, page = [], None
            for _ in range(loads):
                started = time.perf_counter()
                with database.read() as session:
                    page = follow_up_list(session, actor, clock, order=order)
                timings.append((time.perf_counter() - started) * 1000)
            worst = max(worst, _p95(timings))
            assert page is not None
            direction = "descending" if descending else "ascending"
            print(
                f"first page by {by.value:<12} {direction:<10}: {len(page.rows)} of "
                f"{page.total:,} rows, {_stats(timings)}"
            )
    verdict = "met" if worst <= TARGET_MS else "NOT met"
    print(f"target: the follow-up list in {TARGET_MS:.0f} ms or less at p95: {verdict}")


if __name__ == "__main__":
    sys.exit(main())
