"""What every printed report shares: the typeface, the A4 page, the text and table styles.

Reports are read on paper printed in black and white, by people who may not read the report's
language well: large plain type, rules in grey, no colour needed. The PDF's metadata, which
file managers and print queues show, holds a title and nothing that identifies anyone, and the
same content gives the same bytes (`invariant`).

The typeface, Noto Sans in a regular and a bold face, is in `reports.typeface`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, TableStyle

from reports.typeface import ReportFonts

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
