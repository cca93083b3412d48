"""The charts of the activity report, drawn with ReportLab's graphics from published tables.

A chart shows what its table shows and nothing more: it is drawn from the `Published` cells,
never from the table's counts, so a hidden cell (a count from 1 to k−1) has no bar, no point and
no shade that would give its value away. It is marked instead, as an empty bar with "<5" beside
it, a gap in a line, or a hatched square. Charts are printed in black and white: the period is
dark, the one before it light grey, and a line of the previous period is dashed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab import rl_config

# ReportLab checks every attribute set on a shape against its declared type: more than half of
# drawing the report's charts. Only these charts use ReportLab's graphics, and they set what the
# charts' own tests print; the choice is read when `shapes` is first imported, hence here.
rl_config.shapeChecking = 0

from reportlab.graphics.charts.barcharts import HorizontalBarChart  # noqa: E402
from reportlab.graphics.charts.linecharts import HorizontalLineChart  # noqa: E402
from reportlab.graphics.charts.textlabels import NA_Label  # noqa: E402
from reportlab.graphics.shapes import Drawing, Group, Path, Rect, String  # noqa: E402
from reportlab.graphics.widgets.markers import makeMarker  # noqa: E402
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfbase.pdfmetrics import stringWidth  # noqa: E402

from clinic.i18n.translator import Translator  # noqa: E402
from clinic.statistics.tables import Chart, Published, Shown  # noqa: E402
from reports.report_words import count_text  # noqa: E402
from reports.typeface import ReportFonts  # noqa: E402

INK = colors.Color(0.15, 0.15, 0.15)
PALE = colors.Color(0.68, 0.68, 0.68)
GRID = colors.Color(0.82, 0.82, 0.82)
_SIZE = 7.0  # points: labels and legends
_LABELS_AT_MOST = 50 * mm  # row labels longer than this are cut with an ellipsis
_LEGEND = 6 * mm  # the legend's band above a chart


@dataclass(frozen=True)
class ChartWords:
    """What a chart writes besides the table's own labels, already in the report's language."""

    t: Translator
    fonts: ReportFonts
    hidden: str  # "<5"
    hidden_legend: str  # "<5: a small count, hidden"
    periods: tuple[str, str]  # "2025", "2024"
    printable: Callable[[str], str]  # a label as the font can draw it


def chart(published: Published, words: ChartWords, width: float, height: float) -> Drawing | None:
    """The drawing of the table's chart kind, `width` wide and at most about `height` high,
    or None when it has none."""
    kind = published.table.chart
    if kind is Chart.BARS:
        return _bars(published, words, width, height)
    if kind is Chart.LINE:
        return _line(published, words, width)
    if kind is Chart.HEAT:
        return _heat(published, words, width)
    return None


# Bars ---------------------------------------------------------------------------------------------


def _series(published: Published, words: ChartWords) -> tuple[list[list[int | None]], list[str]]:
    """The bars or lines to draw and their names: for a table of one column, the period and
    the one before; for several columns, the period's count in each column."""
    if len(published.table.columns) == 1:
        series = [_column(published.current, 0)]
        if published.previous is not None:
            series.append(_column(published.previous, 0))
        return series, list(words.periods[: len(series)])
    columns = published.table.columns
    names = [words.printable(column.label) for column in columns]
    return [_column(published.current, at) for at in range(len(columns))], names


def _column(grid: Shown, at: int) -> list[int | None]:
    return [row[at] for row in grid]


def _marks(published: Published) -> list[list[str]]:
    """What each point of `_series` prints when hidden, from its true count: "<5" for a small
    count, "x" for one hidden to protect it (`Published.mark`)."""
    table = published.table
    grids = [table.current]
    if len(table.columns) == 1:
        grids += [table.previous] if published.previous is not None and table.previous else []
        return [[published.mark(row[0]) for row in grid] for grid in grids]
    return [[published.mark(row[at]) for row in table.current] for at in range(len(table.columns))]


