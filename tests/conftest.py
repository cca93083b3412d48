"""Fixtures shared by unit and GUI tests: a fresh encrypted database made the production way."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from clinic.clock import Clock
from clinic.permissions import Actor
from clinic.staff import desk_actor
from clinic.vocabulary import Role
from db.datafolder import DataFolder, open_database, prepare
from db.engine import Database

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROME = ZoneInfo("Europe/Rome")
# A fixed "now": Tuesday 10 March 2026, 10:30 in Rome.
NOW = dt.datetime(2026, 3, 10, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def data_folder(tmp_path: Path) -> DataFolder:
    return prepare(tmp_path / "data")


@pytest.fixture
def database(data_folder: DataFolder) -> Iterator[Database]:
    db, _ = open_database(data_folder)
    yield db
    db.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock(ROME, NOW)


@pytest.fixture
def actors(database: Database, clock: Clock) -> dict[Role, Actor]:
    """One desk account per role."""
    with database.write() as session:
        return {role: desk_actor(session, clock, role) for role in Role}


@pytest.fixture
def reception(actors: dict[Role, Actor]) -> Actor:
    return actors[Role.RECEPTION]
