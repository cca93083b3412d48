"""Printing draws the card's own PDF pages on the printer (a PDF printer stands in for paper);
saving offers a file name with the code and the day."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.staff.vocabulary import Role
from clinic.vaccinations.card import CardDose, VaccinationCard
from reports.vaccination_card import render_vaccination_card
from tests.conftest import NOW
from tests.gui.conftest import activate
from tests.gui.vaccinations.test_vaccinations import CODE, in_vaccinations
from ui.common.pdf_printing import paint_pdf
from ui.vaccinations import card_printing


def test_every_page_of_the_card_reaches_the_printer(qtbot, tmp_path):
    doses = tuple(
        CardDose(
            dt.date(2020, 1, 1) + dt.timedelta(days=30 * n),
            "Engerix-B 20 µg",
            "HepB",
            n % 4 + 1,
            f"L{n}",
            True,
        )
        for n in range(60)  # long enough for more than one page
    )
    card = render_vaccination_card(
        VaccinationCard("dropIn", "NAOOA031119912", "en", dt.date(2026, 3, 10), doses, ())
    )
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    paint_pdf(printer, card)
    printed = PdfReader(tmp_path / "printed.pdf")
    source = PdfReader(io.BytesIO(card))
    assert len(source.pages) > 1
    assert len(printed.pages) == len(source.pages)
    for page in printed.pages:  # each page carries the rendered card as an image
        assert page.images


def test_saving_the_card_proposes_a_file_named_by_the_code_and_the_day(
    qtbot, make_window, database, reception, clock, on_next_dialog, monkeypatch
):
    record = validate_person(
        PersonForm(alias="Ana", gender="woman", birth="03/11/1991"), "en_GB", NOW.date()
    )
    with database.write() as session:
        register_person(session, reception, clock, record, CODE)
    proposed: list[Path] = []

    class SaveDialog:  # the system's file dialog, answered "Cancel" after noting what it offered
        @staticmethod
        def getSaveFileName(_parent, _title, path, _filter):
            proposed.append(Path(path))
            return "", ""

    monkeypatch.setattr(card_printing, "QFileDialog", SaveDialog)
    window = make_window(Role.NURSE)

    def save_as_pdf(box):
        [button] = [b for b in box.findChildren(QPushButton) if b.text() == "&Save as PDF…"]
        button.click()

    def nurse(dialog):
        activate(dialog)
        handled = on_next_dialog(save_as_pdf)
        QTest.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        assert handled
        qtbot.waitUntil(lambda: bool(proposed), timeout=20_000)  # laid out in the background

    in_vaccinations(qtbot, window, on_next_dialog, nurse)

    assert [path.name for path in proposed] == ["vaccination-card-NAOOA031119912-2026-03-10.pdf"]
