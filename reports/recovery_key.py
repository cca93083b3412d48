"""The recovery key on one A4 sheet, to print and keep in the clinic's safe.

The key is the last way into the encrypted database when every coordinator's password is lost:
whoever holds it and the computer reads everything. So the sheet says so, asks that no copy
stays on the computer, and numbers the key's groups (the set-up wizard asks for two of them
back). The key is printed in Courier, a monospaced face every PDF reader has, and never
written into the PDF's metadata, which file managers and print queues show.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from clinic.i18n.translator import Translator, translator
from reports.base import Page, a4_document, text_styles
from reports.typeface import ReportFonts, report_fonts

_PAGE = Page(margin=20 * mm)
_KEY_FONT = "Courier-Bold"
_NAME_IN_FILE = 40  # characters of the clinic's name kept in the suggested file name


@dataclass(frozen=True)
class RecoverySheet:
    clinic_name: str
    key: str  # as shown: groups of letters and digits joined by dashes
    made_on: dt.date
    language: str


def render_recovery_key(sheet: RecoverySheet) -> bytes:
    """The sheet as a PDF in the sheet's language."""
    t = translator(sheet.language)
    fonts = report_fonts()
    out = io.BytesIO()
    document = a4_document(
        out,
        _PAGE,
        title=t.gettext("Soglia recovery key"),  # the key itself never goes in the metadata
        language=sheet.language,
        fonts=fonts,
    )
    document.build(_story(sheet, t, fonts))
    return out.getvalue()


def _story(sheet: RecoverySheet, t: Translator, fonts: ReportFonts) -> list[Flowable]:
    styles = text_styles(fonts, size=11, leading=15, space_after=6)
    body, title = styles.body, styles.title
    clinic = ParagraphStyle("clinic", body, fontSize=14, leading=18)
    made_on = t.format(t.gettext("Made on {date}"), date=t.short_date(sheet.made_on))
    paragraphs = [
        t.gettext(
            "If every coordinator's password is lost, only this key opens the clinic's "
            "database: in Soglia's login window, choose the recovery key and type it."
        ),
        t.gettext(
            "Whoever has this key and the clinic's computer can read all its data. Keep this "
            "sheet in the clinic's safe."
        ),
        t.gettext(
            "Do not keep the PDF file on the computer or send it by e-mail: once it is "
            "printed, delete it."
        ),
    ]
    return [
        Paragraph(escape(t.gettext("Soglia recovery key")), title),
        Paragraph(escape(sheet.clinic_name), clinic),
        Paragraph(escape(made_on), body),
        Spacer(0, 6 * mm),
        _key_table(sheet.key, fonts),
        Spacer(0, 8 * mm),
        *(Paragraph(escape(text), body) for text in paragraphs),
    ]


def _key_table(key: str, fonts: ReportFonts) -> Table:
    """The key's groups, four to a line, each under its number, framed."""
    groups = key.split("-")
    rows: list[list[str]] = []
    for start in range(0, len(groups), 4):
        chunk = groups[start : start + 4]
        rows.append([str(start + n + 1) for n in range(len(chunk))])
        rows.append(chunk)
    table = Table(rows, hAlign="LEFT", colWidths=[38 * mm] * 4)
    style = [
        ("BOX", (0, 0), (-1, -1), 1.5, colors.black),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
    ]
    for row in range(0, len(rows), 2):
        style += [
            ("FONT", (0, row), (-1, row), fonts.regular, 9),
            ("TEXTCOLOR", (0, row), (-1, row), colors.Color(0.4, 0.4, 0.4)),
            ("FONT", (0, row + 1), (-1, row + 1), _KEY_FONT, 20),
            ("BOTTOMPADDING", (0, row + 1), (-1, row + 1), 4 * mm),
        ]
    table.setStyle(TableStyle(style))
    return table


def recovery_key_file_name(clinic_name: str, made_on: dt.date) -> str:
    """`soglia-recovery-key-<clinic>-<date>.pdf`: the clinic's name in plain letters, no more."""
    plain = unicodedata.normalize("NFKD", clinic_name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:_NAME_IN_FILE].strip("-")
    parts = ["soglia-recovery-key", slug, made_on.isoformat()]
    return "-".join(part for part in parts if part) + ".pdf"
