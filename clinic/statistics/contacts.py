"""Who the clinic met in a period, across every capability: the person-level figures of the
activity report (reference/reports.md, "Definitions Soglia should use"), written once here.

A **contact** of a registered person is any of: a visit (a check-in at the desk), a
consultation, a vaccination dose given here, a hand-out of material to them, or their being met
in a street or group session (`outreach_contact`, dated by its session's day). Records entered
in error are no contact; a dose given elsewhere or refused is none of the clinic's.

A **person counted** in a period has a contact in it. A **merged** record's contacts are its
survivor's (`person.merged_into_id`), so the survivor counts once; an **erased** person is never
counted as a person. A person is **new** when their first contact of any kind, ever, falls in the
period: no contact before it, and a first contact in the registry (`person.first_contact`, what
the desk was told at registration) not before it either. **Returning**: counted and not new.

Periods are clinic days `[since, until)`, bounded in the clinic's time zone (`Clock.day_bounds`).
Instants are compared with those bounds and days with the days, each in its own column type, so
the queries are plain SQLAlchemy on SQLite (integer instants) and PostgreSQL alike. The only
figure SQL cannot give portably is the age at the first contact (the clinic's day of an
instant): it is worked out per person, never per contact (`read_persons`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import (
    CTE,
    Boolean,
    ColumnElement,
    CompoundSelect,
    Date,
    Select,
    Subquery,
    and_,
    case,
    cast,
    false,
    func,
    not_,
    null,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from clinic.common.clock import Clock
from clinic.outreach.regions import region_of
from clinic.statistics.tables import Period
from db.models.base import UTCDateTime
from db.models.care import Consultation
from db.models.desk import Visit
from db.models.materials import Distribution
from db.models.outreach import OutreachContact, OutreachSession
from db.models.registry import Person
from db.models.vaccinations import Vaccination
from db.vocabulary.materials import AgeBand
from db.vocabulary.outreach import Region
from db.vocabulary.registry import Gender, PersonStatus

# The lower age of each band of the report (DESIGN.md "Reports"), oldest first.
_BANDS_FROM: tuple[tuple[int, AgeBand], ...] = (
    (55, AgeBand.FROM_55),
    (45, AgeBand.FROM_45),
    (35, AgeBand.FROM_35),
    (25, AgeBand.FROM_25),
    (18, AgeBand.FROM_18),
    (0, AgeBand.UNDER_18),
)
_BATCH = 500  # survivors' ids bound in one IN (...) list, well under any database's limit


class CountedPerson(NamedTuple):
    """One person counted in a period, as `person_facts` reads them (their survivor's record).
    A named tuple: a year's thousands of them are made in a few milliseconds."""

    person_id: int
    gender: Gender
    age_band: AgeBand  # at their first contact in the period
    country: str | None
    region: Region
    new: bool


@dataclass(frozen=True)
class PersonCounts:
    """Distinct persons and how they split; each mapping sums to `persons`."""

    persons: int
    new: int
    by_gender: Mapping[Gender, int]
    by_age_band: Mapping[AgeBand, int]
    by_region: Mapping[Region, int]
    by_country: Mapping[str | None, int]

    @property
    def returning(self) -> int:
        return self.persons - self.new


def contacts(clock: Clock, period: Period, among: Select[Any] | None = None) -> CompoundSelect[Any]:
    """Every contact of the period, ONE union: `person_id` as recorded (perhaps a merged
    record), and when: `at` (an instant) or `on` (a day), whichever the record keeps.

    `among`: survivors' ids; only their contacts and those of the records merged into them
    are read (a few thousand persons met in the street, not the year's every visit)."""
    start, end = period.instants(clock)
    no_day, no_instant = cast(null(), Date), cast(null(), UTCDateTime())
    records = None if among is None else _records_of(among)

    def whose(person_id: Any) -> ColumnElement[bool]:
        if records is None:
            found: ColumnElement[bool] = person_id.is_not(None)
        else:
            found = person_id.in_(select(records.c.id))
        return found

    return union_all(
        select(Visit.person_id, Visit.arrival_at.label("at"), no_day.label("on")).where(
            whose(Visit.person_id), Visit.arrival_at >= start, Visit.arrival_at < end
        ),
        select(Consultation.person_id, Consultation.written_at, no_day).where(
            whose(Consultation.person_id),
            Consultation.entered_in_error == false(),
            Consultation.written_at >= start,
            Consultation.written_at < end,
        ),
        select(Vaccination.person_id, no_instant, Vaccination.given_on).where(
            whose(Vaccination.person_id),
            dose_given_here(),
            Vaccination.given_on >= period.since,
            Vaccination.given_on < period.until,
        ),
        select(Distribution.person_id, Distribution.at, no_day).where(
            whose(Distribution.person_id), Distribution.at >= start, Distribution.at < end
        ),
        select(OutreachContact.person_id, OutreachSession.starts_at, no_day)
        .join(OutreachSession, OutreachSession.id == OutreachContact.session_id)
        .where(
            whose(OutreachContact.person_id),
            OutreachSession.day >= period.since,
            OutreachSession.day < period.until,
        ),
    )


def _records_of(survivors: Select[Any]) -> CTE:
    """The records that count as these survivors: theirs and those merged into them. A CTE,
    read once by every branch of the union (as a subquery, each branch ran it again)."""
    chosen = survivors.cte("chosen")
    merged = select(Person.id).where(
        Person.status == PersonStatus.MERGED.value,
        Person.merged_into_id.in_(select(chosen)),
    )
    return select(chosen.c[0].label("id")).union(merged).cte("records")


def counted_key(person: type[Person]) -> ColumnElement[int]:
    """The person a record counts as: its survivor when merged, else itself."""
    return func.coalesce(person.merged_into_id, person.id)


def persons_counted(clock: Clock, period: Period, among: Select[Any] | None = None) -> Subquery:
    """The distinct persons counted in the period (`person_id`, their survivor's id), with
    their first contact in it (`first_at`, an instant, and `first_on`, a day, either NULL) and
    the facts of their survivor's record the report splits them by (`gender`, `birth_date`,
    `birth_year`, `country`, `first_contact`). `among`: only these survivors (see `contacts`).

    The contacts are first grouped by the record they were written on, then each record is
    read once (and its survivor only when it was merged): a year's 200,000 contacts are
    20,000 records."""
    met = contacts(clock, period, among).subquery("met")
    per_record = (
        select(
            met.c.person_id,
            func.min(met.c.at).label("first_at"),
            func.min(met.c.on).label("first_on"),
        )
        .group_by(met.c.person_id)
        .subquery("per_record")
    )
    recorded, survivor = aliased(Person), aliased(Person)
    key = counted_key(recorded)

    def survivors(column: str) -> ColumnElement[Any]:
        """The survivor's fact: the record's own, or the one it was merged into's. The same
        on every row of a person's group, so any aggregate reads it."""
        fact = case(
            (survivor.id.is_(None), getattr(recorded, column)), else_=getattr(survivor, column)
        )
        return func.max(fact).label(column)

    return (
        select(
            key.label("person_id"),
            func.min(per_record.c.first_at).label("first_at"),
            func.min(per_record.c.first_on).label("first_on"),
            *(survivors(c) for c in ("gender", "birth_date", "birth_year", "country")),
            survivors("first_contact"),
        )
        .join(recorded, recorded.id == per_record.c.person_id)
        .outerjoin(survivor, survivor.id == recorded.merged_into_id)
        .where(not_erased(recorded), or_(survivor.id.is_(None), not_erased(survivor)))
        .group_by(key)
        .subquery("counted")
    )


def new_persons(clock: Clock, period: Period) -> Select[tuple[int]]:
    """The persons counted in the period whose first contact of any kind, ever, is in it."""
    counted = persons_counted(clock, period)
    return select(counted.c.person_id).where(
        is_new(clock, period, counted.c.person_id, counted.c.first_contact)
    )


def is_new(
    clock: Clock, period: Period, person_id: ColumnElement[int], first_contact: ColumnElement[Any]
) -> ColumnElement[bool]:
    """True for a counted person (a survivor's id, with the first contact their record
    states) with no contact before the period, neither theirs nor of a record merged into
    theirs.

    The merged records are read once (a list independent of the row); each person's own
    history is a few index seeks, so twenty years of visits are never scanned.
    """
    merged = aliased(Person)
    merged_seen = select(merged.merged_into_id).where(
        merged.merged_into_id.is_not(None),  # the merged records, by their index
        merged.status == PersonStatus.MERGED.value,
        seen_before(clock, period.since, merged.id, merged.first_contact),
    )
    own_seen = seen_before(clock, period.since, person_id, first_contact)
    return not_(or_(own_seen, person_id.in_(merged_seen)))


def seen_before(
    clock: Clock, day: dt.date, person_id: Any, first_contact: Any
) -> ColumnElement[bool]:
    """Whether a record had a contact of any kind before the clinic's `day`, or told the desk
    of a first contact (`first_contact`, its registry date) before it."""
    start, _ = clock.day_bounds(day)
    met = OutreachContact
    # Each asks for the person's id, not `*`: SQLite then answers from the index alone.
    return or_(
        first_contact < day,
        select(Visit.person_id)
        .where(Visit.person_id == person_id, Visit.arrival_at < start)
        .exists(),
        select(Consultation.person_id)
        .where(
            Consultation.person_id == person_id,
            Consultation.written_at < start,
            Consultation.entered_in_error == false(),
        )
        .exists(),
        select(Vaccination.person_id)
        .where(Vaccination.person_id == person_id, Vaccination.given_on < day, dose_given_here())
        .exists(),
        select(Distribution.person_id)
        .where(Distribution.person_id == person_id, Distribution.at < start)
        .exists(),
        select(met.person_id)
        .join(OutreachSession, OutreachSession.id == met.session_id)
        .where(met.person_id == person_id, OutreachSession.day < day)
        .exists(),
    )


def person_facts(clock: Clock, period: Period) -> Select[Any]:
    """Per person counted: what the report splits them by, their first contact in the period
    and whether they are new."""
    counted = persons_counted(clock, period)
    first = counted.c.first_at, counted.c.first_on, cast(null(), Date)
    return select(*_facts(clock, period, counted.c.person_id, counted.c, first))


def met_facts(clock: Clock, period: Period, met: Select[int, dt.date]) -> Select[Any]:
    """`person_facts` of the persons a set of contacts of the period already tells are counted:
    `met` gives a record's id (perhaps merged) and the clinic day of a contact of theirs in it.

    Their other contacts are not read: a row's first contact is left NULL and `by_day` is the
    earliest day `met` knows, which their first contact cannot be after; `read_persons` reads
    the first contact only of the few whose age band may change between the period's start
    and that day. (Reading every person's contacts of the year across every table was most
    of the year's street figures.)"""
    known = met.subquery("known")
    recorded, survivor = aliased(Person), aliased(Person)
    key = counted_key(recorded)
    firsts = (
        select(key.label("person_id"), func.min(known.c[1]).label("by_day"))
        .join(recorded, recorded.id == known.c[0])
        .where(not_erased(recorded))
        .group_by(key)
        .subquery("firsts")
    )
    first = cast(null(), UTCDateTime()), cast(null(), Date), firsts.c.by_day
    return (
        select(*_facts(clock, period, firsts.c.person_id, survivor, first))
        .join(survivor, survivor.id == firsts.c.person_id)
        .where(not_erased(survivor))
    )


def _facts(
    clock: Clock,
    period: Period,
    person_id: ColumnElement[int],
    survivor: Any,
    first: tuple[ColumnElement[Any], ColumnElement[Any], ColumnElement[Any]],
) -> tuple[Any, ...]:
    """The columns `read_persons` unpacks, in its order: who, their facts (`survivor`: the
    survivor's record, or columns of the same names), their first contact in the period (an
    instant, a day, or only a day it is not after) and whether new."""
    first_at, first_on, by_day = first
    return (
        person_id.label("person_id"),
        survivor.gender,
        survivor.birth_date,
        survivor.birth_year,
        survivor.country,
        first_at.label("first_at"),
        first_on.label("first_on"),
        by_day.label("by_day"),
        type_coerce(is_new(clock, period, person_id, survivor.first_contact), Boolean).label("new"),
    )


def read_persons(
    session: Session, clock: Clock, period: Period, query: Select[Any]
) -> tuple[CountedPerson, ...]:
    """The rows of `person_facts` or `met_facts`, each with its age band at its first contact
    in the period. A row without its first contact (`met_facts`) has the band it has all the
    way from the period's start to its `by_day`, when that does not change; otherwise its first
    contact is read (a birthday that crosses a band, a few persons in a hundred)."""
    rows = [tuple(row) for row in session.execute(query)]  # in the order of `_facts`
    bands: dict[int, AgeBand] = {}
    unsure: dict[int, tuple[dt.date | None, int | None]] = {}
    for person_id, _, born, year, _, first_at, first_on, by_day, _ in rows:
        if by_day is None:
            bands[person_id] = age_band(_age_on(_first_day(clock, first_at, first_on), born, year))
            continue
        band = age_band(_age_on(period.since, born, year))
        if band is age_band(_age_on(by_day, born, year)):
            bands[person_id] = band
        else:
            unsure[person_id] = born, year
    for person_id, day in _first_days(session, clock, period, list(unsure)).items():
        bands[person_id] = age_band(_age_on(day, *unsure[person_id]))
    genders = {gender.value: gender for gender in Gender}
    regions: dict[str | None, Region] = {}
    return tuple(
        CountedPerson(
            person_id,
            genders[gender],
            bands[person_id],
            country,
            regions.get(country) or regions.setdefault(country, region_of(country)),
            bool(new),
        )
        for person_id, gender, _, _, country, _, _, _, new in rows
    )


def _first_days(
    session: Session, clock: Clock, period: Period, survivors: list[int]
) -> dict[int, dt.date]:
    """The clinic day of each survivor's first contact in the period, read in batches."""
    days: dict[int, dt.date] = {}
    for batch in in_batches(survivors):
        counted = persons_counted(clock, period, select(Person.id).where(Person.id.in_(batch)))
        for row in session.execute(select(counted)):
            days[row.person_id] = _first_day(clock, row.first_at, row.first_on)
    return days


def in_batches(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    """Ids a few hundred at a time, for `IN (...)` lists well under any database's limit."""
    for start in range(0, len(ids), _BATCH):
        yield ids[start : start + _BATCH]


def tally_persons(persons: Iterable[CountedPerson]) -> PersonCounts:
    """Count distinct persons, new ones, and by gender, age band, region and country."""
    people = tuple(persons)
    return PersonCounts(
        persons=len(people),
        new=sum(p.new for p in people),
        by_gender=Counter(p.gender for p in people),
        by_age_band=Counter(p.age_band for p in people),
        by_region=Counter(p.region for p in people),
        by_country=Counter(p.country for p in people),
    )


def age_band(age: int | None) -> AgeBand:
    """The report's band of an age in whole years; UNKNOWN stays unknown, never guessed. A
    negative age (a contact before the birth the record gives: a wrong date) is unknown too."""
    if age is None or age < 0:
        return AgeBand.UNKNOWN
    return next(band for lowest, band in _BANDS_FROM if age >= lowest)


def _first_day(clock: Clock, first_at: dt.datetime | None, first_on: dt.date | None) -> dt.date:
    days = [d for d in (first_on, first_at and clock.local(first_at).date()) if d is not None]
    return min(days)


def _age_on(day: dt.date, born: dt.date | None, year: int | None) -> int | None:
    if born is not None:
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    return None if year is None else day.year - year


def dose_given_here() -> ColumnElement[bool]:
    return and_(
        Vaccination.refused == false(),
        Vaccination.entered_in_error == false(),
        Vaccination.given_elsewhere == false(),
    )


def not_erased(person: type[Person]) -> ColumnElement[bool]:
    return person.status != PersonStatus.ERASED.value
