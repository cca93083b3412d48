"""The cover of the activity report: whose report, for when, and whether it may leave the clinic.

How small counts were treated is printed in a framed box a reader cannot miss; a report with
them shown is marked for internal use in white on black, since it must not be handed out.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from clinic.i18n.translator import N_
from clinic.statistics.tables import COMPLEMENT, Report
from reports.annual_styles import Styles
from reports.report_words import long_date, period_text

TITLE = N_("Activity report")
INTERNAL = N_("Small counts are NOT hidden: for internal use only")
# Translators: on the report's cover, e.g. "Counts from 1 to 4 are shown as <5".
SUPPRESSED = N_("Counts from 1 to {last} are shown as {hidden}")
# Translators: on the report's cover, after "Counts from 1 to 4 are shown as <5".
COMPLEMENTS = N_("{mark}: a count hidden so that no total gives a small one back")
# Translators: on the report's cover, the period the changes are counted from.
COMPARED = N_("Compared with {period}")
MADE_ON = N_("Report made on {date}")
# Translators: a filter the report was made with, e.g. "Site: Via Padova".
FILTER = N_("{filter}: {value}")


def cover(report: Report, styles: Styles, width: float) -> list[Flowable]:
    """The first page, `width` wide, ending with the break to the next."""
    t, look = styles.t, styles.cover
    story: list[Flowable] = [
        Spacer(0, 30 * mm),
        Paragraph(styles.data(report.clinic), look.clinic),
        Paragraph(escape(t.gettext(TITLE)), look.title),
        Paragraph(escape(period_text(t, report.period)), look.period),
        Paragraph(escape(t.format(COMPARED, period=period_text(t, report.previous))), look.line),
    ]
    for name, value in report.filters.items():
        line = t.format(FILTER, filter=name, value=value)
        story.append(Paragraph(styles.data(line), look.line))
    story += [
        Spacer(0, 25 * mm),
        _suppression_box(report, styles, width),
        Spacer(0, 8 * mm),
        Paragraph(escape(t.format(MADE_ON, date=long_date(t, report.made_at.date()))), look.line),
        PageBreak(),
    ]
    return story


def _suppression_box(report: Report, styles: Styles, width: float) -> Table:
    t, look = styles.t, styles.cover
    if report.suppress_below is None:
        text, style = t.gettext(INTERNAL), look.warning
        frame = [("BACKGROUND", (0, 0), (-1, -1), colors.black)]
    else:
        k = report.suppress_below
        text = t.format(SUPPRESSED, last=t.number(k - 1), hidden=f"<{k}")
        text += ". " + t.format(COMPLEMENTS, mark=COMPLEMENT)
        style, frame = look.notice, []
    box = Table([[Paragraph(escape(text), style)]], colWidths=[width])
    box.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.fonts.regular),
                ("BOX", (0, 0), (-1, -1), 2, colors.black),
                ("TOPPADDING", (0, 0), (-1, -1), 4 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5 * mm),
                ("LEFTPADDING", (0, 0), (-1, -1), 5 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5 * mm),
                *frame,
            ]
        )
    )
    return box
