"""Nothing readable on disk: the database, its WAL and its backups are encrypted throughout."""

from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path

import pytest

from clinic.common.clock import Clock
from clinic.common.permissions import Actor
from clinic.desk.checkin import check_in
from clinic.desk.vocabulary import VisitReason
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import get_person, update_person
from clinic.registry.persons import register_person as register
from db.backup import snapshot
from db.engine import Database
from db.folder import DataFolder
from db.sqlcipher import connect_raw

MARKER = "MARKER-Élodie-7731"
EDITED = "MARKER-Zoë-4419"
CODE = "MRKZO230519852"


def _variants(text: str) -> list[bytes]:
    forms = {unicodedata.normalize(form, text) for form in ("NFC", "NFD")}
    forms |= {form.casefold() for form in forms}
    return [f.encode(enc) for f in forms for enc in ("utf-8", "utf-16-le", "utf-16-be")]


SECRETS = [v for text in (MARKER, EDITED, CODE) for v in _variants(text)]


def _register_marker(database: Database, clock: Clock, reception: Actor) -> None:
    """A person registered, renamed (so both aliases are in the history) and checked in."""
    form = PersonForm(alias=MARKER, gender="woman", birth="23/05/1985", country="RO")
    with database.write() as session:
        person = register(
            session, reception, clock, validate_person(form, "it_IT", clock.today()), CODE
        )
    edited = validate_person(
        PersonForm(alias=EDITED, gender="woman", birth="23/05/1985"), "it_IT", clock.today()
    )
    with database.write() as session:
        update_person(session, reception, clock, person.id, person.revision, edited)
        check_in(session, reception, clock, person.id, [VisitReason.MEDICAL])
    with database.read() as session:
        assert get_person(session, reception, clock, person.id).record.alias == EDITED


def _leaks(path: Path) -> list[bytes]:
    content = path.read_bytes()
    return [secret for secret in SECRETS if secret in content]


def test_the_marker_check_would_see_a_plain_file(tmp_path: Path) -> None:
    plain = tmp_path / "plain.bin"
    plain.write_bytes(b"..." + MARKER.encode("utf-16-le") + b"...")
    assert _leaks(plain)


def test_the_database_file_is_not_plain_sqlite(data_folder: DataFolder, database: Database) -> None:
    assert data_folder.database.read_bytes()[:16] != b"SQLite format 3\x00"
    plain = sqlite3.connect(data_folder.database)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            plain.execute("SELECT name FROM sqlite_master").fetchall()
    finally:
        plain.close()


def test_aliases_and_codes_appear_nowhere_on_disk(
    data_folder: DataFolder, database: Database, clock: Clock, reception: Actor, key: bytes
) -> None:
    _register_marker(database, clock, reception)
    wal = data_folder.database.with_name(data_folder.database.name + "-wal")
    assert wal.stat().st_size > 0  # the rows are still in the WAL: it is checked too
    data_folder.backups.mkdir()
    source = connect_raw(data_folder.database, key)
    try:
        snapshot(source, data_folder.backups / "copy.db", key)
    finally:
        source.close()
    on_disk = [p for p in data_folder.root.rglob("*") if p.is_file()]
    assert {wal, data_folder.backups / "copy.db"} <= set(on_disk)
    assert {p.name: _leaks(p) for p in on_disk} == {p.name: [] for p in on_disk}

    database.dispose()  # now the WAL is folded into the database file
    assert not wal.exists()
    assert _leaks(data_folder.database) == []
