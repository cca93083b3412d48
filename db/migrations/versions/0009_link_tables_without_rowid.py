"""link tables without row ids: search terms, languages and work settings kept in their keys

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03

`search_term`, `person_language` and `person_work_setting` hold nothing but their primary key.
As rowid tables each row was stored twice: in the table under a hidden row id, and again in
the index SQLite makes for the key (`sqlite_autoindex_…_1`), about 11 bytes per visit on the
100,000-person demo. `WITHOUT ROWID`, the key's b-tree is the table: stored once, in key order,
found by the same searches (`search_term`'s prefix walk now reads the table itself).

Each table is rebuilt in batch mode (copy and swap, its other indexes made again); its row count
is checked before and after. `db.migrate` runs it in one transaction with foreign keys off, after
a verified backup, checks every table's rows again, then gives the freed pages back to the disk.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LINK_TABLES = ("search_term", "person_language", "person_work_setting")
# The old tables' pages, a third of what the three held, are left free by the rebuild.
frees_space = True


class RebuildError(RuntimeError):
    """A table lost or gained rows in its rebuild: the whole migration is undone."""


def _count(table: str) -> int:
    # Table names are this module's constants, not input.
    query = f'SELECT count(*) FROM "{table}"'  # noqa: S608
    return int(op.get_bind().exec_driver_sql(query).scalar_one())


def _rebuild(*, with_rowid: bool) -> None:
    for table in LINK_TABLES:
        rows = _count(table)
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_with_rowid": with_rowid}
        ):
            pass
        if _count(table) != rows:
            raise RebuildError(f"{table}: {rows} rows before, {_count(table)} after")


def upgrade() -> None:
    _rebuild(with_rowid=False)


def downgrade() -> None:
    _rebuild(with_rowid=True)
