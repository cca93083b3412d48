"""The demo's group information sessions (issue 14): one a month, in a reception centre most
often, for asylum seekers who may be victims of trafficking.

A social worker leads it, often with an outreach worker as cultural mediator; it covers two or
three of the seeded topics in one or two languages. Most participants are counted by gender and
region; two or three are linked to their code, and a few ask for an identification interview.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.care.vocabulary import CareList
from clinic.demo import street_counts
from clinic.demo.outreach_rows import KnownPersons, SessionRows
from clinic.demo.registry import Calendar, Weighted
from clinic.outreach.forms import NightHours, shift_of
from db.models.care import CareListItem
from db.vocabulary.outreach import SessionKind, StaffPart

_VENUES = {"reception_centre": 6, "school": 2, "landing_site": 1, "other": 1}
_LANGUAGES = Weighted.of([("en", 40), ("fr", 25), ("ar", 15), ("ti", 8), ("ha", 7), ("ur", 5)])
MEDIATOR_SHARE = 0.7
ASKED_SHARE = 0.3  # of the linked participants, who ask for an interview
_WEEKDAYS = (1, 2, 3)  # Tuesday to Thursday


class GroupSessions:
    """One group session a month of the calendar, written into `rows`."""

    def __init__(
        self,
        rng: random.Random,
        calendar: Calendar,
        rows: SessionRows,
        session: Session,
        night: NightHours,
    ) -> None:
        self._rng = rng
        self._night = night
        self._calendar = calendar
        self._rows = rows
        entries = session.execute(
            select(CareListItem.list, CareListItem.code, CareListItem.id).where(
                CareListItem.list.in_([CareList.GROUP_VENUE.value, CareList.GROUP_TOPIC.value]),
                CareListItem.code.is_not(None),
                CareListItem.active,
            )
        ).all()
        venue = CareList.GROUP_VENUE.value
        self._venues = Weighted.of(
            [(i, _VENUES.get(code or "", 1)) for kind, code, i in entries if kind == venue]
        )
        self._topics = [i for kind, _code, i in entries if kind == CareList.GROUP_TOPIC.value]

    def plan(self, facilitators: list[int], mediators: list[int], known: KnownPersons) -> int:
        """The sessions, on a weekday of each month; returns how many."""
        months: dict[tuple[int, int], list[int]] = {}
        for day in range(self._calendar.last + 1):
            date = self._calendar.first + dt.timedelta(days=day)
            if self._calendar.weekdays[day] in _WEEKDAYS:
                months.setdefault((date.year, date.month), []).append(day)
        for days in months.values():
            self._session(self._rng.choice(days), facilitators, mediators, known)
        return len(months)

    def _session(
        self, day: int, facilitators: list[int], mediators: list[int], known: KnownPersons
    ) -> None:
        rng, rows = self._rng, self._rows
        hour = rng.choice((14, 15))
        starts_at = self._calendar.moment(day, hour * 3600)
        ends_at = starts_at + dt.timedelta(hours=2)
        staff = [(rng.choice(facilitators), StaffPart.FACILITATOR)]
        if mediators and rng.random() < MEDIATOR_SHARE:
            staff.append((rng.choice(mediators), StaffPart.MEDIATOR))
        linked = known.recent(rng, day, rng.randint(2, 3))
        asked = {person: rng.random() < ASKED_SHARE for person in linked}
        session_id = rows.session(
            {
                "kind": SessionKind.GROUP.value,
                "day": self._calendar.first + dt.timedelta(days=day),
                "starts_at": starts_at,
                "ends_at": ends_at,
                "shift": shift_of(dt.time(hour), self._night).value,
                "zone_id": None,
                "venue_id": self._venues.pick(rng),
                "volunteers": 0,
                "interview_requests": sum(asked.values()) + rng.choice((0, 0, 1, 2)),
                "place_id": None,
                "created_by_id": staff[0][0],
                "created_at": ends_at + dt.timedelta(minutes=rng.randint(15, 90)),
            }
        )
        rows.staff += [
            {"session_id": session_id, "staff_id": s, "part": part.value} for s, part in staff
        ]
        rows.topics += [
            {"session_id": session_id, "topic_id": topic}
            for topic in sorted(rng.sample(self._topics, rng.randint(2, 3)))
        ]
        rows.languages += [
            {"session_id": session_id, "language": code}
            for code in sorted(_LANGUAGES.distinct(rng, rng.randint(1, 2)))
        ]
        unlinked = rng.randint(*street_counts.GROUP_SIZE) - len(linked)
        rows.tally(session_id, street_counts.group_tallies(rng, unlinked))
        for person in linked:
            rows.contact(session_id, person, [], asked=asked[person])
