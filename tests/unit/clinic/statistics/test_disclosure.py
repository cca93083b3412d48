"""Which hidden cells a reader can work out from the visible ones and the margins: each case is
worked by hand in its comment."""

from __future__ import annotations

from clinic.statistics.disclosure import frame, unknown, worked_out

# A 4 x 4 whole table. The 8 small counts (1 to 4) and the 13 beside the 4 of row 0 satisfy
# the classic rule (no row or column with a lone hidden cell), yet they form two rectangles,
# rows 0-1 by columns 0 and 3, rows 2-3 by columns 1 and 2, joined by the 2 of row 3, col 0.
FOUR = ((1, 27, 43, 4), (2, 19, 24, 13), (49, 1, 4, 32), (2, 4, 1, 54))
CLASSIC = {(0, 0), (0, 3), (1, 0), (1, 3), (2, 1), (2, 2), (3, 0), (3, 1), (3, 2)}


def test_two_rectangles_joined_by_one_cell_give_that_cell_back() -> None:
    # Column 0 total 54 - 49 visible: the hidden cells of column 0 add up to 5. Row 0: 75 - 70
    # = 5; row 1: 58 - 43 = 15; column 3: 103 - 86 = 17. So rows 0 and 1 hide 20, of which 17
    # in column 3: 3 in column 0, and the cell of row 3 is 5 - 3 = 2.
    f = frame(FOUR, 4, whole=True)
    assert worked_out(f, unknown(f, CLASSIC)) == {(3, 0)}  # the rectangles' cells stay unknown


def test_hiding_a_cell_across_the_two_rectangles_puts_the_joint_on_a_cycle() -> None:
    # The 19 of row 1, column 1 joins them a second time: rows 0-1 now hide 20 + 19 - 17 in
    # columns 0 and 1, which the reader cannot split.
    f = frame(FOUR, 4, whole=True)
    assert worked_out(f, unknown(f, CLASSIC | {(1, 1)})) == set()


def test_a_lone_hidden_cell_of_a_column_is_its_total_less_the_others() -> None:
    f = frame(((60,), (3,), (57,)), 1, whole=True)
    assert worked_out(f, unknown(f, {(1, 0)})) == {(1, 0)}
    assert worked_out(f, unknown(f, {(1, 0), (2, 0)})) == set()


def test_a_hidden_total_with_one_hidden_cell_gives_neither_back() -> None:
    f = frame(((3,), (0,)), 1, whole=True)
    assert worked_out(f, unknown(f, {(0, 0), (2, 0)})) == set()


def test_a_hidden_zero_is_no_protection() -> None:
    # 3 and a hidden 0 add up to 3 = 120 - 60 - 57: a reader who guesses the zero has the 3.
    f = frame(((60,), (3,), (0,), (57,)), 1, whole=True)
    assert worked_out(f, unknown(f, {(1, 0), (2, 0)})) == {(1, 0)}


def test_rows_that_overlap_give_nothing_back() -> None:
    f = frame(((40,), (3,), (7,)), 1, whole=False)
    assert worked_out(f, unknown(f, {(1, 0)})) == set()
