"""The recovery key on paper: printed, or saved as a PDF to print from another computer.

Both go through the same ReportLab sheet (`reports.recovery_key`), laid out in the background
(the first PDF of a session loads the fonts, about two seconds). Printing draws that PDF, so
what is printed is what would be saved. Nothing is written to disk unless the person saves.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from clinic.common.errors import ErrorCode, StorageError
from clinic.i18n.translator import Translator
from reports.recovery_key import RecoverySheet, recovery_key_file_name, render_recovery_key
from ui.common import messages
from ui.common.jobs import Job

PRINT = "print"
SAVE = "save"


def output_recovery_key(
    parent: QWidget, t: Translator, sheet: RecoverySheet, how: str, saved: Callable[[Path], None]
) -> Job:
    """Print the sheet (`how` = PRINT) or save it (SAVE, then `saved(path)`); returns the job
    that lays it out, owned by `parent`."""
    job = Job(lambda: render_recovery_key(sheet), parent)
    job.done.connect(lambda pdf: _deliver(parent, t, sheet, how, pdf, saved))
    job.failed.connect(lambda error: messages.show_error(parent, t, error))
    job.start()
    return job


def _deliver(
    parent: QWidget,
    t: Translator,
    sheet: RecoverySheet,
    how: str,
    pdf: bytes,
    saved: Callable[[Path], None],
) -> None:
    from ui.common.pdf_printing import send_to_printer  # loaded when needed: Qt's printing

    if how == PRINT:
        send_to_printer(parent, t.gettext("Soglia recovery key"), pdf)
        return
    path = _save(parent, t, recovery_key_file_name(sheet.clinic_name, sheet.made_on), pdf)
    if path is not None:
        saved(path)


def _save(parent: QWidget, t: Translator, name: str, pdf: bytes) -> Path | None:
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
