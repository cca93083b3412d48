"""Staff members as the rest of the program sees them (the audit filter's list of names)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.staff.vocabulary import Role
from db.models.staff import Staff


@dataclass(frozen=True)
class StaffSummary:
    id: int
    display_name: str
    role: Role


def active_staff(session: Session) -> list[StaffSummary]:
    rows = session.scalars(select(Staff).where(Staff.active).order_by(Staff.display_name))
    return [StaffSummary(s.id, s.display_name, Role(s.role)) for s in rows]
