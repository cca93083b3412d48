"""Printing draws the card's own PDF pages on the printer (a PDF printer stands in for paper)."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from clinic.vaccination_card import CardDose, VaccinationCard
from reports.vaccination_card import render_vaccination_card
from ui.card_printing import paint_pdf


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
