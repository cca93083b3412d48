"""What a reader can work out from a table's visible cells and its margins (issue 15).

A whole table is read with its margins: each column's total, which it prints, and, when it has
several columns, each row's total and the grand total, which the report prints elsewhere (visits
by weekday beside visits by weekday and hour; the persons counted) and which are therefore taken
as known unless they are small counts themselves. Every line of the table with its margins is an
equation: its cells add up to its total.

Each cell sits in exactly two lines, a row and a column of the table with its margins. So the
hidden cells are the edges of a graph whose nodes are the lines, and a hidden cell can be worked
out exactly when it is a bridge of that graph: a cell on a cycle can be moved by +t, -t, +t, ...
around it and every line still adds up, while a bridge cuts the graph in two and the lines on
one side, added up, give its value. A line that is no equation (a row of a one-column table is
its own total; a table that is not whole has no totals) is a loose end: all loose ends are one
node, where cycles close freely, so a cell between two of them is never worked out.

A hidden zero is counted as known here: a reader who guesses it loses nothing, and since a count
cannot go below zero it only lets its neighbours move one way (it bounds them from one side).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from clinic.statistics.tables import Grid

Cell = tuple[int, int]  # (row, column) in the table with its margins
Node = tuple[str, int]
LOOSE: Node = ("loose", 0)


@dataclass(frozen=True)
class Frame:
    """A table's counts with its margins: the total row below, the row totals on the right."""

    values: Mapping[Cell, int]
    printed: frozenset[Cell]  # inner cells and column totals: what the table itself shows
    totals: frozenset[Cell]  # the margins among them, hidden only as a last resort
    lines: tuple[tuple[Cell, ...], ...]  # each equation that holds a printed cell
    whole: Cell | None  # the total of everything, the figure a `total_key` names
    rows_bound: bool  # a row is an equation (several columns, whole)
    columns_bound: bool  # a column is an equation (whole)

    def ends(self, cell: Cell) -> tuple[Node, Node]:
        row, column = cell
        return (
            ("row", row) if self.rows_bound else LOOSE,
            ("column", column) if self.columns_bound else LOOSE,
        )

    def lines_of(self, cell: Cell) -> tuple[tuple[Cell, ...], ...]:
        return tuple(line for line in self.lines if cell in line)


def frame(grid: Grid, columns: int, whole: bool) -> Frame:
    """The grid with the margins a reader relates it to (none when it is not whole)."""
    inner = {(r, c): count for r, counts in enumerate(grid) for c, count in enumerate(counts)}
    rows = len(grid)
    if not whole:
        return Frame(inner, frozenset(inner), frozenset(), (), None, False, False)
    values = dict(inner)
    for c in range(columns):
        values[rows, c] = sum(inner[r, c] for r in range(rows))
    totals = frozenset((rows, c) for c in range(columns))
    if columns == 1:
        line = tuple((r, 0) for r in range(rows + 1))
        return Frame(values, frozenset(values), totals, (line,), (rows, 0), False, True)
    for r in range(rows + 1):
        values[r, columns] = sum(values[r, c] for c in range(columns))
    return Frame(
        values,
        frozenset(inner) | totals,
        totals,
        _lines(rows, columns),
        (rows, columns),
        True,
        True,
    )


def _lines(rows: int, columns: int) -> tuple[tuple[Cell, ...], ...]:
    """Each column with its total, each row with its total, and the total row with the grand
    total. The column of row totals holds nothing this table prints: whoever prints them
    guards it (and it follows from the others)."""
    down = tuple(tuple((r, c) for r in range(rows + 1)) for c in range(columns))
    across = tuple(tuple((r, c) for c in range(columns + 1)) for r in range(rows + 1))
    return down + across


def unknown(frame: Frame, hidden: Iterable[Cell]) -> frozenset[Cell]:
    """The hidden cells a reader does not know: a hidden zero is taken as known (see above)."""
    return frozenset(cell for cell in hidden if frame.values[cell] != 0)


def worked_out(frame: Frame, unknowns: Iterable[Cell]) -> frozenset[Cell]:
    """The `unknowns` that follow from the equations: the bridges of the graph of lines, found
    in one walk (Tarjan's low links; cells are told apart, so that two cells between the same
    two lines make a cycle)."""
    around: dict[Node, list[tuple[Node, Cell]]] = defaultdict(list)
    for cell in unknowns:
        near, far = frame.ends(cell)
        if near != far:
            around[near].append((far, cell))
            around[far].append((near, cell))
    walk = _Walk(around)
    for start in list(around):
        walk.from_(start)
    return frozenset(walk.bridges)


class _Walk:
    """A depth-first walk of the lines, noting for each line the earliest line it reaches back
    to: a cell to a line that reaches back no further than itself is a bridge."""

    def __init__(self, around: Mapping[Node, list[tuple[Node, Cell]]]) -> None:
        self.around = around
        self.order: dict[Node, int] = {}
        self.low: dict[Node, int] = {}
        self.bridges: set[Cell] = set()

    def from_(self, start: Node) -> None:
        if start in self.order:
            return
        self._enter(start)
        stack: list[tuple[Node, Cell | None, Iterator[tuple[Node, Cell]]]] = [
            (start, None, iter(self.around[start]))
        ]
        while stack:
            node, via, cells = stack[-1]
            for far, cell in cells:
                if cell == via:
                    continue
                if far in self.order:
                    self.low[node] = min(self.low[node], self.order[far])
                    continue
                self._enter(far)
                stack.append((far, cell, iter(self.around[far])))
                break
            else:
                stack.pop()
                if stack and via is not None:
                    self._leave(stack[-1][0], node, via)

    def _enter(self, node: Node) -> None:
        self.order[node] = self.low[node] = len(self.order)

    def _leave(self, parent: Node, node: Node, via: Cell) -> None:
        self.low[parent] = min(self.low[parent], self.low[node])
        if self.low[node] > self.order[parent]:
            self.bridges.add(via)
