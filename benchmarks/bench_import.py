"""How fast a clinic's spreadsheets come in: prints numbers.

    python benchmarks/bench_import.py [--persons 10000] [--contacts 100000] [--format xlsx|csv]

Makes a new clinic in a temporary folder the way `main.py init` does (with six street zones),
writes a persons file and a contacts file of invented rows in the format asked (dates as an
English clinic types them, day first; four contacts in five visits, the others street contacts
in the six zones by day and night, over three years), then times, each in its own transaction
as the command runs them: reading the file, the dry run, the import, and the same file
imported again (all already there). Target (issue 15): 10,000 persons and 100,000 contacts
imported in 30 s or less, files read included.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from clinic.audit.transactions import reading, writing  # noqa: E402
from clinic.care.lists import add_entry  # noqa: E402
from clinic.care.vocabulary import CareList  # noqa: E402
from clinic.common.clock import Clock  # noqa: E402
from clinic.i18n.translator import Translator  # noqa: E402
from clinic.imports.columns import ImportKind, template_columns  # noqa: E402
from clinic.imports.contacts import import_contacts  # noqa: E402
from clinic.imports.persons import import_persons  # noqa: E402
from clinic.imports.sheet import read_sheet  # noqa: E402
from clinic.staff.accounts import SetUp  # noqa: E402
from clinic.staff.opening import OpenClinic, set_up  # noqa: E402
from db.folder import prepare  # noqa: E402
from db.keyslots import new_recovery_key  # noqa: E402

TARGET_S = 30.0
ZONE = "Europe/Rome"
ZONES = ["Stazione", "Porta Nuova", "Viale Europa", "Zona Industriale", "Centro", "Tangenziale"]
GENDERS = ["woman"] * 6 + ["man", "trans woman", "trans man", "non_binary"]
COUNTRIES = ["RO", "NG", "IT", "AL", "BR", "CN", "BG", "MA", "UA", "CO"]
LANGUAGES = ["ro", "en", "it", "es", "pt", "zh", "bg", "fr", "ru"]
SETTINGS = ["street", "apartment", "bar_club", "escort_online"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    random.seed(args.seed)
    with tempfile.TemporaryDirectory(prefix="soglia-bench-import-") as folder:
        clock = Clock(ZoneInfo(ZONE))
        opened = _clinic(Path(folder) / "data", clock)
        try:
            _measure(opened, clock, Path(folder), args)
        finally:
            opened.close()


def _clinic(root: Path, clock: Clock) -> OpenClinic:
    setup = SetUp("Bench clinic", ZONE, "en", "coord", "Coordinator", "Quokka-Lantern-9-Harbour")
    opened = set_up(prepare(root), setup, new_recovery_key(), clock)
    with writing(opened.database, clock) as session:
        for name in ZONES:
            add_entry(
                session, opened.login.actor, clock, CareList.OUTREACH_ZONE, name, Translator("en")
            )
    return opened


def _measure(opened: OpenClinic, clock: Clock, folder: Path, args: argparse.Namespace) -> None:
    today = clock.today()
    persons = write(folder, f"persons.{args.format}", _persons(args.persons, today))
    contacts = write(
        folder, f"contacts.{args.format}", _contacts(args.persons, args.contacts, today)
    )
    print(f"{args.persons:,} persons and {args.contacts:,} contacts, as .{args.format}")
    total = 0.0
    for kind, path, use_case in (
        (ImportKind.PERSONS, persons, import_persons),
        (ImportKind.CONTACTS, contacts, import_contacts),
    ):
        sheet, read_s = _timed(lambda p=path: read_sheet(p))
        columns = template_columns(sheet.headers, kind)

        def run(dry_run: bool, uc: Any = use_case, s: Any = sheet, c: Any = columns) -> Any:
            transaction = reading if dry_run else writing
            with transaction(opened.database, clock) as session:
                return uc(session, opened.login.actor, clock, s, c, dry_run=dry_run)

        dry, dry_s = _timed(lambda: run(True))
        done, import_s = _timed(lambda: run(False))
        again, again_s = _timed(lambda: run(False))
        total += read_s + import_s
        print(
            f"  {kind.value:<9} read {read_s:6.2f} s   dry run {dry_s:6.2f} s   "
            f"import {import_s:6.2f} s ({done.new:,} new, {done.refused} refused)   "
            f"again {again_s:6.2f} s ({again.existing:,} already there, {again.new} new)"
        )
        assert dry.new == done.new
        assert again.new == 0
    verdict = "within" if total <= TARGET_S else "OVER"
    print(f"read + import, both files: {total:.2f} s ({verdict} the {TARGET_S:.0f} s target)")


def write(folder: Path, name: str, rows: list[list[str]]) -> Path:
    """The rows as a workbook Excel would leave, or as UTF-8 CSV."""
    path = folder / name
    if name.endswith(".csv"):
        with path.open("w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerows(rows)
        return path
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _timed(work: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def _typed(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _persons(count: int, today: dt.date) -> list[list[str]]:
    rows = [["code", "birth", "gender", "country", "first_contact", "languages", "work_settings"]]
    for n in range(count):
        first = today - dt.timedelta(days=random.randrange(30, 20 * 365))
        birth = str(random.randrange(1960, 2006)) if n % 3 else _typed(dt.date(1985, 5, 23))
        rows.append([
            f"P{n:06d}", birth, random.choice(GENDERS), random.choice(COUNTRIES), _typed(first),
            ", ".join(random.sample(LANGUAGES, random.randrange(1, 3))), random.choice(SETTINGS),
        ])  # fmt: skip
    return rows


def _contacts(persons: int, count: int, today: dt.date) -> list[list[str]]:
    rows = [["code", "date", "kind", "time", "zone", "shift"]]
    seen: set[tuple[int, int, bool]] = set()
    while len(rows) <= count:
        person, back, street = (
            random.randrange(persons),
            random.randrange(1, 3 * 365),
            random.random() < 0.2,
        )
        if (person, back, street) in seen:
            continue
        seen.add((person, back, street))
        day = _typed(today - dt.timedelta(days=back))
        if street:
            shift = "night" if random.random() < 0.3 else "day"
            rows.append([f"P{person:06d}", day, "outreach", "", random.choice(ZONES), shift])
        else:
            time_of_day = f"{random.randrange(9, 18):02d}:{random.randrange(60):02d}"
            rows.append([f"P{person:06d}", day, "visit", time_of_day, "", ""])
    return rows


if __name__ == "__main__":
    main()
