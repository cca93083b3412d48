"""How screens run their work (`ui.operations`): saves on the writer thread, the form held
while they run, refusals under their field, and no screen opening a transaction itself."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import func, select

from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.staff.vocabulary import Role
from db.models.vaccinations import Vaccination
from tests.conftest import NOW
from tests.gui.vaccinations.test_vaccine_lists import desk
from ui.common.jobs import Job
from ui.vaccinations.refusal_dialog import RefusalDialog

UI = Path(__file__).resolve().parents[2] / "ui"
OPENERS = re.compile(r"\b(reading|writing)\(|\.(read|write)\(\)")
# Where a transaction may be opened: the one module of screens' work, the command line (no
# screens), and the start-up that opens the database before there is a window.
ALLOWED = {"operations.py", "cli", "app.py"}


def _openers() -> set[str]:
    found = set()
    for path in UI.rglob("*.py"):
        relative = path.relative_to(UI)
        if relative.parts[0] not in ALLOWED and OPENERS.search(path.read_text()):
            found.add(relative.as_posix())
    return found


def test_no_screen_opens_a_transaction_itself():
    assert _openers() == set()


@pytest.fixture
def refusal(qtbot, database, data_folder, clock, actors, reception):
    record = validate_person(
        PersonForm(alias="Ana", gender="woman", birth="03/11/1991"), "en_GB", NOW.date()
    )
    with database.write() as session:
        person_id = register_person(session, reception, clock, record, "ANA1").id
    ctx = desk(database, data_folder, clock, actors[Role.NURSE])
    dialog = RefusalDialog(ctx, None, person_id, "ANA1")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    yield dialog
    ctx.workers.wait()


def _save_button(dialog):
    [box] = dialog.findChildren(QDialogButtonBox)
    return box.button(QDialogButtonBox.StandardButton.Save)


def _refusals(database) -> int:
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(Vaccination))


def test_a_save_in_progress_holds_save_and_the_dialog_until_it_is_written(qtbot, refusal, database):
    """Another desk's write (here: a gate on the writer thread) keeps this save waiting: the
    nurse cannot press Save twice nor close the dialog on a half-made save."""
    workers, gate = refusal._ctx.workers, threading.Event()
    blocker = Job(lambda: gate.wait(10))
    workers.start(blocker, workers.writes)
    save = _save_button(refusal)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert not save.isEnabled()
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # a second press does nothing
    qtbot.keyClick(refusal, Qt.Key.Key_Escape)
    assert refusal.isVisible()
    gate.set()
    qtbot.waitUntil(lambda: not refusal.isVisible())
    assert refusal.saved_file is not None
    assert _refusals(database) == 1


def test_a_refusal_from_the_writer_thread_shows_under_its_field_and_keeps_the_form(
    qtbot, refusal, database
):
    refusal.day.selectAll()
    qtbot.keyClicks(refusal.day, "31/02/2026")
    qtbot.mouseClick(_save_button(refusal), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not refusal.saving.busy)
    assert refusal.isVisible()
    assert refusal.rows["refused_on"].error.isVisible()
    assert refusal.rows["refused_on"].error.text() == "This date does not exist."
    assert refusal.day.text() == "31/02/2026"
    assert _save_button(refusal).isEnabled()
    assert _refusals(database) == 0
