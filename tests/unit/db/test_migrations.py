"""Migrations: they build the models' schema, keep every row through a table rebuild, undo
themselves entirely when they fail, and never touch a database from a newer Soglia."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from db.backup import verify
from db.engine import Database
from db.errors import DatabaseOpenError, OpenFailure
from db.folder import DataFolder
from db.migrate import HEAD_REVISION, MIGRATIONS_DIR, alembic_config, head_revision, migrate
from db.models.base import Base
from db.opening import open_database
from db.sqlcipher import connect_raw
from tests.unit.db.conftest import dump, fill, scripts_with, tables

# Rebuilds the parent table `person` (children: languages, settings, tokens and changes, all
# ON DELETE CASCADE; visits without) and `visit`.
REBUILD = """\
    with op.batch_alter_table("person", recreate="always") as batch:
        batch.create_check_constraint("alias_not_blank", "alias IS NULL OR length(alias) > 0")
    with op.batch_alter_table("visit", recreate="always") as batch:
        batch.alter_column(
            "state", existing_type=sa.String(12), type_=sa.String(16), existing_nullable=False
        )"""

FAILURES = {
    "raises after a rebuild": REBUILD + '\n    raise RuntimeError("half-way")',
    "rebuild copy violates a new CHECK": """\
    with op.batch_alter_table("person", recreate="always") as batch:
        batch.create_check_constraint("short_code", "length(code) < 5")""",
    "loses child rows": REBUILD
    + "\n    op.execute(\"DELETE FROM person_language WHERE language = 'ro'\")",
    "breaks a foreign key": REBUILD + '\n    op.execute("UPDATE visit SET person_id = 999999")',
}


def _revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _schema(engine: Engine) -> dict[str, str]:
    with engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE sql > ''")
        return {str(name): str(sql) for name, sql in rows}


def test_there_is_one_head() -> None:
    assert len(ScriptDirectory.from_config(alembic_config()).get_heads()) == 1


def test_the_head_known_without_alembic_is_the_head_of_the_scripts() -> None:
    # Start-up compares the database with HEAD_REVISION and imports Alembic only if they differ.
    assert head_revision() == HEAD_REVISION


def test_the_migrations_build_exactly_the_models(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_a_table_rebuild_keeps_every_row_of_parents_and_cascading_children(
    tmp_path: Path, data_folder: DataFolder, database: Database, key: bytes
) -> None:
    fill(database)
    before, schema_before, old = dump(database.engine), _schema(database.engine), head_revision()
    assert all(before[t] for t in ("person_language", "person_change", "visit"))

    result = migrate(
        database.engine, key, data_folder.backups, scripts_with(tmp_path, "r", REBUILD)
    )

    assert (result.from_revision, result.to_revision) == (old, "9000_r")
    after = dump(database.engine)
    assert after.pop("alembic_version") == [("9000_r",)]
    assert after == {t: rows for t, rows in before.items() if t != "alembic_version"}
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    _assert_constraints_kept(schema_before, _schema(database.engine))
    _assert_backup_of(result.backup, key, old, before)


def _assert_constraints_kept(before: dict[str, str], after: dict[str, str]) -> None:
    assert set(after) == set(before)  # same tables and indexes
    for name, sql in before.items():
        assert set(re.findall(r"CONSTRAINT (\w+)", sql)) <= set(
            re.findall(r"CONSTRAINT (\w+)", after[name])
        )
    assert "ck_person_alias_not_blank" in after["person"]


def _assert_backup_of(backup: Path | None, key: bytes, revision: str, rows: object) -> None:
    assert backup is not None
    assert backup.exists()
    assert not backup.with_name(backup.name + ".partial").exists()
    verify(backup, key)
    connection = connect_raw(backup, key, pragmas=False)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (revision,)
        ]
    finally:
        connection.close()
    copy = Database.open(backup, key)
    try:
        assert dump(copy.engine) == rows
    finally:
        copy.dispose()


def test_the_rebuild_really_cascades_without_the_safe_recipe(
    tmp_path: Path, database: Database
) -> None:
    # Proves the rebuild test can fail: the naive way (foreign keys on, as Alembic's docs run it)
    # empties the children and still reports success (reliability.md, trap 1).
    fill(database)
    with database.write() as session:  # rows that refer to a person without CASCADE would
        session.execute(text("DELETE FROM visit"))  # make the naive DROP TABLE fail instead
        session.execute(text("UPDATE person SET merged_into_id = NULL"))
    config = alembic_config(scripts_with(tmp_path, "naive", REBUILD))
    with database.engine.connect() as connection, connection.begin():
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        rows = connection.exec_driver_sql("SELECT count(*) FROM person_language").scalar()
    assert rows == 0


@pytest.mark.parametrize("upgrade", FAILURES.values(), ids=FAILURES.keys())
def test_a_failing_migration_leaves_the_database_exactly_as_it_was(
    tmp_path: Path, data_folder: DataFolder, database: Database, key: bytes, upgrade: str
) -> None:
    fill(database)
    rows, schema = dump(database.engine), _schema(database.engine)
    database.dispose()  # fold the WAL in, so the file itself can be compared
    content = data_folder.database.read_bytes()
    scripts = scripts_with(tmp_path, "fails", upgrade)

    for _attempt in range(2):  # nothing left behind blocks, or changes, the next attempt
        with pytest.raises(DatabaseOpenError) as caught:
            migrate(database.engine, key, data_folder.backups, scripts)
        assert caught.value.failure is OpenFailure.MIGRATION_FAILED
        assert _revision(database.engine) == head_revision()
        assert dump(database.engine) == rows
        assert _schema(database.engine) == schema
        with database.engine.connect() as connection:
            assert not [t for t in tables(connection) if t.startswith("_alembic_tmp")]
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    database.dispose()
    assert data_folder.database.read_bytes() == content


def test_without_a_backup_no_migration_starts(
    tmp_path: Path, data_folder: DataFolder, database: Database, key: bytes
) -> None:
    fill(database)
    rows = dump(database.engine)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the backups folder should be", encoding="utf-8")
    with pytest.raises(DatabaseOpenError) as caught:
        migrate(database.engine, key, blocked, scripts_with(tmp_path, "r", REBUILD))
    assert caught.value.failure is OpenFailure.MIGRATION_FAILED
    assert _revision(database.engine) == head_revision()
    assert dump(database.engine) == rows


def test_a_database_from_a_newer_soglia_is_refused_and_not_touched(
    data_folder: DataFolder, database: Database, key: bytes
) -> None:
    fill(database)
    with database.write() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    database.dispose()
    files = sorted(data_folder.root.rglob("*"))
    content, mtime = data_folder.database.read_bytes(), data_folder.database.stat().st_mtime_ns

    with pytest.raises(DatabaseOpenError) as caught:
        open_database(data_folder, key)

    assert caught.value.failure is OpenFailure.NEWER_SCHEMA
    assert data_folder.database.read_bytes() == content
    assert data_folder.database.stat().st_mtime_ns == mtime
    assert sorted(data_folder.root.rglob("*")) == files  # no backup, no leftover WAL


def test_the_real_migrations_are_a_no_op_on_a_current_database(
    data_folder: DataFolder, database: Database, key: bytes
) -> None:
    result = migrate(database.engine, key, data_folder.backups, MIGRATIONS_DIR)
    assert result.from_revision == result.to_revision == head_revision()
    assert result.backup is None


def test_0002_finds_every_person_of_an_0001_database_by_code_alias_and_year(
    data_folder: DataFolder, key: bytes
) -> None:
    path = data_folder.root / "at-0001.db"
    old = Database.open(path, key)
    try:
        with old.engine.connect() as connection, connection.begin():
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "0001")
            connection.exec_driver_sql(
                "INSERT INTO person (id, code, alias, gender, birth_year, engagement, "
                "first_contact, contact_channel, status, created_at, updated_at, revision) "
                "VALUES (1, 'K7MC-Q9XD', 'Élodie Rose', 'woman', 1985, 'not_stated', "
                "'2020-01-01', 'self', 'active', '2020-01-01', '2020-01-01', 1), "
                "(2, 'OSIAR230519852', NULL, 'woman', NULL, 'not_stated', "
                "'2020-01-01', 'self', 'active', '2020-01-01', '2020-01-01', 1)"
            )
            connection.exec_driver_sql(
                "INSERT INTO person_name_token (person_id, token) VALUES (1, 'elodie'), (1, 'rose')"
            )
        result = migrate(old.engine, key, data_folder.backups)
        assert (result.from_revision, result.to_revision) == ("0001", head_revision())
        with old.engine.connect() as connection:
            terms = connection.exec_driver_sql("SELECT person_id, term FROM search_term").all()
            assert "person_name_token" not in tables(connection)
            assert connection.exec_driver_sql("SELECT count(*) FROM person").scalar() == 2
        assert sorted(terms) == [
            (1, "1985"),
            (1, "elodie"),
            (1, "k7mc"),
            (1, "k7mcq9xd"),
            (1, "q9xd"),
            (1, "rose"),
            (2, "osiar230519852"),
        ]
    finally:
        old.dispose()


def test_0006_counts_a_consent_date_as_consent_given_and_leaves_the_rest_unanswered(
    data_folder: DataFolder, key: bytes
) -> None:
    path = data_folder.root / "at-0005.db"
    old = Database.open(path, key)
    try:
        with old.engine.connect() as connection, connection.begin():
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "0005")
            connection.exec_driver_sql(
                "INSERT INTO person (id, code, gender, engagement, first_contact, "
                "contact_channel, consent_date, status, created_at, updated_at, revision) "
                "VALUES (1, 'A1', 'woman', 'not_stated', '2020-01-01', 'self', '2020-01-02', "
                "'active', '2020-01-01', '2020-01-01', 3), "
                "(2, 'B2', 'man', 'not_stated', '2020-01-01', 'self', NULL, "
                "'active', '2020-01-01', '2020-01-01', 1)"
            )
            connection.exec_driver_sql(
                "INSERT INTO person_language (person_id, language) VALUES (1, 'ro'), (2, 'it')"
            )
        result = migrate(old.engine, key, data_folder.backups)
        assert (result.from_revision, result.to_revision) == ("0005", head_revision())
        with old.engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT id, consent, consent_date, revision FROM person ORDER BY id"
            ).all()
            languages = connection.exec_driver_sql("SELECT count(*) FROM person_language")
            assert languages.scalar() == 2
            with pytest.raises(IntegrityError):  # the vocabulary is checked in the file
                connection.exec_driver_sql("UPDATE person SET consent = 'maybe' WHERE id = 2")
        assert rows == [(1, "given", "2020-01-02", 3), (2, None, None, 1)]
    finally:
        old.dispose()
