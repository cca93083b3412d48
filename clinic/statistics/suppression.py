"""Small-cell suppression: a table as it may leave the clinic (issue 15; reference/reports.md,
"Publishing").

Counts from 1 to k-1 are hidden; zero is shown. Around them, complementary cells are hidden so
that no total minus the visible cells gives a hidden count back. The choices made here:

- Which totals a reader has. A table that is not whole has none (its rows overlap): only its
  small counts are hidden. A whole table prints each column's total; when it has several
  columns, each row's total and the grand total are taken as known too (they are printed
  elsewhere: visits by weekday beside weekday by hour, the persons counted), unless they are
  small counts themselves, hidden wherever they are printed. `disclosure.py` says how these
  margins are read.
- In a table of several columns, a small count alone in its row and column is first hidden
  with the three other corners of the cheapest rectangle (the fewest, then the smallest new
  cells; none of them zero, see below): one rectangle closes two rows and two columns, where
  lines completed one at a time wander.
- The classic rule: every row and column with a hidden cell has at least two, its total
  counting as one of its cells (so a line whose total is hidden may have one hidden cell
  besides). The total row counts as a line, the grand total as its total.
- The classic rule misses one pattern: two groups of hidden cells linked by a single cell (a
  bridge), which the lines on one side give back. So, once the lines are complete, every small
  count (and every cell hidden because its figure is hidden elsewhere) is checked exactly
  (`disclosure.worked_out`) and, when one can still be worked out, one more cell is hidden and
  the lines completed again, until none can. A small count that the margins alone give back
  (a row total that is the only small one of its column of row totals) is the business of the
  table that prints those margins, and is not chased here.
- The complement: a cell inside the table before a printed total (readers look for totals), a
  non-zero count before a zero, one that also completes its crossing line (fewer cells hidden
  in all), then the smallest (the least lost), then the first.
- Zeros. A zero is shown, and hidden only as a last resort, when a line needs a second hidden
  cell and has no non-zero count left inside the table. Hiding a zero does keep the reader from
  telling it from 1..k-1, but a count cannot go below zero, so a hidden zero lets the cells
  linked to it move one way only: beside a 3, in a line whose hidden cells add up to 3, it
  tells the reader that the 3 is at most 3. So the exact check takes every hidden zero as
  known: a small count must be protected by non-zero cells alone, and a hidden zero is only
  there so that no line shows one hidden cell.
- A complement is not a small count: printed "<k" (`Published.hidden_text`) it would say
  something false (57 men as "<5"). `Published.table` holds the counts, so a printer can tell
  which hidden cells are small (1..k-1) and mark the others differently, or mark all hidden
  cells alike with a note ("fewer than k, or hidden to protect one").
- The period before is suppressed the same way and independently. A change (current minus
  previous) is shown only when both counts are: that is up to whoever prints it.
- Figures that are one number (a whole table's total and the figure its `total_key` names, or
  two tables with the same `total_key`) are hidden together: `publish_all`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from clinic.statistics.disclosure import Cell, Frame, frame, unknown, worked_out
from clinic.statistics.tables import COUNT, Line, Published, Shown, Table

DEFAULT_BELOW = 5  # k, until the clinic chooses another (reference/reports.md, "Publishing")

Slot = tuple[str, bool]  # a table's key, and whether it is the period before
Member = tuple[str, Cell]  # a table's key and one of its cells


def publish(table: Table, below: int | None) -> Published:
    """The table with counts from 1 to `below` - 1 hidden, and their complements; nothing hidden
    when `below` is None (suppression switched off, for internal use)."""
    _check(below)
    frames = _frames(table)
    hidden = {previous: _hide(f, below, frozenset()) for previous, f in frames.items()}
    return _published(table, below, frames, hidden)


def publish_all(tables: Iterable[Table], below: int | None) -> dict[str, Published]:
    """Every table published, by key, with the figures that are one number hidden together: if
    suppression hides persons.by_gender's total it hides persons.distinct too, and the other way
    round, each table then protecting the cell it was made to hide. A `total_key` naming no
    figure among `tables` still ties the tables that share it."""
    _check(below)
    by_key = _keyed(tables)
    frames = {(k, p): f for k, t in by_key.items() for p, f in _frames(t).items()}
    groups = _groups(by_key.values(), frames)
    forced: dict[Slot, frozenset[Cell]] = dict.fromkeys(frames, frozenset())
    while True:
        hidden = {slot: _hide(frames[slot], below, forced[slot]) for slot in frames}
        grown = _spread(groups, hidden, forced)
        if grown == forced:
            break
        forced = grown
    return {
        key: _published(
            table,
            below,
            {p: frames[key, p] for p in (False, True) if (key, p) in frames},
            {p: hidden[key, p] for p in (False, True) if (key, p) in frames},
        )
        for key, table in by_key.items()
    }


def share(
    published: Published, row: str, column: str = COUNT, *, previous: bool = False
) -> float | None:
    """The row's part of its column's total, from 0 to 1, worked out from the counts as they
    are; None when the cell or the total is hidden (or the total is zero)."""
    table = published.table
    if not table.whole:
        raise ValueError(f"{table.key}: a share is of a whole, and this table is not one")
    shown = published.previous if previous else published.current
    totals = published.previous_totals if previous else published.totals
    if shown is None or totals is None:
        raise KeyError(f"{table.key}: no previous period")
    at, across = _at(table.rows, row), _at(table.columns, column)
    total = table.total(column, previous=previous)
    if shown[at][across] is None or totals[across] is None or total == 0:
        return None
    return table.value(row, column, previous=previous) / total


def _check(below: int | None) -> None:
    if below is not None and below < 1:
        raise ValueError(f"suppression below {below}: k is at least 1")


def _frames(table: Table) -> dict[bool, Frame]:
    grids = {False: table.current, True: table.previous}
    return {
        previous: frame(grid, len(table.columns), table.whole)
        for previous, grid in grids.items()
        if grid is not None
    }


def _hide(f: Frame, below: int | None, forced: frozenset[Cell]) -> frozenset[Cell]:
    """The cells to hide: the small counts (and `forced`), then complements until no line has a
    lone hidden cell and no small count can be worked out."""
    if below is None:
        return frozenset()
    hidden = {cell for cell, count in f.values.items() if 0 < count < below} | forced
    guarded = unknown(f, hidden) - worked_out(f, unknown(f, f.printed | hidden))
    _rectangles(f, hidden, sorted(guarded))
    while True:
        _complete_lines(f, hidden)
        exposed = sorted(guarded & worked_out(f, unknown(f, hidden)))
        if not exposed:
            return frozenset(hidden)
        hidden.add(_breaker(f, hidden, exposed[0]))


def _rectangles(f: Frame, hidden: set[Cell], small: list[Cell]) -> None:
    """In a table of several columns, a small count alone in its row and its column is hidden
    with the three other corners of the cheapest rectangle: the fewest and smallest counts that
    close both lines at once (lines completed one by one wander across the table)."""
    inner = sorted(f.printed - f.totals)
    for corner in small:
        if corner in f.totals or not f.rows_bound or not _alone(f, hidden, corner):
            continue
        rectangles = [_corners(corner, far) for far in inner if _apart(corner, far)]
        rectangles = [cells for cells in rectangles if all(f.values[c] for c in cells)]
        if rectangles:
            cheapest = min(rectangles, key=lambda cells: _spend(f, hidden, cells))
            hidden.update(cheapest)


def _alone(f: Frame, hidden: set[Cell], cell: Cell) -> bool:
    return all(sum(c in hidden for c in line) == 1 for line in f.lines_of(cell))


def _apart(one: Cell, other: Cell) -> bool:
    return one[0] != other[0] and one[1] != other[1]


def _corners(one: Cell, far: Cell) -> tuple[Cell, ...]:
    return (one[0], far[1]), (far[0], one[1]), far


def _spend(f: Frame, hidden: set[Cell], cells: tuple[Cell, ...]) -> tuple[int, int, Cell]:
    """Hiding `cells`: how many are hidden anew, then how much they count."""
    new = [cell for cell in cells if cell not in hidden]
    return len(new), sum(f.values[cell] for cell in new), cells[-1]


def _complete_lines(f: Frame, hidden: set[Cell]) -> None:
    while (line := _lone(f, hidden)) is not None:
        hidden.add(min(_open(f, hidden, line), key=lambda cell: _cost(f, hidden, cell, line)))


def _lone(f: Frame, hidden: set[Cell]) -> tuple[Cell, ...] | None:
    """The first line with exactly one hidden cell that has a cell left to hide beside it."""
    for line in f.lines:
        if sum(cell in hidden for cell in line) == 1 and _open(f, hidden, line):
            return line
    return None


def _open(f: Frame, hidden: set[Cell], line: tuple[Cell, ...]) -> list[Cell]:
    return [cell for cell in line if cell in f.printed and cell not in hidden]


def _cost(
    f: Frame, hidden: set[Cell], cell: Cell, line: tuple[Cell, ...]
) -> tuple[bool, bool, int, int, Cell]:
    """What hiding `cell` beside the lone hidden cell of `line` costs (see the module's
    docstring for the order)."""
    return (
        cell in f.totals,
        f.values[cell] == 0,
        _crossing(f, hidden, cell, line),
        *_size(f, cell),
    )


def _crossing(f: Frame, hidden: set[Cell], cell: Cell, line: tuple[Cell, ...]) -> int:
    """0: hiding `cell` also completes the other line through it; 1: changes nothing there;
    2: leaves that line with a lone hidden cell to complete."""
    for other in f.lines_of(cell):
        if other != line:
            already = sum(c in hidden for c in other)
            return 0 if already == 1 else 2 if already == 0 else 1
    return 1


def _size(f: Frame, cell: Cell) -> tuple[int, Cell]:
    return f.values[cell], cell


def _breaker(f: Frame, hidden: set[Cell], exposed: Cell) -> Cell:
    """A visible count whose hiding puts `exposed` on a cycle: the smallest that does it alone,
    else the smallest (the lines then ask for more, until one closes)."""
    choices = sorted(
        (cell for cell in f.printed - hidden if f.values[cell] != 0),
        key=lambda cell: (cell in f.totals, *_size(f, cell)),
    )
    for cell in choices:
        if exposed not in worked_out(f, unknown(f, hidden | {cell})):
            return cell
    return choices[0]


def _published(
    table: Table,
    below: int | None,
    frames: Mapping[bool, Frame],
    hidden: Mapping[bool, frozenset[Cell]],
) -> Published:
    previous = frames.get(True)
    return Published(
        table,
        _shown(table, frames[False], hidden[False]),
        None if previous is None else _shown(table, previous, hidden[True]),
        _totals(table, frames[False], hidden[False]),
        None if previous is None else _totals(table, previous, hidden[True]),
        below,
    )


def _shown(table: Table, f: Frame, hidden: frozenset[Cell]) -> Shown:
    return tuple(
        tuple(None if (r, c) in hidden else f.values[r, c] for c in range(len(table.columns)))
        for r in range(len(table.rows))
    )


def _totals(table: Table, f: Frame, hidden: frozenset[Cell]) -> tuple[int | None, ...] | None:
    if not table.whole:
        return None
    below = len(table.rows)
    return tuple(
        None if (below, c) in hidden else f.values[below, c] for c in range(len(table.columns))
    )


def _keyed(tables: Iterable[Table]) -> dict[str, Table]:
    by_key: dict[str, Table] = {}
    for table in tables:
        if table.key in by_key:
            raise ValueError(f"{table.key}: two tables with one key")
        if table.total_key is not None and not table.whole:
            raise ValueError(f"{table.key}: a total_key names the total of a whole table")
        by_key[table.key] = table
    return by_key


def _groups(tables: Iterable[Table], frames: Mapping[Slot, Frame]) -> list[tuple[Member, ...]]:
    """The cells that are one number: the totals of the tables that share a `total_key`, and
    the figure it names."""
    tables = list(tables)
    figures = {key: (table.key, cell) for table in tables for key, cell in _figures(table)}
    shared: dict[str, list[Member]] = defaultdict(list)
    for table in tables:
        if table.total_key is not None:
            whole = frames[table.key, False].whole
            assert whole is not None
            shared[table.total_key].append((table.key, whole))
    for key, members in shared.items():
        if key in figures:
            members.append(figures[key])
    groups = [tuple(members) for members in shared.values() if len(members) > 1]
    for group in groups:
        _agree(group, frames)
    return groups


def _figures(table: Table) -> Iterable[tuple[str, Cell]]:
    """Each cell's JSON key: the table's key, the row's (and the column's, when several)."""
    for r, row in enumerate(table.rows):
        for c, column in enumerate(table.columns):
            last = "" if len(table.columns) == 1 else f".{column.key}"
            yield f"{table.key}.{row.key}{last}", (r, c)


def _agree(group: tuple[Member, ...], frames: Mapping[Slot, Frame]) -> None:
    """One number must have one value: a total that differs from its figure is a bug."""
    for previous in (False, True):
        values = {
            frames[key, previous].values[cell] for key, cell in group if (key, previous) in frames
        }
        if len(values) > 1:
            names = ", ".join(key for key, _ in group)
            raise ValueError(f"{names}: one number with the values {sorted(values)}")


def _spread(
    groups: list[tuple[Member, ...]],
    hidden: Mapping[Slot, frozenset[Cell]],
    forced: Mapping[Slot, frozenset[Cell]],
) -> dict[Slot, frozenset[Cell]]:
    """`forced` grown by every member of a group one of whose members is hidden."""
    grown = dict(forced)
    for group in groups:
        for previous in (False, True):
            members = [((key, previous), cell) for key, cell in group if (key, previous) in hidden]
            if any(cell in hidden[slot] for slot, cell in members):
                for slot, cell in members:
                    grown[slot] = grown[slot] | {cell}
    return grown


def _at(lines: tuple[Line, ...], key: str) -> int:
    for at, line in enumerate(lines):
        if line.key == key:
            return at
    raise KeyError(key)
