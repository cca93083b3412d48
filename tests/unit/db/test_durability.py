"""Durability (reliability.md scenarios 1 and 2): a process killed at any moment of its saves
leaves a sound database holding every save it reported, each whole; a save is visible to a
fresh connection at once, and no transaction stays open afterwards."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select

from clinic.audit.transactions import writing
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from db.engine import Database
from db.folder import DataFolder
from db.models.registry import Person
from db.sqlcipher import connect_raw
from tests.conftest import NOW

ROOT = Path(__file__).resolve().parents[3]

# Registers persons through the real use case, each with languages, work settings and search
# terms (several tables), and prints each code once its transaction is committed.
SAVER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from zoneinfo import ZoneInfo
    sys.path.insert(0, {root!r})
    from clinic.common.clock import Clock
    from clinic.registry.person_form import PersonForm, validate_person
    from clinic.registry.persons import register_person
    from tests.conftest import desk_actor
    from clinic.staff.vocabulary import Role
    from db.engine import Database
    database = Database.open(Path({path!r}), bytes.fromhex({key!r}))
    clock = Clock(ZoneInfo("Europe/Rome"))
    with database.write() as session:
        actor = desk_actor(session, clock, Role.RECEPTION)
    form = PersonForm(alias="Maria Luisa Marker", birth="1985", languages=("it", "ro", "uk"),
                      work_settings=("street", "apartment"))
    record = validate_person(form, "it_IT", clock.today())
    n = 0
    while True:
        code = f"{{sys.argv[1]}}{{n:06d}}"
        with database.write() as session:
            register_person(session, actor, clock, record, code)
        print(code, flush=True)
        n += 1
    """
)


def _kill_while_saving(folder: DataFolder, key: bytes, run: int, rng: random.Random) -> list[str]:
    """Start the saver, kill it with SIGKILL after a random while; the codes it reported."""
    script = SAVER.format(root=str(ROOT), path=str(folder.database), key=key.hex())
    with subprocess.Popen(
        [sys.executable, "-c", script, f"K{run:02d}-"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as saver:
        assert saver.stdout is not None
        # Kill after a random number of saves: the next one is then somewhere in its course.
        seen = [saver.stdout.readline().strip() for _ in range(rng.randint(1, 25))]
        os.kill(saver.pid, signal.SIGKILL)
        rest = saver.stdout.read().split()
        saver.wait()
    return [*seen, *rest]


@pytest.mark.slow
def test_saves_killed_at_random_points_are_all_there_and_each_whole(
    data_folder: DataFolder, database: Database, key: bytes
) -> None:
    database.dispose()
    rng = random.Random(42)
    reported: list[str] = []
    for run in range(12):
        reported += _kill_while_saving(data_folder, key, run, rng)
        connection = connect_raw(data_folder.database, key)
        try:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
            stored = {code for (code,) in connection.execute("SELECT code FROM person")}
            assert set(reported) <= stored  # every save that said it saved, did
            # Each person whole: languages, settings and terms came with it, or nothing did.
            for table, per_person in (
                ("person_language", 3),
                ("person_work_setting", 2),
                # k00, 000000 and k00000000 from the code; maria, luisa, marker; 1985.
                ("search_term", 7),
            ):
                rows = connection.execute(
                    f"SELECT person_id, count(*) FROM {table} GROUP BY person_id"
                ).fetchall()
                assert {count for _, count in rows} <= {per_person}, table
                assert len(rows) == len(stored), table
        finally:
            connection.close()
    assert len(reported) > 12


def test_a_save_is_read_at_once_by_a_fresh_connection_and_leaves_no_transaction_open(
    data_folder: DataFolder, database: Database, key: bytes, clock, reception
) -> None:
    record = validate_person(PersonForm(alias="Maria"), "it_IT", NOW.date())
    with writing(database, clock) as session:
        register_person(session, reception, clock, record, "OSIAR230519852")
    assert database.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    fresh = Database.open(data_folder.database, key)
    try:
        with fresh.read() as session:
            assert session.scalars(select(Person.code)).all() == ["OSIAR230519852"]
    finally:
        fresh.dispose()
    # Nothing holds the write lock: another connection takes it without waiting.
    other = connect_raw(data_folder.database, key)
    try:
        other.execute("PRAGMA busy_timeout = 0")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()
