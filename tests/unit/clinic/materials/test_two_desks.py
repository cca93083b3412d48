"""Two desks handing out from the same stock at the same moment (reliability.md scenario 7,
issue 13): two processes on one real database file, started together. The stock never goes
below zero, every unit handed out has its hand-out row, and the desk that finds the stock empty
is told so in words it can show, with nothing half-written."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.engine import Database
from db.folder import DataFolder
from db.models.materials import Distribution, StockBalance, StockMovement
from tests.unit.clinic.materials.conftest import item_id, on_hand, receive

ROOT = Path(__file__).resolve().parents[4]

# A reception desk of its own: opens the database, says it is ready, waits for "go" (so both
# start together, without sleeping), then hands out one unit at a time and prints each outcome.
DESK = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from zoneinfo import ZoneInfo
    sys.path.insert(0, {root!r})
    from clinic.audit.transactions import writing
    from clinic.common.clock import Clock
    from clinic.common.errors import ValidationError
    from clinic.materials.hand_out import HandOutForm, hand_out
    from clinic.staff.vocabulary import Role
    from db.engine import Database
    from tests.conftest import desk_actor
    database = Database.open(Path({path!r}), bytes.fromhex({key!r}))
    clock = Clock(ZoneInfo("Europe/Rome"))
    with database.write() as session:
        actor = desk_actor(session, clock, Role.RECEPTION)
    form = HandOutForm({{{item}: "1"}}, person_id={person})
    print("ready", flush=True)
    sys.stdin.readline()
    for _ in range({times}):
        try:
            with writing(database, clock) as session:
                hand_out(session, actor, clock, form)
            print("ok", flush=True)
        except ValidationError as refused:
            print(",".join(error.code for error in refused.errors), flush=True)
    database.dispose()
    """
)


def _two_desks(folder: DataFolder, key: bytes, item: int, person: int, times: int) -> list[str]:
    script = DESK.format(
        root=str(ROOT),
        path=str(folder.database),
        key=key.hex(),
        item=item,
        person=person,
        times=times,
    )
    desks = [
        subprocess.Popen(
            [sys.executable, "-c", script],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        for desk in desks:
            assert desk.stdout is not None
            assert desk.stdout.readline().strip() == "ready", desk.stderr
        for desk in desks:
            assert desk.stdin is not None
            desk.stdin.write("go\n")
            desk.stdin.flush()
        outcomes = []
        for desk in desks:
            out, err = desk.communicate(timeout=600)
            assert desk.returncode == 0, err
            outcomes += out.split()
    finally:
        for desk in desks:
            if desk.poll() is None:
                desk.kill()
    return outcomes


@pytest.mark.slow
def test_two_desks_hand_out_500_each_from_1000_and_the_stock_ends_at_exactly_zero(
    database: Database, data_folder: DataFolder, key: bytes, clock, actors, world
):
    with database.read() as session:
        condom = item_id(session, "male_condom")
    assert on_hand_now(database) == 1000  # what the world received
    database.dispose()

    outcomes = _two_desks(data_folder, key, condom, world.person_id, times=500)

    reopened = Database.open(data_folder.database, key)
    try:
        with reopened.read() as session:
            assert outcomes.count("ok") == 1000
            assert on_hand(session, "male_condom") == 0
            assert session.scalar(select(func.count()).select_from(Distribution)) == 1000
            assert (
                session.scalar(
                    select(func.min(StockBalance.quantity)).where(StockBalance.item_id == condom)
                )
                == 0
            )
            assert not session.scalar(select(func.count()).where(StockMovement.overdrawn))
    finally:
        reopened.dispose()


def test_two_desks_want_the_last_unit_and_exactly_one_gets_it(
    database: Database, data_folder: DataFolder, key: bytes, clock, actors, world
):
    receive(database, clock, actors, "lubricant", 1)
    with database.read() as session:
        lubricant = item_id(session, "lubricant")
    database.dispose()

    outcomes = _two_desks(data_folder, key, lubricant, world.person_id, times=1)

    assert sorted(outcomes) == ["ok", "stock_short"]  # the other desk is told, in words
    reopened = Database.open(data_folder.database, key)
    try:
        with reopened.read() as session:
            assert on_hand(session, "lubricant") == 0
            assert session.scalar(select(func.count()).select_from(Distribution)) == 1
    finally:
        reopened.dispose()


def on_hand_now(database: Database) -> int:
    with database.read() as session:
        return on_hand(session, "male_condom")
