"""The one shape every figure of the activity report takes (issue 15), from the SQL that counts
it to the screen, the PDF, CSV, XLSX and JSON that show it.

A `Table` is a grid of whole counts: rows by columns, for the period and for the period before
it, with each row and column keyed in words no language changes (a vocabulary value, an ISO
country code, a month's number), so that JSON keys stay stable, and labelled in the report's
language. Shares, changes and averages are worked out from these counts where they are shown;
small-cell suppression (`suppression.py`) turns a table into a `Published` one before it
leaves the clinic. A `Section` is a part of the report (persons, contacts, ...) with its
tables; the `Report` holds them with its period and the choices it was made with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from clinic.common.clock import Clock

Grid = tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class Period:
    """Clinic days from `since` up to, not including, `until` (a year: 1 Jan to 1 Jan)."""

    since: dt.date
    until: dt.date

    def __post_init__(self) -> None:
        if self.until <= self.since:
            raise ValueError("a period ends after it starts")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year + 1, 1, 1))

    def before(self) -> Period:
        """The period just before, of the same length: the year, quarter or months before
        when this one is whole months; else as many days."""
        if self.since.day == 1 and self.until.day == 1:
            months = _months(self.until) - _months(self.since)
            return Period(_month(_months(self.since) - months), self.since)
        return Period(self.since - (self.until - self.since), self.since)

    def instants(self, clock: Clock) -> tuple[dt.datetime, dt.datetime]:
        """The period as UTC instants: from the start of its first clinic day to the start of
        the day after its last, in the clinic's zone."""
        return clock.day_bounds(self.since)[0], clock.day_bounds(self.until)[0]

    @property
    def last_day(self) -> dt.date:
        return self.until - dt.timedelta(days=1)


def _months(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _month(months: int) -> dt.date:
    return dt.date(months // 12, months % 12 + 1, 1)


class Chart(StrEnum):
    """How a table is drawn beside its numbers (none: the numbers say it all)."""

    NONE = "none"
    BARS = "bars"  # one bar per row, this period beside the previous one
    LINE = "line"  # rows in their order (months), a line per period
    HEAT = "heat"  # rows by columns shaded by count (weekday by hour)


@dataclass(frozen=True)
class Line:
    """A row or a column: `key` is what JSON and CSV call it in every language; `label` is
    what a reader sees, in the report's language."""

    key: str
    label: str


COUNT = "count"  # the key of the one column of a plain breakdown


@dataclass(frozen=True)
class Table:
    """Counts by rows and columns for the period (`current`) and the one before (`previous`).

    `whole`: the rows split one whole between them (each person in exactly one row): a total
    row is shown, and suppression keeps it from revealing a hidden row. A table whose rows
    overlap (persons who received each item: one person, several items) is not whole and
    shows no total.
    `total_key`: when the whole is also a figure of its own (the persons counted), the JSON
    key of that figure, so that it is the same number everywhere it appears.
    """

    key: str  # the JSON path: "persons.by_gender"
    title: str
    definition: str  # what it counts, exactly, in one or two sentences
    rows: tuple[Line, ...]
    columns: tuple[Line, ...]
    current: Grid
    previous: Grid | None
    whole: bool = False
    total_key: str | None = None
    chart: Chart = Chart.NONE

    def __post_init__(self) -> None:
        for grid in (self.current, self.previous):
            if grid is not None and (
                len(grid) != len(self.rows) or any(len(r) != len(self.columns) for r in grid)
            ):
                raise ValueError(f"{self.key}: a grid is not rows by columns")

    def value(self, row: str, column: str = COUNT, *, previous: bool = False) -> int:
        """One count by its keys (a test's or an export's way in)."""
        grid = self.previous if previous else self.current
        if grid is None:
            raise KeyError(f"{self.key}: no previous period")
        return grid[_index(self.rows, row)][_index(self.columns, column)]

    def total(self, column: str = COUNT, *, previous: bool = False) -> int:
        grid = self.previous if previous else self.current
        if grid is None:
            raise KeyError(f"{self.key}: no previous period")
        at = _index(self.columns, column)
        return sum(row[at] for row in grid)


def breakdown(
    key: str,
    title: str,
    definition: str,
    rows: Sequence[Line],
    current: Mapping[str, int],
    previous: Mapping[str, int] | None,
    **options: object,
) -> Table:
    """A table of one column from counts by row key (a key absent from a mapping is zero)."""
    column = (Line(COUNT, ""),)
    return Table(
        key,
        title,
        definition,
        tuple(rows),
        column,
        tuple((current.get(r.key, 0),) for r in rows),
        None if previous is None else tuple((previous.get(r.key, 0),) for r in rows),
        **options,  # type: ignore[arg-type]
    )


Shown = tuple[tuple[int | None, ...], ...]  # None: a hidden cell, printed "<k" or COMPLEMENT
COMPLEMENT = "x"  # a count hidden to protect a small one (statistical offices' "x")


@dataclass(frozen=True)
class Published:
    """A table as it may leave the clinic: every count from 1 to k-1 hidden, and enough others
    hidden beside them that no total or difference gives one back (`suppression.publish`).
    With suppression switched off (`below` None) nothing is hidden.

    `totals` and `previous_totals`: a whole table's total per column (None for a table that
    is not whole, or a hidden total). `changes` is left to the reader of these cells: a change
    is shown only when both of its counts are."""

    table: Table
    current: Shown
    previous: Shown | None
    totals: tuple[int | None, ...] | None
    previous_totals: tuple[int | None, ...] | None
    below: int | None  # k

    def hidden_text(self) -> str:
        return f"<{self.below}"

    def mark(self, count: int) -> str:
        """What a hidden cell prints, from its true count: "<k" for a small count (1..k-1);
        `COMPLEMENT` for one hidden beside it so that no total gives it back ("<5" for 57
        would be false)."""
        small = self.below is not None and 0 < count < self.below
        return self.hidden_text() if small else COMPLEMENT


@dataclass(frozen=True)
class Section:
    key: str  # "persons", "contacts", ...
    title: str
    tables: tuple[Table, ...]
    narrative: str = ""  # the coordinator's paragraph, as typed (escaped where printed)


@dataclass(frozen=True)
class Report:
    clinic: str
    language: str
    period: Period
    previous: Period
    sections: tuple[Section, ...]
    suppress_below: int | None  # k: counts 1..k-1 hidden; None when switched off (internal use)
    made_at: dt.datetime
    filters: Mapping[str, str] = field(default_factory=dict)  # e.g. {"site": "..."}, as labels
    # Sections whose small counts are hidden for this reader even when `suppress_below` is
    # None: they may not read that kind of record (clinic/statistics/annual.py).
    always_hidden: frozenset[str] = frozenset()

    def table(self, key: str) -> Table:
        for section in self.sections:
            for table in section.tables:
                if table.key == key:
                    return table
        raise KeyError(key)


def _index(lines: tuple[Line, ...], key: str) -> int:
    for at, line in enumerate(lines):
        if line.key == key:
            return at
    raise KeyError(key)
