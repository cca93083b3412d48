"""Staff members as the rest of the program sees them.

Until staff log in (the accounts issue), Soglia acts as one built-in desk account whose role is
chosen at start-up; every change still names the staff member who made it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.common.clock import Clock
from clinic.common.permissions import Actor
from clinic.staff.vocabulary import Role
from db.models.staff import Staff


@dataclass(frozen=True)
class StaffSummary:
    id: int
    display_name: str
    role: Role


def desk_actor(session: Session, clock: Clock, role: Role) -> Actor:
    """The built-in account for `role` (`desk-reception`, `desk-nurse`...), created on first use."""
    username = f"desk-{role.value}"
    staff = session.scalar(select(Staff).where(Staff.username == username))
    if staff is None:
        staff = Staff(
            username=username,
            display_name=f"Desk ({role.value})",
            role=role.value,
            active=True,
            created_at=clock.now(),
        )
        session.add(staff)
        session.flush()
    return Actor(staff.id, Role(staff.role))


def active_staff(session: Session) -> list[StaffSummary]:
    rows = session.scalars(select(Staff).where(Staff.active).order_by(Staff.display_name))
    return [StaffSummary(s.id, s.display_name, Role(s.role)) for s in rows]
