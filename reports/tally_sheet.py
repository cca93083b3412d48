"""The paper tally sheet of a street session: what a night team fills in with a pen.

Teams often work on paper at night, then enter the sheet at the office: so its boxes follow the
entry form one to one, in the form's order (the session, the known persons by code, the
anonymous contacts, what was done with them, the material, the note), and each box holds what
one field takes: a tick or a number. An anonymous contact is one row of tick boxes (gender, age
band, region of origin, met before) under upright column names, so that every name is printed
whole in any language and a row still fits the width. The sheet asks for no name anywhere and
says so on every page.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Paragraph, Spacer, Table, TableStyle

from clinic.i18n.translator import N_, Translator, translator
from clinic.outreach.regions import region_name
from clinic.outreach.words import (
    ACTIONS,
    AGE_BANDS,
    MET_BEFORE,
    SETTINGS,
    TALLY_GENDER_WORDS,
    TALLY_GENDERS,
)
from db.vocabulary.outreach import Region
from reports.base import PAGE_WIDTH, RULE, SHADE, OnPage, Page, a4_document, text_styles
from reports.form_pieces import TickBox, Upright
from reports.printable import printable_markup
from reports.typeface import ReportFonts, report_fonts

_PAGE = Page(margin=12 * mm, footer=7 * mm, padding=0)
_WIDTH = _PAGE.width
_ROW = 7 * mm  # a row to write in: a code, a tick, a number
_TICK = 5.5 * mm  # a tick box's width in the contacts' table
_GAP = 1.6 * mm  # between two groups of tick boxes
_NUMBER = 7 * mm  # the contacts' row numbers
_UPRIGHT = 7.0  # points: the upright column names
_UPRIGHT_MAX = 36 * mm  # longer names are set smaller rather than cut
_PAIRS = 3  # name and box pairs on a line (zones, places, actions, material)
_INK = colors.black

TITLE = N_("Street session: tally sheet")


@dataclass(frozen=True)
class TallySheet:
    """What the sheet prints besides its own words: all names already in the team's language.

    `zones` are the coordinator's list of zones and routes, `items` the items kept at the
    outreach place the team takes material from; `contact_rows` anonymous contacts and
    `known_rows` known persons get a blank row each.
    """

    language: str
    clinic_name: str
    zones: Sequence[str]
    items: Sequence[str]
    contact_rows: int = 20
    known_rows: int = 8


def render_tally_sheet(sheet: TallySheet) -> bytes:
    """The sheet as an A4 PDF in `sheet.language`."""
    t = translator(sheet.language)
    styles = _Styles(report_fonts(), t)
    out = io.BytesIO()
    document = a4_document(
        out,
        _PAGE,
        title=t.gettext(TITLE),
        language=t.language,
        fonts=styles.fonts,
        on_page=_footer(t, styles),
    )
    document.build(_story(sheet, t, styles))
    return out.getvalue()


class _Styles:
    """The sheet's type: small and plain, the boxes matter more than the words."""

    def __init__(self, fonts: ReportFonts, t: Translator) -> None:
        self.fonts = fonts
        self.unprintable = t.gettext("[text in a script that cannot be printed]")
        shared = text_styles(fonts, size=8.5, leading=10.5)
        self.body, self.strong = shared.body, shared.strong
        self.title = ParagraphStyle("title", shared.title, fontSize=15, leading=19)
        self.heading = ParagraphStyle(
            "heading", self.strong, fontSize=10, leading=13, spaceBefore=3 * mm, spaceAfter=1 * mm
        )
        self.small = ParagraphStyle("small", self.body, fontSize=7.5, leading=9)
        self.group = ParagraphStyle(
            "group", self.strong, fontSize=7.5, leading=9, alignment=TA_CENTER
        )
        self.centred = ParagraphStyle("centred", self.small, alignment=TA_CENTER)

    def data(self, text: str) -> str:
        """A name typed by someone (the clinic's, a zone's, an item's) as Paragraph markup."""
        return printable_markup(text, self.fonts.regular, self.unprintable)


def _story(sheet: TallySheet, t: Translator, styles: _Styles) -> list[Flowable]:
    no_names = t.gettext("Write no names on this sheet: codes only.")
    return [
        Paragraph(escape(t.gettext(TITLE)), styles.title),
        Paragraph(styles.data(sheet.clinic_name), styles.body),
        Paragraph(escape(no_names), styles.strong),
        Spacer(0, 2 * mm),
        _session_fields(t, styles),
        Paragraph(escape(t.gettext("Zone")), styles.heading),
        _zones(sheet.zones, styles),
        Paragraph(escape(t.gettext("Places visited")), styles.heading),
        _tick_list([escape(t.gettext(word)) for word in SETTINGS.values()], styles),
        Paragraph(escape(t.gettext("Known persons (code)")), styles.heading),
        _known_persons(sheet.known_rows, t, styles),
        Paragraph(escape(t.gettext("Anonymous contacts (one row each)")), styles.heading),
        _contacts(sheet.contact_rows, t, styles),
        Paragraph(
            escape(t.gettext("What was done with the anonymous contacts (how many)")),
            styles.heading,
        ),
        _count_list([escape(t.gettext(word)) for word in ACTIONS.values()], styles),
        Paragraph(escape(t.gettext("Material handed out (how many)")), styles.heading),
        _count_list([styles.data(item) for item in sheet.items], styles),
        Paragraph(escape(t.gettext("Note (no names)")), styles.heading),
        _write_in(24 * mm),
    ]


