"""A nurse opens the file of an adult never vaccinated: plain words, no date of their childhood;
CDSi's own dates one click away."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QTableView, QWidget

from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.staff.vocabulary import Role
from tests.conftest import NOW
from tests.gui.vaccinations.test_vaccinations import CODE, in_vaccinations
from ui.vaccinations.vaccination_dialog import VaccinationDialog

A_DATE_IN_THE_1990S = re.compile(r"\b\d\d/\d\d/199\d\b")


def visible_text(widget: QWidget) -> list[str]:
    """Every text a person can read in `widget`: labels, buttons and the cells of tables."""
    texts = [widget.windowTitle()]
    texts += [w.text() for w in widget.findChildren(QLabel) if w.isVisible()]
    texts += [w.text() for w in widget.findChildren(QAbstractButton) if w.isVisible()]
    for view in widget.findChildren(QTableView):
        if view.isVisible():
            model = view.model()
            texts += [
                str(model.index(r, c).data() or "")
                for r in range(model.rowCount())
                for c in range(model.columnCount())
            ]
    return texts


def test_an_adult_never_vaccinated_reads_due_now_and_no_date_of_their_childhood(
    qtbot, make_window, database, reception, clock, on_next_dialog
):
    record = validate_person(
        PersonForm(alias="Ana", gender="woman", birth="03/11/1991"), "en_GB", NOW.date()
    )
    with database.write() as session:
        register_person(session, reception, clock, record, CODE)
    window = make_window(Role.NURSE)
    seen: dict[str, list[str]] = {}

    def nurse(dialog: VaccinationDialog) -> None:
        seen["file"] = visible_text(dialog)
        details = dialog.details_button
        qtbot.mouseClick(details, Qt.MouseButton.LeftButton)  # "Details": CDSi's own dates
        qtbot.waitUntil(dialog.details_view.isVisible)
        seen["details"] = visible_text(dialog)

    in_vaccinations(qtbot, window, on_next_dialog, nurse)

    for line in (
        "Hepatitis B: not started — due now",
        "Hepatitis A: not started — due now",
        "HPV: not started — due now",
    ):
        assert line in seen["file"]
    assert [text for text in seen["file"] if A_DATE_IN_THE_1990S.search(text)] == []
    # Asked for, CDSi's dates are there: hepatitis B from birth, past due four weeks later.
    assert {"03/11/1991", "30/11/1991"} <= set(seen["details"])
