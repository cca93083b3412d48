"""consultation, vaccination, person: a period's contacts read from indexes alone

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03

Who the clinic met in a period (`clinic.statistics.contacts`) reads every consultation and
dose between two dates, and only their person and whether they count. The indexes began with
the person, so a year's were found by reading every row, notes and all (about a million
consultations at the planned size). These begin with the date and hold what the figures need.
The records merged into a person count as theirs: found by an index, not a scan of everyone.
Measured on the 100,000-person 20-year demo (benchmarks/bench_outreach.py): see the commit.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_person_merged_into", "person", ["merged_into_id"])
    op.create_index(
        "ix_consultation_written_person",
        "consultation",
        ["written_at", "person_id", "entered_in_error"],
    )
    op.create_index(
        "ix_vaccination_given_on_person",
        "vaccination",
        ["given_on", "person_id", "refused", "entered_in_error", "given_elsewhere"],
    )


def downgrade() -> None:
    op.drop_index("ix_vaccination_given_on_person", table_name="vaccination")
    op.drop_index("ix_consultation_written_person", table_name="consultation")
    op.drop_index("ix_person_merged_into", table_name="person")