# The session --------------------------------------------------------------------------------


def _session_fields(t: Translator, styles: _Styles) -> Table:
    """Date, start, end and volunteers on a line, the team's staff on the next."""

    def label(text: str) -> Paragraph:
        return Paragraph(escape(text), styles.strong)

    def hint(text: str) -> Paragraph:
        return Paragraph(escape(text), styles.centred)

    rows = [
        [
            label(t.gettext("Date")),
            hint(t.date_hint()),
            label(t.gettext("Start")),
            hint("__ : __"),
            label(t.gettext("End")),
            hint("__ : __"),
            label(t.gettext("Volunteers")),
            "",
        ],
        [label(t.gettext("Team")), "", "", "", "", "", "", ""],
    ]
    widths = (16, 38, 16, 24, 16, 24, 28, 24)
    table = Table(rows, colWidths=[w * mm for w in widths], rowHeights=[9 * mm, 9 * mm])
    boxes = [(1, 0), (3, 0), (5, 0), (7, 0)]
    style = [
        ("FONTNAME", (0, 0), (-1, -1), styles.fonts.regular),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TEXTCOLOR", (0, 0), (-1, -1), RULE),
        ("SPAN", (1, 1), (-1, 1)),
        ("BOX", (1, 1), (-1, 1), 0.8, _INK),
        *(("BOX", cell, cell, 0.8, _INK) for cell in boxes),
    ]
    table.setStyle(TableStyle(style))
    return table


def _tick_list(names: Sequence[str], styles: _Styles) -> Table:
    """A tick box before each name, `_PAIRS` to a line (names given as Paragraph markup)."""
    pairs = [(TickBox(4.2 * mm), Paragraph(name, styles.body)) for name in names]
    widths = (6 * mm, _WIDTH / _PAIRS - 8 * mm)
    return _pairs_table(pairs, widths, styles, framed=None)


def _count_list(names: Sequence[str], styles: _Styles) -> Table:
    """A name, then a box to write how many in, `_PAIRS` to a line."""
    pairs = [(Paragraph(name, styles.body), "") for name in names]
    widths = (_WIDTH / _PAIRS - 18 * mm, 16 * mm)
    return _pairs_table(pairs, widths, styles, framed=1)


def _pairs_table(
    pairs: Sequence[tuple[Flowable | str, Flowable | str]],
    widths: tuple[float, float],
    styles: _Styles,
    framed: int | None,
) -> Table:
    """Pairs of cells laid out `_PAIRS` to a line, 2 mm apart; the cell `framed` (0 or 1) of
    each pair gets a box to write in."""
    rows: list[list[Flowable | str]] = []
    boxes: list[tuple[int, int]] = []
    for n, pair in enumerate(pairs):
        line, place = divmod(n, _PAIRS)
        if place == 0:
            rows.append([""] * (3 * _PAIRS - 1))
        rows[line][3 * place : 3 * place + 2] = pair
        if framed is not None:
            boxes.append((3 * place + framed, line))
    column_widths = [*widths, 2 * mm] * _PAIRS
    table = Table(rows or [[""]], colWidths=column_widths[:-1], rowHeights=_ROW, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.fonts.regular),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 1 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                *(("BOX", cell, cell, 0.8, _INK) for cell in boxes),
            ]
        )
    )
    return table


def _zones(zones: Sequence[str], styles: _Styles) -> Table:
    """A tick box per zone of the coordinator's list, or a box to write one in while the list
    is empty."""
    if not zones:
        return _write_in(_ROW)
    return _tick_list([styles.data(zone) for zone in zones], styles)


def _write_in(height: float) -> Table:
    """A box the width of the page to write in."""
    table = Table([[""]], colWidths=[_WIDTH], rowHeights=[height])
    table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, _INK)]))
    return table


# Known persons and anonymous contacts ---------------------------------------------------------


def _known_persons(rows: int, t: Translator, styles: _Styles) -> Table:
    """A row per person met who has a code: the code, then a tick under each action."""
    code_width = 44 * mm
    action_width = (_WIDTH - _NUMBER - code_width) / len(ACTIONS)
    actions = [_title(t.gettext(word), action_width, styles) for word in ACTIONS.values()]
    header = ["", _title(t.gettext("Code"), code_width, styles), *actions]
    body = [[str(n), "", *[""] * len(actions)] for n in range(1, rows + 1)]
    widths = [_NUMBER, code_width, *[action_width] * len(actions)]
    table = Table(
        [header, *body], colWidths=widths, rowHeights=[None, *[_ROW] * rows], repeatRows=1
    )
    table.setStyle(_grid(styles, header_rows=1))
    return table


