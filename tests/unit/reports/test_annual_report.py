"""The activity report's PDF, tested by what a PDF reader gets back from it.

The report of `annual_fixture` (three sections, hidden cells named by hand) is rendered in
Italian and French and read back with pypdf: the cover, the contents' page numbers against the
pages the sections are really on, the hidden cells, the coordinator's text, the numbers' style.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from clinic.i18n.translator import translator
from clinic.statistics.tables import Period
from reports.annual_report import Cancelled, annual_report_pdf
from tests.unit.reports import annual_fixture as fixture

NNBSP = "\N{NARROW NO-BREAK SPACE}"  # French groups digits with it: 1 234
MINUS = "\N{MINUS SIGN}"


def _render(language: str = "it", **changes: object) -> bytes:
    report = fixture.report(language, **changes)  # type: ignore[arg-type]
    published = fixture.published(report.suppress_below)
    return annual_report_pdf(report, published, translator(language))


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _text(pdf: bytes) -> str:
    """Every page's text on one line: pypdf gives each cell of a table a line of its own, so
    a table's row reads "label count count change" once they are joined. Only line breaks
    are joined (and runs of plain spaces): the narrow no-break space that groups French digits
    stays as it is. (The no-break space before "%" comes back as a space: the font draws both
    with one glyph.)"""
    lines = (line for page in _pages(pdf) for line in page.splitlines())
    return re.sub(" +", " ", " ".join(lines))


@pytest.fixture(scope="module")
def italian() -> bytes:
    return _render("it")


@pytest.fixture(scope="module")
def french() -> bytes:
    return _render("fr")


def test_the_cover_names_the_clinic_the_period_and_how_small_counts_are_shown(italian, french):
    cover = " ".join(_pages(italian)[0].split())

    assert "Ambulatorio Soglia" in cover
    assert "Relazione di attività 2025" in cover
    assert "Confronto con 2024" in cover
    assert "I numeri da 1 a 4 sono indicati come <5" in cover
    assert "Relazione redatta il 15 gennaio 2026" in cover
    assert "Rapport établi le 15 janvier 2026" in " ".join(_pages(french)[0].split())


@pytest.mark.parametrize(
    ("since", "until", "words"),
    [
        (dt.date(2025, 1, 1), dt.date(2025, 4, 1), "Gennaio–marzo 2025"),
        (dt.date(2025, 3, 1), dt.date(2025, 4, 1), "Marzo 2025"),
        (dt.date(2025, 3, 3), dt.date(2025, 6, 15), "03 mar – 14 giu 2025"),
    ],
)
def test_a_period_other_than_a_year_is_said_in_words(since, until, words):
    cover = " ".join(_pages(_render("it", period=Period(since, until)))[0].split())

    assert words in cover


def test_a_report_with_small_counts_shown_says_so_on_every_page():
    pdf = _render("en", suppress_below=None)
    pages = _pages(pdf)

    assert "Counts from 1 to" not in " ".join(pages)
    for page in pages:
        assert "Small counts are NOT hidden: for internal use only" in " ".join(page.split())
    # Nothing hidden: the 3 trans women are printed, with their share and change.
    assert "Trans woman 3 0% 6 −3 −50%" in _text(pdf)


def _contents(pages: list[str], sections: int) -> dict[str, int]:
    """The contents page read back: its titles come first, then the page numbers, which are
    drawn once the report is laid out, in the same order."""
    lines = [line.strip() for line in pages[1].splitlines()]
    assert lines[0] in ("Contents", "Indice")
    titles, numbers = lines[1 : 1 + sections], lines[1 + sections : 1 + 2 * sections]
    return dict(zip(titles, map(int, numbers), strict=True))


def _starts(pages: list[str], title: str) -> list[int]:
    """The pages whose text starts with `title` as a heading (the footer is drawn last)."""
    return [n for n, text in enumerate(pages, start=1) if text.startswith(title + "\n")]


def test_the_contents_give_the_page_each_section_starts_on(italian):
    pages = _pages(italian)
    contents = _contents(pages, 3)

    assert list(contents) == ["Persons", "Contacts", "Vaccinations and material"]
    for title, page in contents.items():
        assert _starts(pages, title) == [page]
    assert contents == {"Persons": 3, "Contacts": 4, "Vaccinations and material": 6}


def test_every_page_but_the_cover_is_numbered_n_of_all(italian):
    pages = _pages(italian)

    assert len(pages) == 6  # cover, contents, persons, contacts (two pages), vaccinations
    assert not re.search(r"\d / 6", pages[0])
    for number, text in enumerate(pages[1:], start=2):
        assert text.rstrip().endswith(f"{number} / 6")


def test_a_hidden_cell_prints_below_k_and_nothing_is_worked_out_from_it(italian):
    text = _text(italian)

    # The 3 trans women: "<5", 2024's 6 beside it, no share and no change.
    assert "Trans woman <5 6 Trans man" in text
    # The 51 non-binary persons, hidden so the total gives nothing back ("x": "<5" would be
    # false); 2024's 44 is shown.
    assert "Non-binary x 44 Totale 1.234 100% 1.100 +134 +12%" in text
    assert "August <5 120 September" in text
    assert "Dental dam <5 15 " in text
    assert "Sunday <5 <5 14 65 40 40 40 40 65 65" in text


def test_a_hidden_count_appears_nowhere_in_the_report():
    # Counts only a hidden cell has, in a table or as a chart's label: 51 non-binary persons,
    # 310 December visits; and changes worked out from hidden cells: +7 non-binary persons
    # (51 − 44), −11 dental dams (4 − 15).
    text = " ".join(" ".join(_pages(_render("it"))).split())

    for secret in ("51", "310", "+7", MINUS + "11"):
        assert not re.search(rf"(?<![\d.+{MINUS}]){re.escape(secret)}(?![\d.%])", text), secret


def test_the_coordinators_text_prints_as_typed(italian):
    text = " ".join(_pages(italian)[2].split())

    assert "<script>alert(1)</script> and <b>not bold</b> stay as typed." in text
    assert "Жанна Юрьевна led the street unit;" in text
    # Arabic: Noto Sans has no glyph for it, so it is said, not silently dropped.
    assert "[testo in una scrittura che non si può stampare] sent us 12 persons." in text
    assert "A second paragraph & more." in text
    assert "\x00" not in text


def test_numbers_are_written_the_way_of_the_report_language(italian, french):
    in_italian, in_french = _text(italian), _text(french)

    assert "Persons counted 1.234 1.100 +134 +12%" in in_italian
    assert "Condom 23.456 21.000 +2.456 +12%" in in_italian
    assert f"Persons counted 1{NNBSP}234 1{NNBSP}100 +134 +12 %" in in_french
    assert f"New persons 567 600 {MINUS}33 {MINUS}6 %" in in_french
    assert f"Total 1{NNBSP}234 100 % 1{NNBSP}100 +134 +12 %" in in_french


def test_a_table_of_a_few_columns_prints_each_beside_the_year_before(italian):
    text = _text(italian)

    assert "Dose 1 Dose 2 Dose 3 2025 2024 2025 2024 2025 2024" in text
    assert "Hepatitis B 120 110 95 90 80 70 HPV 40 35 31 30 22 20" in text


def test_progress_is_told_per_section_and_ends_complete():
    heard: list[tuple[int, int]] = []
    report = fixture.report("it")

    annual_report_pdf(report, fixture.published(), translator("it"), progress=_note(heard))

    assert heard == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_cancelling_between_sections_stops_the_report():
    heard: list[tuple[int, int]] = []
    report = fixture.report("it")

    with pytest.raises(Cancelled):
        annual_report_pdf(
            report,
            fixture.published(),
            translator("it"),
            progress=_note(heard),
            cancelled=lambda: len(heard) >= 2,
        )
    assert heard == [(0, 3), (1, 3)]


def test_the_same_report_gives_the_same_bytes(italian):
    assert _render("it") == italian


def test_a_section_without_tables_or_narrative_still_has_its_page():
    report = fixture.report("en")
    empty = dataclasses.replace(
        report.sections[0], key="groups", title="Groups", tables=(), narrative=""
    )
    report = dataclasses.replace(report, sections=(*report.sections, empty))

    pages = _pages(annual_report_pdf(report, fixture.published(), translator("en")))

    assert _starts(pages, "Groups") == [7]
    assert _contents(pages, 4)["Groups"] == 7


def _note(heard: list[tuple[int, int]]):
    return lambda done, total: heard.append((done, total))
