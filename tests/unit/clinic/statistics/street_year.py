"""A hand-built year of street work in Rome, 2026, with what came before (rows written as the
use cases leave them, so that every expected figure in the tests can be counted by hand).

Persons (code: gender, born, country; contacts):
- A: woman, 1 Jan 1980, RO. A visit on 1 Mar 2025; met in the day outing of 1 Feb 2026.
- B: woman, 15 Jun 2000, NG. Met only in the street, day outing of 1 Feb 2026.
- C: man, 1 Jan 1970, IT. Met in the street on 10 Nov 2025; a visit on 15 Jan 2026.
- D: man, 1 Dec 1960, IT. Met on the New Year's Eve outing (23:30 on 31 Dec 2025) and in the
  night outing of 5 Mar 2026.
- E: man, 1 Jan 1985, BR: merged into F. A visit on 1 May 2024; met in the night of 5 Mar 2026.
- F: trans woman, 5 May 1995, BR: E's survivor, registered again in 2026 (first contact
  1 Feb 2026); met in the day outing of 1 Feb 2026.
- G: erased. Met in the night outing of 5 Mar 2026.
- H: woman, born in 1990 (year only), NG. In the group of 10 Feb 2026 (asked for an
  interview) and in the night outing of 5 Mar 2026.
- I: not stated, no birth, no country. Met in the night outing of 5 Mar 2026.
- J: trans woman, 10 Feb 2008, AL. A visit on 5 Jan 2026 (aged 17); the night of 5 Mar 2026.
- K: man, 1 Jan 1999, UA. Only in the group of 10 Feb 2026.
- L: woman, 1 Jan 1990, IT. Only a dose in 2026, entered in error.
- M: woman, 1 Jan 1990, IT. Only condoms handed to her at the desk on 1 Apr 2026.

Sessions: 10 Nov 2025 (street, day), 31 Dec 2025 23:30 (street, night: the old year's),
1 Feb 2026 (street, day), 5 Mar 2026 22:00 (street, night), 10 Feb 2026 (group: a total of 12
without codes, H and K linked, 3 interview requests).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models.desk import Visit
from db.models.materials import Distribution, StockPlace
from db.models.outreach import OutreachContact, OutreachSession, OutreachTally
from db.models.registry import Person
from db.models.vaccinations import Vaccination, VaccineProduct
from tests.conftest import ROME


def local(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    """An instant given as Rome's wall clock, in UTC as stored."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=ROME).astimezone(dt.UTC)


_PERSONS: Mapping[str, tuple[str, dt.date | None, int | None, str | None, dt.date, str]] = {
    # code: gender, birth date, birth year, country, first contact, status
    "A": ("woman", dt.date(1980, 1, 1), 1980, "RO", dt.date(2025, 3, 1), "active"),
    "B": ("woman", dt.date(2000, 6, 15), 2000, "NG", dt.date(2026, 2, 1), "active"),
    "C": ("man", dt.date(1970, 1, 1), 1970, "IT", dt.date(2025, 11, 10), "active"),
    "D": ("man", dt.date(1960, 12, 1), 1960, "IT", dt.date(2025, 12, 31), "active"),
    "E": ("man", dt.date(1985, 1, 1), 1985, "BR", dt.date(2024, 5, 1), "merged"),
    "F": ("trans_woman", dt.date(1995, 5, 5), 1995, "BR", dt.date(2026, 2, 1), "active"),
    "G": ("not_stated", None, None, None, dt.date(2026, 3, 5), "erased"),
    "H": ("woman", None, 1990, "NG", dt.date(2026, 2, 10), "active"),
    "I": ("not_stated", None, None, None, dt.date(2026, 3, 5), "active"),
    "J": ("trans_woman", dt.date(2008, 2, 10), 2008, "AL", dt.date(2026, 1, 5), "active"),
    "K": ("man", dt.date(1999, 1, 1), 1999, "UA", dt.date(2026, 2, 10), "active"),
    "L": ("woman", dt.date(1990, 1, 1), 1990, "IT", dt.date(2026, 5, 1), "active"),
    "M": ("woman", dt.date(1990, 1, 1), 1990, "IT", dt.date(2026, 4, 1), "active"),
}


