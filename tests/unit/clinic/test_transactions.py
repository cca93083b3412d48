"""A save the disk refuses reaches the desk as a known error, and leaves nothing half-saved."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from clinic.errors import ConflictError, StorageError
from clinic.person_form import PersonForm, validate_person
from clinic.registry import register_person
from clinic.transactions import reading, writing
from db.engine import Database
from db.models import Person, SearchTerm
from tests.conftest import NOW, fill_the_disk


def _count(database: Database, model: type) -> int:
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_full_disk_is_a_storage_error_and_the_save_is_undone_whole(database, clock, reception):
    fill_the_disk(database, reception, clock)
    persons, terms = _count(database, Person), _count(database, SearchTerm)
    record = validate_person(PersonForm(alias="Maria Luisa", birth="1985"), "it_IT", NOW.date())
    with pytest.raises(StorageError) as caught, writing(database) as session:
        register_person(session, reception, clock, record, "OSIAR230519852")
    assert caught.value.code == "storage_failed"
    assert (_count(database, Person), _count(database, SearchTerm)) == (persons, terms)
    with reading(database) as session:  # and the database is still sound and readable
        assert session.connection().exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_a_code_taken_at_the_same_moment_is_a_conflict_not_a_crash(database, clock, reception):
    record = validate_person(PersonForm(), "it_IT", NOW.date())
    with writing(database) as session:
        register_person(session, reception, clock, record, "OSIAR230519852")
    with pytest.raises(ConflictError) as caught, writing(database) as session:
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
