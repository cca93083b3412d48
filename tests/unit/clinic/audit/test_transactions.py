"""A save the disk refuses reaches the desk as a known error, and leaves nothing half-saved."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, event, func, select

from clinic.audit.transactions import reading, writing
from clinic.common.errors import ConflictError, StorageError
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from db.engine import Database
from db.models.registry import Person, SearchTerm
from tests.conftest import NOW, fill_the_disk
from tests.unit.db.conftest import fill

PAGE = 4096


def _count(database: Database, model: type) -> int:
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_full_disk_is_a_storage_error_and_the_save_is_undone_whole(database, clock, reception):
    fill_the_disk(database, reception, clock)
    persons, terms = _count(database, Person), _count(database, SearchTerm)
    record = validate_person(PersonForm(alias="Maria Luisa", birth="1985"), "it_IT", NOW.date())
    with pytest.raises(StorageError) as caught, writing(database, clock) as session:
        register_person(session, reception, clock, record, "OSIAR230519852")
    assert caught.value.code == "storage_failed"
    assert (_count(database, Person), _count(database, SearchTerm)) == (persons, terms)
    with reading(database, clock) as session:  # and the database is still sound and readable
        assert session.connection().exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_a_code_taken_at_the_same_moment_is_a_conflict_not_a_crash(database, clock, reception):
    record = validate_person(PersonForm(), "it_IT", NOW.date())
    with writing(database, clock) as session:
        register_person(session, reception, clock, record, "OSIAR230519852")
    with pytest.raises(ConflictError) as caught, writing(database, clock) as session:
        session.add(
            Person(
                code="OSIAR230519852",
                gender="woman",
                engagement="not_stated",
                first_contact=NOW.date(),
                contact_channel="self",
                created_at=NOW,
                updated_at=NOW,
            )
        )
    assert caught.value.code == "save_conflict"
    assert _count(database, Person) == 1


def test_a_read_only_database_is_a_storage_error_and_nothing_is_saved(database, clock, reception):
    """reliability.md scenario 4, the read-only half: a database that cannot be written during
    a save (SQLite's own "attempt to write a readonly database")."""
    persons = _count(database, Person)

    def read_only(connection: Connection) -> None:
        connection.exec_driver_sql("PRAGMA query_only = ON")

    event.listen(database.engine, "begin", read_only)
    record = validate_person(PersonForm(alias="Maria Luisa", birth="1985"), "it_IT", NOW.date())
    with pytest.raises(StorageError) as caught, writing(database, clock) as session:
        register_person(session, reception, clock, record, "OSIAR230519852")
    assert caught.value.code == "storage_failed"
    assert _count(database, Person) == persons
    with reading(database, clock) as session:
        assert session.connection().exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_a_damaged_page_met_during_a_save_or_a_read_is_said_as_such(
    data_folder, database, key, clock, reception
):
    """Freeing disk space or trying again would not help: the message must say the database
    is damaged (and how to restore it), not that the disk may be full."""
    fill(database, persons=60)
    database.dispose()
    damaged = Database.open(data_folder.database, key)  # opened while the file was sound
    content = bytearray(data_folder.database.read_bytes())
    for offset in range(PAGE + PAGE // 2, len(content), PAGE):  # then every page but the first
        content[offset] ^= 0x20
    data_folder.database.write_bytes(bytes(content))
    record = validate_person(PersonForm(alias="Maria Luisa", birth="1985"), "it_IT", NOW.date())
    try:
        with pytest.raises(StorageError) as saving, writing(damaged, clock) as session:
            register_person(session, reception, clock, record, "OSIAR230519852")
        with pytest.raises(StorageError) as reading_it, reading(damaged, clock) as session:
            session.scalar(select(func.count()).select_from(Person))
    finally:
        damaged.dispose()
    assert (saving.value.code, reading_it.value.code) == ("database_damaged", "database_damaged")
    assert data_folder.database.read_bytes() == bytes(content)