def build(session: Session, staff_id: int) -> dict[str, int]:
    """Write the year above; returns each person's id by code."""
    ids = {code: _person(session, code, *facts) for code, facts in _PERSONS.items()}
    session.get_one(Person, ids["E"]).merged_into_id = ids["F"]
    for code, moment in (("A", local(2025, 3, 1)), ("C", local(2026, 1, 15))):
        session.add(Visit(person_id=ids[code], arrival_at=moment, created_by_id=staff_id))
    session.add(Visit(person_id=ids["E"], arrival_at=local(2024, 5, 1), created_by_id=staff_id))
    session.add(Visit(person_id=ids["J"], arrival_at=local(2026, 1, 5), created_by_id=staff_id))
    _dose_in_error(session, ids["L"], staff_id)
    place = session.scalars(select(StockPlace.id).order_by(StockPlace.id)).first()
    session.add(
        Distribution(at=local(2026, 4, 1), by_id=staff_id, place_id=place, person_id=ids["M"])
    )
    _sessions(session, ids, staff_id)
    session.flush()
    return ids


def _person(
    session: Session,
    code: str,
    gender: str,
    born: dt.date | None,
    year: int | None,
    country: str | None,
    first: dt.date,
    status: str,
) -> int:
    now = local(2026, 3, 10)
    person = Person(
        code=f"STAT-{code}",
        gender=gender,
        birth_date=born,
        birth_year=year,
        country=country,
        engagement="not_stated",
        first_contact=first,
        contact_channel="outreach",
        status=status,
        created_at=now,
        updated_at=now,
    )
    session.add(person)
    session.flush()
    return person.id


def _dose_in_error(session: Session, person_id: int, staff_id: int) -> None:
    product = session.scalars(select(VaccineProduct).order_by(VaccineProduct.id)).first()
    assert product is not None
    session.add(
        Vaccination(
            person_id=person_id,
            vaccine_group=product.vaccine_group,
            product_id=product.id,
            dose_number=1,
            given_on=dt.date(2026, 5, 1),
            entered_in_error=True,
            recorded_at=local(2026, 5, 1),
            recorded_by_id=staff_id,
        )
    )


def _sessions(session: Session, ids: Mapping[str, int], staff_id: int) -> None:
    _session(session, staff_id, "street", local(2025, 11, 10, 10), 3, "day", [ids["C"]], [])
    new_year = [("woman", "25_34", "202", "yes", 5)]
    _session(
        session, staff_id, "street", local(2025, 12, 31, 23, 30), 3, "night", [ids["D"]], new_year
    )
    day_out = [("woman", "25_34", "202", "yes", 4), ("trans_woman", "unknown", "419", "no", 2)]
    _session(
        session,
        staff_id,
        "street",
        local(2026, 2, 1, 10),
        3,
        "day",
        [ids[c] for c in "ABF"],
        day_out,
    )
    night = [("woman", "25_34", "202", "no", 3), ("man", "18_24", "151", "not_known", 1)]
    met = [ids[c] for c in "DEGHIJ"]
    _session(session, staff_id, "street", local(2026, 3, 5, 22), 4, "night", met, night)
    group = _session(
        session,
        staff_id,
        "group",
        local(2026, 2, 10, 15),
        2,
        "day",
        [],
        [("not_stated", "unknown", "unknown", "not_known", 12)],
    )
    group.interview_requests = 3
    session.add(OutreachContact(session_id=group.id, person_id=ids["H"], asked_interview=True))
    session.add(OutreachContact(session_id=group.id, person_id=ids["K"]))


def _session(
    session: Session,
    staff_id: int,
    kind: str,
    starts: dt.datetime,
    hours: int,
    shift: str,
    met: list[int],
    tallies: list[tuple[str, str, str, str, int]],
) -> OutreachSession:
    row = OutreachSession(
        kind=kind,
        day=starts.astimezone(ROME).date(),
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=hours),
        shift=shift,
        created_by_id=staff_id,
        created_at=starts,
    )
    session.add(row)
    session.flush()
    for person_id in met:
        session.add(OutreachContact(session_id=row.id, person_id=person_id))
    for gender, band, region, met_before, count in tallies:
        fields: dict[str, Any] = {"gender": gender, "age_band": band, "region": region}
        session.add(OutreachTally(session_id=row.id, met_before=met_before, count=count, **fields))
    return row
