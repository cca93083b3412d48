"""The typeface of every report: Noto Sans Regular and Bold, registered with ReportLab once.

The fonts built into every PDF reader (Helvetica and friends) cover Western Latin only: Ș, Ț,
İ, ğ, Cyrillic and Greek come out as black boxes. So reports embed Noto Sans, whose static faces
are cut out of the variable font of `fontpkg-noto-sans` (`reports.font_cutting`). Cutting them
takes fontTools a second or more, against some milliseconds for drawing a card: they are cut
once per user and per version of the font package, kept in the user's cache folder
(`reports.font_cache`) and read back by every later session, which then never imports
fontTools. A cache folder that cannot be written (a read-only home) costs the cut at each
session's first report, never the report itself. ReportLab's reading of a face is replaced by
a quicker one of the same result (`reports.kept_font`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from clinic.common.cache_folder import keep_whole, user_cache_folder
from reports.font_cache import read_face
from reports.kept_font import kept_font

_log = logging.getLogger(__name__)

REGULAR = "NotoSans"
BOLD = "NotoSans-Bold"
_FONT_PACKAGE = "fontpkg-noto-sans"
# Changed whenever `cut_face` makes different faces, so that no session reads an older cut.
_CUT = 1


@dataclass(frozen=True)
class ReportFonts:
    """ReportLab names of the registered faces, for paragraph and table styles."""

    regular: str
    bold: str


@dataclass(frozen=True)
class Face:
    """One static face: its ReportLab name, its style as the font names it, its weight."""

    name: str
    style: str
    weight: int


FACES = (Face(REGULAR, "Regular", 400), Face(BOLD, "Bold", 700))


@cache
def report_fonts() -> ReportFonts:
    """Register Noto Sans Regular and Bold (first call only) and return their names.

    `<b>` in a Paragraph in the regular face picks the bold face, as with the built-in fonts.
    """
    folder = _cache_folder()
    for face in FACES:
        pdfmetrics.registerFont(kept_font(face.name, static_face(face, folder)))
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
    )
    return ReportFonts(regular=REGULAR, bold=BOLD)


def static_face(face: Face, folder: Path | None) -> bytes:
    """The TrueType file of `face`: read from `folder`, or cut now and kept there if it can be."""
    path = None if folder is None else face_path(folder, face, metadata.version(_FONT_PACKAGE))
    data = None if path is None else read_face(path)
    if data is not None:
        return data
    from reports.font_cutting import cut_face  # fontTools: only when a face must be cut

    data = cut_face(face.weight, face.style)
    if path is not None:
        try:
            keep_whole(path, data)
        except OSError as error:
            _log.warning("The report fonts cannot be kept in %s: %s", path.parent, error)
    return data


def face_path(folder: Path, face: Face, version: str) -> Path:
    """Where `face` is kept for that version of the font package."""
    return folder / "fonts" / f"NotoSans-{face.style}-{version}-cut{_CUT}.ttf"


def _cache_folder() -> Path | None:
    try:
        return user_cache_folder()
    except RuntimeError as error:  # no home folder to be found
        _log.warning("No cache folder for the report fonts: %s", error)
        return None
