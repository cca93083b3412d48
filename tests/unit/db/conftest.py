"""Storage-test helpers: the folder's key, realistic and hostile rows, a dump of every table."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from sqlalchemy import Connection, Engine, inspect

from db.engine import Database
from db.migrate import MIGRATIONS_DIR, alembic_config, head_revision
from db.models.desk import Visit
from db.models.registry import Person, PersonChange, PersonLanguage, PersonWorkSetting, SearchTerm
from db.models.settings import Setting
from db.models.staff import Staff
from db.vocabulary.desk import QueueState, VisitReason
from db.vocabulary.registry import Gender, WorkSetting
from tests.conftest import NOW

# Text a person may give as an alias, chosen to break careless SQL, encodings and search.
HOSTILE_ALIASES = (
    "O'Brien",
    'say "hi"',
    "x'); DROP TABLE person;--",
    "Ș Ț İ ğ ı",
    "Жанна Ёлкина",
    "Ελένη",
    "مريم",
    "😀 ok",
    "100% _a_ \\ b",
    "e\u0301lodie",
    None,
)


def fill(database: Database, persons: int = 30) -> None:
    """Persons with every kind of child row, some merged into another, and visits with reasons.

    Written straight through the models so that the rows do not depend on today's use cases.
    """
    with database.write() as session:
        staff = _staff(session.connection())
        previous: Person | None = None
        for i in range(persons):
            person = _person(i, merged_into=previous if i % 7 == 6 else None)
            session.add(person)
            session.flush()
            session.add_all(_changes(person, staff))
            session.add_all(_visits(person.id if i % 5 else None, staff, i))
            previous = person
        session.add(Setting(key="time_zone", value='"Europe/Rome"'))


def _staff(connection: Connection) -> int:
    """The filler's account, written with the columns `staff` has at the revision the database
    is at (the model's own insert would name columns added later)."""
    present = {column["name"] for column in inspect(connection).get_columns("staff")}
    table = sa.table(
        "staff", *(sa.column(c.name, c.type) for c in Staff.__table__.c if c.name in present)
    )
    values = {
        "username": "filler",
        "display_name": "Filler",
        "role": "reception",
        "created_at": NOW,
        "active": True,
    }
    if "must_change_password" in present:
        values["must_change_password"] = False
    connection.execute(sa.insert(table).values(values))
    return int(
        connection.execute(sa.select(table.c.id).where(table.c.username == "filler")).scalar_one()
    )


def _person(i: int, merged_into: Person | None) -> Person:
    genders = list(Gender)
    settings = list(WorkSetting)
    person = Person(
        code=f"FILL{i:05d}",
        alias=HOSTILE_ALIASES[i % len(HOSTILE_ALIASES)],
        gender=genders[i % len(genders)].value,
        birth_year=1950 + i % 60,
        birth_date=dt.date(1950 + i % 60, 1 + i % 12, 1 + i % 28) if i % 2 else None,
        country="RO" if i % 3 else None,
        engagement="not_stated",
        first_contact=dt.date(2020, 1, 1) + dt.timedelta(days=i),
        contact_channel="self",
        status="merged" if merged_into else "active",
        merged_into_id=merged_into.id if merged_into else None,
        created_at=NOW,
        updated_at=NOW,
    )
    person.languages = [PersonLanguage(language=code) for code in ("it", "ro", "uk")[: 1 + i % 3]]
    person.work_settings = [PersonWorkSetting(setting=s.value) for s in settings[: 1 + i % 3]]
    person.search_terms = [SearchTerm(term=f"token{i}"), SearchTerm(term="shared")]
    return person


def _changes(person: Person, staff: int) -> list[PersonChange]:
    return [
        PersonChange(
            person_id=person.id,
            staff_id=staff,
            changed_at=NOW,
            field=field,
            old_value=old,
            new_value=person.alias,
        )
        for field, old in (("alias", "before"), ("country", None))
    ]


def _visits(person_id: int | None, staff: int, i: int) -> list[Visit]:
    reasons = list(VisitReason)
    visits = []
    for n in range(3):
        visit = Visit(
            person_id=person_id,
            arrival_at=NOW - dt.timedelta(days=30 * n, minutes=i),
            state=QueueState.DONE.value,
            served_by_id=staff,
            created_by_id=staff,
        )
        chosen = reasons[(i + n) % len(reasons) :][: 1 + n]
        visit.reasons = frozenset(chosen)
        visits.append(visit)
    return visits


def tables(connection: Connection) -> list[str]:
    query = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
    return [row[0] for row in connection.exec_driver_sql(query)]


def dump(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order, to compare a database before and after."""
    with engine.connect() as connection:
        return {
            table: sorted(
                (tuple(row) for row in connection.exec_driver_sql(f'SELECT * FROM "{table}"')),
                key=repr,
            )
            for table in tables(connection)
        }


# Tables a later migration moves whole into others (each tested by that migration's test).
MOVED_LATER = {"vaccine_lot": "stock_lot, its movements and balances (0013)"}
# Rows a later migration adds to a table that was already there: Soglia's own entries of the
# lists 0015 adds (its own test checks them). Told apart by the row as `dump` reads it.
ADDED_LATER: dict[str, Callable[[tuple[object, ...]], bool]] = {
    "care_list_item": lambda row: row[1] in ("outreach_zone", "group_venue", "group_topic"),
}


def kept_rows(
    before: dict[str, list[tuple[object, ...]]], after: dict[str, list[tuple[object, ...]]]
) -> tuple[dict[str, list[tuple[object, ...]]], dict[str, list[tuple[object, ...]]]]:
    """The rows of the tables `before` had, before and after migrating to the head, without the
    columns later migrations appended (a column added with a default goes at the end): what was
    there must still be there, value for value (but for the tables of `MOVED_LATER`)."""
    tables = [t for t in before if t != "alembic_version" and t not in MOVED_LATER]
    width = {t: len(before[t][0]) for t in tables if before[t]}
    return (
        {t: before[t] for t in tables},
        {
            t: sorted(
                (row[: width.get(t)] for row in after[t] if not _added_later(t, row)), key=repr
            )
            for t in tables
        },
    )


def _added_later(table: str, row: tuple[object, ...]) -> bool:
    added = ADDED_LATER.get(table)
    return added is not None and added(row)


def scripts_with(tmp_path: Path, name: str, upgrade: str) -> Path:
    """A copy of the real migrations plus one test revision on top of the head, with `upgrade`."""
    location = tmp_path / f"migrations-{name}"
    shutil.copytree(MIGRATIONS_DIR, location, ignore=shutil.ignore_patterns("__pycache__"))
    (location / "versions" / f"9000_{name}.py").write_text(
        REVISION.format(revision=f"9000_{name}", down=head_revision(), upgrade=upgrade),
        encoding="utf-8",
    )
    return location


REVISION = '''"""test-only revision"""

import sqlalchemy as sa
from alembic import op

revision = "{revision}"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
{upgrade}


def downgrade() -> None:
    raise NotImplementedError
'''


def alembic_to(database: Database, revision: str, *, down: bool = False) -> None:
    """Alembic straight to `revision`, with foreign keys off as `db.migrate` runs it (a rebuilt
    parent table would otherwise refuse to be dropped)."""
    with database.engine.connect() as connection:
        driver = connection.connection.dbapi_connection
        assert driver is not None
        driver.execute("PRAGMA foreign_keys = OFF")  # outside any transaction, or it is ignored
        try:
            with connection.begin():
                config = alembic_config()
                config.attributes["connection"] = connection
                (command.downgrade if down else command.upgrade)(config, revision)
        finally:
            driver.execute("PRAGMA foreign_keys = ON")
