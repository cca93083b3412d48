"""The typeface of printed reports: Noto Sans, registered with ReportLab once per process.

The fonts built into every PDF reader (Helvetica and friends) cover Western Latin only: Ș, Ț, İ,
ğ, Cyrillic and Greek come out as black boxes. Noto Sans covers all of these.

`fontpkg-noto-sans` ships Noto Sans as one *variable* font (weight and width axes). ReportLab reads
such a file as its default instance, which is exactly Noto Sans Regular, but it cannot choose
another weight; so the bold face is cut from the same file with fontTools' instancer, in memory.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import fontpkg
from fontTools.ttLib import TTFont as FontToolsFont
from fontTools.varLib import instancer
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

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
