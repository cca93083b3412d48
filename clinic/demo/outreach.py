"""The demo clinic's street and group sessions (issue 14), written after the visits so that
the persons met are the demo's own, and before the material, whose walk hands out each
outing's material from the outreach bag (`clinic.demo.materials`).

Street outings: `clinic.demo.street`; group sessions: `clinic.demo.groups`; the rows and the
persons met: `clinic.demo.outreach_rows`. All in one transaction: twenty years are some
sixteen thousand outings, a few hundred thousand rows.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from clinic.common.clock import Clock
from clinic.demo.groups import GroupSessions
from clinic.demo.outreach_rows import KnownPersons, SessionRows
from clinic.demo.registry import Calendar
from clinic.demo.street import Outing, StreetOutings, register_in_the_street, seed_zones
from clinic.outreach.sessions import night_hours
from clinic.staff.vocabulary import Role
from db.engine import Database
from db.models.materials import StockPlace


@dataclass(frozen=True)
class OutreachSummary:
    street: int = 0
    groups: int = 0
    first_met_in_street: int = 0


def write_outreach(
    database: Database,
    rng: random.Random,
    calendar: Calendar,
    clock: Clock,
    staff: Mapping[Role, list[int]],
    host_country: str,
) -> tuple[OutreachSummary, list[Outing]]:
    """The street outings and monthly group sessions of the demo's history, with the persons
    met in them; the outings are returned for their material."""
    outreach, social = staff[Role.OUTREACH], staff[Role.SOCIAL]
    with database.write() as session:
        rows = SessionRows.after(session)
        night = night_hours(session)
        bag = session.scalar(select(StockPlace.id).where(StockPlace.code == "outreach_bag"))
        assert bag is not None, "the migrations make the outreach bag"
        zones = seed_zones(session, host_country)
        known = KnownPersons(session, calendar.first)
        street = StreetOutings(rng, calendar, rows, (night, bag, host_country))
        street.plan(outreach + social, outreach or social, zones, clock.now())
        first_met = street.meet(known)
        groups = GroupSessions(rng, calendar, rows, session, night)
        group_count = groups.plan(social, outreach, known)
        rows.write(session)
        register_in_the_street(session, street.registrations(first_met))
    outings = street.outings()
    return OutreachSummary(len(outings), group_count, len(first_met)), outings
