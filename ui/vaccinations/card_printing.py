"""Print a vaccination card through the system's print dialog, or save it as a PDF.

The card is laid out once, by ReportLab (`reports.vaccination_card`); printing draws that same
PDF's pages on the printer (`ui.common.pdf_printing`), so what is printed is exactly what would
be saved. Nothing is written to disk unless the person saves the PDF.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from clinic.common.errors import ErrorCode, StorageError
from clinic.vaccinations.card import VaccinationCard, card_file_name, vaccination_card
from reports.vaccination_card import render_vaccination_card
from ui.common import messages
from ui.common.jobs import Job
from ui.common.pdf_printing import send_to_printer
from ui.context import DeskContext
from ui.operations import run_write

PRINT = "print"
SAVE = "save"


def print_card(ctx: DeskContext, parent: QWidget, person_id: int) -> None:
    t = ctx.t
    how = messages.choose(
        parent,
        t,
        t.gettext("Print the vaccination card, or save it as a PDF file?"),
        [(PRINT, t.gettext("&Print…")), (SAVE, t.gettext("&Save as PDF…"))],
    )
    if how is None:
        return
    run_write(  # the print is audited
        ctx,
        parent,
        lambda s: vaccination_card(s, ctx.actor, ctx.clock, person_id),
        lambda card: _lay_out(ctx, parent, how, card),
    )


def _lay_out(ctx: DeskContext, parent: QWidget, how: str, card: VaccinationCard) -> None:
    """Laid out in the background: the first card of a session loads the fonts (about 2 s)."""
    job = Job(lambda: render_vaccination_card(card), parent)
    name = card_file_name(card)
    job.done.connect(lambda pdf: _deliver(ctx, parent, how, pdf, name))
    job.failed.connect(lambda error: messages.show_error(parent, ctx.t, error))
    job.start()  # owned by `parent`, so it lives until it reports


def _deliver(ctx: DeskContext, parent: QWidget, how: str, pdf: bytes, name: str) -> None:
    if how == PRINT:
        # The print queue shows the document's name to anyone near the printer: no code in it.
        send_to_printer(parent, ctx.t.gettext("Vaccination card"), pdf)
    else:
        save_pdf(ctx, parent, name, pdf)


def save_pdf(ctx: DeskContext, parent: QWidget, name: str, pdf: bytes) -> Path | None:
    t = ctx.t
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, t.gettext("Save as PDF"), str(Path.home() / name), "PDF (*.pdf)"
    )
    if not chosen:
        return None
    path = Path(chosen)
    try:
        path.write_bytes(pdf)
    except OSError:
        messages.show_error(parent, t, StorageError(ErrorCode.EXPORT_FAILED))
        return None
    return path
