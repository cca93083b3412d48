"""search terms: persons found by the words of their code and alias and their birth year

The alias-only `person_name_token` table gives way to `search_term`, which also holds the words
of the code and the birth year, keyed so that find-as-you-type reads a bounded number of index
entries whatever the size of the registry.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.search_keys import person_terms, search_tokens

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Tables whose row count this migration changes on purpose; `db.migrate` checks all the others.
intended_row_changes = frozenset({"person_name_token"})

_BATCH = 5000


def upgrade() -> None:
    op.create_table(
        "search_term",
        sa.Column("term", sa.String(length=80), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_search_term_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("term", "person_id", name=op.f("pk_search_term")),
    )
    op.create_index("ix_search_term_person_term", "search_term", ["person_id", "term"])
    _fill_terms()
    op.drop_index(op.f("ix_person_name_token_token"), table_name="person_name_token")
    op.drop_table("person_name_token")


def _fill_terms() -> None:
    connection = op.get_bind()
    persons = connection.execute(sa.text("SELECT id, code, alias, birth_year FROM person"))
    insert = sa.text("INSERT INTO search_term (term, person_id) VALUES (:term, :person_id)")
    while rows := persons.fetchmany(_BATCH):
        terms = [
            {"term": term, "person_id": person_id}
            for person_id, code, alias, birth_year in rows
            for term in person_terms(code, alias, birth_year)
        ]
        if terms:
            connection.execute(insert, terms)


def downgrade() -> None:
    op.create_table(
        "person_name_token",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_person_name_token_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "token", name=op.f("pk_person_name_token")),
    )
    op.create_index(op.f("ix_person_name_token_token"), "person_name_token", ["token"])
    connection = op.get_bind()
    aliases = connection.execute(sa.text("SELECT id, alias FROM person WHERE alias IS NOT NULL"))
    insert = sa.text("INSERT INTO person_name_token (person_id, token) VALUES (:person_id, :token)")
    while rows := aliases.fetchmany(_BATCH):
        tokens = [
            {"person_id": person_id, "token": token}
            for person_id, alias in rows
            for token in search_tokens(alias)
        ]
        if tokens:
            connection.execute(insert, tokens)
    op.drop_index("ix_search_term_person_term", table_name="search_term")
    op.drop_table("search_term")
