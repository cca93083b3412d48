"""The demo street unit's outings (issue 14): about 800 a year, three in ten at night.

Each outing has a team of one to three outreach and social workers, a zone of the city, the
settings it went to, the anonymous contacts it counted (`clinic.demo.street_counts`) and a few
registered persons met. Some persons who came to the desk through the street unit were met in
the street first: one of the outings in the months before their first visit is their first
contact of any kind, and their registration (first contact, consent, record) moves to it, as
when the team registers someone in the street. The outings' material is handed out from the
outreach bag by the material walk (`clinic.demo.materials`), which needs each `Outing`.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_left
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from clinic.care.vocabulary import CareList
from clinic.demo import street_counts
from clinic.demo.outreach_rows import KnownPersons, SessionRows
from clinic.demo.registry import Calendar, Row, Weighted
from clinic.demo.rows import insert_rows, table_of
from clinic.outreach.forms import NightHours, shift_of
from clinic.outreach.regions import region_of
from db.models.care import CareListItem
from db.models.registry import Person
from db.vocabulary.outreach import SessionKind, Shift

OUTINGS_PER_YEAR = 800
NIGHT_SHARE = 0.3
MAX_A_DAY = 4
# Busier on weekdays and Friday night, quieter at the weekend; the mean is one.
_WEEKDAY = (1.05, 1.05, 1.05, 1.05, 1.15, 0.95, 0.7)
STREET_FIRST_SHARE = 0.4  # of the persons who came through the street unit
STREET_FIRST_DAYS = (1, 120)  # met this many days before their first visit
_KNOWN_MET = Weighted.of([(0, 35), (1, 35), (2, 20), (3, 10)])
_TEAM_SIZE = Weighted.of([(1, 20), (2, 60), (3, 20)])
_LATEST_START = 23 * 3600 + 45 * 60
# A handful of each demo city's streets and areas where a street unit works.
ZONES = {
    "IT": (
        "Viale Monza",
        "Via Melchiorre Gioia",
        "Viale Fulvio Testi",
        "Via Novara",
        "Piazzale Lotto",
        "Stazione Centrale",
    ),
    "FR": (
        "Rue Saint-Denis",
        "Bois de Boulogne",
        "Boulevard de Belleville",
        "Porte de la Chapelle",
        "Bois de Vincennes",
        "Boulevard de Clichy",
    ),
    "LU": (
        "Rue de Strasbourg",
        "Rue Joseph Junck",
        "Rue de Hollerich",
        "Boulevard d'Avranches",
        "Rue du Fort Neipperg",
        "Route d'Esch",
    ),
}


@dataclass(frozen=True)
class Outing:
    """What the material walk needs of an outing: the bag is filled before it starts, its
    material handed out when it is recorded, to everyone it met."""

    id: int
    starts_at: dt.datetime
    recorded_at: dt.datetime
    by: int
    contacts: int


@dataclass
class _Plan:
    id: int
    day: int
    starts_at: dt.datetime
    recorded_at: dt.datetime
    by: int
    anonymous: int
    met: set[int]


def seed_zones(session: Session, host_country: str) -> list[int]:
    """The city's zones as the coordinator would type them (their own words, no code)."""
    names = ZONES.get(host_country, ZONES["IT"])
    rows = [
        {"list": CareList.OUTREACH_ZONE.value, "code": None, "name": name, "position": n}
        for n, name in enumerate(names, 1)
    ]
    insert_rows(session, CareListItem, rows)
    found = select(CareListItem.name, CareListItem.id).where(
        CareListItem.list == CareList.OUTREACH_ZONE.value, CareListItem.name.in_(names)
    )
    ids = dict(session.execute(found).all())
    return [ids[name] for name in names]


