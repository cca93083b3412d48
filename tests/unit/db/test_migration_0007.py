"""0007: persons registered before are found by the signs of their alias (`%`, `\\`)."""

from __future__ import annotations

from alembic import command

from clinic.common.permissions import Actor
from clinic.registry.search import find_persons
from clinic.staff.vocabulary import Role
from db.engine import Database
from db.folder import DataFolder
from db.migrate import alembic_config, migrate

PERSON = (
    "INSERT INTO person (id, code, alias, gender, birth_year, engagement, first_contact, "
    "contact_channel, status, created_at, updated_at, revision) VALUES "
    "(?, ?, ?, 'woman', NULL, 'not_stated', '2020-01-01', 'self', 'active', "
    "'2020-01-01', '2020-01-01', 1)"
)
# The receptionist who searches afterwards: use cases re-read the account they act for.
STAFF = (
    "INSERT INTO staff (id, username, display_name, role, active, created_at) "
    "VALUES (1, 'desk', 'Desk', 'reception', 1, '2020-01-01')"
)
# Each person with the terms 0006 stored for them.
PERSONS = [
    (1, "CODE1", "%", []),
    (2, "CODE2", "50% back\\slash", ["50", "back", "slash", "backslash"]),
    (3, "CODE3", "Ana", ["ana"]),
    (4, "CODE4", None, []),
]


def _at_0006(database: Database) -> None:
    with database.engine.connect() as connection, connection.begin():
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0006")
        connection.exec_driver_sql(STAFF)
        for person_id, code, alias, terms in PERSONS:
            connection.exec_driver_sql(PERSON, (person_id, code, alias))
            for term in [code.lower(), *terms]:
                connection.exec_driver_sql(
                    "INSERT INTO search_term (term, person_id) VALUES (?, ?)", (term, person_id)
                )


def _terms(database: Database) -> list[tuple[int, str]]:
    with database.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT person_id, term FROM search_term")
        return sorted((int(person_id), str(term)) for person_id, term in rows)


def test_0007_adds_the_sign_terms_of_existing_aliases_and_nothing_else(
    data_folder: DataFolder, key: bytes
) -> None:
    old = Database.open(data_folder.root / "at-0006.db", key)
    try:
        _at_0006(old)
        before = _terms(old)

        result = migrate(old.engine, key, data_folder.backups)

        assert result.from_revision == "0006"
        assert sorted(set(_terms(old)) - set(before)) == [(1, "%"), (2, "%"), (2, "\\")]
        assert set(before) <= set(_terms(old))
        with old.read() as session:
            found = find_persons(session, Actor(1, Role.RECEPTION), "%")
        assert sorted(person.id for person in found) == [1, 2]
    finally:
        old.dispose()


def test_0007_undone_leaves_the_terms_of_0006(data_folder: DataFolder, key: bytes) -> None:
    old = Database.open(data_folder.root / "at-0006.db", key)
    try:
        _at_0006(old)
        before = _terms(old)
        migrate(old.engine, key, data_folder.backups)
        with old.engine.connect() as connection:
            # Later downgrades rebuild `person`: foreign keys off, as db.migrate runs them.
            driver = connection.connection.dbapi_connection
            assert driver is not None
            driver.execute("PRAGMA foreign_keys = OFF")
            with connection.begin():
                config = alembic_config()
                config.attributes["connection"] = connection
                command.downgrade(config, "0006")
            driver.execute("PRAGMA foreign_keys = ON")

        assert _terms(old) == before
    finally:
        old.dispose()
