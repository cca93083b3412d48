"""The report typeface: static faces cut once per user, read back whole by later sessions, and a
card printed all the same when they cannot be kept.

Sessions are separate processes here (each test's own user cache, through XDG_CACHE_HOME), since
a process registers its faces once.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import fontpkg
import pytest
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont as FontToolsFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFile

from clinic.common.cache_folder import keep_whole, user_cache_folder
from reports.font_cache import read_face, truetype_sum
from reports.typeface import BOLD, FACES, REGULAR, Face, face_path, report_fonts, static_face
from tests.unit.reports.test_vaccination_card import MULTILINGUAL, _font_names, _squeezed

ROOT = Path(__file__).resolve().parents[3]
BOLD_FACE = next(face for face in FACES if face.name == BOLD)
# A session printing one card: it writes the PDF's hash, then which font libraries it imported.
# (Not the card of test_vaccination_card: importing pypdf there would import fontTools.)
CARD_SESSION = """
import datetime as dt, hashlib, sys
from clinic.vaccinations.card import CardDose, VaccinationCard
from reports.vaccination_card import render_vaccination_card
dose = CardDose(dt.date(2025, 9, 1), "Engerix-B 20", "HepB", 1, "Ștefan Жанна Ελένη", valid=True)
day = dt.date(2026, 3, 10)
card = VaccinationCard("Ambulatorio İğdır", "OSIAR230519852", "it", day, (dose,), ())
pdf = render_vaccination_card(card)
print(hashlib.sha256(pdf).hexdigest())
print(" ".join(sorted({name.split(".")[0] for name in sys.modules} & {"fontTools", "fontpkg"})))
"""


def _session(script: str, cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )


@pytest.mark.slow
def test_a_later_session_draws_the_same_card_with_the_kept_faces_and_no_fonttools(tmp_path):
    first = _session(CARD_SESSION, tmp_path).stdout.splitlines()
    later = _session(CARD_SESSION, tmp_path).stdout.splitlines()

    assert first[1] == "fontTools fontpkg"  # the first session cut the faces
    kept = sorted(path.name for path in (tmp_path / "Soglia" / "fonts").iterdir())
    assert len(kept) == 2  # the two faces, and no temporary file left beside them
    assert all(name.endswith(".ttf") for name in kept)
    assert later == [first[0], ""]  # the same card, and neither library imported


def test_a_face_cut_short_or_altered_is_not_read(tmp_path):
    data = _kept(BOLD_FACE)
    path = tmp_path / "face.ttf"

    path.write_bytes(data)
    assert read_face(path) == data
    for damaged in (data[: len(data) // 2], data[:-4], b"", _flip(data, len(data) // 3)):
        path.write_bytes(damaged)
        assert read_face(path) is None
    assert read_face(tmp_path / "missing.ttf") is None


@pytest.mark.slow
def test_a_damaged_kept_face_is_cut_again_and_replaced(tmp_path):
    made = static_face(BOLD_FACE, tmp_path)
    path = face_path(tmp_path, BOLD_FACE, metadata.version("fontpkg-noto-sans"))
    assert path.read_bytes() == made

    path.write_bytes(made[: len(made) // 2])  # as a copy cut short would leave it

    assert static_face(BOLD_FACE, tmp_path) == made
    assert path.read_bytes() == made


@pytest.mark.slow
def test_a_cache_that_cannot_be_written_still_gives_a_card_in_every_script(tmp_path):
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("a file where the cache folder should be")
    script = """
import dataclasses, sys
from reports.vaccination_card import render_vaccination_card
from tests.unit.reports.test_vaccination_card import CARD, _dose
names = sys.argv[2:]
card = dataclasses.replace(
    CARD, clinic_name=names[0], doses=tuple(_dose(lot_number=n, product=n) for n in names[1:])
)
open(sys.argv[1], "wb").write(render_vaccination_card(card))
"""
    out = tmp_path / "card.pdf"

    done = _session(script, not_a_folder, str(out), *MULTILINGUAL)

    pdf = out.read_bytes()
    for name in MULTILINGUAL:
        assert "".join(name.split()) in _squeezed(pdf)
    assert _font_names(pdf) == {"NotoSans-Regular", "NotoSans-Bold"}
    assert "cannot be kept" in done.stderr  # said in the log, not to the person printing


def test_the_faces_draw_every_character_of_the_variable_font_at_its_width():
    fonts = report_fonts()
    variable = TTFontFile(str(fontpkg.path("Noto Sans")))  # ReportLab reads its Regular
    regular = pdfmetrics.getFont(fonts.regular).face
    bold = pdfmetrics.getFont(fonts.bold).face

    assert regular.charWidths == variable.charWidths
    assert set(bold.charToGlyph) == set(variable.charToGlyph)
    for letter in "ȘİЖΛ":
        assert bold.charWidths[ord(letter)] > regular.charWidths[ord(letter)]


def test_the_regular_face_has_the_outlines_of_the_variable_font():
    kept = FontToolsFont(io.BytesIO(_kept(FACES[0])))
    variable = FontToolsFont(str(fontpkg.path("Noto Sans")))  # its default is Regular

    for letter in "AgȘİЖλ€":
        assert _outline(kept, letter) == _outline(variable, letter), letter


def test_each_version_of_the_font_package_has_its_own_faces(tmp_path):
    regular = next(face for face in FACES if face.name == REGULAR)

    paths = {
        face_path(tmp_path, face, version)
        for face in (regular, BOLD_FACE)
        for version in ("2.15", "2.16")
    }
    assert len(paths) == 4


def test_a_face_is_kept_whole_with_no_temporary_file_left(tmp_path):
    data = _kept(FACES[0])
    path = tmp_path / "fonts" / "face.ttf"

    keep_whole(path, data)
    keep_whole(path, data)  # a second session keeping the same face meanwhile

    assert [child.name for child in path.parent.iterdir()] == ["face.ttf"]
    assert read_face(path) == data


def test_a_face_that_cannot_be_kept_leaves_nothing_behind(tmp_path):
    blocker = tmp_path / "face.ttf"
    blocker.mkdir()  # the rename into place fails, after the face was written beside it

    with pytest.raises(IsADirectoryError):
        keep_whole(blocker, b"\0\1\0\0")
    assert [child.name for child in tmp_path.iterdir()] == ["face.ttf"]


def test_the_cache_folder_follows_each_system(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert user_cache_folder() == tmp_path / "xdg" / "Soglia"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # invalid: ignored
    assert user_cache_folder() == tmp_path / ".cache" / "Soglia"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert user_cache_folder() == tmp_path / ".cache" / "Soglia"

    monkeypatch.setattr(sys, "platform", "darwin")
    assert user_cache_folder() == tmp_path / "Library" / "Caches" / "Soglia"

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    assert user_cache_folder() == tmp_path / "Local" / "Soglia" / "Cache"


def test_the_checksum_is_the_one_every_truetype_file_adds_up_to():
    variable = fontpkg.path("Noto Sans").read_bytes()  # made by Google's tools, not by ours

    assert truetype_sum(variable) == 0xB1B0AFBA
    assert truetype_sum(b"\0\0\0\1" + b"\xff") == 0xFF000001  # the tail padded with zeros


def _kept(face: Face) -> bytes:
    """The face as this run's cache holds it (cut at most once per run)."""
    report_fonts()
    return static_face(face, user_cache_folder())


def _outline(font: FontToolsFont, letter: str) -> list[object]:
    glyphs = font.getGlyphSet()
    pen = DecomposingRecordingPen(glyphs)
    glyphs[font.getBestCmap()[ord(letter)]].draw(pen)
    return list(pen.value)


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :]
