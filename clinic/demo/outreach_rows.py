"""The demo's street and group sessions as rows, numbered in advance and written in bulk, and
the registered persons a session can meet.

Sessions are written as `clinic.outreach.sessions.record_session` stores them (its parts as
`clinic.outreach.parts.write` does), without going through it: thousands of sessions, each a
dozen rows, must take a second, not minutes.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_left
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic.demo.rows import Row, insert_rows
from clinic.registry.vocabulary import ContactChannel
from db.models.outreach import (
    OutreachContact,
    OutreachContactAction,
    OutreachSession,
    OutreachSessionAction,
    OutreachSessionLanguage,
    OutreachSessionSetting,
    OutreachSessionStaff,
    OutreachSessionTopic,
    OutreachTally,
)
from db.models.registry import Person

RECENT_DAYS = 540  # a person met is one who first came within this many days


@dataclass
class SessionRows:
    """Every row of the sessions made so far; ids follow those already in the database."""

    next_session: int
    next_contact: int
    next_tally: int
    sessions: list[Row] = field(default_factory=list)
    staff: list[Row] = field(default_factory=list)
    settings: list[Row] = field(default_factory=list)
    topics: list[Row] = field(default_factory=list)
    languages: list[Row] = field(default_factory=list)
    contacts: list[Row] = field(default_factory=list)
    contact_actions: list[Row] = field(default_factory=list)
    tallies: list[Row] = field(default_factory=list)
    actions: list[Row] = field(default_factory=list)

    @classmethod
    def after(cls, session: Session) -> SessionRows:
        def first_free(column: object) -> int:
            return int(session.scalar(select(func.max(column))) or 0) + 1

        return cls(
            first_free(OutreachSession.id),
            first_free(OutreachContact.id),
            first_free(OutreachTally.id),
        )

    def session(self, row: Row) -> int:
        """A session's own row (given without its id); returns its id."""
        number = self.next_session
        self.next_session += 1
        self.sessions.append({"id": number, "revision": 1, "note": ""} | row)
        return number

    def contact(self, session_id: int, person: int, actions: list[str], asked: bool) -> None:
        number = self.next_contact
        self.next_contact += 1
        self.contacts.append(
            {"id": number, "session_id": session_id, "person_id": person, "asked_interview": asked}
        )
        self.contact_actions += [{"contact_id": number, "action": a} for a in actions]

    def tally(self, session_id: int, rows: list[Row]) -> None:
        for row in rows:
            self.tallies.append({"id": self.next_tally, "session_id": session_id} | row)
            self.next_tally += 1

    def write(self, session: Session) -> None:
        """Sessions first, then what points at them."""
        insert_rows(session, OutreachSession, self.sessions)
        insert_rows(session, OutreachSessionStaff, self.staff)
        insert_rows(session, OutreachSessionSetting, self.settings)
        insert_rows(session, OutreachSessionTopic, self.topics)
        insert_rows(session, OutreachSessionLanguage, self.languages)
        insert_rows(session, OutreachContact, self.contacts)
        insert_rows(session, OutreachContactAction, self.contact_actions)
        insert_rows(session, OutreachTally, self.tallies)
        insert_rows(session, OutreachSessionAction, self.actions)


class KnownPersons:
    """The registered persons in the order they first came, by day of the demo's calendar."""

    def __init__(self, session: Session, first: dt.date) -> None:
        rows = session.execute(
            select(Person.id, Person.first_contact, Person.contact_channel).order_by(
                Person.first_contact, Person.id
            )
        ).all()
        self._ids = [person for person, _day, _channel in rows]
        self._days = [(day - first).days for _person, day, _channel in rows]
        # Came through the street unit: the ones the demo may have the team meet first.
        self.through_outreach = [
            (person, (day - first).days)
            for person, day, channel in rows
            if channel == ContactChannel.OUTREACH.value
        ]

    def recent(self, rng: random.Random, day: int, count: int) -> list[int]:
        """Up to `count` different persons who first came in the `RECENT_DAYS` before `day`
        (persons stop coming after a year or two; `clinic.demo.registry`)."""
        low = bisect_left(self._days, day - RECENT_DAYS)
        high = bisect_left(self._days, day)
        if high <= low:
            return []
        return [self._ids[i] for i in rng.sample(range(low, high), min(count, high - low))]
