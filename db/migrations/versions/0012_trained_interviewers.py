"""staff: who is trained for identification interviews

Issue 12: the identification interview is for "social workers trained for it". The coordinator
says who is; a social worker or psychologist without it reads interviews but does not record
them. Accounts that could record interviews before keep it (the coordinator unticks whoever is
not trained); new accounts start without it.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Adding a column with a default does not rebuild the table.
    op.add_column(
        "staff", sa.Column("interviewer", sa.Boolean(), server_default="0", nullable=False)
    )
    staff = sa.table("staff", sa.column("role", sa.String), sa.column("interviewer", sa.Boolean))
    op.execute(
        staff.update().where(staff.c.role.in_(("social", "psychologist"))).values(interviewer=True)
    )


def downgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("interviewer")
