"""The paper tally sheet of a street session, tested by what a PDF reader gets back from it.

A team fills it in at night and someone enters it at the office: every choice the entry form
offers must be printed, in the team's language, with a box for it, and 20 contacts must fit on
two sheets of paper.
"""

from __future__ import annotations

import dataclasses
import io
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from clinic.i18n.translator import translator
from clinic.materials.words import ITEM_NAMES
from clinic.outreach.words import ACTIONS, SETTINGS
from reports.tally_sheet import TallySheet, render_tally_sheet

ZONES = ("Stazione Centrale", "Via Padova", "Viale Monza", "Parco Sempione", "Rogoredo")
SHEET = TallySheet(
    language="it",
    clinic_name="Unità di strada Soglia",
    zones=ZONES,
    items=("Preservativo", "Gel lubrificante", "Opuscolo in romeno"),
)
# Written by hand from CLDR's and the catalogues' words: what an Italian and a French team read.
GENDERS = {
    "it": ["Donna", "Uomo", "Donna trans", "Uomo trans", "Persona non binaria", "Non noto"],
    "fr": ["Femme", "Homme", "Femme trans", "Homme trans", "Non binaire", "Inconnu"],
}
REGIONS = {
    "it": [
        "Nordafrica",
        "Africa subsahariana",
        "America Latina",
        "America del Nord",
        "Asia centrale",
        "Asia orientale",
        "Sud-est asiatico",
        "Asia del Sud",
        "Asia occidentale",
        "Europa orientale",
        "Europa settentrionale",
        "Europa meridionale",
        "Europa occidentale",
        "Oceania",
    ],
    "fr": [
        "Afrique septentrionale",
        "Afrique subsaharienne",
        "Amérique latine",
        "Amérique septentrionale",
        "Asie centrale",
        "Asie de l’Est",
        "Asie du Sud-Est",
        "Asie du Sud",
        "Asie de l’Ouest",
        "Europe de l’Est",
        "Europe du Nord",
        "Europe du Sud",
        "Europe de l’Ouest",
        "Océanie",
    ],
}
KNOWN_WORDS = {
    "it": ["Data", "Genere", "Codice", "Strada", "Appartamento", "Bar o locale", "Sì", "No"],
    "fr": ["Date", "Genre", "Code", "Rue", "Appartement", "Bar ou club", "Oui", "Non"],
}
AGE_BANDS = ["<18", "18–24", "25–34", "35–44", "45–54", "55+"]
HEADINGS = [
    "Street session: tally sheet",
    "Write no names on this sheet: codes only.",
    "Start",
    "End",
    "Team",
    "Volunteers",
    "Zone",
    "Places visited",
    "Known persons (code)",
    "Anonymous contacts (one row each)",
    "Age band",
    "Region of origin",
    "Met before",
    "What was done with the anonymous contacts (how many)",
    "Material handed out (how many)",
    "Note (no names)",
]


def _render(**changes: Any) -> bytes:
    return render_tally_sheet(dataclasses.replace(SHEET, **changes))


def _reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def _text(pdf: bytes) -> str:
    """The extracted text, its whitespace collapsed: line breaks depend on the layout."""
    text = "\n".join(page.extract_text() for page in _reader(pdf).pages)
    return " ".join(text.split())


def _tick_boxes(pdf: bytes) -> int:
    """Squares drawn and stroked on the first page: the tick boxes before a zone or a place
    (the tables' boxes are drawn as lines)."""
    reader = _reader(pdf)
    operators = [
        op for _operands, op in ContentStream(reader.pages[0].get_contents(), reader).operations
    ]
    return sum(1 for n, op in enumerate(operators[:-1]) if op == b"re" and operators[n + 1] == b"S")


@pytest.mark.parametrize("language", ["it", "fr"])
def test_every_choice_of_the_entry_form_is_printed_in_the_teams_language(language: str) -> None:
    t = translator(language)
    text = _text(_render(language=language))

    for word in [*GENDERS[language], *REGIONS[language], *KNOWN_WORDS[language], *AGE_BANDS]:
        assert word in text
    # Words of this issue, whose translations the catalogues receive with it.
    words = [*HEADINGS, *SETTINGS.values(), *ACTIONS.values()]
    for word in words:
        assert t.gettext(word) in text
    for name in [*ZONES, *SHEET.items, SHEET.clinic_name]:
        assert name in text
    assert t.date_hint() in text  # "GG/MM/AAAA", "JJ/MM/AAAA": the date written as typed


def test_the_sheet_is_in_the_language_asked_not_in_english() -> None:
    text = _text(_render(language="fr"))

    for english in ("Woman", "Eastern Europe", "Bar or club", "Not known"):
        assert english not in text


@pytest.mark.parametrize("language", ["it", "fr"])
def test_twenty_contacts_with_the_whole_catalogue_fit_on_two_pages(language: str) -> None:
    t = translator(language)
    items = tuple(t.gettext(name) for name in ITEM_NAMES.values())
    zones = tuple(f"Zona {n}" for n in range(1, 13))
    pdf = _render(language=language, items=items, zones=zones, contact_rows=20)

    text = _text(pdf)
    assert len(_reader(pdf).pages) == 2
    assert all(item in text for item in items)
    # Each contact's row number, and the last one at the end of the table.
    assert " 19 20 " + t.gettext("What was done with the anonymous contacts (how many)") in text


def test_a_tick_box_for_each_zone_and_each_place_visited() -> None:
    assert _tick_boxes(_render()) == len(ZONES) + len(SETTINGS)
    assert _tick_boxes(_render(zones=ZONES[:2])) == 2 + len(SETTINGS)


def test_every_page_says_no_names_and_its_number() -> None:
    pdf = _render(contact_rows=20)

    for number, page in enumerate(_reader(pdf).pages, start=1):
        text = " ".join(page.extract_text().split())
        assert translator("it").gettext("Write no names on this sheet: codes only.") in text
        assert translator("it").format("Page {number}", number=number) in text


@pytest.mark.parametrize("hostile", ["a<b", "<b>x", '<img src="/etc/passwd"/>', "&amp; &"])
def test_a_name_typed_by_someone_is_printed_literally(hostile: str) -> None:
    pdf = _render(zones=(hostile,), items=(hostile,), clinic_name=hostile)

    assert _text(pdf).count(hostile) == 3


def test_the_metadata_holds_the_title_only() -> None:
    metadata = _reader(_render()).metadata

    assert metadata is not None
    assert metadata.title == translator("it").gettext("Street session: tally sheet")
    assert "Soglia" not in str(dict(metadata))


def test_without_a_list_of_zones_the_zone_is_written_in_a_box() -> None:
    pdf = _render(zones=())

    assert _tick_boxes(pdf) == len(SETTINGS)
    assert translator("it").gettext("Zone") in _text(pdf)