def _bars(published: Published, words: ChartWords, width: float, most: float) -> Drawing:
    series, names = _series(published, words)
    labels = [_cut(words.printable(row.label), words) for row in published.table.rows]
    label_width = max(stringWidth(label, words.fonts.regular, _SIZE) for label in labels) + 2 * mm
    per_row = min((3.2 * mm) * len(series) + 2.4 * mm, most / len(labels))
    height = per_row * len(labels)
    drawing = Drawing(width, height + _LEGEND + 8 * mm)
    bars = _HiddenMarkedBars()
    bars.x, bars.y = label_width, 6 * mm
    bars.width, bars.height = width - label_width - 14 * mm, height
    bars.data = series[::-1]  # drawn from the bottom up: the period on top, as in the legend
    bars.categoryAxis.categoryNames = labels
    bars.categoryAxis.reverseDirection = 1  # the first row at the top, as in the table
    bars.categoryAxis.labels.fontName = words.fonts.regular
    bars.categoryAxis.labels.fontSize = _SIZE
    bars.categoryAxis.labels.boxAnchor = "e"
    bars.categoryAxis.strokeColor = INK
    bars.barWidth, bars.groupSpacing, bars.barSpacing = 3.2 * mm, 2.4 * mm, 0.3 * mm
    _value_axis(bars.valueAxis, series, words)
    bars.valueAxis.visibleGrid = 1
    bars.valueAxis.gridStrokeColor = GRID
    for at, shade in enumerate(_shades(len(series))[::-1]):
        bars.bars[at].fillColor = shade
        bars.bars[at].strokeColor = None
    bars.barLabelFormat = lambda value: count_text(words.t, int(value))
    bars.barLabels.fontName = words.fonts.regular
    bars.barLabels.fontSize = _SIZE - 0.5
    bars.barLabels.boxAnchor = "w"
    bars.barLabels.dx = 1.5
    bars.naLabel = _hidden_label(words)
    bars.marks = _marks(published)[::-1]
    drawing.add(bars)
    legend = _legend(
        names, _shades(len(series)), words, height + 8 * mm, hidden=_any_hidden(series)
    )
    drawing.add(legend)
    return drawing


_STUB = 2.5 * mm  # the hatched box a hidden bar is drawn as, whatever its count


class _HiddenMarkedBars(HorizontalBarChart):  # type: ignore[misc]  # ReportLab has no hints
    """Bars where a hidden count has a small hatched box and "<5" instead of a bar."""

    def _addNABarLabel(
        self, g: Group, row: int, column: int, x: float, y: float, *args: object, **kw: object
    ) -> object:
        height = args[1] if len(args) > 1 else None  # ReportLab passes (width, height)
        if not kw.get("calcOnly") and isinstance(height, float | int):
            g.add(_hatched(x, y, _STUB, height))
        self.naLabel.text = self.marks[row][column]  # "<5", or "x" for a complement
        return super()._addNABarLabel(g, row, column, x, y, *args, **kw)


def _hidden_label(words: ChartWords) -> NA_Label:
    """The "<5" a hidden bar has beside its hatched box, at the axis."""
    label = NA_Label()
    label.text = words.hidden
    label.fontName = words.fonts.bold
    label.fontSize = _SIZE - 0.5
    label.boxAnchor = "w"
    label.dx = _STUB + 1.5
    return label


def _value_axis(axis: object, series: Sequence[Sequence[int | None]], words: ChartWords) -> None:
    """From zero up, in whole numbers written the report's way."""
    highest = max((value for row in series for value in row if value is not None), default=0)
    axis.valueMin = 0  # type: ignore[attr-defined]
    axis.valueMax = max(highest * 1.08, 4)  # type: ignore[attr-defined]
    axis.labels.fontName = words.fonts.regular  # type: ignore[attr-defined]
    axis.labels.fontSize = _SIZE  # type: ignore[attr-defined]
    axis.labelTextFormat = lambda value: count_text(words.t, int(value))  # type: ignore[attr-defined]
    axis.strokeColor = INK  # type: ignore[attr-defined]
    if highest < 10:
        axis.valueStep = 1  # type: ignore[attr-defined]  # no "2.5 persons"


def _shades(count: int) -> list[colors.Color]:
    """Greys that tell `count` series apart on a black and white page, darkest first."""
    if count == 1:
        return [INK]
    if count == 2:
        return [INK, PALE]
    step = (0.8 - 0.15) / (count - 1)
    return [colors.Color(*(3 * [0.15 + step * at])) for at in range(count)]


# Lines --------------------------------------------------------------------------------------------


