"""psychologist and outreach roles

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03

Issue 12 gives psychologists their own role (the only one that reads psychological notes), and
reliability.md adds outreach (educators and cultural mediators: registry and material, no
consultation content). `staff.role` keeps its CHECK to the known roles, so the table is rebuilt
(copy and swap) with the new list; its row count is checked before and after. Going back down
is refused while an account holds one of the new roles: it would have no role to fall back to.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The roles as they were, and as they are from this revision on (`db.vocabulary.staff.Role`).
BEFORE = ("reception", "nurse", "social", "admin")
AFTER = ("reception", "nurse", "social", "psychologist", "outreach", "admin")


class RoleMigrationError(RuntimeError):
    """The rebuild lost or gained accounts, or a downgrade would strand one: all is undone."""


def _count(where: str = "") -> int:
    query = f"SELECT count(*) FROM staff {where}"  # noqa: S608 - this module's constants
    return int(op.get_bind().exec_driver_sql(query).scalar_one())


def _allow(roles: Sequence[str]) -> None:
    rows = _count()
    listed = ", ".join(f"'{role}'" for role in roles)
    with op.batch_alter_table("staff", recreate="always") as batch:
        batch.drop_constraint(op.f("ck_staff_role"), type_="check")
        batch.create_check_constraint("role", f"role IN ({listed})")
    if _count() != rows:
        raise RoleMigrationError(f"staff: {rows} rows before, {_count()} after")


def upgrade() -> None:
    _allow(AFTER)


def downgrade() -> None:
    kept = ", ".join(f"'{role}'" for role in BEFORE)
    if stranded := _count(f"WHERE role NOT IN ({kept})"):
        raise RoleMigrationError(f"{stranded} accounts hold a role that 0009 does not know")
    _allow(BEFORE)
