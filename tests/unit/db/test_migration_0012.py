"""0012: who is trained for identification interviews. Accounts that could record them keep it;
every other account, and every row, is kept as it was."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.engine import Database
from db.folder import DataFolder
from db.migrate import migrate
from db.models.staff import Staff
from tests.unit.db.conftest import alembic_to, dump, fill, kept_rows

INSERT = (
    "INSERT INTO staff (username, display_name, role, active, created_at, must_change_password) "
    "VALUES (?, 'Someone', ?, 1, 0, 0)"
)
ROLES = ("reception", "nurse", "social", "psychologist", "outreach", "admin")


@pytest.fixture
def at_0011(data_folder: DataFolder, key: bytes):
    database = Database.open(data_folder.root / "at-0011.db", key)
    alembic_to(database, "0011")
    fill(database)
    with database.engine.connect() as connection, connection.begin():
        for role in ROLES:
            connection.exec_driver_sql(INSERT, (f"a-{role}", role))
    yield database
    database.dispose()


def test_0012_keeps_interviews_with_the_roles_that_recorded_them(
    at_0011: Database, data_folder: DataFolder, key: bytes
) -> None:
    before = dump(at_0011.engine)

    migrate(at_0011.engine, key, data_folder.backups)

    was, kept = kept_rows(before, dump(at_0011.engine))
    assert kept == was
    with at_0011.read() as session:
        trained = dict(session.execute(select(Staff.username, Staff.interviewer)).all())
    assert trained == {
        "filler": False,
        "a-reception": False,
        "a-nurse": False,
        "a-social": True,
        "a-psychologist": True,
        "a-outreach": False,
        "a-admin": False,
    }


def test_going_back_below_0012_drops_only_the_mark(
    at_0011: Database, data_folder: DataFolder, key: bytes
) -> None:
    before = dump(at_0011.engine)
    migrate(at_0011.engine, key, data_folder.backups)
    alembic_to(at_0011, "0011", down=True)
    assert dump(at_0011.engine) == before
