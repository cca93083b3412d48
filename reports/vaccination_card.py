"""The printed vaccination card: an A4 page the person takes home and brings to every visit.

It is read by people who may not read the clinic's language well, on paper printed in black and
white: short sentences, large type, dates in the card language's own format, no colour needed.
Every piece of data text is escaped before it reaches a Paragraph, which would otherwise read it
as markup (a lot number like `<img src=...>` would embed a file), and what the font cannot draw
(Chinese, Arabic, Hebrew, Ethiopic) is replaced by a note saying so (`reports.printable`).
The code is printed large but never written into the PDF's metadata, which file managers and
print queues show.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Paragraph, Spacer, Table, TableStyle

from clinic.i18n.translator import N_, Translator, translator
from clinic.vaccinations.card import CardDose, CardGroup, VaccinationCard
from clinic.vaccinations.vocabulary import ForecastStatus
from clinic.vaccinations.words import FORECAST_STATUSES, card_window_text, vaccine_group_text
from reports.base import (
    PAGE_WIDTH,
    RULE,
    OnPage,
    Page,
    a4_document,
    grid_style,
    text_styles,
)
from reports.printable import printable_markup
from reports.typeface import ReportFonts, report_fonts

# No padding in the frame, so that the tables' rules line up with the margins, as headings do.
_PAGE = Page(margin=18 * mm, footer=12 * mm, padding=0)
_MARGIN = _PAGE.margin
_WIDTH = _PAGE.width
# Date, vaccine, product, dose, lot: the product and the lot number get what is left.
_DOSE_COLUMNS = (27 * mm, 40 * mm, 43 * mm, 32 * mm, _WIDTH - 142 * mm)
_GROUP_COLUMNS = (45 * mm, _WIDTH - 45 * mm)


class _Styles:
    """The paragraph styles of the card, in the registered Noto Sans faces."""

    def __init__(self, fonts: ReportFonts, t: Translator) -> None:
        self.fonts = fonts
        self.unprintable = t.gettext("[text in a script that cannot be printed]")
        shared = text_styles(fonts, size=10.5, leading=13.5)
        body = self.body = shared.body
        self.strong, self.title = shared.strong, shared.title
        self.clinic = ParagraphStyle("clinic", body, fontSize=13, leading=17)
        self.label = ParagraphStyle("label", body, fontSize=9, leading=11)
        self.code = ParagraphStyle("code", body, fontName=fonts.bold, fontSize=26, leading=32)
        self.heading = ParagraphStyle(
            "heading", body, fontName=fonts.bold, fontSize=13, leading=17, spaceBefore=14
        )
        self.footer = ParagraphStyle("footer", body, fontName=fonts.bold, fontSize=11)

    def data(self, text: str) -> str:
        """Text typed by someone, as Paragraph markup: escaped, and said where not printable."""
        return printable_markup(text, self.fonts.regular, self.unprintable)


def render_vaccination_card(card: VaccinationCard) -> bytes:
    """The card as a PDF, every text in the card's language; the same card gives the same bytes."""
    t = translator(card.language)
    styles = _Styles(report_fonts(), t)
    footer = _footer(t.gettext("Bring this card to every visit."), card.code, styles)
    out = io.BytesIO()
    document = a4_document(
        out,
        _PAGE,
        title=t.gettext("Vaccination card"),
        language=card.language,
        fonts=styles.fonts,
        on_page=footer,
    )
    document.build(_story(card, t, styles))
    return out.getvalue()


def _story(card: VaccinationCard, t: Translator, styles: _Styles) -> list[Flowable]:
    story: list[Flowable] = [
        Paragraph(escape(t.gettext("Vaccination card")), styles.title),
        Paragraph(styles.data(card.clinic_name), styles.clinic),
        Spacer(0, 5 * mm),
        _code_box(card.code, t, styles),
        Spacer(0, 2 * mm),
        Paragraph(
            escape(t.format(N_("Printed on {date}"), date=t.short_date(card.printed_on))),
            styles.label,
        ),
        Paragraph(escape(t.gettext("Doses given")), styles.heading),
        Spacer(0, 2 * mm),
    ]
    if card.doses:
        story.append(_doses_table(card.doses, t, styles))
    else:
        story.append(Paragraph(escape(t.gettext("No dose recorded yet.")), styles.body))
    if card.groups:
        story.append(Paragraph(escape(t.gettext("Next doses")), styles.heading))
        story.append(Spacer(0, 2 * mm))
        story.append(_groups_table(card, t, styles))
    return story


