"""The desk: visits (a passage at the desk, in the day's queue) and their reasons.

A visit's reasons are a small closed set (`VisitReason`), kept in the visit row as a bit set:
one byte where a link table took two b-tree entries per reason, and a yearly count per reason
is one pass over the year's visits (`has_reason`), with no join.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from sqlalchemy import (
    CheckConstraint,
    ColumnElement,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    String,
    TypeDecorator,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, UTCDateTime, one_of
from db.vocabulary.desk import QueueState, VisitReason

# Each reason's bit, fixed for good: stored rows depend on it. A new reason takes a new bit.
REASON_BITS: Mapping[VisitReason, int] = {
    VisitReason.MEDICAL: 1,
    VisitReason.SOCIAL: 2,
    VisitReason.PSYCHOLOGICAL: 4,
    VisitReason.MATERIAL: 8,
    VisitReason.REST: 16,
    VisitReason.INFORMATION: 32,
}
ALL_REASON_BITS = sum(REASON_BITS.values())


class ReasonSet(TypeDecorator[frozenset[VisitReason]]):
    """A set of visit reasons in Python, their bits' sum in the database.

    An integer compared with it (`Visit.reasons.bitwise_and(8)`) stays an integer, so the
    portable bit operators of SQLAlchemy query it on SQLite and PostgreSQL alike.
    """

    impl = Integer
    cache_ok = True

    def process_bind_param(
        self, value: Iterable[VisitReason] | int | None, dialect: Dialect
    ) -> int | None:
        if value is None or isinstance(value, int):
            return value
        return reason_bits(value)

    def process_result_value(
        self, value: int | None, dialect: Dialect
    ) -> frozenset[VisitReason] | None:
        if value is None:
            return None
        return frozenset(reason for reason, bit in REASON_BITS.items() if value & bit)

    def coerce_compared_value(self, op: object, value: object) -> Integer | ReasonSet:
        return Integer() if isinstance(value, int) else self


def reason_bits(reasons: Iterable[VisitReason]) -> int:
    return sum(REASON_BITS[VisitReason(reason)] for reason in set(reasons))


class Visit(Base):
    """One passage at the desk: a registered person, or an unregistered walk-in (no person)."""

    __tablename__ = "visit"
    __table_args__ = (
        CheckConstraint(one_of("state", QueueState), name="state"),
        CheckConstraint(f"reasons BETWEEN 0 AND {ALL_REASON_BITS}", name="reasons"),
        Index("ix_visit_person_arrival", "person_id", "arrival_at"),
        Index("ix_visit_arrival_at", "arrival_at", "person_id"),  # a period's, by the index
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    arrival_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(12), default=QueueState.WAITING.value)
    served_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    called_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    departed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    reasons: Mapped[frozenset[VisitReason]] = mapped_column(ReasonSet, default=frozenset())


def has_reason(reason: VisitReason) -> ColumnElement[bool]:
    """True for the visits made (among other things) for `reason`: to count or filter by it."""
    return Visit.reasons.bitwise_and(REASON_BITS[reason]) != 0
