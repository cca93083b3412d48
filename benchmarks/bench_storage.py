"""Where the database's bytes go, per visit, beside a floor: prints numbers, asserts nothing.

    python benchmarks/bench_storage.py --data-dir DIR [--user demo-admin-1]

DIR is a demo clinic (`main.py demo --data-dir DIR --persons 100000 --years 20`). If its database
is at an older schema, opening it migrates it the way Soglia does at start-up (verified backup
first), and the time that takes is printed: run it on a copy of a demo made with the old code.

Then it prints the file's bytes per visit, and each table's and index's share of them. SQLCipher
has no `dbstat` table, so the shares are measured on a plaintext export of the file (same
b-trees, pages without the 80 bytes each that the cipher reserves) made in a private temporary
folder and deleted at once. The floor is the same visit rows in a plain, unencrypted SQLite
table with integer columns only (times as integer microseconds, the state as a small number,
the reasons as a bit set) and no index but the row id.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from clinic.demo.folder import DEMO_PASSWORD  # noqa: E402
from db.folder import DataFolder, InstanceLock, prepare  # noqa: E402
from db.keyslots import load_key_store  # noqa: E402
from db.migrate import HEAD_REVISION  # noqa: E402
from db.opening import open_database  # noqa: E402
from db.sqlcipher import connect_raw  # noqa: E402
from db.vocabulary.desk import QueueState, VisitReason  # noqa: E402

TARGET_RATIO = 2.0
STATES = {state.value: number for number, state in enumerate(QueueState)}
REASON_BITS = {reason.value: 1 << number for number, reason in enumerate(VisitReason)}
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
FLOOR_TABLE = """CREATE TABLE visit (
    id INTEGER PRIMARY KEY, person_id INTEGER, arrival_at INTEGER, state INTEGER,
    served_by_id INTEGER, called_at INTEGER, departed_at INTEGER, created_by_id INTEGER,
    reasons INTEGER)"""


def main() -> int:
    args = _parser().parse_args()
    folder = prepare(args.data_dir)
    lock = InstanceLock(folder)
    lock.acquire()
    try:
        key = load_key_store(folder).open_with_password(args.user, DEMO_PASSWORD)
        print(f"Soglia storage benchmark: {folder.database}")
        _open_and_migrate(folder, key)
        with tempfile.TemporaryDirectory(prefix="soglia-bench-storage-") as scratch:
            _measure(folder, key, Path(scratch))
    finally:
        lock.release()
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="a demo clinic's folder")
    parser.add_argument("--user", default="demo-admin-1", help="whose password unlocks the key")
    return parser


def _open_and_migrate(folder: DataFolder, key: bytes) -> None:
    """Open as Soglia does; an older schema is migrated here, and timed."""
    revision = _revision(folder, key)
    size = folder.database.stat().st_size
    started = time.perf_counter()
    database, result = open_database(folder, key)
    elapsed = time.perf_counter() - started
    database.dispose()  # folds the log into the file, so its size is the database's
    if revision == HEAD_REVISION:
        print(f"schema {revision} (current): opened and checked in {elapsed:.1f} s")
        return
    backup = result.backup.stat().st_size / 1e6 if result.backup else 0
    print(
        f"migration {result.from_revision} -> {result.to_revision}: {elapsed:.1f} s "
        f"(page check, verified backup of {backup:.0f} MB, migration, checks, VACUUM); "
        f"file {size / 1e6:.0f} MB -> {folder.database.stat().st_size / 1e6:.0f} MB"
    )


def _revision(folder: DataFolder, key: bytes) -> str | None:
    connection = connect_raw(folder.database, key)
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return None if row is None else str(row[0])
    finally:
        connection.close()


def _measure(folder: DataFolder, key: bytes, scratch: Path) -> None:
    size = folder.database.stat().st_size
    plain = scratch / "plain.db"
    free_pages, page_size = _export(folder.database, key, plain)
    export = sqlite3.connect(plain)
    try:
        visits = export.execute("SELECT count(*) FROM visit").fetchone()[0]
        shares = export.execute(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
        ).fetchall()
        floor = _floor(export, scratch / "floor.db")
    finally:
        export.close()
    exported = sum(bytes_ for _, bytes_ in shares)
    per_visit = size / visits
    ratio = per_visit / floor
    verdict = "OK" if ratio <= TARGET_RATIO else "MISSED"
    print(f"visits: {visits:,}; database file {size / 1e6:.1f} MB")
    print(
        f"bytes per visit: {per_visit:.0f} B   floor {floor:.0f} B (plain SQLite, integer "
        f"columns, same visit rows)   {ratio:.1f}x; target <= {TARGET_RATIO:.0f}x: {verdict}"
    )
    print(f"  free pages in the file: {free_pages * page_size / 1e6:.1f} MB")
    print("  share of each table and index (plaintext export, scaled to the file):")
    for name, bytes_ in shares:
        scaled = bytes_ / exported * (size - free_pages * page_size)
        if scaled / visits >= 0.5:
            print(f"    {name:<42} {scaled / visits:6.1f} B/visit  {bytes_ / exported:6.1%}")


def _export(path: Path, key: bytes, plain: Path) -> tuple[int, int]:
    """A plaintext copy of the database (for `dbstat`); the file's free pages and page size."""
    connection = connect_raw(path, key, read_only=True)
    try:
        free = connection.execute("PRAGMA freelist_count").fetchone()[0]
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        connection.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
        connection.execute("SELECT sqlcipher_export('plain')")
        connection.execute("DETACH DATABASE plain")
    finally:
        connection.close()
    return int(free), int(page_size)