def _code_box(code: str, t: Translator, styles: _Styles) -> Table:
    """The pseudonymous code, large and framed, so it is easy to read out at reception."""
    cells = [
        [Paragraph(escape(t.gettext("Your code")), styles.label)],
        [Paragraph(escape(code), styles.code)],
    ]
    box = Table(cells, hAlign="LEFT")
    box.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.fonts.regular),
                ("BOX", (0, 0), (-1, -1), 1.5, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("TOPPADDING", (0, 0), (-1, 0), 2.5 * mm),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 3 * mm),
            ]
        )
    )
    return box


def _doses_table(doses: Sequence[CardDose], t: Translator, styles: _Styles) -> Table:
    header = [
        t.gettext("Date"),
        t.gettext("Vaccine"),
        t.gettext("Product"),
        t.gettext("Dose"),
        t.gettext("Lot number"),
    ]
    rows = [[Paragraph(escape(text), styles.strong) for text in header]]
    rows += [_dose_row(dose, t, styles) for dose in doses]
    table = Table(rows, colWidths=_DOSE_COLUMNS, repeatRows=1)
    table.setStyle(grid_style(styles.fonts))
    return table


def _dose_row(dose: CardDose, t: Translator, styles: _Styles) -> list[Flowable]:
    number = escape("" if dose.dose_number is None else str(dose.dose_number))
    if not dose.valid:
        # An invalid dose stays on the card (it was given), but a reader must not count it.
        note = "<b>" + escape(t.gettext("Does not count")) + "</b>"
        number = f"{number}<br/>{note}" if number else note
    return [
        Paragraph(escape(t.short_date(dose.given_on)), styles.body),
        Paragraph(escape(vaccine_group_text(t, dose.vaccine_group)), styles.body),
        Paragraph(styles.data(dose.product), styles.body),
        Paragraph(number, styles.body),
        Paragraph(styles.data(dose.lot_number or ""), styles.body),
    ]


def _groups_table(card: VaccinationCard, t: Translator, styles: _Styles) -> Table:
    rows = [
        [
            Paragraph(escape(vaccine_group_text(t, group.vaccine_group)), styles.strong),
            Paragraph(escape(group_status_text(group, t, card.printed_on)), styles.body),
        ]
        for group in card.groups
    ]
    table = Table(rows, colWidths=_GROUP_COLUMNS)
    table.setStyle(grid_style(styles.fonts, header=False))
    return table


def group_status_text(group: CardGroup, t: Translator, printed_on: dt.date) -> str:
    """Where a vaccine group stands, in words read at a glance.

    For a next dose: `Next dose (dose 3): from 13/03/2026, best on 13/04/2026, late from
    09/06/2026`; a part of the window is left out when the forecast has no such date or it adds
    nothing; a window open when printed reads "due now", a late dose "as soon as possible".
    """
    if group.status is not ForecastStatus.NOT_COMPLETE or group.earliest is None:
        return t.gettext(FORECAST_STATUSES[group.status])
    if group.next_dose_number is None:
        lead = t.gettext("Next dose")
    else:
        lead = t.format(N_("Next dose (dose {number})"), number=group.next_dose_number)
    window = card_window_text(t, group.earliest, group.recommended, group.past_due, printed_on)
    # Translators: the next dose, then when to come, e.g. "Next dose (dose 2): from 01/04/2026".
    return t.format(N_("{next_dose}: {window}"), next_dose=lead, window=window)


def _footer(text: str, code: str, styles: _Styles) -> OnPage:
    """Draws the reminder under a rule at the foot of every page, and the code on the right.

    The code on every page lets a loose second sheet of a long history be matched to its card.
    """
    paragraph = Paragraph(escape(text), styles.footer)

    def draw(canvas: Canvas, _document: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        rule = _MARGIN + _PAGE.footer - 4 * mm
        canvas.line(_MARGIN, rule, PAGE_WIDTH - _MARGIN, rule)
        _width, height = paragraph.wrap(_WIDTH * 0.7, _MARGIN)
        paragraph.drawOn(canvas, _MARGIN, rule - 2 * mm - height)
        canvas.setFont(styles.fonts.regular, styles.label.fontSize)
        canvas.drawRightString(PAGE_WIDTH - _MARGIN, rule - 2 * mm - height + 2.5, code)
        canvas.restoreState()

    return draw
