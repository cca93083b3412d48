"""Print the paper tally sheet through the system's print dialog, or save it as a PDF.

The sheet is laid out once, by ReportLab (`reports.tally_sheet`), with the clinic's zones and
the items the street team carries (`clinic.outreach.sheet`), in the desk's language; printing
draws that same PDF's pages (`ui.common.pdf_printing`), as the vaccination card does.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from clinic.outreach.sheet import SheetChoices, sheet_choices
from reports.tally_sheet import TallySheet, render_tally_sheet
from ui.common import messages
from ui.common.jobs import Job
from ui.common.pdf_printing import send_to_printer
from ui.context import DeskContext
from ui.operations import read_now
from ui.vaccinations.card_printing import PRINT, SAVE, save_pdf


def print_tally_sheet(ctx: DeskContext, parent: QWidget) -> Job | None:
    """Asks print or save, then lays the sheet out in the background (fonts load the first
    time); the job, for whoever waits on it."""
    t = ctx.t
    how = messages.choose(
        parent,
        t,
        t.gettext("Print the tally sheet, or save it as a PDF file?"),
        [(PRINT, t.gettext("&Print…")), (SAVE, t.gettext("&Save as PDF…"))],
    )
    if how is None:
        return None
    choices = read_now(ctx, parent, lambda s: sheet_choices(s, ctx.actor, t))
    if choices is None:
        return None
    job = Job(lambda: render_tally_sheet(_sheet(ctx, choices)), parent)
    job.done.connect(lambda pdf: _deliver(ctx, parent, how, pdf))
    job.failed.connect(lambda error: messages.show_error(parent, t, error))
    job.start()  # owned by `parent`, so it lives until it reports
    return job


def _sheet(ctx: DeskContext, choices: SheetChoices) -> TallySheet:
    return TallySheet(
        language=ctx.t.language,
        clinic_name=ctx.clinic.name,
        zones=choices.zones,
        items=choices.items,
    )


def _deliver(ctx: DeskContext, parent: QWidget, how: str, pdf: bytes) -> None:
    t = ctx.t
    if how == PRINT:
        send_to_printer(parent, t.gettext("Tally sheet"), pdf)
    else:
        name = f"tally-sheet-{ctx.clock.today().isoformat()}.pdf"
        save_pdf(ctx, parent, name, pdf)
