"""0015: street and group sessions. A clinic at 0014 with care lists (one entry of the
coordinator's own) and hand-outs keeps every row; the three new lists can hold entries, Soglia's
venues and topics are there, every hand-out so far belongs to no session, and going back is
refused while a session is stored."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from db.engine import Database
from db.folder import DataFolder
from db.migrate import migrate
from tests.unit.db.conftest import alembic_to, dump, fill, kept_rows

STAFF = (
    "INSERT INTO staff (id, username, display_name, role, active, created_at, "
    "must_change_password, interviewer) VALUES (90, 'street9', 'Educator', 'outreach', 1, 0, 0, 0)"
)
OWN_ENTRY = (
    "INSERT INTO care_list_item (list, code, name, position, active) "
    "VALUES ('social_topic', NULL, 'Permesso di soggiorno', 99, 1)"
)
HAND_OUTS = (
    "INSERT INTO distribution (at, by_id, place_id, person_id, visit_id, gender, age_band, "
    "contacts, override_reason) VALUES "
    "(1764000000000000, 90, 2, NULL, NULL, NULL, NULL, 6, NULL), "
    "(1764000000000001, 90, 1, NULL, NULL, 'woman', '25_34', 1, 'x''); DROP TABLE person;--')"
)
SESSION = (
    "INSERT INTO outreach_session (kind, day, starts_at, ends_at, shift, volunteers, "
    "interview_requests, note, created_by_id, created_at, revision) VALUES "
    "('street', '2026-03-10', 1, 2, 'night', 0, 0, '', 90, 1, 1)"
)


def _sql(database: Database, statement: str) -> None:
    with database.engine.connect() as connection, connection.begin():
        connection.exec_driver_sql(statement)


@pytest.fixture
def at_0014(data_folder: DataFolder, key: bytes):
    database = Database.open(data_folder.root / "at-0014.db", key)
    alembic_to(database, "0014")
    fill(database)
    for statement in (STAFF, OWN_ENTRY, HAND_OUTS):
        _sql(database, statement)
    yield database
    database.dispose()


def test_before_0015_an_outreach_zone_cannot_be_stored(at_0014: Database) -> None:
    with pytest.raises(IntegrityError):
        _sql(
            at_0014,
            "INSERT INTO care_list_item (list, name, position, active) "
            "VALUES ('outreach_zone', 'Stazione Centrale', 0, 1)",
        )


def test_0015_keeps_every_row_and_offers_the_new_lists(
    at_0014: Database, data_folder: DataFolder, key: bytes
) -> None:
    before = dump(at_0014.engine)

    migrate(at_0014.engine, key, data_folder.backups)

    after = dump(at_0014.engine)
    was, kept = kept_rows(before, after)  # but for the entries of the new lists, below
    assert kept == was  # every row as it was, hand-outs and list entries included
    assert [row[-1] for row in after["distribution"]] == [None, None]  # session_id, appended
    with at_0014.engine.connect() as connection:
        seeded = connection.exec_driver_sql(
            "SELECT list, code FROM care_list_item WHERE list IN "
            "('outreach_zone', 'group_venue', 'group_topic') ORDER BY list, position"
        ).all()
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    assert seeded == [
        ("group_topic", "rights"),
        ("group_topic", "health_prevention"),
        ("group_topic", "trafficking_helpline"),
        ("group_topic", "protection_programmes"),
        ("group_topic", "service_access"),
        ("group_venue", "reception_centre"),
        ("group_venue", "landing_site"),
        ("group_venue", "school"),
        ("group_venue", "other"),
    ]
    _sql(
        at_0014,
        "INSERT INTO care_list_item (list, name, position, active) "
        "VALUES ('outreach_zone', 'Stazione Centrale', 0, 1)",
    )
    with pytest.raises(IntegrityError):  # the rebuilt table still refuses an unknown list
        _sql(
            at_0014,
            "INSERT INTO care_list_item (list, name, position, active) "
            "VALUES ('no_such_list', 'x', 0, 1)",
        )
    with pytest.raises(IntegrityError):  # a session of a kind that does not exist
        _sql(at_0014, SESSION.replace("'street'", "'party'"))


def test_going_back_below_0015_is_refused_while_a_session_is_stored(
    at_0014: Database, data_folder: DataFolder, key: bytes
) -> None:
    before = dump(at_0014.engine)
    migrate(at_0014.engine, key, data_folder.backups)
    _sql(at_0014, SESSION)
    stored = dump(at_0014.engine)

    with pytest.raises(RuntimeError, match="1 sessions or list entries"):
        alembic_to(at_0014, "0014", down=True)

    assert dump(at_0014.engine) == stored  # the refused downgrade changed nothing
    _sql(at_0014, "DELETE FROM outreach_session")
    alembic_to(at_0014, "0014", down=True)
    assert dump(at_0014.engine) == before
