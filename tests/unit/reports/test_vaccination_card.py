"""The printed vaccination card, tested by what a PDF reader gets back from it.

Each test renders a card, reads it back with pypdf and checks the text a person would read; the
hostile and multilingual cases are those of the reliability reference (trap 2, scenario 21).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from clinic.i18n.translator import translator
from clinic.vaccinations.card import CardDose, CardGroup, VaccinationCard
from clinic.vaccinations.vocabulary import ForecastStatus
from reports.typeface import report_fonts
from reports.vaccination_card import group_status_text, render_vaccination_card

CODE = "OSIAR230519852"
HEPB_3 = CardGroup(
    "HepB",
    ForecastStatus.NOT_COMPLETE,
    next_dose_number=3,
    earliest=dt.date(2026, 3, 13),
    recommended=dt.date(2026, 4, 13),
    past_due=dt.date(2026, 6, 9),
)
CARD = VaccinationCard(
    clinic_name="Ambulatorio Soglia",
    code=CODE,
    language="en",
    printed_on=dt.date(2026, 3, 10),
    doses=(
        CardDose(dt.date(2025, 9, 1), "Engerix-B 20", "HepB", 1, "AHBVC101AA", valid=True),
        CardDose(dt.date(2025, 10, 2), "Engerix-B 20", "HepB", 2, "AHBVC202AB", valid=True),
        CardDose(dt.date(2025, 10, 5), "Havrix 1440", "HepA", 1, "AHAVB303AC", valid=False),
        CardDose(dt.date(2025, 11, 7), "Gardasil 9", "HPV", 1, None, valid=True),
    ),
    groups=(
        HEPB_3,
        CardGroup("HepA", ForecastStatus.NOT_COMPLETE, 1, dt.date(2026, 3, 10), None, None),
        CardGroup("HPV", ForecastStatus.AGED_OUT, None, None, None, None),
        CardGroup("Td", ForecastStatus.NO_BIRTH_DATE, None, None, None, None),
        CardGroup("Mpox", ForecastStatus.COMPLETE, None, None, None, None),
    ),
)
HOSTILE = [
    "a<b",
    "<b>x",
    "&#99999999;",
    '<a href="http://x">l</a>',
    '<img src="/etc/passwd"/>',
    "&eacute; & &amp;",
]
# Romanian, Turkish, Cyrillic, Greek: the letters Helvetica prints as black boxes.
MULTILINGUAL = ["Ștefan Țurcanu", "İğdır Şahin", "Жанна Юрьевна", "Ελένη Παπαδοπούλου"]


def _render(**changes: Any) -> bytes:
    return render_vaccination_card(dataclasses.replace(CARD, **changes))


def _reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def _text(pdf: bytes) -> str:
    """The extracted text, its whitespace collapsed: line breaks depend on the layout."""
    text = "\n".join(page.extract_text() for page in _reader(pdf).pages)
    return " ".join(text.split())


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _squeezed(pdf: bytes) -> str:
    """The extracted text without any whitespace, for text that a narrow column may wrap."""
    return _squeeze(_text(pdf))


def _dose(lot_number: str | None = "L1", product: str = "Engerix-B 20") -> CardDose:
    return CardDose(dt.date(2025, 9, 1), product, "HepB", 1, lot_number, valid=True)


def test_the_card_shows_the_code_every_dose_and_where_each_group_stands():
    text = _text(_render())

    assert "Vaccination card" in text
    assert "Ambulatorio Soglia" in text
    assert CODE in text
    assert "Printed on 10/03/2026" in text
    for date in ("01/09/2025", "02/10/2025", "05/10/2025", "07/11/2025"):
        assert date in text
    for lot in ("AHBVC101AA", "AHBVC202AB", "AHAVB303AC"):
        assert lot in text
    for group in ("Hepatitis B", "Hepatitis A", "HPV", "Tetanus, diphtheria", "Mpox"):
        assert group in text
    assert (
        "Hepatitis B Next dose (dose 3): from 13/03/2026, best on 13/04/2026, "
        "late from 09/06/2026" in text
    )
    assert "Hepatitis A Next dose (dose 1): due now" in text  # its window opened that day
    assert "HPV No longer recommended at this age" in text
    assert "Tetanus, diphtheria Needs the birth year" in text
    assert "Mpox Complete" in text
    assert "Bring this card to every visit." in text


def test_only_the_invalid_dose_is_marked_as_not_counting():
    text = _text(_render())

    assert text.count("Does not count") == 1
    assert "Havrix 1440 1 Does not count AHAVB303AC" in text


def test_a_card_without_doses_or_forecast_says_so():
    pdf = _render(doses=(), groups=())

    text = _text(pdf)
    assert "No dose recorded yet." in text
    assert "Next doses" not in text
    assert len(_reader(pdf).pages) == 1


def test_a_long_history_flows_onto_pages_each_with_the_reminder_the_code_and_the_headings():
    doses = tuple(
        CardDose(
            dt.date(2020, 1, 1) + dt.timedelta(days=30 * n),
            "Influvac",
            "Influenza",
            None,
            f"LOT{n:04d}",
            valid=True,
        )
        for n in range(60)
    )
    reader = _reader(_render(doses=doses))

    assert len(reader.pages) > 1
    for page in reader.pages:
        text = page.extract_text()
        assert "Bring this card to every visit." in text
        assert CODE in text
        assert "Lot number" in text
    everything = " ".join(page.extract_text() for page in reader.pages)
    assert all(f"LOT{n:04d}" in everything for n in range(60))


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        (
            HEPB_3,
            "Next dose (dose 3): from 13/03/2026, best on 13/04/2026, late from 09/06/2026",
        ),
        (
            dataclasses.replace(HEPB_3, past_due=None),
            "Next dose (dose 3): from 13/03/2026, best on 13/04/2026",
        ),
        (
            dataclasses.replace(HEPB_3, next_dose_number=None),
            "Next dose: from 13/03/2026, best on 13/04/2026, late from 09/06/2026",
        ),
        # A forecast without a window (none should come from CDSi) still says something true.
        (
            dataclasses.replace(HEPB_3, earliest=None, recommended=None, past_due=None),
            "Not complete",
        ),
        (CardGroup("HPV", ForecastStatus.COMPLETE, None, None, None, None), "Complete"),
        (
            CardGroup("HPV", ForecastStatus.AGED_OUT, None, None, None, None),
            "No longer recommended at this age",
        ),
        (
            CardGroup("HepA", ForecastStatus.NO_BIRTH_DATE, None, None, None, None),
            "Needs the birth year",
        ),
    ],
)
def test_each_group_reads_in_words(group, expected):
    assert group_status_text(group, translator("en"), CARD.printed_on) == expected


def test_a_window_of_one_day_is_printed_once_and_a_late_dose_as_soon_as_possible():
    one_day = dataclasses.replace(
        HEPB_3,
        earliest=dt.date(2026, 11, 3),
        recommended=dt.date(2026, 11, 3),
        past_due=dt.date(2026, 11, 3),
    )
    late = CardGroup(
        "HPV", ForecastStatus.NOT_COMPLETE, 2, dt.date(2025, 12, 8), None, dt.date(2026, 3, 1)
    )

    text = _text(_render(groups=(one_day, late)))

    assert "Hepatitis B Next dose (dose 3): on 03/11/2026" in text
    assert text.count("03/11/2026") == 1
    assert "HPV Next dose (dose 2): as soon as possible" in text
    for day in ("08/12/2025", "01/03/2026"):  # no date that is gone by: the card goes home
        assert day not in text


@pytest.mark.parametrize(
    ("language", "printed", "dose", "earliest"),
    [
        ("en", "10/03/2026", "01/09/2025", "13/03/2026"),
        ("it", "10/03/2026", "01/09/2025", "13/03/2026"),
        ("fr", "10/03/2026", "01/09/2025", "13/03/2026"),
        ("de", "10.03.2026", "01.09.2025", "13.03.2026"),
    ],
)
def test_dates_are_written_the_way_of_the_card_language(language, printed, dose, earliest):
    text = _text(_render(language=language))

    for date in (printed, dose, earliest):
        assert date in text
    if language == "de":
        assert "10/03/2026" not in text


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_printed_literally_and_adds_no_link_or_image(hostile):
    pdf = _render(clinic_name=hostile, doses=(_dose(lot_number=hostile, product=hostile),))

    assert hostile in _text(pdf)  # the clinic name, on one line
    assert _squeezed(pdf).count(_squeeze(hostile)) == 3  # and in the narrow columns of the table
    assert b"/Annots" not in pdf
    assert b"/URI" not in pdf
    for page in _reader(pdf).pages:
        assert "/Annots" not in page
        assert _image_count(page["/Resources"]) == 0


@pytest.mark.parametrize("name", MULTILINGUAL)
def test_romanian_turkish_cyrillic_and_greek_come_back_exactly(name):
    pdf = _render(clinic_name=name, doses=(_dose(lot_number=name, product=name),))

    assert name in _text(pdf)
    assert _squeezed(pdf).count(_squeeze(name)) == 3
    assert _font_names(pdf) == {"NotoSans-Regular", "NotoSans-Bold"}


# Scripts Noto Sans has no glyphs for: ReportLab drew them as nothing at all.
UNPRINTABLE = {
    "Chinese": "北京协和诊所",
    "Arabic": "عيادة الأمل",
    "Hebrew": "מרפאת התקווה",
    "Ethiopic": "የአዲስ አበባ ክሊኒክ",
}
NOT_PRINTED = "[text in a script that cannot be printed]"


@pytest.mark.parametrize("name", UNPRINTABLE.values(), ids=UNPRINTABLE.keys())
def test_a_script_the_font_cannot_draw_is_said_on_the_card_not_dropped(name):
    pdf = _render(clinic_name=name, doses=(_dose(lot_number=name, product=name),))

    text = _text(pdf)
    assert f"Vaccination card {NOT_PRINTED} Your code" in text  # the clinic name's line
    assert _squeezed(pdf).count(_squeeze(NOT_PRINTED)) == 3  # and the product and lot number
    assert "\x00" not in text  # what an undrawable character comes back as
    assert _font_names(pdf) == {"NotoSans-Regular", "NotoSans-Bold"}


def test_only_the_part_that_cannot_be_drawn_is_replaced():
    pdf = _render(clinic_name="Clinica 北京 上海 <Roma>", doses=(_dose(product="Engerix ጤና"),))

    text = _text(pdf)
    assert f"Clinica {NOT_PRINTED} <Roma>" in text
    assert _squeeze(f"Engerix {NOT_PRINTED}") in _squeezed(pdf)


def test_the_note_is_in_the_card_language():
    text = _text(_render(clinic_name="מרפאה", language="it"))

    assert translator("it").gettext(NOT_PRINTED) in text
    assert NOT_PRINTED not in text


def test_the_metadata_has_the_title_and_never_the_code():
    reader = _reader(_render(language="de"))

    metadata = reader.metadata
    assert metadata is not None
    assert metadata.title == translator("de").gettext("Vaccination card")
    assert not metadata.author
    assert all(CODE not in str(value) for value in metadata.values())
    assert "/Metadata" not in reader.trailer["/Root"]  # no XMP packet to hide it in either


def test_the_same_card_gives_the_same_bytes():
    assert _render() == _render()


@pytest.mark.slow
def test_the_same_card_gives_the_same_bytes_in_another_process():
    # The faces are read from the cache (or cut) in each process: a date stamped into them, or
    # a cut that differs from the kept one, would show up here.
    script = (
        "import hashlib, sys\n"
        "from reports.vaccination_card import render_vaccination_card\n"
        "from tests.unit.reports.test_vaccination_card import CARD\n"
        "sys.stdout.write(hashlib.sha256(render_vaccination_card(CARD)).hexdigest())\n"
    )
    root = Path(__file__).resolve().parents[3]
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True
    )
    assert done.stdout == hashlib.sha256(_render()).hexdigest()


def test_the_bold_face_is_a_real_bold_cut_from_the_variable_font():
    fonts = report_fonts()

    regular = pdfmetrics.stringWidth("Vaccination card", fonts.regular, 10)
    bold = pdfmetrics.stringWidth("Vaccination card", fonts.bold, 10)
    assert bold > regular * 1.03
    assert report_fonts() is fonts  # registered once


def _printable() -> st.SearchStrategy[str]:
    """Letters, digits, punctuation, symbols and the space, among the characters Noto Sans draws.

    Left out: characters the font has no glyph for (they print as an empty box, and a PDF reader
    cannot give them back), combining marks and format characters (a reader may recombine or drop
    them), scripts that need shaping, which ReportLab does not do (Devanagari here), and the
    other spaces (Paragraph collapses them like any whitespace).
    """
    face = pdfmetrics.getFont(report_fonts().regular).face
    covered = sorted(
        chr(code)
        for code in face.charToGlyph
        if code < 0x2000
        and not 0x0900 <= code <= 0x097F
        and not 0x1CD0 <= code <= 0x1CFF
        and unicodedata.category(chr(code))[0] in "LNPS"
    )
    return st.sampled_from([" ", *covered])


PRINTABLE = st.deferred(_printable)


@settings(max_examples=60, deadline=None)
@given(
    clinic_name=st.text(PRINTABLE, max_size=40),
    product=st.text(PRINTABLE, max_size=40),
    lot_number=st.text(PRINTABLE, min_size=1, max_size=40),
)
def test_any_printable_text_renders_and_comes_back(clinic_name, product, lot_number):
    pdf = _render(clinic_name=clinic_name, doses=(_dose(lot_number=lot_number, product=product),))

    # Whitespace is compared away: a Paragraph collapses runs of spaces, and a long lot number is
    # broken across lines of its narrow column.
    assert _squeeze(clinic_name) in _squeezed(pdf)
    assert _squeeze(product) in _squeezed(pdf)
    assert _squeeze(lot_number) in _squeezed(pdf)


def _image_count(resources: Any) -> int:
    """Images among the XObjects of a resource dictionary, looking inside form XObjects too."""
    resources = resources.get_object() if resources is not None else {}
    xobjects = resources.get("/XObject")
    if xobjects is None:
        return 0
    count = 0
    for reference in xobjects.get_object().values():
        xobject = reference.get_object()
        if xobject.get("/Subtype") == "/Image":
            count += 1
        elif xobject.get("/Subtype") == "/Form":
            count += _image_count(xobject.get("/Resources"))
    return count


def _font_names(pdf: bytes) -> set[str]:
    """The fonts drawn with, without their subset prefix (`AAAAAA+`)."""
    names = set()
    for page in _reader(pdf).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.get_object().values():
            name = str(font.get_object()["/BaseFont"]).lstrip("/")
            names.add(name.split("+", 1)[-1])
    return names
