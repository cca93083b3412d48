"""The tables of the activity report: a published table's cells as printed numbers.

A table of one column reads across: the period, its share of the total (for a table whose rows
split a whole), the period before, and the change as a count and a percentage. A hidden cell
prints "<5" and nothing is worked out from it: no share, no change beside it, since either would
let a reader work the hidden count back. A table of several columns (doses by dose number, visits
by weekday and hour) prints one grid per period, its columns cut into as many grids as the page
needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from clinic.i18n.translator import Translator
from clinic.statistics.tables import Published, Shown
from reports.base import SHADE
from reports.report_words import change_percent_text, change_text, count_text, percent_text

_LINE = colors.Color(0.8, 0.8, 0.8)
_NUMBER = 19 * mm  # a column of counts: "100.000" and "+12 %" with room to spare
_NARROW = 11 * mm  # a column of a grid of several (an hour, a dose number)
_PAIR = 16 * mm  # a count beside the one before it, in a table of a few columns
_LABELS = 50 * mm  # the least the row labels get beside pairs of counts
Cell = object  # a count as text, or a label's Paragraph


@dataclass(frozen=True)
class TableWords:
    """What a table prints besides its own labels, already in the report's language."""

    t: Translator
    periods: tuple[str, str]  # "2025", "2024"
    total: str
    share: str
    change: str
    label: Callable[[str], str]  # a label as Paragraph markup, escaped and printable
    body: ParagraphStyle
    strong: ParagraphStyle
    right: ParagraphStyle  # a column's name over counts
    centred: ParagraphStyle  # a column's name over its two periods
    regular_font: str
    bold_font: str


def figure_table(published: Published, words: TableWords, width: float) -> list[Flowable]:
    """The table's grids: one for a table of one column, one or more a period for several."""
    if len(published.table.columns) == 1:
        return [_one_column(published, words, width)]
    if _pairs_fit(published, width):
        return [_paired(published, words, width)]
    grids: list[Flowable] = []
    periods = [(words.periods[0], published.current, published.totals)]
    if published.previous is not None:
        periods.append((words.periods[1], published.previous, published.previous_totals))
    for name, shown, totals in periods:
        grids += _several_columns(published, shown, totals, name, words, width)
    return grids


# One column ---------------------------------------------------------------------------------------


def _one_column(published: Published, words: TableWords, width: float) -> Table:
    whole = published.table.whole
    has_previous = published.previous is not None
    header: list[Cell] = ["", words.periods[0]]
    header += [words.share] if whole else []
    header += [words.periods[1], words.change, ""] if has_previous else []
    rows: list[list[Cell]] = [header]
    total = published.totals[0] if published.totals else None
    counted = published.table
    for at, line in enumerate(counted.rows):
        before = None if published.previous is None else published.previous[at][0]
        now = published.current[at][0]
        then = counted.previous[at][0] if counted.previous is not None else 0
        marks = published.mark(counted.current[at][0]), published.mark(then)
        cells = _counts(now, before, total, published, words, whole, has_previous, marks)
        rows.append([Paragraph(words.label(line.label), words.body), *cells])
    if whole and published.totals is not None:
        before_total = published.previous_totals[0] if published.previous_totals else None
        then = counted.total(previous=True) if counted.previous is not None else 0
        marks = published.mark(counted.total()), published.mark(then)
        cells = _counts(total, before_total, total, published, words, True, has_previous, marks)
        rows.append([Paragraph(words.label(words.total), words.strong), *cells])
    numbers = len(header) - 1
    table = Table(rows, colWidths=[width - numbers * _NUMBER] + numbers * [_NUMBER], repeatRows=1)
    table.setStyle(_style(words, len(rows), total_row=whole and published.totals is not None))
    if has_previous:
        table.setStyle(
            TableStyle([("SPAN", (-2, 0), (-1, 0)), ("ALIGN", (-2, 0), (-1, 0), "CENTER")])
        )
    return table


def _counts(
    now: int | None,
    before: int | None,
    total: int | None,
    published: Published,
    words: TableWords,
    whole: bool,
    has_previous: bool,
    marks: tuple[str, str],
) -> list[Cell]:
    """A row's numbers: the count, its share, the count before, the change and its percentage,
    each left blank when it would be worked out from a hidden count (`marks`: what the count
    and the one before print when hidden)."""
    t = words.t
    cells: list[Cell] = [marks[0] if now is None else count_text(t, now)]
    if whole:
        share = "" if now is None or not total else percent_text(t, now / total)
        cells.append(share)
    if has_previous:
        cells.append(marks[1] if before is None else count_text(t, before))
        both = now is not None and before is not None
        cells.append(change_text(t, now, before) if both else "")  # type: ignore[arg-type]
        cells.append(change_percent_text(t, now, before) if both else "")  # type: ignore[arg-type]
    return cells


# Several columns ----------------------------------------------------------------------------------


