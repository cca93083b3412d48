"""0011: a clinic at 0010 gets the care tables with the lists' own entries, and a consultation
written since cannot be lost by going back below 0011."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from db.engine import Database
from db.folder import DataFolder
from db.migrate import migrate
from db.models.care import CareListItem
from tests.unit.db.conftest import alembic_to, dump, fill, kept_rows


@pytest.fixture
def at_0010(data_folder: DataFolder, key: bytes):
    database = Database.open(data_folder.root / "at-0010.db", key)
    alembic_to(database, "0010")
    fill(database)
    yield database
    database.dispose()


def test_0011_adds_the_lists_and_keeps_every_row(
    at_0010: Database, data_folder: DataFolder, key: bytes
) -> None:
    before = dump(at_0010.engine)
    migrate(at_0010.engine, key, data_folder.backups)
    after = dump(at_0010.engine)
    was, kept = kept_rows(before, after)
    assert kept == was
    with at_0010.read() as session:
        kinds = session.scalars(
            select(CareListItem.code)
            .where(CareListItem.list == "test_kind")
            .order_by(CareListItem.position)
        ).all()
        assert kinds == ["hiv", "hcv", "syphilis", "hbsag", "pregnancy"]  # issue 12's list
        assert session.scalar(select(func.count()).select_from(CareListItem)) > 40


def test_going_below_0011_is_refused_once_a_consultation_is_written(
    at_0010: Database, data_folder: DataFolder, key: bytes
) -> None:
    migrate(at_0010.engine, key, data_folder.backups)
    with at_0010.engine.connect() as connection, connection.begin():
        person, staff = connection.exec_driver_sql(
            "SELECT (SELECT min(id) FROM person), (SELECT min(id) FROM staff)"
        ).one()
        connection.exec_driver_sql(
            "INSERT INTO consultation (person_id, kind, author_id, written_at, mediator, note, "
            "revision, entered_in_error) VALUES (?, 'social', ?, 0, 0, 'seen', 1, 0)",
            (person, staff),
        )
    before = dump(at_0010.engine)
    with pytest.raises(RuntimeError, match="1 care records"):
        alembic_to(at_0010, "0010", down=True)
    assert dump(at_0010.engine) == before