def _line(published: Published, words: ChartWords, width: float) -> Drawing:
    series, names = _series(published, words)
    height = 55 * mm
    drawing = Drawing(width, height + _LEGEND + 12 * mm)
    lines = HorizontalLineChart()
    lines.x, lines.y = 14 * mm, 10 * mm
    lines.width, lines.height = width - 18 * mm, height
    runs, styles = _runs(series)
    lines.data = runs or [[None] * len(published.table.rows)]
    shades = _shades(len(series))
    for at, period in enumerate(styles):
        lines.lines[at].strokeColor = shades[period]
        lines.lines[at].strokeWidth = 1.6 if period == 0 else 1.1
        lines.lines[at].strokeDashArray = None if period == 0 else [3, 2]
        lines.lines[at].symbol = makeMarker("FilledCircle", size=3, fillColor=shades[period])
    labels = [_cut(words.printable(row.label), words) for row in published.table.rows]
    lines.categoryAxis.categoryNames = labels
    lines.categoryAxis.labels.fontName = words.fonts.regular
    lines.categoryAxis.labels.fontSize = _SIZE
    lines.categoryAxis.labels.angle = 30 if len(labels) > 12 else 0
    lines.categoryAxis.labels.boxAnchor = "ne" if len(labels) > 12 else "n"
    lines.categoryAxis.strokeColor = INK
    _value_axis(lines.valueAxis, series, words)
    lines.valueAxis.visibleGrid = 1
    lines.valueAxis.gridStrokeColor = GRID
    lines.annotations = [_hidden_points(series, _marks(published)[0], words)]
    drawing.add(lines)
    drawing.add(_legend(names, shades, words, height + 12 * mm, hidden=_any_hidden(series)))
    return drawing


def _runs(series: Sequence[Sequence[int | None]]) -> tuple[list[list[int | None]], list[int]]:
    """Each series cut at its hidden points into runs drawn as separate lines, so that a line
    has a gap where a count is hidden instead of crossing it; and the series each run is of."""
    runs: list[list[int | None]] = []
    of: list[int] = []
    for at, values in enumerate(series):
        start = None
        for index, value in enumerate([*values, None]):
            if value is not None and start is None:
                start = index
            elif value is None and start is not None:
                run: list[int | None] = [None] * len(values)
                run[start:index] = values[start:index]
                runs.append(run)
                of.append(at)
                start = None
    return runs, of


def _hidden_points(
    series: Sequence[Sequence[int | None]], marks: Sequence[str], words: ChartWords
) -> Callable[[object, Callable[[int], tuple[float, float]], object], Group]:
    """Draws "<5" at the foot of the plot under each hidden point of the first series."""

    def draw(chart: object, where: Callable[[int], tuple[float, float]], _value: object) -> Group:
        group = Group()
        bottom = chart.y + 1.5  # type: ignore[attr-defined]
        for index, value in enumerate(series[0]):
            if value is None:
                low, span = where(index)
                middle = low + span / 2
                group.add(_hatched(middle - 2.2 * mm, bottom, 4.4 * mm, 3 * mm))
                group.add(_text(middle, bottom + 4 * mm, marks[index], words, anchor="middle"))
        return group

    return draw


# The heat map -------------------------------------------------------------------------------------


def _heat(published: Published, words: ChartWords, width: float) -> Drawing:
    """The period's counts by rows and columns (weekday by hour) as squares shaded by count:
    white for none, darker for more, hatched where a count is hidden."""
    table = published.table
    rows = [_cut(words.printable(row.label), words) for row in table.rows]
    label_width = max(stringWidth(label, words.fonts.regular, _SIZE) for label in rows) + 2 * mm
    cell = min((width - label_width) / len(table.columns), 9 * mm)
    top = len(rows) * cell
    columns = [words.printable(column.label) for column in table.columns]
    widest = max(stringWidth(label, words.fonts.regular, _SIZE) for label in columns)
    upright = widest > cell * 0.9  # names that do not fit across a square are written upwards
    heading = (widest if upright else _SIZE) + 2 * mm
    drawing = Drawing(width, top + heading + _LEGEND + 2 * mm)
    highest = max((v for row in published.current for v in row if v is not None), default=0)
    for r, values in enumerate(published.current):
        y = top - (r + 1) * cell
        drawing.add(_text(label_width - 1.5 * mm, y + cell / 2 - 2.4, rows[r], words, "end"))
        for c, value in enumerate(values):
            drawing.add(_square(label_width + c * cell, y, cell, value, highest))
    for c, label in enumerate(columns):
        middle = label_width + (c + 0.5) * cell
        if upright:
            name = Group(_text(0, -_SIZE * 0.35, label, words, "start"))
            name.translate(middle, top + 1 * mm)
            name.rotate(90)
            drawing.add(name)
        else:
            drawing.add(_text(middle, top + 1.5 * mm, label, words, "middle"))
    drawing.add(_heat_legend(highest, words, label_width, top + heading + 1.5 * mm))
    return drawing


