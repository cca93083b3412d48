"""How much went out, month by month (issue 13): what donors ask and the annual report counts.

Consumption is what was handed out: the distributions' movements and the vaccine doses given
(each vaccine product is an item of the stock). Receipts, transfers and adjustments move stock
without anyone receiving it, so they do not count; a dose put back counts back.

Months are the clinic's: a box handed out at 23:30 on 31 January in Rome is January's, though
it is already February in UTC. The thirteen instants where the year's months start are worked
out here, in Python, and each movement is put in its month by a `CASE` over its instant, so the
database compares integers (SQLite) or timestamps (PostgreSQL) and needs no date function of
its own.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic.audit.log import safe_cell
from clinic.common.clock import Clock
from clinic.common.permissions import Actor, Permission, require
from clinic.i18n.translator import Translator
from clinic.materials import catalogue
from db.models.materials import StockMovement
from db.vocabulary.materials import MovementKind

MONTHS = 12
# What goes to people: a hand-out, or a dose of vaccine.
CONSUMED = (MovementKind.DISTRIBUTION.value, MovementKind.DOSE.value)


@dataclass(frozen=True)
class Consumed:
    """How many of an item left a place to people in one month (1..12) of the year."""

    item_id: int
    place_id: int
    month: int
    quantity: int


def month_starts(clock: Clock, year: int) -> list[dt.datetime]:
    """The UTC instants where each month of `year` starts in the clinic's zone, and where the
    next year starts: thirteen bounds, twelve months."""
    firsts = [dt.date(year, month, 1) for month in range(1, MONTHS + 1)]
    firsts.append(dt.date(year + 1, 1, 1))
    return [clock.day_bounds(first)[0] for first in firsts]


def monthly_consumption(
    session: Session, actor: Actor, clock: Clock, year: int, place_id: int | None = None
) -> list[Consumed]:
    """What went out in each month of `year`, per item and place (of one place), months without
    any left out. A statistic (reliability.md: the coordinator's "statistics" of material)."""
    require(session, actor, Permission.STATISTICS)
    bounds = month_starts(clock, year)
    rows: list[Consumed] = []
    for number in range(1, MONTHS + 1):
        # One query a month, each read from the movements' (kind, at, ...) index alone: four
        # times faster than one query sorting a year's movements into months (issue 13's
        # benchmark, benchmarks/bench_materials.py).
        query = (
            select(StockMovement.item_id, StockMovement.place_id, func.sum(-StockMovement.quantity))
            .where(
                StockMovement.kind.in_(CONSUMED),
                StockMovement.at >= bounds[number - 1],
                StockMovement.at < bounds[number],
            )
            .group_by(StockMovement.item_id, StockMovement.place_id)
        )
        if place_id is not None:
            query = query.where(StockMovement.place_id == place_id)
        rows += (
            Consumed(item, place, number, int(total))
            for item, place, total in session.execute(query)
        )
    return sorted(
        (row for row in rows if row.quantity),
        key=lambda row: (row.item_id, row.place_id, row.month),
    )


@dataclass(frozen=True)
class ConsumptionRow:
    """One line of the table and its exports: an item at a place, its twelve months."""

    item: str
    place: str
    months: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.months)


def consumption_table(
    session: Session,
    actor: Actor,
    clock: Clock,
    year: int,
    t: Translator,
    place_id: int | None = None,
) -> list[ConsumptionRow]:
    """The year's consumption named in the user's language, in the catalogue's order of items
    and places: what the stock page shows and the exports write."""
    counts: dict[tuple[int, int], list[int]] = {}
    for row in monthly_consumption(session, actor, clock, year, place_id):
        counts.setdefault((row.item_id, row.place_id), [0] * MONTHS)[row.month - 1] = row.quantity
    items = catalogue.items(session, actor, active_only=False)
    places = catalogue.places(session, actor, active_only=False)
    return [
        ConsumptionRow(item.name(t), place.name(t), tuple(counts[(item.id, place.id)]))
        for item in items
        for place in places
        if (item.id, place.id) in counts
    ]


def header(year: int, t: Translator) -> list[str]:
    """Item, place, the months as `2025-01` (the same in every language, sorted as dates), and
    the year's total."""
    months = [f"{year}-{month:02d}" for month in range(1, MONTHS + 1)]
    return [t.gettext("Item"), t.gettext("Place"), *months, t.gettext("Total")]


def consumption_csv(
    session: Session,
    actor: Actor,
    clock: Clock,
    year: int,
    t: Translator,
    place_id: int | None = None,
) -> str:
    """The table as CSV text; a name the coordinator typed that would start a formula is
    written so a spreadsheet shows it as text (`safe_cell`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe_cell(title) for title in header(year, t)])
    for row in consumption_table(session, actor, clock, year, t, place_id):
        writer.writerow([safe_cell(value) for value in _values(row)])
    return out.getvalue()


def consumption_xlsx(
    session: Session,
    actor: Actor,
    clock: Clock,
    year: int,
    t: Translator,
    place_id: int | None = None,
) -> bytes:
    """The table as an Excel workbook: names through the same guard as the CSV's, counts as
    numbers a spreadsheet can add up."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(year)
    sheet.append([_xlsx_cell(title) for title in header(year, t)])
    for row in consumption_table(session, actor, clock, year, t, place_id):
        sheet.append([_xlsx_cell(value) for value in _values(row)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _values(row: ConsumptionRow) -> tuple[object, ...]:
    return (row.item, row.place, *row.months, row.total)


def _xlsx_cell(value: object) -> int | str:
    """A count stays a number; anything else is text, guarded (openpyxl would store a text
    starting with `=` as a formula)."""
    return value if isinstance(value, int) else safe_cell(value)
