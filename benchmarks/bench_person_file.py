"""How fast a person's file opens, a consultation saves and the follow-up list shows, at the
planned size (issue 12): prints numbers.

    python benchmarks/bench_person_file.py [--persons 100000] [--years 20] [--data-dir DIR]

Builds a demo clinic once (`create_demo_clinic`, as `main.py demo --persons 100000 --years 20`
does) in the temporary folder, and reuses it when it is there. The person measured is the one
whose file holds nearest 500 records (visits, consultations, tests, doses, referrals: the demo
makes one such regular, and the population has others); the largest file of the demo is
measured too, for comparison. Each is measured as the desk runs it, in a write transaction
through `clinic.audit.transactions.writing` (opening the file is audited):

- the person's file (`open_person_file`) and everything the desk reads with it
  (`read_person_file`: the overview, the file, the forms' lists), as a nurse, a social worker
  and reception, 30 times each;
- saving a consultation (`write_consultation`) as a nurse, 50 times, each for another regular
  person (so the heavy person's file stays as it was: the demo keeps those consultations);
- the follow-up list on the demo's own referrals (`bench_follow_up`'s measure).

Targets (issue 12): the file in 100 ms or less, a save in 50 ms or less, the follow-up list in
300 ms or less, at p95.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import func, select, union_all  # noqa: E402

from benchmarks.bench_follow_up import _measure as measure_follow_up  # noqa: E402
from benchmarks.bench_foundation import _p95, _stats, demo_arguments, on_demo  # noqa: E402
from clinic.audit.transactions import writing  # noqa: E402
from clinic.care.consultation_form import ConsultationForm  # noqa: E402
from clinic.care.consultations import write_consultation  # noqa: E402
from clinic.care.vocabulary import CareList, ConsultationKind  # noqa: E402
from clinic.common.clock import Clock  # noqa: E402
from clinic.common.permissions import Actor  # noqa: E402
from clinic.person_file.reading import read_person_file  # noqa: E402
from clinic.person_file.timeline import open_person_file  # noqa: E402
from clinic.settings.configuration import load_settings  # noqa: E402
from clinic.staff.vocabulary import Role  # noqa: E402
from db.engine import Database  # noqa: E402
from db.models.care import CareListItem, Consultation, RapidTest, Referral  # noqa: E402
from db.models.desk import Visit  # noqa: E402
from db.models.registry import Person  # noqa: E402
from db.models.staff import Staff  # noqa: E402
from db.models.vaccinations import Vaccination  # noqa: E402

USER = "demo-nurse-1"
ROLES = {
    Role.NURSE: "demo-nurse-1",
    Role.SOCIAL: "demo-social-1",
    Role.RECEPTION: "demo-reception-1",
}
ISSUE_RECORDS = 500  # "opening the file of a person with 500 entries"
FILE_TARGET_MS = 100.0
SAVE_TARGET_MS = 50.0
NOTE = (
    "Came for a routine STI screening. No symptoms reported. Condoms and lubricant given. "
    "Talked about the next appointment and the vaccination card; the person will come back "
    "in three months for the next screening."
)


def main() -> int:
    args = _parser().parse_args()
    name = f"soglia-care-p{args.persons}-y{args.years}-s{args.seed}"
    return on_demo("person-file", name, args, USER, lambda database: _measure(database, args))


def _parser() -> argparse.ArgumentParser:
    parser = demo_arguments(argparse.ArgumentParser(description=__doc__.split("\n")[0]))
    parser.add_argument("--opens", type=int, default=30, help="file openings timed per role")
    parser.add_argument("--saves", type=int, default=50, help="consultations saved")
    parser.add_argument("--loads", type=int, default=20, help="follow-up first pages per order")
    return parser


def _measure(database: Database, args: argparse.Namespace) -> None:
    with database.read() as session:
        clock = Clock(load_settings(session).zone)
        actors = _actors(session)
        _counts(session)
        (person_id, records), (largest, most) = _files(session)
    print(f"the file of {ISSUE_RECORDS} records: person {person_id}, {records} records")
    worst = 0.0
    for role, actor in actors.items():
        worst = max(worst, _open_file(database, clock, actor, person_id, args.opens, role))
    verdict = "met" if worst <= FILE_TARGET_MS else "NOT met"
    print(f"target: the person's file in {FILE_TARGET_MS:.0f} ms or less at p95: {verdict}")
    print(f"the largest file, for comparison: person {largest}, {most} records")
    for role, actor in actors.items():
        _open_file(database, clock, actor, largest, args.opens, role)
    _saves(database, clock, actors[Role.NURSE], {person_id, largest}, args.saves)
    measure_follow_up(database, actors[Role.SOCIAL], clock, args.loads)


def _actors(session: Any) -> dict[Role, Actor]:
    """The demo's accounts as their login makes them (role, and training for interviews)."""
    names = select(Staff.username, Staff.id, Staff.interviewer).where(
        Staff.username.in_(ROLES.values())
    )
    found = {
        username: (staff_id, trained) for username, staff_id, trained in session.execute(names)
    }
    return {role: Actor(found[name][0], role, found[name][1]) for role, name in ROLES.items()}