class StreetOutings:
    """Plans the outings day by day into `rows`, then the persons met in them."""

    def __init__(
        self,
        rng: random.Random,
        calendar: Calendar,
        rows: SessionRows,
        context: tuple[NightHours, int, str],
    ) -> None:
        self._rng = rng
        self._calendar = calendar
        self._rows = rows
        self._night, self._bag, host_country = context
        self._regions = street_counts.street_regions(region_of(host_country))
        self._plans: list[_Plan] = []

    def plan(self, team: list[int], lead: list[int], zones: list[int], now: dt.datetime) -> None:
        """Outings on every day of the calendar, each recorded before `now`."""
        rng, mean = self._rng, OUTINGS_PER_YEAR / 365.25
        for day in range(self._calendar.last + 1):
            chance = mean * _WEEKDAY[self._calendar.weekdays[day]] / MAX_A_DAY
            for _ in range(sum(rng.random() < chance for _ in range(MAX_A_DAY))):
                self._outing(day, team, lead, rng.choice(zones), now)

    def meet(self, known: KnownPersons) -> list[int]:
        """Registered persons met: a few of those already known each outing, and some met
        before they first came to the desk; returns the latter."""
        first_met = self._first_met(known)
        for plan in self._plans:
            count = _KNOWN_MET.pick(self._rng)
            plan.met.update(known.recent(self._rng, plan.day, count))
        for plan in self._plans:
            for person in sorted(plan.met):
                actions = street_counts.contact_actions(self._rng)
                self._rows.contact(plan.id, person, actions, asked=False)
        return first_met

    def outings(self) -> list[Outing]:
        return [
            Outing(p.id, p.starts_at, p.recorded_at, p.by, p.anonymous + len(p.met))
            for p in self._plans
        ]

    def registrations(self, first_met: list[int]) -> list[Row]:
        """The persons first met in the street, registered in the outing that met them."""
        first_of: dict[int, _Plan] = {}
        for plan in self._plans:
            for person in plan.met:
                first_of.setdefault(person, plan)
        return [
            {
                "person": person,
                "day": self._calendar.first + dt.timedelta(days=first_of[person].day),
                "at": first_of[person].starts_at,
            }
            for person in first_met
        ]

    def _first_met(self, known: KnownPersons) -> list[int]:
        rng, days = self._rng, [plan.day for plan in self._plans]
        low_gap, high_gap = STREET_FIRST_DAYS
        met = []
        for person, first_day in known.through_outreach:
            if rng.random() >= STREET_FIRST_SHARE:
                continue
            low = bisect_left(days, first_day - high_gap)
            high = bisect_left(days, first_day - low_gap + 1)
            if high > low:
                self._plans[rng.randrange(low, high)].met.add(person)
                met.append(person)
        return met

    def _outing(
        self, day: int, team: list[int], lead: list[int], zone: int, now: dt.datetime
    ) -> None:
        rng = self._rng
        night = rng.random() < NIGHT_SHARE
        start, hours = self._times(night)
        starts_at = self._calendar.moment(day, start)
        ends_at = starts_at + dt.timedelta(hours=hours)
        recorded_at = ends_at + dt.timedelta(minutes=rng.randint(10, 40))
        if recorded_at >= now:
            return
        first = rng.choice(lead)
        members = [first, *rng.sample([s for s in team if s != first], _TEAM_SIZE.pick(rng) - 1)]
        shift = shift_of(dt.time(start // 3600, start % 3600 // 60), self._night)
        session_id = self._session(day, starts_at, ends_at, recorded_at, zone, shift, first)
        rows = self._rows
        rows.staff += [{"session_id": session_id, "staff_id": s, "part": "team"} for s in members]
        rows.settings += [
            {"session_id": session_id, "setting": s}
            for s in street_counts.settings(rng, night=shift is Shift.NIGHT)
        ]
        anonymous = rng.randint(*street_counts.ANONYMOUS)
        rows.tally(session_id, street_counts.street_tallies(rng, self._regions, anonymous))
        rows.actions += [
            {"session_id": session_id, "action": action, "count": count}
            for action, count in street_counts.counted_actions(rng, anonymous).items()
        ]
        self._plans.append(_Plan(session_id, day, starts_at, recorded_at, first, anonymous, set()))

    def _times(self, night: bool) -> tuple[int, float]:
        """Start (seconds after midnight) and length in hours: a night outing sets out in the
        first hours of the clinic's night and comes back after midnight."""
        rng = self._rng
        if night:
            night_from = self._night.starts.hour * 3600 + self._night.starts.minute * 60
            start = night_from + int(rng.uniform(0.25, 3.0) * 3600)
            return min(start, _LATEST_START) // 300 * 300, rng.uniform(3.0, 5.0)
        return int(rng.uniform(10.0, 16.5) * 12) * 300, rng.uniform(2.0, 4.0)

    def _session(
        self,
        day: int,
        starts_at: dt.datetime,
        ends_at: dt.datetime,
        recorded_at: dt.datetime,
        zone: int,
        shift: Shift,
        by: int,
    ) -> int:
        return self._rows.session(
            {
                "kind": SessionKind.STREET.value,
                "day": self._calendar.first + dt.timedelta(days=day),
                "starts_at": starts_at,
                "ends_at": ends_at,
                "shift": shift.value,
                "zone_id": zone,
                "venue_id": None,
                "volunteers": 1 if self._rng.random() < 0.15 else 0,
                "interview_requests": 0,
                "place_id": self._bag,
                "created_by_id": by,
                "created_at": recorded_at,
            }
        )


def register_in_the_street(session: Session, registrations: list[Row]) -> None:
    """Move the registration of persons first met in the street to the outing that met them."""
    person = table_of(Person)
    statement = (
        update(person)
        .where(person.c.id == bindparam("person"))
        .values(
            first_contact=bindparam("day"),
            consent_date=bindparam("day"),
            created_at=bindparam("at"),
            updated_at=bindparam("at"),
        )
    )
    if registrations:
        session.execute(statement, registrations)