def _contacts(rows: int, t: Translator, styles: _Styles) -> Table:
    """A row per anonymous contact: a tick in each group (gender, age band, region, met before).

    The groups are separated by a narrow empty column, so that a tick is read in its group.
    """
    groups = _contact_groups(t)
    group_row: list[Flowable | str] = [""]
    name_row: list[Flowable | str] = [Paragraph("#", styles.centred)]
    widths = [_NUMBER]
    spans: list[tuple[int, int]] = []
    for title, names in groups:
        start = len(widths) + 1
        heading = _title(title, len(names) * _TICK, styles)
        group_row += ["", heading, *[""] * (len(names) - 1)]
        uprights = (Upright(name, styles.fonts.regular, _UPRIGHT, _UPRIGHT_MAX) for name in names)
        name_row += ["", *uprights]
        widths += [_GAP, *[_TICK] * len(names)]
        spans.append((start, start + len(names) - 1))
    body = [[str(n), *[""] * (len(widths) - 1)] for n in range(1, rows + 1)]
    table = Table(
        [group_row, name_row, *body],
        colWidths=widths,
        rowHeights=[None, None, *[_ROW] * rows],
        repeatRows=2,
    )
    table.setStyle(_contacts_style(styles, spans))
    return table


def _title(text: str, width: float, styles: _Styles) -> Paragraph:
    """A column's title in bold, set smaller when its longest word would not fit `width`
    (less the cell's padding), so that a word is never broken in two."""
    style = styles.group
    words = text.split()
    longest = max(
        (stringWidth(word, styles.fonts.bold, style.fontSize) for word in words), default=0
    )
    room = width - 2.4 * mm
    if longest > room:
        size = style.fontSize * room / longest
        style = ParagraphStyle("fitted", style, fontSize=size, leading=size * 1.2)
    return Paragraph(escape(text), style)


def _contact_groups(t: Translator) -> list[tuple[str, list[str]]]:
    """Each group's heading and its columns' names, in the entry form's order."""
    return [
        (t.gettext("Gender"), [t.gettext(TALLY_GENDER_WORDS[gender]) for gender in TALLY_GENDERS]),
        (t.gettext("Age band"), [t.gettext(word) for word in AGE_BANDS.values()]),
        (t.gettext("Region of origin"), [region_name(t, region) for region in Region]),
        (t.gettext("Met before"), [t.gettext(word) for word in MET_BEFORE.values()]),
    ]


def _contacts_style(styles: _Styles, spans: list[tuple[int, int]]) -> TableStyle:
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), styles.fonts.regular),
        ("FONTSIZE", (0, 0), (-1, -1), 7.5),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("VALIGN", (0, 1), (-1, 1), "BOTTOM"),
        ("ALIGN", (0, 0), (0, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0.6 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0.6 * mm),
        ("TOPPADDING", (0, 1), (-1, 1), 1 * mm),
        ("BOTTOMPADDING", (0, 1), (-1, 1), 1 * mm),
        ("GRID", (0, 1), (0, -1), 0.5, RULE),
        ("BACKGROUND", (0, 1), (0, 1), SHADE),
    ]
    for first, last in spans:
        commands += [
            ("SPAN", (first, 0), (last, 0)),
            ("GRID", (first, 1), (last, -1), 0.5, RULE),
            ("BOX", (first, 0), (last, -1), 1, _INK),
            ("BACKGROUND", (first, 0), (last, 1), SHADE),
        ]
    return TableStyle(commands)


def _grid(styles: _Styles, header_rows: int) -> TableStyle:
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), styles.fonts.regular),
            ("FONTSIZE", (0, 0), (-1, -1), 7.5),
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("BOX", (1, 0), (-1, -1), 1, _INK),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 0), (0, -1), "CENTER"),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE),
            ("LEFTPADDING", (0, 0), (-1, -1), 1 * mm),
            ("RIGHTPADDING", (0, 0), (-1, -1), 1 * mm),
        ]
    )


def _footer(t: Translator, styles: _Styles) -> OnPage:
    """The sheet's title, the reminder that it holds no names, and the page's number."""
    reminder = t.gettext("Write no names on this sheet: codes only.")
    title = t.gettext(TITLE)

    def draw(canvas: Canvas, document: BaseDocTemplate) -> None:
        page = t.format(N_("Page {number}"), number=document.page)
        canvas.saveState()
        canvas.setFont(styles.fonts.regular, 7.5)
        canvas.setFillColor(RULE)
        y = _PAGE.margin
        canvas.drawString(_PAGE.margin, y, f"{title} · {reminder}")
        canvas.drawRightString(PAGE_WIDTH - _PAGE.margin, y, page)
        canvas.restoreState()

    return draw
