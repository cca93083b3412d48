"""Small-cell suppression: what a published table shows and what a reader can work out from it.

The hand examples are counted in their comments. The properties hold for any grid: the reader
is checked by linear algebra over the fractions (`_reader`), written here apart from the
graph reasoning of clinic/statistics/disclosure.py.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic.statistics.suppression import publish, publish_all, share
from clinic.statistics.tables import Grid, Line, Published, Table, breakdown

GENDERS = tuple(
    Line(key, key)
    for key in ("woman", "man", "trans_woman", "trans_man", "non_binary", "other", "not_stated")
)


def _genders(current: dict[str, int], previous: dict[str, int] | None = None, **options) -> Table:
    return breakdown(
        "persons.by_gender", "By gender", "Persons", GENDERS, current, previous, **options
    )


def _grid(key: str, current: Grid, previous: Grid | None = None, whole: bool = True) -> Table:
    rows = tuple(Line(str(r), str(r)) for r in range(len(current)))
    columns = tuple(Line(f"c{c}", f"c{c}") for c in range(len(current[0])))
    return Table(key, key, key, rows, columns, current, previous, whole=whole)


# --- by hand -------------------------------------------------------------------------------


def test_three_trans_women_among_120_are_hidden_with_the_smallest_other_count() -> None:
    table = _genders({"woman": 60, "man": 57, "trans_woman": 3}, whole=True)
    published = publish(table, 5)
    # 3 < 5 is hidden; alone it would be 120 - 60 - 57 = 3, so the smallest other count, the
    # 57 men, is hidden beside it: 120 - 60 = 60 men and trans women, split unknown. The zeros
    # and the total stay.
    assert published.current == ((60,), (None,), (None,), (0,), (0,), (0,), (0,))
    assert published.totals == (120,)
    assert published.hidden_text() == "<5"


def test_switched_off_shows_every_count() -> None:
    table = _genders({"woman": 60, "man": 57, "trans_woman": 3}, whole=True)
    published = publish(table, None)
    assert published.current == ((60,), (57,), (3,), (0,), (0,), (0,), (0,))
    assert published.totals == (120,)


def test_the_year_before_is_suppressed_on_its_own() -> None:
    table = _genders(
        {"woman": 60, "man": 57, "trans_woman": 3},
        {"woman": 1, "man": 8, "trans_woman": 6},
        whole=True,
    )
    published = publish(table, 5)
    # Before: 1 woman hidden, and the smallest other count, the 6 trans women (total 15).
    assert published.previous == ((None,), (8,), (None,), (0,), (0,), (0,), (0,))
    assert published.previous_totals == (15,)
    assert published.current == ((60,), (None,), (None,), (0,), (0,), (0,), (0,))


def test_a_small_total_is_hidden_and_protects_its_one_small_count() -> None:
    # 3 trans women and nobody else: the total 3 is small too; the reader learns the hidden
    # count is the hidden total, and nothing more, so the zeros stay visible.
    published = publish(_genders({"trans_woman": 3}, whole=True), 5)
    assert published.current == ((0,), (0,), (None,), (0,), (0,), (0,), (0,))
    assert published.totals == (None,)


def test_rows_that_overlap_hide_their_small_counts_only() -> None:
    # Persons who received each item: one person, several items; no total, nothing to protect.
    rows = tuple(Line(key, key) for key in ("condoms", "lubricant", "syringes"))
    items = breakdown("material.persons", "t", "d", rows, {"condoms": 40, "lubricant": 3}, None)
    published = publish(items, 5)
    assert published.current == ((40,), (None,), (0,))
    assert published.totals is None


def test_a_small_count_alone_in_its_row_and_column_is_hidden_in_the_cheapest_rectangle() -> None:
    grid = ((3, 100, 7), (50, 60, 9), (40, 1000, 0))
    # Rectangles through the 3, by their far corner: 60 (100 + 50 + 60), 9 (7 + 50 + 9 = 66),
    # 1000 (100 + 40 + 1000), and 0 (a zero, last). The 9's is the cheapest: 3, 7, 50 and 9
    # hidden, every row and column with two of them.
    published = publish(_grid("visits.by_weekday_hour", grid), 5)
    assert published.current == ((None, 100, None), (None, 60, None), (40, 1000, 0))
    assert published.totals == (93, 1160, 16)


def test_a_cell_the_classic_rule_leaves_to_arithmetic_is_protected() -> None:
    # test_disclosure.py: the classic rule hides the 8 small counts and the 13 beside the 4 of
    # row 0, and the 2 of row 3, column 0 still comes back as 5 - (5 + 15 - 17). The smallest
    # visible count joining the two rectangles again is the 19 of row 1, column 1.
    grid = ((1, 27, 43, 4), (2, 19, 24, 13), (49, 1, 4, 32), (2, 4, 1, 54))
    published = publish(_grid("tests.by_kind_result", grid), 5)
    assert published.current == (
        (None, 27, 43, None),
        (None, None, 24, None),
        (49, None, None, 32),
        (None, None, None, 54),
    )
    assert published.totals == (54, 51, 72, 103)
    assert not _worked_out(published, 5)


def test_share_is_of_the_counts_and_none_where_hidden() -> None:
    table = _genders({"woman": 60, "man": 57, "trans_woman": 3}, {"woman": 5}, whole=True)
    published = publish(table, 5)
    assert share(published, "woman") == 0.5  # 60 / 120
    assert share(published, "trans_woman") is None
    assert share(published, "man") is None  # hidden beside the 3
    assert share(published, "trans_man") == 0.0
    assert share(published, "woman", previous=True) == 1.0  # 5 / 5


def test_share_is_none_when_the_total_is_hidden() -> None:
    published = publish(_genders({"woman": 2, "man": 1}, whole=True), 5)
    assert share(published, "trans_man") is None  # 0 of a hidden 3


def test_share_of_a_table_that_is_not_whole_is_refused() -> None:
    with pytest.raises(ValueError, match="not one"):
        share(publish(_genders({"woman": 60}), 5), "woman")


def test_a_figure_a_total_stands_for_is_hidden_with_it() -> None:
    # The 57 men are hidden beside the 3 trans women; the men's age table has those 57 as its
    # total, so its total is hidden too, and then its smallest count, the 20 under 25, beside
    # it (else 57 = 20 + 37 comes back).
    genders = _genders({"woman": 60, "man": 57, "trans_woman": 3}, whole=True)
    men = _two_bands("persons.men_by_age_band", "persons.by_gender.man", 20, 37)
    published = publish_all([genders, men], 5)
    assert publish(men, 5).totals == (57,)  # alone, nothing in it is small
    assert published["persons.men_by_age_band"].current == ((None,), (37,))
    assert published["persons.men_by_age_band"].totals == (None,)
    assert published["persons.by_gender"].current == publish(genders, 5).current


def test_figures_hidden_for_one_another_are_followed_from_table_to_table() -> None:
    # The men's total is hidden (previous test), so its 20 under 25 are hidden beside it; the
    # young men's country table has those 20 as its total: hidden too, and its smallest count,
    # the 8 from Romania, beside it (else 20 - 12 = 8 comes back).
    genders = _genders({"woman": 60, "man": 57, "trans_woman": 3}, whole=True)
    men = _two_bands("persons.men_by_age_band", "persons.by_gender.man", 20, 37)
    countries = (Line("IT", "Italy"), Line("RO", "Romania"))
    young = breakdown(
        "persons.young_men_by_country",
        "t",
        "d",
        countries,
        {"IT": 12, "RO": 8},
        None,
        whole=True,
        total_key="persons.men_by_age_band.under_25",
    )
    published = publish_all([young, men, genders], 5)
    assert published["persons.young_men_by_country"].current == ((12,), (None,))
    assert published["persons.young_men_by_country"].totals == (None,)
    assert published["persons.men_by_age_band"].current == ((None,), (37,))


def test_figures_are_hidden_together_period_by_period() -> None:
    # Only the year before has 3 trans women, so only then are the men hidden beside them, and
    # only then the men's age table's total (57) and its 20 under 25.
    genders = _genders(
        {"woman": 100, "man": 90}, {"woman": 60, "man": 57, "trans_woman": 3}, whole=True
    )
    bands = (Line("under_25", "<25"), Line("25_and_over", "25+"))
    men = breakdown(
        "persons.men_by_age_band",
        "t",
        "d",
        bands,
        {"under_25": 40, "25_and_over": 50},
        {"under_25": 20, "25_and_over": 37},
        whole=True,
        total_key="persons.by_gender.man",
    )
    published = publish_all([genders, men], 5)["persons.men_by_age_band"]
    assert (published.current, published.totals) == (((40,), (50,)), (90,))
    assert (published.previous, published.previous_totals) == (((None,), (37,)), (None,))


def test_nothing_is_hidden_together_when_suppression_is_off() -> None:
    genders = _genders({"woman": 60, "man": 57, "trans_woman": 3}, whole=True)
    men = _two_bands("persons.men_by_age_band", "persons.by_gender.man", 20, 37)
    published = publish_all([genders, men], None)
    assert published["persons.men_by_age_band"].totals == (57,)
    assert published["persons.by_gender"].current[1] == (57,)


def _two_bands(key: str, total_key: str, young: int, older: int) -> Table:
    bands = (Line("under_25", "<25"), Line("25_and_over", "25+"))
    counts = {"under_25": young, "25_and_over": older}
    return breakdown(key, "t", "d", bands, counts, None, whole=True, total_key=total_key)


def test_one_number_with_two_values_is_refused() -> None:
    headline = breakdown("persons", "t", "d", (Line("distinct", ""),), {"distinct": 121}, None)
    genders = _genders({"woman": 120}, whole=True, total_key="persons.distinct")
    with pytest.raises(ValueError, match="one number"):
        publish_all([headline, genders], 5)


# --- for any grid ----------------------------------------------------------------------------


def _counts(rows: int, columns: int) -> st.SearchStrategy[Grid]:
    count = st.one_of(st.integers(0, 12), st.integers(13, 400))
    row = st.tuples(*[count] * columns)
    return st.tuples(*[row] * rows)


@st.composite
def _tables(draw: st.DrawFn) -> tuple[Table, int]:
    rows, columns = draw(st.integers(1, 6)), draw(st.integers(1, 4))
    current = draw(_counts(rows, columns))
    previous = draw(st.none() | _counts(rows, columns))
    return _grid("t", current, previous, draw(st.booleans())), draw(st.integers(2, 10))


@given(_tables())
def test_no_count_from_1_to_k_minus_1_is_published(case: tuple[Table, int]) -> None:
    table, k = case
    published = publish(table, k)
    shown = [v for grid in (published.current, published.previous or ()) for r in grid for v in r]
    shown += [*(published.totals or ()), *(published.previous_totals or ())]
    assert not [v for v in shown if v is not None and 0 < v < k]


@given(_tables())
def test_visible_counts_are_the_table_s(case: tuple[Table, int]) -> None:
    table, k = case
    published = publish(table, k)
    for grid, shown in ((table.current, published.current), (table.previous, published.previous)):
        assert shown is not None or grid is None
        for counts, row in zip(grid or (), shown or (), strict=True):
            assert all(v in (None, count) for count, v in zip(counts, row, strict=True))
    if table.whole:
        sums = tuple(sum(r[c] for r in table.current) for c in range(len(table.columns)))
        assert all(v in (None, s) for s, v in zip(sums, published.totals or (), strict=True))


@given(_tables())
def test_switched_off_hides_nothing(case: tuple[Table, int]) -> None:
    table, _ = case
    published = publish(table, None)
    assert published.current == table.current
    assert published.previous == table.previous


@given(_tables())
def test_no_row_or_column_has_a_lone_hidden_cell(case: tuple[Table, int]) -> None:
    """A lone hidden cell is its total less the visible ones; the total counts as a cell, and
    a row total or grand total (printed elsewhere) is hidden where small."""
    table, k = case
    if not table.whole:
        return
    published = publish(table, k)
    for line in _lines(table.current, published.current, published.totals, k):
        assert sum(hidden for hidden in line) != 1


@given(_tables())
def test_no_small_count_can_be_worked_out(case: tuple[Table, int]) -> None:
    """Not even by a reader who knows the row totals and the grand total and guesses every
    hidden zero; unless those alone give it back (then the table printing them guards it)."""
    table, k = case
    assert not _worked_out(publish(table, k), k)


@given(_tables())
def test_the_period_before_is_published_as_if_alone(case: tuple[Table, int]) -> None:
    table, k = case
    if table.previous is None:
        return
    published = publish(table, k)
    before = publish(_grid("t", table.previous, whole=table.whole), k)
    assert published.previous == before.current
    assert published.previous_totals == before.totals


# --- the reader ------------------------------------------------------------------------------


def _lines(grid: Grid, shown, totals, k: int) -> list[list[bool]]:
    """Each row and column of a whole table as 'hidden' flags of its cells and its total."""
    rows, columns = len(grid), len(grid[0])
    down = [[shown[r][c] is None for r in range(rows)] for c in range(columns)]
    lines = [[*line, totals[c] is None] for c, line in enumerate(down)]
    if columns > 1:
        lines += [[*(v is None for v in shown[r]), 0 < sum(grid[r]) < k] for r in range(rows)]
        lines.append([*(t is None for t in totals), 0 < sum(map(sum, grid)) < k])
    return lines


def _worked_out(published: Published, k: int) -> list[tuple[int, int]]:
    """The small counts of the current grid (and its column totals, "C") a reader can work
    out (see the test above)."""
    table, grid = published.table, published.table.current
    if not table.whole:
        return []
    cells, known, equations = _reading(grid, published)
    small = [c for c in cells if c[0] in "xC" and 0 < cells[c] < k]
    hidden = {c for c in cells if not known[c] and cells[c] != 0}
    printed = {c for c in cells if c[0] in "xC" and cells[c] != 0}
    return [
        (c[1], c[2])
        for c in small
        if c in hidden
        and _pinned(equations, hidden, c)
        and not _pinned(equations, hidden | printed, c)
    ]


def _reading(grid: Grid, published: Published):
    """Every cell and margin by name, with what the reader knows and the equations."""
    rows, columns, k = len(grid), len(grid[0]), published.below or 0
    cells = {("x", r, c): grid[r][c] for r in range(rows) for c in range(columns)}
    known = {("x", r, c): published.current[r][c] is not None for r, c in _pairs(rows, columns)}
    totals = published.totals or ()
    equations = []
    for c in range(columns):
        cells["C", c, 0] = sum(grid[r][c] for r in range(rows))
        known["C", c, 0] = totals[c] is not None
        equations.append({**{("x", r, c): 1 for r in range(rows)}, ("C", c, 0): -1})
    if columns > 1:
        for r in range(rows):
            cells["R", r, 0] = sum(grid[r])
            known["R", r, 0] = not 0 < cells["R", r, 0] < k
            equations.append({**{("x", r, c): 1 for c in range(columns)}, ("R", r, 0): -1})
        cells["G", 0, 0] = sum(map(sum, grid))
        known["G", 0, 0] = not 0 < cells["G", 0, 0] < k
        equations.append({**{("C", c, 0): 1 for c in range(columns)}, ("G", 0, 0): -1})
    return cells, known, equations


def _pairs(rows: int, columns: int) -> list[tuple[int, int]]:
    return [(r, c) for r in range(rows) for c in range(columns)]


def _pinned(equations, unknowns, cell) -> bool:
    """The cell is a combination of the equations: adding it as one more does not raise the
    rank of the system restricted to the unknowns."""
    names = sorted(unknowns)
    matrix = [[Fraction(e.get(n, 0)) for n in names] for e in equations]
    alone = [[Fraction(n == cell) for n in names]]
    return _rank(matrix + alone) == _rank(matrix)


def _rank(matrix: list[list[Fraction]]) -> int:
    rows = [list(r) for r in matrix]
    rank = 0
    for column in range(len(rows[0]) if rows else 0):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][column] != 0:
                factor = rows[i][column] / rows[rank][column]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank
