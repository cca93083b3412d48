"""What every printed report shares: the typeface, the A4 page, the text and table styles.

Reports are read on paper printed in black and white, by people who may not read the report's
language well: large plain type, rules in grey, no colour needed. The PDF's metadata, which
file managers and print queues show, holds a title and nothing that identifies anyone, and the
same content gives the same bytes (`invariant`).

The typeface is Noto Sans, registered with ReportLab once per process. The fonts built into every
PDF reader (Helvetica and friends) cover Western Latin only: Ș, Ț, İ, ğ, Cyrillic and Greek come
out as black boxes. `fontpkg-noto-sans` ships Noto Sans as one *variable* font (weight and width
axes). ReportLab reads such a file as its default instance, which is exactly Noto Sans Regular,
but it cannot choose another weight; so the bold face is cut from the same file with fontTools'
instancer, in memory.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import BinaryIO

import fontpkg
from fontTools.ttLib import TTFont as FontToolsFont
from fontTools.varLib import instancer
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, TableStyle

# The typeface -------------------------------------------------------------------------------------

FAMILY = "Noto Sans"
REGULAR = "NotoSans"
BOLD = "NotoSans-Bold"
_REGULAR_WEIGHT = 400  # also the default instance of the variable font, which ReportLab reads
_BOLD_WEIGHT = 700
_NORMAL_WIDTH = 100
# ReportLab neither shapes nor kerns, so it never reads these layout tables; dropping them before
# instancing takes the cost of cutting the bold face from about 8 s down to about 1.5 s.
_UNUSED_TABLES = ("GSUB", "GPOS", "GDEF", "STAT")


@dataclass(frozen=True)
class ReportFonts:
    """ReportLab names of the registered faces, for paragraph and table styles."""

    regular: str
    bold: str


@cache
def report_fonts() -> ReportFonts:
    """Register Noto Sans Regular and Bold (first call only) and return their names.

    `<b>` in a Paragraph in the regular face picks the bold face, as with the built-in fonts.
    """
    pdfmetrics.registerFont(TTFont(REGULAR, str(fontpkg.path(FAMILY, weight=_REGULAR_WEIGHT))))
    bold = _static(fontpkg.path(FAMILY, weight=_BOLD_WEIGHT), _BOLD_WEIGHT, "Bold")
    pdfmetrics.registerFont(TTFont(BOLD, bold))
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
    )
    return ReportFonts(regular=REGULAR, bold=BOLD)


def _static(path: Path, weight: int, style: str) -> str | io.BytesIO:
    """The font at `path` as ReportLab can draw it at `weight`: a static instance if variable."""
    # Keeping the file's own date (not "now") in the instance keeps the PDFs reproducible.
    font = FontToolsFont(str(path), recalcTimestamp=False)
    if "fvar" not in font:  # a static file of that weight already
        return str(path)
    for tag in _UNUSED_TABLES:
        if tag in font:
            del font[tag]
    instancer.instantiateVariableFont(
        font, {"wght": weight, "wdth": _NORMAL_WIDTH}, inplace=True, optimize=False
    )
    _rename(font, style)
    data = io.BytesIO()
    font.save(data)
    data.seek(0)
    return data


def _rename(font: FontToolsFont, style: str) -> None:
    """Name the instance after its style, so the PDF does not embed two "NotoSans-Regular"."""
    names = font["name"]
    names.setName(style, 2, 3, 1, 0x409)
    names.setName(f"{FAMILY} {style}", 4, 3, 1, 0x409)
    names.setName(f"{FAMILY.replace(' ', '')}-{style}", 6, 3, 1, 0x409)


# The page ----------------------------------------------------------------------------------------

PAGE_WIDTH: float = A4[0]
PAGE_HEIGHT: float = A4[1]
RULE = colors.Color(0.45, 0.45, 0.45)  # table grids and the footer's line
SHADE = colors.Color(0.88, 0.88, 0.88)  # a table's header row
OnPage = Callable[[Canvas, BaseDocTemplate], None]


@dataclass(frozen=True)
class Page:
    """An A4 page's body: `margin` all round, `footer` kept free above the bottom margin (for an
    `on_page` drawing), `padding` inside the frame (ReportLab's default is 6 points)."""

    margin: float
    footer: float = 0
    padding: float = 6

    @property
    def width(self) -> float:
        return PAGE_WIDTH - 2 * self.margin

    def frame(self) -> Frame:
        height = PAGE_HEIGHT - 2 * self.margin - self.footer
        bottom = self.margin + self.footer
        pad = self.padding
        return Frame(self.margin, bottom, self.width, height, pad, pad, pad, pad)


def a4_document(
    out: BinaryIO,
    page: Page,
    *,
    title: str,
    language: str,
    fonts: ReportFonts,
    on_page: OnPage | None = None,
) -> BaseDocTemplate:
    """An A4 document of such pages, whose metadata holds `title` and nothing that identifies."""
    drawn = {} if on_page is None else {"onPage": on_page}
    template = PageTemplate("page", frames=[page.frame()], **drawn)
    return BaseDocTemplate(
        out,
        pagesize=A4,
        pageTemplates=[template],
        initialFontName=fonts.regular,
        title=title,
        author="",
        subject="",
        creator="",
        lang=language,
        invariant=True,
    )


# Text and tables ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextStyles:
    """The styles every report starts from; each report adds its own from `body`."""

    body: ParagraphStyle
    strong: ParagraphStyle
    title: ParagraphStyle


def text_styles(
    fonts: ReportFonts, size: float, leading: float, space_after: float = 0
) -> TextStyles:
    """Body text of `size` and `leading`, the same in bold, and the report's title."""
    body = ParagraphStyle(
        "body", fontName=fonts.regular, fontSize=size, leading=leading, spaceAfter=space_after
    )
    return TextStyles(
        body=body,
        strong=ParagraphStyle("strong", body, fontName=fonts.bold),
        title=ParagraphStyle("title", body, fontName=fonts.bold, fontSize=22, leading=27),
    )


def grid_style(fonts: ReportFonts, header: bool = True) -> TableStyle:
    """A table of Paragraphs in a grey grid, its first row shaded when it is a `header`."""
    commands: list[tuple[object, ...]] = [
        # Cells hold Paragraphs; the table's own font (Helvetica by default) is never drawn with,
        # but naming ours keeps Helvetica out of the PDF's fonts.
        ("FONTNAME", (0, 0), (-1, -1), fonts.regular),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
        ("LEFTPADDING", (0, 0), (-1, -1), 2 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    return TableStyle(commands)