def _counts(session: Any) -> None:
    def count(model: Any) -> int:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)

    print(
        f"data: {count(Person):,} persons, {count(Visit):,} visits, "
        f"{count(Consultation):,} consultations, {count(RapidTest):,} tests, "
        f"{count(Referral):,} referrals, {count(Vaccination):,} doses"
    )


def _files(session: Any) -> tuple[tuple[int, int], tuple[int, int]]:
    """(person, records) of the file nearest the issue's size, and of the largest file, counting
    the records a file shows."""
    records = union_all(
        *(
            select(model.person_id.label("person"))
            for model in (Visit, Consultation, RapidTest, Referral, Vaccination)
        )
    ).subquery()
    counted = (
        select(records.c.person, func.count())
        .where(records.c.person.is_not(None))
        .group_by(records.c.person)
    )
    sizes = [(int(person), int(n)) for person, n in session.execute(counted)]
    nearest = min(sizes, key=lambda size: (abs(size[1] - ISSUE_RECORDS), size[0]))
    largest = max(sizes, key=lambda size: (size[1], -size[0]))
    return nearest, largest


def _open_file(
    database: Database, clock: Clock, actor: Actor, person_id: int, runs: int, role: Role
) -> float:
    """The file alone, then with the overview and the lists; returns the worse p95."""
    lines = 0

    def file_only(session: Any) -> None:
        nonlocal lines
        lines = len(open_person_file(session, actor, clock, person_id).entries)

    def whole(session: Any) -> None:
        read_person_file(session, actor, clock, person_id)

    alone = _timed(database, clock, file_only, runs)
    together = _timed(database, clock, whole, runs)
    print(f"{role.value:<10} file ({lines} lines)      : {_stats(alone)}")
    print(f"{role.value:<10} file + overview + lists: {_stats(together)}")
    return max(_p95(alone), _p95(together))


def _timed(database: Database, clock: Clock, work: Callable[[Any], None], runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        with writing(database, clock) as session:
            work(session)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _saves(database: Database, clock: Clock, nurse: Actor, measured: set[int], runs: int) -> None:
    """`runs` medical consultations as the desk saves them, for people seen lately (not those
    whose files are measured, so that they stay as they are)."""
    with database.read() as session:
        items = list(
            session.scalars(
                select(CareListItem.id).where(
                    CareListItem.code.in_(["sti_screening", "condom"]),
                    CareListItem.list.in_([CareList.MEDICAL_REASON, CareList.CONTRACEPTION]),
                )
            )
        )
        regulars = list(
            session.scalars(
                select(Visit.person_id)
                .where(Visit.person_id.is_not(None), Visit.person_id.not_in(measured))
                .order_by(Visit.id.desc())
                .limit(runs * 4)
            )
        )
    distinct = sorted(set(regulars))
    people = random.Random(1).sample(distinct, min(runs, len(distinct)))
    form = ConsultationForm(
        kind=ConsultationKind.MEDICAL.value,
        items=frozenset(items),
        duration="20",
        mediator=True,
        mediator_language="ro",
        note=NOTE,
    )
    timings = []
    for person_id in people:
        started = time.perf_counter()
        with writing(database, clock) as session:
            write_consultation(session, nurse, clock, person_id, form)
        timings.append((time.perf_counter() - started) * 1000)
    verdict = "met" if _p95(timings) <= SAVE_TARGET_MS else "NOT met"
    print(f"saving a consultation: {_stats(timings)}")
    print(f"target: a save in {SAVE_TARGET_MS:.0f} ms or less at p95: {verdict}")


if __name__ == "__main__":
    sys.exit(main())
