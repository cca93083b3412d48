"""person: the answer about consent, so "not asked" is recorded rather than assumed

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24

A nullable column is added in place (no table rebuild, so no cascade can fire: reliability.md,
trap 1). A person with a consent date gave consent; everyone else has no answer recorded yet and
is asked at their next check-in.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "person",
        sa.Column(
            "consent",
            sa.String(length=12),
            sa.CheckConstraint("consent IN ('given', 'not_asked')", name="ck_person_consent"),
            nullable=True,
        ),
    )
    op.execute("UPDATE person SET consent = 'given' WHERE consent_date IS NOT NULL")


def downgrade() -> None:
    # Rebuilds `person`: only ever run the way db.migrate runs upgrades (foreign keys off).
    with op.batch_alter_table("person") as batch:
        batch.drop_column("consent")
