"""The activity report as a PDF: what funders, the city and the public read of a year's work.

It prints a `Report` whose tables have already been published (`suppression.publish`): this
module never sees a count that may not leave the clinic, and draws its charts from the same
published cells as its tables. A cover names the clinic, the period and how small counts were
treated (a report with small counts shown says so on every page, since a page travels alone);
a contents page gives each section's page; each section then has the coordinator's paragraph,
printed as typed, and its tables, each with its definition and chart.

Everything is written in the report's language, chosen apart from the desk's. The report is
laid out once (`reports.pagination`): building it costs about what a plain document of the same
pages costs, and it reports its progress and gives up between sections when cancelled.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from functools import partial
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from clinic.i18n.translator import Translator
from clinic.statistics.tables import Published, Report, Section, Table
from reports.annual_cover import INTERNAL, TITLE, cover
from reports.annual_styles import Styles
from reports.base import PAGE_WIDTH, RULE, Page, a4_document
from reports.pagination import ContentsLine, DeferredCanvas, Pagination, SectionStart
from reports.report_charts import chart
from reports.report_tables import figure_table
from reports.report_words import period_text
from reports.typeface import report_fonts

PAGE = Page(margin=18 * mm, footer=12 * mm, padding=0)
_CHART_AT_MOST = 200 * mm  # a chart stays well within a page's body


class Cancelled(Exception):  # noqa: N818  # said by the person, not an error
    """The person cancelled the report while it was being built: no file is made."""


Progress = Callable[[int, int], None]


def annual_report_pdf(
    report: Report,
    published: Mapping[str, Published],
    t: Translator,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> bytes:
    """The report as PDF bytes in `t`'s language, from its tables as published (`published`
    by table key). `progress(done, total)` hears of each section laid out; `cancelled()` is
    asked between sections, and `Cancelled` raised when it answers yes."""
    styles = Styles(report_fonts(), t, report)
    steps = _Steps(len(report.sections), progress, cancelled)
    pagination = Pagination()
    story = cover(report, styles, PAGE.width) + _contents(report, styles, pagination)
    for at, section in enumerate(report.sections):
        steps.check()
        story += _section(section, published, styles, pagination, partial(steps.reached, at))
    out = io.BytesIO()
    title = f"{t.gettext(TITLE)} {period_text(t, report.period)}"
    document = a4_document(out, PAGE, title=title, language=t.language, fonts=styles.fonts)
    finish = partial(_finish_page, report=report, styles=styles, pagination=pagination)
    document.build(story, canvasmaker=partial(DeferredCanvas, finish=finish))
    steps.reached(len(report.sections))
    return out.getvalue()


class _Steps:
    """The report's progress by sections laid out, and the question whether to go on."""

    def __init__(
        self, total: int, progress: Progress | None, cancelled: Callable[[], bool] | None
    ) -> None:
        self.total, self.progress, self.cancelled = total, progress, cancelled

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise Cancelled

    def reached(self, done: int) -> None:
        """`done` sections are laid out: said, then the last chance to stop before the next."""
        if self.progress is not None:
            self.progress(done, self.total)
        if done < self.total:
            self.check()


# Contents ----------------------------------------------------------------------------------------


def _contents(report: Report, styles: Styles, pagination: Pagination) -> list[Flowable]:
    story: list[Flowable] = [Paragraph(escape(styles.t.gettext("Contents")), styles.heading)]
    for section in report.sections:
        title = Paragraph(styles.data(section.title), styles.contents)
        story.append(ContentsLine(section.key, title, pagination, number_width=20 * mm))
    return story


# Sections ----------------------------------------------------------------------------------------


def _section(
    section: Section,
    published: Mapping[str, Published],
    styles: Styles,
    pagination: Pagination,
    reached: Callable[[], None],
) -> list[Flowable]:
    story: list[Flowable] = [
        PageBreak(),
        SectionStart(section.key, section.title, pagination, reached),
        Paragraph(styles.data(section.title), styles.heading),
    ]
    story += _narrative(section.narrative, styles)
    for table in section.tables:
        story.append(_figure(table, published[table.key], styles))
    return story


def _narrative(text: str, styles: Styles) -> list[Flowable]:
    """The coordinator's paragraph as typed: markup stays text, blank lines part paragraphs."""
    paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
    return [
        Paragraph(styles.data(part).replace("\n", "<br/>"), styles.narrative)
        for part in paragraphs
        if part
    ]


def _figure(table: Table, published: Published, styles: Styles) -> Flowable:
    """A table's title, definition, numbers and chart, kept together when they fit a page."""
    parts: list[Flowable] = [
        Paragraph(styles.data(table.title), styles.table_title),
        Paragraph(styles.data(table.definition), styles.definition),
    ]
    for grid in figure_table(published, styles.table_words, PAGE.width):
        parts += [grid, Spacer(0, 2 * mm)]
    if table.rows:
        drawing = chart(published, styles.chart_words, PAGE.width, _CHART_AT_MOST)
        if drawing is not None:
            parts += [Spacer(0, 2 * mm), drawing]
    return KeepTogether(parts)


# Every page's finish ------------------------------------------------------------------------------


def _finish_page(
    canvas: Canvas,
    number: int,
    count: int,
    *,
    report: Report,
    styles: Styles,
    pagination: Pagination,
) -> None:
    """What a page gets once the report is laid out: its footer with "n / N", the page numbers
    of the contents, and the outline's entries for the sections starting on it."""
    for key in pagination.sections_on(number):
        canvas.bookmarkPage(key)
        canvas.addOutlineEntry(pagination.titles[key], key, level=0)
    canvas.saveState()
    canvas.setFont(styles.fonts.regular, styles.contents.fontSize)
    for slot in pagination.slots.get(number, []):
        start = pagination.starts.get(slot.section)
        if start is not None:
            canvas.drawRightString(slot.x, slot.y, styles.t.number(start))
    canvas.restoreState()
    if number > 1:
        _footer(canvas, number, count, report, styles)


def _footer(canvas: Canvas, number: int, count: int, report: Report, styles: Styles) -> None:
    """The clinic and period on the left, "n / N" on the right, and on a report with small
    counts shown, that it is for internal use only, in bold above them."""
    t = styles.t
    left, right = PAGE.margin, PAGE_WIDTH - PAGE.margin
    y = PAGE.margin
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(left, y + 4 * mm, right, y + 4 * mm)
    canvas.setFillColor(RULE)
    canvas.setFont(styles.fonts.regular, 7.5)
    canvas.drawString(left, y, f"{styles.plain(report.clinic)} · {period_text(t, report.period)}")
    canvas.drawRightString(right, y, f"{t.number(number)} / {t.number(count)}")
    if report.suppress_below is None:
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont(styles.fonts.bold, 8.5)
        canvas.drawCentredString(PAGE_WIDTH / 2, y + 6 * mm, t.gettext(INTERNAL))
    canvas.restoreState()
