"""The desk: visits (a passage at the desk, in the day's queue) and their reasons."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, UTCDateTime, one_of
from db.vocabulary.desk import QueueState, VisitReason


class Visit(Base):
    """One passage at the desk: a registered person, or an unregistered walk-in (no person)."""

    __tablename__ = "visit"
    __table_args__ = (
        CheckConstraint(one_of("state", QueueState), name="state"),
        Index("ix_visit_person_arrival", "person_id", "arrival_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    arrival_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    state: Mapped[str] = mapped_column(String(12), default=QueueState.WAITING.value)
    served_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    called_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    departed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))

    reasons: Mapped[list[VisitReasonRow]] = relationship(
        cascade="all, delete-orphan", order_by="VisitReasonRow.reason", lazy="selectin"
    )


class VisitReasonRow(Base):
    __tablename__ = "visit_reason"
    __table_args__ = (CheckConstraint(one_of("reason", VisitReason), name="reason"),)

    visit_id: Mapped[int] = mapped_column(
        ForeignKey("visit.id", ondelete="CASCADE"), primary_key=True
    )
    reason: Mapped[str] = mapped_column(String(20), primary_key=True)
