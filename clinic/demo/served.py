"""The visits a demo clinic's care records hang on: who was seen, by whom, and when.

A consultation, a test or a referral is written during the visit it belongs to, between the
moment the person was called in and the moment they left (`ServedVisit.moment`); what happens
later (an addendum, an outcome, a pathway's next stage) falls on a later day, never after now
(`Later`).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.common.clock import Clock
from clinic.staff.vocabulary import Role
from db.models.desk import Visit

READ_CHUNK = 50_000  # visits read at a time


@dataclass(frozen=True, slots=True)
class ServedVisit:
    id: int
    person_id: int
    staff_id: int
    role: Role
    called: dt.datetime
    span: dt.timedelta  # from being called in to leaving

    def moment(self, share: float) -> dt.datetime:
        """The instant `share` of the way from being called in to leaving."""
        return self.called + self.span * share

    @property
    def minutes(self) -> int:
        return int(self.span.total_seconds()) // 60


def served_visits(session: Session, roles: Mapping[int, Role], after: int) -> Iterator[ServedVisit]:
    """The visits after id `after` (in arrival order) where someone of the care team saw a
    registered person to the end (the rest of today's queue is still waiting or in the room)."""
    query = (
        select(Visit.id, Visit.person_id, Visit.served_by_id, Visit.called_at, Visit.departed_at)
        .where(
            Visit.id > after,
            Visit.person_id.is_not(None),
            Visit.departed_at.is_not(None),
            Visit.served_by_id.in_(list(roles)),
        )
        .order_by(Visit.id)
        .limit(READ_CHUNK)
    )
    for visit_id, person_id, staff_id, called, departed in (
        session.connection().execute(query).all()
    ):
        if person_id is None or staff_id is None or called is None or departed is None:
            continue  # as the query asked: typed for mypy
        role = roles[staff_id]
        yield ServedVisit(visit_id, person_id, staff_id, role, called, departed - called)


@dataclass(frozen=True)
class Later:
    """Days after an event, as the clinic counts them, and instants on those days; never in
    the future: a step due after today has not happened yet (None)."""

    clock: Clock
    today: dt.date
    now: dt.datetime

    @classmethod
    def of(cls, clock: Clock) -> Later:
        return cls(clock, clock.today(), clock.now())

    def day_of(self, moment: dt.datetime) -> dt.date:
        return self.clock.local(moment).date()

    def day(self, start: dt.date, days: int) -> dt.date | None:
        later = start + dt.timedelta(days=days)
        return later if later <= self.today else None

    def at(self, rng: random.Random, day: dt.date, after: dt.datetime | None = None) -> dt.datetime:
        """An instant in the working hours of `day`, after `after`, not after now."""
        start, _ = self.clock.day_bounds(day)
        moment = start + dt.timedelta(seconds=rng.randrange(9 * 3600, 18 * 3600))
        if after is not None:
            moment = max(moment, after + dt.timedelta(minutes=rng.randrange(5, 60)))
        return min(moment, self.now)
