"""The bulk reading of a kept face gives ReportLab exactly the font its own reading gives."""

from __future__ import annotations

import io

import fontpkg
import pytest
from fontTools.ttLib import TTFont as FontToolsFont
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont

from clinic.common.cache_folder import user_cache_folder
from reports.kept_font import kept_font
from reports.typeface import FACES, report_fonts, static_face

# Where ReportLab's reader stopped, and the scale as a function (compared by its values).
_NOT_COMPARED = {"_pos", "_pdfScale"}


def _kept(index: int) -> bytes:
    report_fonts()  # the faces are then in this run's cache
    return static_face(FACES[index], user_cache_folder())


def _only_format_4(data: bytes) -> bytes:
    """The face with its character map as format 4 subtables only (as older fonts have it)."""
    font = FontToolsFont(io.BytesIO(data))
    font["cmap"].tables = [table for table in font["cmap"].tables if table.format == 4]
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _assert_same_font(data: bytes) -> None:
    ours, reportlab = kept_font("Face", data), TTFont("Face", io.BytesIO(data))

    ours_face, their_face = vars(ours.face), vars(reportlab.face)
    assert ours_face.keys() == their_face.keys()
    for name in ours_face.keys() - _NOT_COMPARED:
        assert ours_face[name] == their_face[name], name
    for units in (1000, 2048, 7):
        assert ours.face._pdfScale(units) == reportlab.face._pdfScale(units)

    ours_font, their_font = vars(ours), vars(reportlab)
    assert ours_font.keys() == their_font.keys()
    for name in ours_font.keys() - {"face", "state", "encoding"}:
        assert ours_font[name] == their_font[name], name
    assert isinstance(ours.encoding, TTEncoding)
    assert not ours.state


@pytest.mark.parametrize("index", range(len(FACES)), ids=[face.style for face in FACES])
def test_a_kept_face_reads_as_reportlab_reads_it(index):
    _assert_same_font(_kept(index))


def test_the_variable_font_reads_as_reportlab_reads_it():
    _assert_same_font(fontpkg.path("Noto Sans").read_bytes())


def test_a_face_with_another_character_map_is_read_the_reportlab_way():
    _assert_same_font(_only_format_4(_kept(0)))
