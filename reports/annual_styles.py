"""The type of the activity report and the words its tables and charts share.

Read on paper by funders and the public, often photocopied: plain Noto Sans, headings that
stand out by size and weight, definitions small but legible, no colour needed.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from clinic.i18n.translator import N_, Translator
from clinic.statistics.tables import Report
from reports.base import text_styles
from reports.printable import printable_markup, printable_text
from reports.report_charts import ChartWords
from reports.report_tables import TableWords
from reports.report_words import period_heading
from reports.typeface import ReportFonts

UNPRINTABLE = N_("[text in a script that cannot be printed]")
# Translators: beside a chart, what its hatched or empty marks stand for, e.g. "<5: hidden".
HIDDEN_LEGEND = N_("{hidden}: a small count, hidden")
_GREY = colors.Color(0.3, 0.3, 0.3)


class Styles:
    """The report's paragraph styles, and its words for tables and charts, in `t`'s language."""

    def __init__(self, fonts: ReportFonts, t: Translator, report: Report) -> None:
        self.fonts, self.t = fonts, t
        self.unprintable = t.gettext(UNPRINTABLE)
        shared = text_styles(fonts, size=9.5, leading=13)
        body = self.body = shared.body
        self.strong = shared.strong
        self.title = ParagraphStyle("title", shared.title, fontSize=20, leading=25)
        self.heading = ParagraphStyle(
            "heading", body, fontName=fonts.bold, fontSize=17, leading=22, spaceAfter=4 * mm
        )
        self.contents = ParagraphStyle("contents", body, fontSize=11, leading=15)
        self.narrative = ParagraphStyle(
            "narrative", body, fontSize=10, leading=14, spaceAfter=3 * mm
        )
        self.table_title = ParagraphStyle(
            "table title", body, fontName=fonts.bold, fontSize=11, leading=14, spaceBefore=5 * mm
        )
        self.definition = ParagraphStyle(
            "definition", body, fontSize=7.5, leading=9.5, textColor=_GREY, spaceAfter=2 * mm
        )
        self.cell = ParagraphStyle("cell", body, fontSize=8.5, leading=10.5)
        self.cell_strong = ParagraphStyle("cell strong", self.cell, fontName=fonts.bold)
        self.cell_right = ParagraphStyle("cell right", self.cell_strong, alignment=TA_RIGHT)
        self.cell_centred = ParagraphStyle("cell centred", self.cell_strong, alignment=TA_CENTER)
        self.cover = CoverStyles(body, fonts)
        periods = (period_heading(t, report.period), period_heading(t, report.previous))
        hidden = f"<{report.suppress_below}"
        self.table_words = TableWords(
            t=t,
            periods=periods,
            total=t.gettext("Total"),
            share=t.gettext("Share"),
            change=t.gettext("Change"),
            label=self.data,
            body=self.cell,
            strong=self.cell_strong,
            right=self.cell_right,
            centred=self.cell_centred,
            regular_font=fonts.regular,
            bold_font=fonts.bold,
        )
        self.chart_words = ChartWords(
            t=t,
            fonts=fonts,
            hidden=hidden,
            hidden_legend=t.format(HIDDEN_LEGEND, hidden=hidden),
            periods=periods,
            printable=self.plain,
        )

    def data(self, text: str) -> str:
        """Text as Paragraph markup: escaped, and what the font cannot draw said, not dropped."""
        return printable_markup(text, self.fonts.regular, self.unprintable)

    def plain(self, text: str) -> str:
        """Text for a plain string drawn on the page (a footer, a chart's label)."""
        return printable_text(text, self.fonts.regular, self.unprintable)


class CoverStyles:
    """The cover's type: the clinic and the period large, the treatment of small counts plain."""

    def __init__(self, body: ParagraphStyle, fonts: ReportFonts) -> None:
        bold = ParagraphStyle("cover bold", body, fontName=fonts.bold)
        self.clinic = ParagraphStyle("clinic", bold, fontSize=24, leading=30, spaceAfter=10 * mm)
        self.title = ParagraphStyle("report", body, fontSize=16, leading=21)
        self.period = ParagraphStyle("period", bold, fontSize=30, leading=37, spaceAfter=3 * mm)
        self.line = ParagraphStyle("line", body, fontSize=11, leading=15)
        self.notice = ParagraphStyle("notice", bold, fontSize=13, leading=17)
        self.warning = ParagraphStyle(
            "warning", bold, fontSize=15, leading=20, textColor=colors.white
        )
