"""lean storage: instants as integer UTC microseconds, visit reasons folded into the visit

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03

Every instant column was the 26-character text of SQLAlchemy's SQLite `DateTime`
("2026-12-03 08:15:00.123456", naive UTC), in the row and again in each index holding it. It
becomes the integer of `db.models.base.UTCDateTime`: microseconds since 1970 UTC, which sort
and compare as the instants do.

A visit's reasons move from the link table `visit_reason` (a rowid table whose key was stored
twice, 66 bytes per visit on the demo) into the visit row as a bit set (`db.models.desk`), and
the link table goes; the number of (visit, reason) pairs is checked to be the same.

Each table is converted in place (the text is parsed by SQLite itself: `strftime('%s')` for
the seconds, the digits after the dot for the microseconds), any value left unconverted stops
the migration, then the table is rebuilt in batch mode (copy and swap) to take the new column
type; its row count is checked before and after. `db.migrate` runs all of it in one
transaction with foreign keys off, after a verified backup, and checks every table's rows again;
after the commit it rewrites the file without the pages freed (`frees_space`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every instant column of every table at 0007, with whether it may be NULL.
INSTANTS: dict[str, dict[str, bool]] = {
    "staff": {"created_at": False},
    "person": {"created_at": False, "updated_at": False},
    "person_change": {"changed_at": False},
    "visit": {"arrival_at": False, "called_at": True, "departed_at": True},
    "audit_event": {"at": False},
    "vaccine_lot": {"received_at": False},
    "vaccination": {"recorded_at": False, "corrected_at": True},
    "vaccine_appointment": {"created_at": False},
}


# Tables whose row count this migration changes on purpose; `db.migrate` checks all the others.
intended_row_changes = frozenset({"visit_reason"})
# Every table is rewritten narrower and one dropped: more than half the file's pages end up
# free, which `db.migrate` gives back to the disk after the commit.
frees_space = True

# The bits of `db.models.desk.REASON_BITS`, as they were when this migration was written.
REASON_BITS = {
    "medical": 1,
    "social": 2,
    "psychological": 4,
    "material": 8,
    "rest": 16,
    "information": 32,
}


class ConversionError(RuntimeError):
    """A value or a row did not come through the conversion: the whole migration is undone."""


def _micros(column: str) -> str:
    """SQL for the microseconds since 1970 of the naive UTC text in `column`."""
    seconds = f"CAST(strftime('%s', substr({column}, 1, 19)) AS INTEGER)"
    fraction = f"CAST(substr(substr({column}, 21) || '000000', 1, 6) AS INTEGER)"
    return f"{seconds} * 1000000 + {fraction}"


def _count(table: str, where: str = "1") -> int:
    # Table and column names are this module's constants, not input.
    query = f'SELECT count(*) FROM "{table}" WHERE {where}'  # noqa: S608
    return int(op.get_bind().exec_driver_sql(query).scalar_one())


def _to_micros(table: str, columns: dict[str, bool]) -> None:
    """Turn the text instants of `table` into integers where they stand, refusing any leftover."""
    for column in columns:
        op.execute(
            f'UPDATE "{table}" SET {column} = {_micros(column)} '  # noqa: S608
            f"WHERE typeof({column}) = 'text' "
            f"AND strftime('%s', substr({column}, 1, 19)) IS NOT NULL"
        )
        left = _count(table, f"{column} IS NOT NULL AND typeof({column}) != 'integer'")
        if left:
            raise ConversionError(f"{table}.{column}: {left} values are not instants")


def _retype(table: str, columns: dict[str, bool], *, lean: bool) -> None:
    """Rebuild `table` with integer instants (`lean`) or text ones; its indexes are dropped
    before the values change (rewriting an index entry per value is slower than building the
    index anew) and made again after."""
    indexes = [i for i in sa.inspect(op.get_bind()).get_indexes(table) if i["name"]]
    for index in indexes:
        op.drop_index(str(index["name"]), table)
    old, new = (sa.DateTime, sa.BigInteger) if lean else (sa.BigInteger, sa.DateTime)
    if lean:
        _to_micros(table, columns)
    with op.batch_alter_table(table, recreate="always") as batch:
        for column, nullable in columns.items():
            batch.alter_column(column, existing_type=old(), type_=new(), existing_nullable=nullable)
        if table == "visit" and lean:
            batch.alter_column("reasons", existing_type=sa.Integer(), nullable=False)
            batch.create_check_constraint("reasons", "reasons BETWEEN 0 AND 63")
    for index in indexes:
        columns_of = [str(c) for c in index["column_names"]]
        op.create_index(str(index["name"]), table, columns_of, unique=bool(index["unique"]))


def upgrade() -> None:
    _fold_reasons()
    for table, columns in INSTANTS.items():
        rows = _count(table)
        _retype(table, columns, lean=True)
        if _count(table) != rows:
            raise ConversionError(f"{table}: {rows} rows before, {_count(table)} after")
    op.drop_table("visit_reason")


def _fold_reasons() -> None:
    """Each visit's reasons as the sum of their bits, in a new column of the visit row."""
    op.add_column("visit", sa.Column("reasons", sa.Integer(), nullable=True))
    bit = " ".join(f"WHEN '{reason}' THEN {value}" for reason, value in REASON_BITS.items())
    op.execute(
        f"UPDATE visit SET reasons = coalesce((SELECT sum(CASE reason {bit} END) "  # noqa: S608
        "FROM visit_reason WHERE visit_reason.visit_id = visit.id), 0)"
    )
    pairs = _count("visit_reason")
    ones = " + ".join(f"(reasons & {value} != 0)" for value in REASON_BITS.values())
    folded = op.get_bind().exec_driver_sql(f"SELECT coalesce(sum({ones}), 0) FROM visit")  # noqa: S608
    if folded.scalar_one() != pairs:
        raise ConversionError(f"visit_reason: {pairs} reasons, not all of them folded")


def _to_text(column: str) -> str:
    seconds = f"strftime('%Y-%m-%d %H:%M:%S', {column} / 1000000, 'unixepoch')"
    return f"{seconds} || '.' || printf('%06d', {column} % 1000000)"


def downgrade() -> None:
    op.create_table(
        "visit_reason",
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.CheckConstraint(
            "reason IN ('medical', 'social', 'psychological', 'material', 'rest', 'information')",
            name=op.f("ck_visit_reason_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
            name=op.f("fk_visit_reason_visit_id_visit"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("visit_id", "reason", name=op.f("pk_visit_reason")),
    )
    for reason, value in REASON_BITS.items():
        op.execute(
            f"INSERT INTO visit_reason (visit_id, reason) SELECT id, '{reason}' "  # noqa: S608
            f"FROM visit WHERE reasons & {value} != 0"
        )
    with op.batch_alter_table("visit", recreate="always") as batch:
        batch.drop_constraint(op.f("ck_visit_reasons"), type_="check")
        batch.drop_column("reasons")
    for table, columns in INSTANTS.items():
        rows = _count(table)
        for column in columns:
            op.execute(
                f'UPDATE "{table}" SET {column} = {_to_text(column)} '  # noqa: S608
                f"WHERE typeof({column}) = 'integer'"
            )
        _retype(table, columns, lean=False)
        if _count(table) != rows:
            raise ConversionError(f"{table}: {rows} rows before, {_count(table)} after")
