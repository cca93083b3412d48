"""consultation, vaccination, visit, distribution: the persons of a period from indexes alone

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03

"New in the period" (`clinic.statistics.contacts.seen_before`) asks of every person counted
whether they had a consultation or a dose before the period that counts (not entered in error,
given here). The person-first indexes held only the person and the date, so each answer read
a consultation's row, notes and all: a quarter of a second for a year's 23,000 persons at the
planned size. These hold the flags too; the person's file reads them as it did. A period's
visits and hand-outs were found by their instant and then each row read for its person: the
instant's index now holds the person (70,000 visits a year at the planned size).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_visit_arrival_at", table_name="visit")
    op.create_index("ix_visit_arrival_at", "visit", ["arrival_at", "person_id"])
    op.drop_index("ix_distribution_at", table_name="distribution")
    op.create_index("ix_distribution_at", "distribution", ["at", "person_id"])
    op.drop_index("ix_consultation_person_written", table_name="consultation")
    op.create_index(
        "ix_consultation_person_written",
        "consultation",
        ["person_id", "written_at", "entered_in_error"],
    )
    op.drop_index("ix_vaccination_person_given_on", table_name="vaccination")
    op.create_index(
        "ix_vaccination_person_given_on",
        "vaccination",
        ["person_id", "given_on", "refused", "entered_in_error", "given_elsewhere"],
    )


def downgrade() -> None:
    op.drop_index("ix_vaccination_person_given_on", table_name="vaccination")
    op.create_index("ix_vaccination_person_given_on", "vaccination", ["person_id", "given_on"])
    op.drop_index("ix_consultation_person_written", table_name="consultation")
    op.create_index("ix_consultation_person_written", "consultation", ["person_id", "written_at"])
    op.drop_index("ix_distribution_at", table_name="distribution")
    op.create_index("ix_distribution_at", "distribution", ["at"])
    op.drop_index("ix_visit_arrival_at", table_name="visit")
    op.create_index("ix_visit_arrival_at", "visit", ["arrival_at"])