def _floor(export: sqlite3.Connection, path: Path) -> float:
    """Bytes per visit of the visit rows alone, in the leanest plain form SQLite offers."""
    floor = sqlite3.connect(path)
    try:
        floor.execute(FLOOR_TABLE)
        rows = export.execute(
            "SELECT id, person_id, arrival_at, state, served_by_id, called_at, departed_at, "
            "created_by_id FROM visit ORDER BY id"
        )
        reasons = _reasons(export)
        while batch := rows.fetchmany(10_000):
            floor.executemany(
                "INSERT INTO visit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [_floor_row(row, reasons) for row in batch],
            )
        floor.commit()
        visits = floor.execute("SELECT count(*) FROM visit").fetchone()[0]
    finally:
        floor.close()
    return path.stat().st_size / visits


def _reasons(export: sqlite3.Connection) -> dict[int, int]:
    """Each visit's reasons as a bit set, from whichever form the schema keeps them in."""
    tables = {name for (name,) in export.execute("SELECT name FROM sqlite_master")}
    if "visit_reason" in tables:
        bits: dict[int, int] = {}
        for visit_id, reason in export.execute("SELECT visit_id, reason FROM visit_reason"):
            bits[visit_id] = bits.get(visit_id, 0) | REASON_BITS[reason]
        return bits
    return dict(export.execute("SELECT id, reasons FROM visit").fetchall())


def _floor_row(row: tuple[object, ...], reasons: dict[int, int]) -> tuple[object, ...]:
    visit_id, person, arrival, state, served_by, called, departed, created_by = row
    return (
        visit_id,
        person,
        _micros(arrival),
        STATES[str(state)],
        served_by,
        _micros(called),
        _micros(departed),
        created_by,
        reasons.get(int(str(visit_id)), 0),
    )


def _micros(value: object) -> int | None:
    """An instant as integer UTC microseconds, from the text of older schemas or as it is."""
    if value is None or isinstance(value, int):
        return value
    instant = dt.datetime.fromisoformat(str(value)).replace(tzinfo=dt.UTC)
    return (instant - EPOCH) // dt.timedelta(microseconds=1)


if __name__ == "__main__":
    sys.exit(main())
