"""0010: a clinic at 0009 can give accounts the psychologist and outreach roles; all is kept."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from db.engine import Database
from db.folder import DataFolder
from db.migrate import HEAD_REVISION, migrate
from tests.unit.db.conftest import alembic_to, dump, fill, kept_rows

INSERT = (
    "INSERT INTO staff (username, display_name, role, active, created_at, must_change_password) "
    "VALUES (?, 'New', ?, 1, 0, 0)"
)


def _add(database: Database, username: str, role: str) -> None:
    with database.engine.connect() as connection, connection.begin():
        connection.exec_driver_sql(INSERT, (username, role))


@pytest.fixture
def at_0009(data_folder: DataFolder, key: bytes):
    database = Database.open(data_folder.root / "at-0009.db", key)
    alembic_to(database, "0009")
    fill(database)
    yield database
    database.dispose()


def test_before_0010_a_psychologist_account_cannot_be_stored(at_0009: Database) -> None:
    with pytest.raises(IntegrityError):
        _add(at_0009, "psy", "psychologist")


def test_0010_keeps_every_account_and_row_and_takes_the_new_roles(
    at_0009: Database, data_folder: DataFolder, key: bytes
) -> None:
    before = dump(at_0009.engine)

    result = migrate(at_0009.engine, key, data_folder.backups)

    assert result.from_revision == "0009"
    after = dump(at_0009.engine)
    assert after.pop("alembic_version") == [(HEAD_REVISION,)]
    was, kept = kept_rows(before, after)
    assert kept == was
    _add(at_0009, "psy", "psychologist")
    _add(at_0009, "street", "outreach")
    with pytest.raises(IntegrityError):
        _add(at_0009, "boss", "superuser")


def test_going_back_below_0010_is_refused_while_an_account_holds_a_new_role(
    at_0009: Database, data_folder: DataFolder, key: bytes
) -> None:
    migrate(at_0009.engine, key, data_folder.backups)
    _add(at_0009, "psy", "psychologist")
    before = dump(at_0009.engine)

    with pytest.raises(RuntimeError, match="1 accounts hold a role"):
        alembic_to(at_0009, "0009", down=True)

    assert dump(at_0009.engine) == before  # the refused downgrade changed nothing
    with at_0009.engine.connect() as connection, connection.begin():
        connection.exec_driver_sql("UPDATE staff SET role = 'social' WHERE username = 'psy'")
    alembic_to(at_0009, "0009", down=True)
    with pytest.raises(IntegrityError):
        _add(at_0009, "psy2", "psychologist")
