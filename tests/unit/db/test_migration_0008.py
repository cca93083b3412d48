"""0008: a clinic at 0007 keeps every instant and every visit reason, in the lean form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import select, text

from db.engine import Database
from db.errors import DatabaseOpenError, OpenFailure
from db.folder import DataFolder
from db.migrate import alembic_config, migrate
from db.models.audit import AuditEvent
from db.models.desk import Visit
from db.models.materials import StockLot
from db.models.registry import Person, PersonChange
from db.models.staff import Staff
from db.models.vaccinations import Vaccination, VaccineAppointment
from db.sqlcipher import problems
from db.vocabulary.desk import VisitReason
from tests.unit.db.conftest import dump

# One row of every table, each instant written as SQLAlchemy's SQLite DateTime wrote it at 0007
# (naive UTC text with six digits of microseconds).
ROWS_AT_0007 = [
    "INSERT INTO staff (id, username, display_name, role, active, created_at, "
    "must_change_password) VALUES (1, 'desk', 'Desk', 'reception', 1, "
    "'2020-01-01 00:00:00.000000', 0)",
    "INSERT INTO person (id, code, alias, gender, birth_year, engagement, first_contact, "
    "contact_channel, status, created_at, updated_at, revision, consent) VALUES "
    "(1, 'A1', 'Ana', 'woman', 1990, 'not_stated', '2020-01-01', 'self', 'active', "
    "'1999-12-31 23:59:59.999999', '2026-12-03 08:15:00.123456', 2, 'given'), "
    "(2, 'B2', NULL, 'man', NULL, 'not_stated', '2020-01-01', 'self', 'active', "
    "'2026-03-29 01:30:00.000001', '2026-03-29 01:30:00.000001', 1, NULL)",
    "INSERT INTO person_language (person_id, language) VALUES (1, 'ro')",
    "INSERT INTO person_work_setting (person_id, setting) VALUES (1, 'street')",
    "INSERT INTO search_term (term, person_id) VALUES ('a1', 1), ('ana', 1), ('b2', 2)",
    "INSERT INTO person_change (id, person_id, staff_id, changed_at, field, old_value, "
    "new_value) VALUES (1, 1, 1, '2026-12-03 08:15:00.123456', 'alias', 'An', 'Ana')",
    "INSERT INTO setting (key, value) VALUES ('time_zone', '\"Europe/Rome\"')",
    "INSERT INTO visit (id, person_id, arrival_at, state, served_by_id, called_at, "
    "departed_at, created_by_id) VALUES "
    "(1, 1, '2026-12-03 08:15:00.123456', 'done', 1, '2026-12-03 08:20:00.000000', "
    "'2026-12-03 08:45:30.500000', 1), "
    "(2, NULL, '2026-12-03 09:00:00.000000', 'waiting', NULL, NULL, NULL, 1), "
    "(3, 2, '2026-12-03 09:05:00.000000', 'left', NULL, NULL, "
    "'2026-12-03 10:00:00.000000', 1)",
    "INSERT INTO visit_reason (visit_id, reason) VALUES (1, 'medical'), (1, 'rest'), "
    "(1, 'information'), (2, 'social'), (3, 'material'), (3, 'psychological')",
    "INSERT INTO audit_event (id, at, staff_id, username, role, action, record_type, "
    "record_id, fields, prev_hash, hash) VALUES (1, '2026-12-03 08:15:00.654321', 1, 'desk', "
    "'reception', 'visit.create', 'visit', 1, NULL, '0', 'h1')",
    "INSERT INTO vaccine_lot (id, product_id, lot_number, expiry, quantity, received_at, "
    "received_by_id, revision) VALUES (1, 1, 'L1', '2027-01-31', 9, "
    "'2026-11-30 14:00:00.000000', 1, 1)",
    "INSERT INTO vaccination (id, person_id, vaccine_group, product_id, lot_id, lot_number, "
    "lot_expiry, dose_number, given_on, schedule, given_elsewhere, given_by_id, refused, "
    "entered_in_error, recorded_at, recorded_by_id, corrected_at, corrected_by_id) VALUES "
    "(1, 1, 'HepB', 1, 1, 'L1', '2027-01-31', 1, '2026-12-03', 'standard', 0, 1, 0, 0, "
    "'2026-12-03 08:40:00.000000', 1, NULL, NULL), "
    "(2, 1, 'HepB', 1, 1, 'L1', '2027-01-31', 2, '2026-12-03', 'standard', 0, 1, 0, 1, "
    "'2026-12-03 08:41:00.000000', 1, '2026-12-03 08:42:00.000007', 1)",
    "INSERT INTO vaccine_forecast (person_id, vaccine_group, status, dose_number, earliest, "
    "computed_on) VALUES (1, 'HepB', 'not_complete', 2, '2027-01-01', '2026-12-03')",
    "INSERT INTO vaccine_appointment (id, person_id, vaccine_group, dose_number, day, time, "
    "status, created_at, created_by_id, revision) VALUES (1, 1, 'HepB', 2, '2027-01-03', "
    "'10:30', 'booked', '2026-12-03 08:43:00.000000', 1, 1)",
]


@pytest.fixture
def old(data_folder: DataFolder, key: bytes) -> Iterator[Database]:
    """A database file of its own, for a test to bring to schema 0007 (`_at_0007`)."""
    database = Database.open(data_folder.root / "at-0007.db", key)
    yield database
    database.dispose()


def _utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)  # type: ignore[misc]


def _at_0007(database: Database, extra: tuple[str, ...] = ()) -> None:
    with database.engine.connect() as connection, connection.begin():
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0007")
        for statement in (*ROWS_AT_0007, *extra):
            connection.exec_driver_sql(statement)


def _instants(database: Database) -> dict[str, object]:
    with database.read() as session:
        visits = session.execute(
            select(Visit.arrival_at, Visit.called_at, Visit.departed_at, Visit.reasons).order_by(
                Visit.id
            )
        ).all()
        return {
            "staff": session.scalars(select(Staff.created_at)).all(),
            "person": session.execute(
                select(Person.created_at, Person.updated_at).order_by(Person.id)
            ).all(),
            "person_change": session.scalars(select(PersonChange.changed_at)).all(),
            "visit": [tuple(v) for v in visits],
            "audit_event": session.scalars(select(AuditEvent.at)).all(),
            # The lot moved into the stock at 0013 with its id and instant.
            "vaccine_lot": session.scalars(select(StockLot.received_at)).all(),
            "vaccination": session.execute(
                select(Vaccination.recorded_at, Vaccination.corrected_at).order_by(Vaccination.id)
            ).all(),
            "vaccine_appointment": session.scalars(select(VaccineAppointment.created_at)).all(),
        }


def test_0008_keeps_every_instant_and_every_reason_of_a_0007_clinic(
    old: Database, data_folder: DataFolder, key: bytes
) -> None:
    _at_0007(old)
    before = dump(old.engine)

    result = migrate(old.engine, key, data_folder.backups)

    assert result.from_revision == "0007"
    assert _instants(old) == {
        "staff": [_utc(2020, 1, 1)],
        "person": [
            (_utc(1999, 12, 31, 23, 59, 59, 999999), _utc(2026, 12, 3, 8, 15, 0, 123456)),
            (_utc(2026, 3, 29, 1, 30, 0, 1), _utc(2026, 3, 29, 1, 30, 0, 1)),
        ],
        "person_change": [_utc(2026, 12, 3, 8, 15, 0, 123456)],
        "visit": [
            (
                _utc(2026, 12, 3, 8, 15, 0, 123456),
                _utc(2026, 12, 3, 8, 20),
                _utc(2026, 12, 3, 8, 45, 30, 500000),
                {VisitReason.MEDICAL, VisitReason.REST, VisitReason.INFORMATION},
            ),
            (_utc(2026, 12, 3, 9), None, None, {VisitReason.SOCIAL}),
            (
                _utc(2026, 12, 3, 9, 5),
                None,
                _utc(2026, 12, 3, 10),
                {VisitReason.MATERIAL, VisitReason.PSYCHOLOGICAL},
            ),
        ],
        "audit_event": [_utc(2026, 12, 3, 8, 15, 0, 654321)],
        "vaccine_lot": [_utc(2026, 11, 30, 14)],
        "vaccination": [
            (_utc(2026, 12, 3, 8, 40), None),
            (_utc(2026, 12, 3, 8, 41), _utc(2026, 12, 3, 8, 42, 0, 7)),
        ],
        "vaccine_appointment": [_utc(2026, 12, 3, 8, 43)],
    }
    after = dump(old.engine)
    unchanged = ("person_language", "person_work_setting", "search_term", "setting")
    assert {t: after[t] for t in unchanged} == {t: before[t] for t in unchanged}
    assert "visit_reason" not in after


def test_0008_instants_sort_and_filter_as_the_times_they_are(
    old: Database, data_folder: DataFolder, key: bytes
) -> None:
    _at_0007(old)
    migrate(old.engine, key, data_folder.backups)
    with old.read() as session:
        newest_first = session.scalars(select(Person.id).order_by(Person.created_at.desc())).all()
        morning = session.scalars(
            select(Visit.id).where(
                Visit.arrival_at >= _utc(2026, 12, 3, 8, 15, 0, 123456),
                Visit.arrival_at < _utc(2026, 12, 3, 9, 0),
            )
        ).all()
    assert newest_first == [2, 1]
    assert morning == [1]


def test_0008_refuses_a_value_that_is_no_instant_and_changes_nothing(
    old: Database, data_folder: DataFolder, key: bytes
) -> None:
    _at_0007(old, ("UPDATE visit SET called_at = 'soon' WHERE id = 2",))
    before = dump(old.engine)

    with pytest.raises(DatabaseOpenError) as caught:
        migrate(old.engine, key, data_folder.backups)

    assert caught.value.failure is OpenFailure.MIGRATION_FAILED
    assert dump(old.engine) == before


# Twenty thousand more visits of person 1, one microsecond apart, each for a medical reason and,
# when its id is even, a social one too: enough rows for the freed pages to show in the file.
MANY_VISITS = (
    "WITH RECURSIVE n(i) AS (SELECT 10 UNION ALL SELECT i + 1 FROM n WHERE i < 20009) "
    "INSERT INTO visit (id, person_id, arrival_at, state, created_by_id) "
    "SELECT i, 1, '2026-01-05 08:00:00.' || printf('%06d', i), 'done', 1 FROM n",
    "INSERT INTO visit_reason (visit_id, reason) SELECT id, 'medical' FROM visit WHERE id >= 10",
    "INSERT INTO visit_reason (visit_id, reason) SELECT id, 'social' FROM visit "
    "WHERE id >= 10 AND id % 2 = 0",
)


def test_0008_gives_the_freed_space_back_to_the_disk_and_loses_nothing(
    data_folder: DataFolder, key: bytes
) -> None:
    path = data_folder.root / "at-0007.db"
    old = Database.open(path, key)
    _at_0007(old, MANY_VISITS)
    old.dispose()  # the last connection to close folds the log into the file
    before = path.stat().st_size

    old = Database.open(path, key)
    migrate(old.engine, key, data_folder.backups)
    old.dispose()

    assert path.stat().st_size < before
    migrated = Database.open(path, key)  # still opens with its key: SQLCipher rewrote it whole
    try:
        assert problems(migrated) == []
        with migrated.read() as session:
            assert session.execute(text("PRAGMA freelist_count")).scalar_one() == 0
            visits = session.execute(
                select(Visit.id, Visit.arrival_at, Visit.reasons)
                .where(Visit.id >= 10)
                .order_by(Visit.id)
            ).all()
        medical, social = VisitReason.MEDICAL, VisitReason.SOCIAL
        assert [tuple(v) for v in visits] == [
            (
                i,
                _utc(2026, 1, 5, 8, 0, 0, i),
                {medical, social} if i % 2 == 0 else {medical},
            )
            for i in range(10, 20010)
        ]
    finally:
        migrated.dispose()
