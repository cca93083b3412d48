"""search terms: the runs of signs of an alias (`%`, `\\`, an emoji) become terms

An alias made only of signs had no search term, so nobody could find that person. Persons
registered before are given the terms `db.search_keys.person_terms` now makes; nothing else of
the table changes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24
"""

from collections.abc import Iterator, Sequence

import sqlalchemy as sa
from alembic import op

from db.search_keys import person_terms, sign_tokens

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Tables whose row count this migration changes on purpose; `db.migrate` checks all the others.
intended_row_changes = frozenset({"search_term"})

_BATCH = 5000
_PERSONS = sa.text("SELECT id, code, alias, birth_year FROM person WHERE alias IS NOT NULL")
_TERMS = sa.text("SELECT term FROM search_term WHERE person_id = :person_id")
_INSERT = sa.text("INSERT INTO search_term (term, person_id) VALUES (:term, :person_id)")
_DELETE = sa.text("DELETE FROM search_term WHERE person_id = :person_id AND term = :term")


def upgrade() -> None:
    connection = op.get_bind()
    missing = [
        {"term": term, "person_id": person_id}
        for person_id, code, alias, birth_year in _with_signs(connection)
        for term in _missing(connection, person_id, person_terms(code, alias, birth_year))
    ]
    if missing:
        connection.execute(_INSERT, missing)


_Person = tuple[int, str, str, int | None]


def _with_signs(connection: sa.Connection) -> Iterator[_Person]:
    """The persons whose alias holds a sign: the only ones whose terms change."""
    persons = connection.execute(_PERSONS)
    while rows := persons.fetchmany(_BATCH):
        yield from (
            (row.id, row.code, row.alias, row.birth_year) for row in rows if sign_tokens(row.alias)
        )


def _missing(connection: sa.Connection, person_id: int, terms: tuple[str, ...]) -> list[str]:
    stored = set(connection.execute(_TERMS, {"person_id": person_id}).scalars())
    return [term for term in terms if term not in stored]


def downgrade() -> None:
    connection = op.get_bind()
    signs = [
        {"term": term, "person_id": person_id}
        for person_id, _code, alias, _year in _with_signs(connection)
        for term in sign_tokens(alias)
    ]
    if signs:
        connection.execute(_DELETE, signs)
