"""The material section of the activity report (reports.md, "Material"): units handed out by
item and to whom, and the registered persons who received something.

A hand-out is a `distribution` and its movements (`MovementKind.DISTRIBUTION`); what an item
counts is the sum of those movements, so a session's material amended on its day counts what
was finally handed out. Vaccine doses leave the same stock but are the vaccinations section's.
Units fall in the period by the movement's instant, in the clinic's days, as the stock's
consumption (`clinic.materials.consumption`) counts them: the year's units of an item are the
hand-outs of the Consumption tab.

To whom: a registered person; no one on record (a hand-out without a record, or to a person
erased since: erased persons survive only as anonymous counts); or an outreach session's people
counted together. A merged record's hand-outs are its survivor's.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from enum import StrEnum
from itertools import pairwise
from typing import Any

from sqlalchemy import Select, case, exists, func, literal, select, union_all
from sqlalchemy.orm import Session

from clinic.i18n.translator import N_, Translator
from clinic.materials.catalogue import Item, read_items
from clinic.statistics.contacts import counted_key
from clinic.statistics.scope import Scope
from clinic.statistics.tables import COUNT, Chart, Line, Period, Section, Table, breakdown
from db.models.materials import Distribution, StockMovement
from db.models.registry import Person
from db.vocabulary.materials import MovementKind
from db.vocabulary.registry import PersonStatus

KEY = "material"
TITLE = N_("Material")


class Recipient(StrEnum):
    """Whom a hand-out went to: the columns of the table by item."""

    PERSON = "person"
    ANONYMOUS = "anonymous"
    OUTREACH = "outreach"


RECIPIENTS: Mapping[Recipient, str] = {
    Recipient.PERSON: N_("To registered persons"),
    Recipient.ANONYMOUS: N_("Without a record"),
    Recipient.OUTREACH: N_("Outreach sessions"),
}

# The headline figures, in their order: (row key, label).
HEADLINE: tuple[tuple[str, str], ...] = (
    ("units", N_("Units handed out")),
    ("units_to_persons", N_("Units handed out to registered persons")),
    ("persons", N_("Registered persons who received material")),
)
HEADLINE_DEFINITION = N_(
    "Units of material handed out in the period (every item, vaccines apart); those handed "
    "to registered persons; and the distinct registered persons who received at least one "
    "item, a merged record counted as its survivor, erased persons not counted. The average "
    "per person is the units handed to registered persons divided by those persons."
)
BY_ITEM_TITLE = N_("Material handed out by item")
BY_ITEM_DEFINITION = N_(
    "Units handed out in the period, by item, whoever received them. Items that moved in "
    "either period."
)
BY_RECIPIENT_TITLE = N_("Material handed out by item and recipient")
BY_RECIPIENT_DEFINITION = N_(
    "Units handed out in the period, by item, to registered persons; without a record (to "
    "someone who wanted none, or to a person since erased); and from an outreach bag to the "
    "people of a street or group session, counted together. Items that moved in either period."
)

Units = Counter[tuple[int, Recipient]]  # (item id, to whom): units


def section(scope: Scope) -> Section:
    """The material section: the headline figures and the units by item."""
    erased = erased_records(scope.session)
    units = _units(scope, scope.period, erased), _units(scope, scope.previous, erased)
    persons = _persons(scope, scope.period, erased), _persons(scope, scope.previous, erased)
    moved = {item for counts in units for (item, _), n in counts.items() if n}
    items = read_items(scope.session, ids=moved)
    t = scope.t
    by_recipient = _by_item(t, items, units)
    by_item = _units_by_item(t, by_recipient)
    tables = (_headline(t, units, persons), by_item, by_recipient)
    return Section(KEY, t.gettext(TITLE), tables)


def _headline(t: Translator, units: tuple[Units, Units], persons: tuple[int, int]) -> Table:
    def figures(counts: Units, people: int) -> dict[str, int]:
        to_persons = sum(n for (_, whom), n in counts.items() if whom is Recipient.PERSON)
        return {"units": counts.total(), "units_to_persons": to_persons, "persons": people}

    rows = [Line(key, t.gettext(label)) for key, label in HEADLINE]
    current, previous = (figures(c, p) for c, p in zip(units, persons, strict=True))
    return breakdown(KEY, t.gettext(TITLE), t.gettext(HEADLINE_DEFINITION), rows, current, previous)


def _by_item(t: Translator, items: list[Item], units: tuple[Units, Units]) -> Table:
    columns = tuple(Line(whom.value, t.gettext(label)) for whom, label in RECIPIENTS.items())

    def grid(counts: Units) -> tuple[tuple[int, ...], ...]:
        return tuple(tuple(counts[item.id, whom] for whom in RECIPIENTS) for item in items)

    return Table(
        f"{KEY}.by_item_and_recipient",
        t.gettext(BY_RECIPIENT_TITLE),
        t.gettext(BY_RECIPIENT_DEFINITION),
        tuple(Line(item_key(item), item.name(t)) for item in items),
        columns,
        grid(units[0]),
        grid(units[1]),
        whole=True,
    )


def _units_by_item(t: Translator, by_recipient: Table) -> Table:
    """Each item's units whoever received them (`material.by_item.<item key>` is a number):
    the table by recipient summed across, with a chart."""
    return Table(
        f"{KEY}.by_item",
        t.gettext(BY_ITEM_TITLE),
        t.gettext(BY_ITEM_DEFINITION),
        by_recipient.rows,
        (Line(COUNT, ""),),
        tuple((sum(line),) for line in by_recipient.current),
        None
        if by_recipient.previous is None
        else tuple((sum(line),) for line in by_recipient.previous),
        whole=True,
        chart=Chart.BARS,
    )


def item_key(item: Item) -> str:
    """An item's key in every language: Soglia's code, or its id for one the clinic added."""
    return item.code or f"item-{item.id}"


def _units(scope: Scope, period: Period, erased: list[int]) -> Units:
    """Units by item and recipient: ONE query, each month grouped on its own and the months
    added up (a year's hand-outs grouped at once sort a hundred thousand rows, three times
    slower: `clinic.materials.consumption` found the same)."""
    months = [_month_units(erased, start, end) for start, end in _month_instants(scope, period)]
    every = union_all(*months).subquery("months")
    query = select(every.c.item_id, every.c.whom, func.sum(every.c.units)).group_by(
        every.c.item_id, every.c.whom
    )
    return Counter(
        {(item, Recipient(whom)): int(n) for item, whom, n in scope.session.execute(query)}
    )


def _month_units(erased: list[int], start: dt.datetime, end: dt.datetime) -> Select[Any]:
    moved, handed = StockMovement, Distribution
    whom = case(
        (handed.session_id.is_not(None), literal(Recipient.OUTREACH.value)),
        (handed.person_id.is_(None), literal(Recipient.ANONYMOUS.value)),
        (handed.person_id.in_(erased), literal(Recipient.ANONYMOUS.value)),
        else_=literal(Recipient.PERSON.value),
    )
    return (
        select(moved.item_id, whom.label("whom"), func.sum(-moved.quantity).label("units"))
        .join(handed, handed.id == moved.distribution_id)
        .where(moved.kind == MovementKind.DISTRIBUTION.value, moved.at >= start, moved.at < end)
        .group_by(moved.item_id, whom)
    )


def erased_records(session: Session) -> list[int]:
    """The records that count as no person: erased ones, and those merged into one erased
    (a GDPR request's handful, read once: the person table has no index on the status)."""
    erased = list(
        session.scalars(select(Person.id).where(Person.status == PersonStatus.ERASED.value))
    )
    merged = session.scalars(select(Person.id).where(Person.merged_into_id.in_(erased)))
    return [*erased, *merged]


def _month_instants(scope: Scope, period: Period) -> list[tuple[dt.datetime, dt.datetime]]:
    """The period cut at each first of a month, as UTC instants of the clinic's days."""
    days = [period.since]
    month = dt.date(period.since.year, period.since.month, 1)
    while True:
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        if month >= period.until:
            break
        days.append(month)
    days.append(period.until)
    starts = [scope.clock.day_bounds(day)[0] for day in days]
    return list(pairwise(starts))


def _persons(scope: Scope, period: Period, erased: list[int]) -> int:
    """Distinct registered persons handed something in the period, by the hand-out's
    instant: each record is looked up in its own hand-outs' index, and the records are read
    from the index of their survivors (`ix_person_merged_into`), not the person table."""
    start, end = period.instants(scope.clock)
    handed = exists().where(
        Distribution.person_id == Person.id, Distribution.at >= start, Distribution.at < end
    )
    query = select(func.count(func.distinct(counted_key(Person)))).where(
        handed, Person.id.not_in(erased)
    )
    return scope.session.scalar(query) or 0