def _square(x: float, y: float, side: float, value: int | None, highest: int) -> Group | Rect:
    if value is None:
        return _hatched(x, y, side, side)
    darkness = 0.0 if highest == 0 else 0.85 * value / highest
    shade = colors.Color(*(3 * [1 - darkness]))
    return Rect(x, y, side, side, fillColor=shade, strokeColor=GRID, strokeWidth=0.4)


def _heat_legend(highest: int, words: ChartWords, x: float, y: float) -> Group:
    """Five shades from none to the highest count, then the hatch of a hidden count."""
    group = Group()
    side = 3.2 * mm
    steps = 5
    for step in range(steps):
        value = round(highest * step / (steps - 1))
        at = x + step * 16 * mm
        group.add(_square(at, y, side, value, highest))
        group.add(_text(at + side + 1 * mm, y + 0.8, count_text(words.t, value), words, "start"))
    at = x + steps * 16 * mm
    group.add(_hatched(at, y, side, side))
    group.add(_text(at + side + 1 * mm, y + 0.8, words.hidden_legend, words, "start"))
    return group


# Pieces -------------------------------------------------------------------------------------------


def _legend(
    names: Sequence[str],
    shades: Sequence[colors.Color],
    words: ChartWords,
    y: float,
    *,
    hidden: bool,
) -> Group:
    """A swatch and a name per series on one line, then the hidden count's mark."""
    group = Group()
    x = 0.0
    side = 3 * mm
    for name, shade in zip(names, shades, strict=True):
        group.add(Rect(x, y, side, side, fillColor=shade, strokeColor=None))
        group.add(_text(x + side + 1 * mm, y + 0.8, name, words, "start"))
        x += side + 4 * mm + stringWidth(name, words.fonts.regular, _SIZE)
    if hidden:
        group.add(_hatched(x + 2 * mm, y, side, side))
        group.add(_text(x + 3 * mm + side, y + 0.8, words.hidden_legend, words, "start"))
    return group


def _any_hidden(series: Sequence[Sequence[int | None]]) -> bool:
    return any(value is None for values in series for value in values)


def _hatched(x: float, y: float, width: float, height: float) -> Group:
    """An empty box crossed by diagonal lines: a count that is there, but not shown."""
    group = Group()
    group.add(Rect(x, y, width, height, fillColor=colors.white, strokeColor=PALE, strokeWidth=0.5))
    lines = Path(fillColor=None, strokeColor=PALE, strokeWidth=0.5)  # one shape, not one a line
    step = 1.2 * mm
    offset = -height + step
    while offset < width:
        start = max(offset, 0.0)
        end = min(width, height + offset)
        if start < end:
            lines.moveTo(x + start, y + start - offset)
            lines.lineTo(x + end, y + end - offset)
        offset += step
    group.add(lines)
    return group


def _text(x: float, y: float, text: str, words: ChartWords, anchor: str) -> String:
    return String(
        x,
        y,
        text,
        fontName=words.fonts.regular,
        fontSize=_SIZE,
        fillColor=INK,
        textAnchor=anchor,
    )


def _cut(label: str, words: ChartWords) -> str:
    """A row label that fits beside a chart, cut with an ellipsis when it does not."""
    if stringWidth(label, words.fonts.regular, _SIZE) <= _LABELS_AT_MOST:
        return label
    while label and stringWidth(label + "…", words.fonts.regular, _SIZE) > _LABELS_AT_MOST:
        label = label[:-1]
    return label.rstrip() + "…"