def _pairs_fit(published: Published, width: float) -> bool:
    """Whether each column's two periods fit side by side (doses by dose number: yes; visits
    by hour: no)."""
    columns = len(published.table.columns)
    return published.previous is not None and 2 * columns * _PAIR <= width - _LABELS


def _paired(published: Published, words: TableWords, width: float) -> Table:
    """Each column's name over its count in the period and in the one before."""
    table, t = published.table, words.t
    names: list[Cell] = [""]
    periods: list[Cell] = [""]
    for column in table.columns:
        names += [Paragraph(words.label(column.label), words.centred), ""]
        periods += list(words.periods)
    rows: list[list[Cell]] = [names, periods]
    previous = published.previous or ()
    true_before = table.previous or ()
    for at, line in enumerate(table.rows):
        cells: list[Cell] = []
        for c, (now, before) in enumerate(zip(published.current[at], previous[at], strict=True)):
            cells += [
                _shown(now, table.current[at][c], published, t),
                _shown(before, true_before[at][c], published, t),
            ]
        rows.append([Paragraph(words.label(line.label), words.body), *cells])
    total_row = table.whole and published.totals is not None
    if total_row:
        before_totals = published.previous_totals or (None,) * len(table.columns)
        cells = []
        for c, (now, before) in enumerate(zip(published.totals or (), before_totals, strict=True)):
            true_now = sum(r[c] for r in table.current)
            true_then = sum(r[c] for r in true_before)
            cells += [_shown(now, true_now, published, t), _shown(before, true_then, published, t)]
        rows.append([Paragraph(words.label(words.total), words.strong), *cells])
    numbers = 2 * len(table.columns)
    grid = Table(rows, colWidths=[width - numbers * _PAIR] + numbers * [_PAIR], repeatRows=2)
    grid.setStyle(_style(words, len(rows), total_row=total_row, header_rows=2))
    spans = [("SPAN", (1 + 2 * c, 0), (2 + 2 * c, 0)) for c in range(len(table.columns))]
    grid.setStyle(TableStyle(spans))
    return grid


def _several_columns(
    published: Published,
    shown: Shown,
    totals: tuple[int | None, ...] | None,
    period: str,
    words: TableWords,
    width: float,
) -> list[Flowable]:
    """The period's grid, cut into as many grids as it takes for the columns to fit."""
    table = published.table
    fit = max(1, int((width - _LABELS) // _NARROW))
    parts = -(-len(table.columns) // fit)
    each = -(-len(table.columns) // parts)  # 24 hours: three grids of 8, not 11, 11 and 2
    grids: list[Flowable] = []
    for first in range(0, len(table.columns), each):
        columns = range(first, min(first + each, len(table.columns)))
        header: list[Cell] = [Paragraph(words.label(period), words.strong)]
        header += [Paragraph(words.label(table.columns[c].label), words.right) for c in columns]
        rows: list[list[Cell]] = [header]
        true = table.current if shown is published.current else (table.previous or ())
        for at, line in enumerate(table.rows):
            cells = [_shown(shown[at][c], true[at][c], published, words.t) for c in columns]
            rows.append([Paragraph(words.label(line.label), words.body), *cells])
        if table.whole and totals is not None:
            sums = [sum(r[c] for r in true) for c in range(len(table.columns))]
            cells = [_shown(totals[c], sums[c], published, words.t) for c in columns]
            rows.append([Paragraph(words.label(words.total), words.strong), *cells])
        number = min(_NUMBER, (width - _LABELS) / len(columns))
        widths = [width - len(columns) * number] + len(columns) * [number]
        grid = Table(rows, colWidths=widths, repeatRows=1)
        grid.setStyle(_style(words, len(rows), total_row=table.whole and totals is not None))
        grids.append(grid)
    return grids


def _shown(value: int | None, true: int, published: Published, t: Translator) -> str:
    return published.mark(true) if value is None else count_text(t, value)


# Style --------------------------------------------------------------------------------------------


def _style(words: TableWords, rows: int, *, total_row: bool, header_rows: int = 1) -> TableStyle:
    """Rules between rows, the header shaded, numbers on the right, the total in bold."""
    header = header_rows - 1
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), words.regular_font),
        ("FONTSIZE", (0, 0), (-1, -1), words.body.fontSize),
        ("FONTNAME", (0, 0), (-1, header), words.bold_font),
        ("BACKGROUND", (0, 0), (-1, header), SHADE),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, _LINE),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.4 * mm),
        ("LEFTPADDING", (0, 0), (-1, -1), 1.5 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1.5 * mm),
    ]
    if total_row:
        commands += [
            ("FONTNAME", (0, rows - 1), (-1, rows - 1), words.bold_font),
            ("LINEABOVE", (0, rows - 1), (-1, rows - 1), 0.8, colors.black),
        ]
    return TableStyle(commands)
