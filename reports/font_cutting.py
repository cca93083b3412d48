"""Static faces cut out of the variable Noto Sans with fontTools: slow, so done once per user.

`fontpkg-noto-sans` ships Noto Sans as one *variable* font (weight and width axes). ReportLab
cannot choose a weight in such a file, and reading all of its 4,500 glyphs costs it more than
drawing a card: so each weight is instantiated as a static face, and kept to the glyphs a
character maps to. ReportLab neither shapes nor kerns, so the glyphs only substitutions reach
(small capitals, alternates, ligatures) and the layout tables are never drawn with; every
character the variable font has stays, with the same outline and width.

Importing fontTools costs a fifth of a second: this module is imported only when a face is cut.
"""

from __future__ import annotations

import io

import fontpkg
from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

FAMILY = "Noto Sans"
_NORMAL_WIDTH = 100
# Dropping these before instancing takes the cost of cutting a face from about 8 s to 1.5 s.
_UNUSED_TABLES = ("GSUB", "GPOS", "GDEF", "STAT")
_VARIATION_TABLES = ("fvar", "gvar", "avar", "cvar", "HVAR", "VVAR", "MVAR")


def cut_face(weight: int, style: str) -> bytes:
    """Noto Sans at `weight` as a static TrueType file, named after its `style` ("Bold")."""
    # Keeping the file's own date (not "now") in the face keeps the PDFs reproducible.
    font = TTFont(str(fontpkg.path(FAMILY, weight=weight)), recalcTimestamp=False)
    for tag in _UNUSED_TABLES:
        if tag in font:
            del font[tag]
    if "fvar" in font:
        _pin(font, {"wght": weight, "wdth": _NORMAL_WIDTH})
    _keep_mapped_glyphs(font)
    _rename(font, style)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _pin(font: TTFont, location: dict[str, float]) -> None:
    """Make the variable `font` the static face at `location`.

    The default location (Regular) needs no instancing: the outlines and metrics of a variable
    font are those of its default, so its variation tables are only dropped, in a third of the
    time.
    """
    defaults = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes}
    if defaults != location:
        instancer.instantiateVariableFont(font, location, inplace=True, optimize=False)
        return
    for tag in _VARIATION_TABLES:
        if tag in font:
            del font[tag]


def _keep_mapped_glyphs(font: TTFont) -> None:
    """Drop the glyphs no character maps to, keeping every name and the hinting."""
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=font.getBestCmap())
    subsetter.subset(font)


def _rename(font: TTFont, style: str) -> None:
    """Name the face after its style, so the PDF does not embed two "NotoSans-Regular"."""
    names = font["name"]
    names.setName(style, 2, 3, 1, 0x409)
    names.setName(f"{FAMILY} {style}", 4, 3, 1, 0x409)
    names.setName(f"{FAMILY.replace(' ', '')}-{style}", 6, 3, 1, 0x409)
