"""0009: the link tables of a clinic at 0008 become WITHOUT ROWID, every row kept and found."""

from __future__ import annotations

from alembic import command
from sqlalchemy import select

from db.engine import Database
from db.folder import DataFolder
from db.migrate import HEAD_REVISION, alembic_config, migrate
from db.models.registry import Person, PersonLanguage, SearchTerm
from tests.unit.db.conftest import dump, fill, kept_rows

LINK_TABLES = ("search_term", "person_language", "person_work_setting")


def _at_0008(path: DataFolder, key: bytes) -> Database:
    database = Database.open(path.root / "at-0008.db", key)
    with database.engine.connect() as connection, connection.begin():
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0008")
    fill(database)  # the rows are the same at 0008 and 0009: only the tables' storage differs
    return database


def _definitions(database: Database) -> dict[str, str]:
    with database.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table'"
        ).all()
    return {name: sql for name, sql in rows if name in LINK_TABLES}


def test_0009_keeps_every_row_of_the_link_tables_and_stores_them_without_row_ids(
    data_folder: DataFolder, key: bytes
) -> None:
    old = _at_0008(data_folder, key)
    try:
        assert not any("WITHOUT ROWID" in sql for sql in _definitions(old).values())
        before = dump(old.engine)

        result = migrate(old.engine, key, data_folder.backups)

        assert result.from_revision == "0008"
        assert all(sql.rstrip().endswith("WITHOUT ROWID") for sql in _definitions(old).values())
        after = dump(old.engine)
        assert after.pop("alembic_version") == [(HEAD_REVISION,)]
        was, kept = kept_rows(before, after)
        assert kept == was
    finally:
        old.dispose()


def test_0009_a_person_is_still_found_by_the_start_of_a_word(
    data_folder: DataFolder, key: bytes
) -> None:
    old = _at_0008(data_folder, key)
    try:
        migrate(old.engine, key, data_folder.backups)
        with old.read() as session:
            found = session.scalars(
                select(Person.code)
                .join(SearchTerm, SearchTerm.person_id == Person.id)
                .where(SearchTerm.term >= "token1", SearchTerm.term < "token2")
                .order_by(Person.code)
            ).all()
            languages = session.scalars(
                select(PersonLanguage.language)
                .join(Person, Person.id == PersonLanguage.person_id)
                .where(Person.code == "FILL00002")
            ).all()
        assert found == ["FILL00001", *(f"FILL{i:05d}" for i in range(10, 20))]
        assert sorted(languages) == ["it", "ro", "uk"]
    finally:
        old.dispose()
