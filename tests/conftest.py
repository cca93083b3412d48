"""Fixtures shared by unit and GUI tests: a fresh encrypted database made the production way.

The database is made once per run by every migration (`create_database`, as a new clinic's
is) and each test gets a copy of that file, with its key: the migrations rebuild tables and
compact the file, ~250 ms that every test paid. The migrations' own tests make theirs."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import settings
from sqlalchemy import Connection, event, select
from sqlalchemy.orm import Session

from clinic.audit.transactions import writing
from clinic.common.clock import Clock
from clinic.common.errors import StorageError
from clinic.common.permissions import Actor
from clinic.desk.checkin import check_in
from clinic.desk.vocabulary import VisitReason
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.staff.vocabulary import Role
from db.engine import Database
from db.folder import DataFolder, prepare
from db.keys import new_key
from db.models.staff import Staff
from db.opening import create_database

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROME = ZoneInfo("Europe/Rome")
# A fixed "now": Tuesday 10 March 2026, 10:30 in Rome.
# Hypothesis's default deadline (200 ms an example) is a wall-clock threshold: on a busy CI
# machine an example that is merely slow would fail. Examples are judged on what they return.
settings.register_profile("soglia", deadline=None)
settings.load_profile("soglia")

NOW = dt.datetime(2026, 3, 10, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="session", autouse=True)
def user_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run's own user cache folder (XDG): the report fonts are cut once per run, for the
    processes tests start too, and never read from or left in the cache of whoever runs them."""
    folder = tmp_path_factory.mktemp("user-cache")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    return folder


@pytest.fixture
def data_folder(tmp_path: Path) -> DataFolder:
    return prepare(tmp_path / "data")


@pytest.fixture(scope="session")
def new_database_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """A new clinic's database, made once per run by every migration, and its key."""
    key = new_key()
    folder = prepare(tmp_path_factory.mktemp("new-clinic") / "data")
    made, _ = create_database(folder, key)
    made.dispose()  # the write-ahead log folded in: the file is whole on its own
    return folder.database, key


@pytest.fixture
def key(new_database_file: tuple[Path, bytes]) -> bytes:
    """The raw key of the test's database."""
    return new_database_file[1]


@pytest.fixture
def database(data_folder: DataFolder, new_database_file: tuple[Path, bytes]) -> Iterator[Database]:
    made, key = new_database_file
    shutil.copyfile(made, data_folder.database)
    db = Database.open(data_folder.database, key)
    yield db
    db.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock(ROME, NOW)


def desk_actor(session: Session, clock: Clock, role: Role) -> Actor:
    """An account for `role` (`desk-reception`, `desk-nurse`...), created on first use: the
    actor of a test that needs one of each role, without keys or passwords."""
    username = f"desk-{role.value}"
    staff = session.scalar(select(Staff).where(Staff.username == username))
    if staff is None:
        staff = Staff(
            username=username,
            display_name=f"Desk ({role.value})",
            role=role.value,
            active=True,
            created_at=clock.now(),
            # The desk's social worker and psychologist are trained for interviews.
            interviewer=role in (Role.SOCIAL, Role.PSYCHOLOGIST),
        )
        session.add(staff)
        session.flush()
    return Actor(staff.id, Role(staff.role), staff.interviewer)


@pytest.fixture
def actors(database: Database, clock: Clock) -> dict[Role, Actor]:
    """One desk account per role."""
    with database.write() as session:
        return {role: desk_actor(session, clock, role) for role in Role}


@pytest.fixture
def reception(actors: dict[Role, Actor]) -> Actor:
    return actors[Role.RECEPTION]


def fill_the_disk(database: Database, actor: Actor, clock: Clock) -> None:
    """From now on the database file may not grow (SQLite's own "database or disk is full", as
    on a full disk), and it is filled until it cannot take one more person, nor one more visit."""
    with database.read() as session:
        pages = session.connection().exec_driver_sql("PRAGMA page_count").scalar()

    def limit(connection: Connection) -> None:
        connection.exec_driver_sql(f"PRAGMA max_page_count = {pages}")

    event.listen(database.engine, "begin", limit)
    record = validate_person(PersonForm(alias="F" * 60, birth="1990"), "it_IT", NOW.date())
    for n in itertools.count():
        try:
            with writing(database, clock) as session:
                register_person(session, actor, clock, record, f"FILL{n:06d}")
        except StorageError:
            break
    while True:
        try:
            with writing(database, clock) as session:
                check_in(session, actor, clock, None, list(VisitReason))
        except StorageError:
            return
