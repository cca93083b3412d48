"""What the care, protection and coverage sections count with (issue 15): the period's bounds,
distinct persons among records, and tables built from grouped counts.

The rules every one of those sections follows are here once: a record of an erased person
still counts as a record (an anonymous count) but the person is never counted as a person; a
merged record counts as its survivor (`contacts.counted_key`), so a survivor with two records
is one person. Instants are compared with the clinic's day bounds (`Clock.day_bounds`), days
with days, so every query stays plain SQLAlchemy, portable to PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy import Select, distinct, func, select
from sqlalchemy.orm import Session, aliased

from clinic.care.lists import ListEntry, entries_by_id
from clinic.i18n.translator import Translator
from clinic.statistics.contacts import counted_key, not_erased
from clinic.statistics.scope import Counts, Scope
from clinic.statistics.tables import Line, Period, Table, breakdown
from db.models.care import CareListItem
from db.models.registry import Person

Cell = tuple[str, str]  # (row key, column key)
Cells = Mapping[Cell, int]
Texts = tuple[str, str]  # a table's title and definition, as msgids
NOT_RECORDED = "not_recorded"  # the row of records that do not say it (yet)


def persons_among(records: Select[Any]) -> Select[int]:
    """How many distinct persons the records of `records` (one column: a `person.id`) are:
    a merged record counts as its survivor, an erased person not at all. The records' persons
    are made distinct first: a year's fifty thousand consultations are fifteen thousand
    persons to look up, not fifty."""
    found = records.distinct().subquery("records")
    recorded, survivor = aliased(Person), aliased(Person)
    key = counted_key(recorded)
    return (
        select(func.count(distinct(key)))
        .select_from(found)
        .join(recorded, recorded.id == found.c[0])
        .join(survivor, survivor.id == key)
        .where(not_erased(recorded), not_erased(survivor))
    )


def count_persons(session: Session, records: Select[Any]) -> int:
    return session.scalar(persons_among(records)) or 0


def both_cells(scope: Scope, count: Callable[[Period], Cells]) -> tuple[Cells, Cells]:
    """`Scope.both` for counts by row and column."""
    return count(scope.period), count(scope.previous)


def vocabulary_lines(words: Mapping[Any, str], t: Translator) -> tuple[Line, ...]:
    """A closed vocabulary's every value, in its order, labelled in the report's language."""
    return tuple(Line(str(value), t.gettext(label)) for value, label in words.items())


def word_lines(words: Mapping[str, str], t: Translator) -> tuple[Line, ...]:
    """Lines from row keys and their labels' msgids."""
    return tuple(Line(key, t.gettext(label)) for key, label in words.items())


def entry_key(entry: ListEntry) -> str:
    """A care list entry's row key: its code, or `item-<id>` for one the coordinator added."""
    return entry.code or f"item-{entry.id}"


def entry_lines(
    session: Session, ids: Iterable[int], t: Translator
) -> tuple[tuple[Line, ...], Mapping[int, str], Mapping[int, str]]:
    """The care list entries that occurred (an open list: only those), in their list's and
    the coordinator's order: their lines, and each entry's row key and list by id."""
    wanted = set(ids)
    entries = entries_by_id(session, wanted)
    order = session.execute(
        select(CareListItem.id)
        .where(CareListItem.id.in_(wanted))
        .order_by(CareListItem.list, CareListItem.position, CareListItem.id)
    ).scalars()
    ranked = [entries[i] for i in order]
    keys = {entry.id: entry_key(entry) for entry in ranked}
    lists = {entry.id: entry.list.value for entry in ranked}
    return tuple(Line(keys[e.id], e.text(t)) for e in ranked), keys, lists


def table(
    key: str,
    texts: Texts,
    t: Translator,
    rows: Iterable[Line],
    counts: tuple[Counts, Counts],
    **options: Any,
) -> Table:
    """A one-column table (`breakdown`), its title and definition translated."""
    title, definition = texts
    return breakdown(key, t.gettext(title), t.gettext(definition), tuple(rows), *counts, **options)


def grid(
    key: str,
    texts: Texts,
    t: Translator,
    lines: tuple[tuple[Line, ...], tuple[Line, ...]],
    counts: tuple[Cells, Cells],
    **options: Any,
) -> Table:
    """A rows × columns table from counts by (row key, column key); a missing cell is 0."""
    rows, columns = lines
    current, previous = (
        tuple(tuple(found.get((r.key, c.key), 0) for c in columns) for r in rows)
        for found in counts
    )
    title, definition = texts
    return Table(
        key, t.gettext(title), t.gettext(definition), rows, columns, current, previous, **options
    )


def by_row(cells: Cells) -> Counts:
    """Counts by row key, summed over the columns."""
    sums: dict[str, int] = {}
    for (row, _), n in cells.items():
        sums[row] = sums.get(row, 0) + n
    return sums


def by_column(cells: Cells) -> Counts:
    """Counts by column key, summed over the rows."""
    sums: dict[str, int] = {}
    for (_, column), n in cells.items():
        sums[column] = sums.get(column, 0) + n
    return sums
