"""Each role's desk (issue 8): only the actions the role may take, a hint naming exactly their
keys, and Enter opening a read-only summary of the person, edited only on Ctrl+E."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)
from sqlalchemy import func, select

from clinic.desk.checkin import check_in
from clinic.desk.vocabulary import QueueState
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.staff.vocabulary import Role
from db.models.desk import Visit
from db.models.registry import Person
from tests.conftest import NOW
from tests.gui.conftest import activate, settle
from ui.reception.queue_model import SERVED_BY, STATE
from ui.reception.reception_page import SEARCH_DELAY_MS
from ui.registry.person_dialog import PersonDialog
from ui.registry.person_overview_dialog import PersonOverviewDialog

CODE = "OSIAR230519852"


@pytest.fixture
def maria(database, clock, reception) -> int:
    form = PersonForm(alias="Maria", gender="woman", birth="23/05/1985", consent_date="01/03/2026")
    with database.write() as session:
        record = validate_person(form, "it_IT", NOW.date())
        return register_person(session, reception, clock, record, CODE).id


@pytest.fixture
def waiting(database, clock, reception, maria) -> int:
    """Maria checked in this morning, for a medical consultation."""
    with database.write() as session:
        return check_in(session, reception, clock, maria, ["medical"]).visit_id


@pytest.fixture
def no_dialog(qtbot) -> Iterator[list[str]]:
    """Closes, and lists, any modal dialog that opens during the test: where none should."""
    opened: list[str] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            opened.append(dialog.windowTitle())
            dialog.close()

    timer = QTimer(interval=5)
    timer.timeout.connect(look)
    timer.start()
    yield opened
    timer.stop()


def _visits(database) -> list[Visit]:
    with database.read() as session:
        return list(session.scalars(select(Visit).order_by(Visit.id)))


def _search(qtbot, window, text: str) -> None:
    page = window.reception
    qtbot.keyClicks(page.search, text)
    qtbot.waitUntil(lambda: not page._search_timer.isActive(), timeout=SEARCH_DELAY_MS * 20)


def _select_first_in_queue(window):
    window.show_page(window.reception)  # a nurse's window opens on the vaccinations
    view = window.reception.queue_view
    view.setFocus()
    view.selectRow(0)
    return view


def _queue_cell(window, column: int) -> str:
    return window.reception.queue_proxy.index(0, column).data()


@pytest.mark.parametrize("role", [Role.NURSE, Role.SOCIAL])
def test_a_nurse_or_social_worker_takes_someone_in_with_f5_and_marks_them_done_with_f6(
    qtbot, make_window, actors, database, waiting, no_dialog, role
):
    window = make_window(role)
    view = _select_first_in_queue(window)
    qtbot.keyClick(view, Qt.Key.Key_F5)
    settle(qtbot, window)
    [visit] = _visits(database)
    assert (visit.state, visit.served_by_id) == (QueueState.IN_PROGRESS, actors[role].staff_id)
    assert (_queue_cell(window, STATE), _queue_cell(window, SERVED_BY)) == (
        "Being seen",
        f"Desk ({role.value})",
    )
    qtbot.keyClick(view, Qt.Key.Key_F6)
    settle(qtbot, window)
    [visit] = _visits(database)
    assert (visit.state, visit.served_by_id) == (QueueState.DONE, actors[role].staff_id)
    assert _queue_cell(window, STATE) == "Done"
    assert no_dialog == []  # no "seen by whom?": they take the person in themselves


def test_a_social_workers_desk_names_and_answers_only_their_keys(
    qtbot, make_window, database, waiting, no_dialog
):
    window = make_window(Role.SOCIAL)
    page = window.reception
    assert page.results_hint.text() == "Enter opens the person, F9 hands out material."
    assert [keys for keys, _text in page.shortcuts()] == ["Ctrl+O", "F9", "F5", "F6"]
    visible = [b for b in page.findChildren(type(page.open_button)) if b.isVisible()]
    assert sorted(b.text() for b in visible) == [
        "&Done  (F6)",
        "&Hand out  (F9)",
        "&Open  (Ctrl+O)",
        "Being &seen  (F5)",
    ]
    _search(qtbot, window, "osiar")
    for key, modifier in [
        (Qt.Key.Key_F2, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
        (Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
    ]:
        qtbot.keyClick(page.results_view, key, modifier)
    view = _select_first_in_queue(window)
    qtbot.keyClick(view, Qt.Key.Key_F8)  # "left": reception's, not theirs
    assert no_dialog == []
    assert [(v.state, v.id) for v in _visits(database)] == [(QueueState.WAITING, waiting)]
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 1


def test_each_roles_hint_names_exactly_its_keys(make_window):
    hints = {role: make_window(role).reception.results_hint.text() for role in Role}
    assert hints == {
        Role.RECEPTION: (
            "Enter opens the person, F2 checks them in, F9 hands out material, "
            "Ctrl+N registers someone new."
        ),
        Role.NURSE: (
            "Enter opens the person, Ctrl+Shift+V opens their vaccinations, F9 hands out material."
        ),
        Role.SOCIAL: "Enter opens the person, F9 hands out material.",
        Role.PSYCHOLOGIST: "Enter opens the person, F9 hands out material.",
        Role.OUTREACH: (
            "Enter opens the person, F9 hands out material, Ctrl+N registers someone new."
        ),
        Role.ADMIN: "Enter opens the person.",
    }


def test_nobody_found_offers_registering_only_to_who_may(qtbot, make_window):
    for role, hint in [
        (Role.RECEPTION, "Nobody found. Check the spelling, or register a new person (Ctrl+N)."),
        (Role.NURSE, "Nobody found. Check the spelling."),
    ]:
        window = make_window(role)
        _search(qtbot, window, "zzzz")
        assert window.reception.results_hint.text() == hint


def test_the_coordinators_desk_reads_the_registry_and_has_no_queue(
    qtbot, make_window, waiting, on_next_dialog
):
    window = make_window(Role.ADMIN)
    page = window.reception
    assert not page.queue_view.isVisible()
    assert page.shortcuts() == [("Ctrl+O", "Open")]
    rows: list[list[str]] = []

    def look(dialog) -> None:
        rows.append(list(dialog.rows))
        dialog.reject()

    on_next_dialog(look)
    _search(qtbot, window, "osiar")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(rows))  # the view is audited: a write, then the summary
    assert rows == [["alias", "gender", "age", "country", "languages", "consent"]]


def _editable(dialog) -> list:
    """What could be typed into or ticked; the file's two filters only choose what is shown."""
    kinds = (QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QCheckBox, QAbstractSpinBox)
    filters = [dialog.timeline.kind, dialog.timeline.period] if dialog.timeline else []
    return [w for kind in kinds for w in dialog.findChildren(kind) if w not in filters]


def test_enter_opens_a_read_only_summary_and_ctrl_e_the_form_for_reception(
    qtbot, window, waiting, on_next_dialog
):
    seen: list[object] = []

    def edit(form) -> None:
        seen.append((type(form), form.fields.isEnabled(), form.fields.alias.text()))
        form.reject()

    def summary(dialog) -> None:
        assert isinstance(dialog, PersonOverviewDialog)
        seen.append(_editable(dialog))
        seen.append({name: label.text() for name, label in dialog.rows.items()})
        on_next_dialog(edit)
        activate(dialog)
        QTest.keyClick(dialog, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)

    on_next_dialog(summary)
    _search(qtbot, window, "maria")
    qtbot.keyClick(window.reception.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(seen) == 3)
    assert seen[0] == []
    assert seen[1] == {
        "alias": "Maria",
        "gender": "Woman",
        "age": "40 (born 23/05/1985)",
        "country": "Not given",
        "languages": "Not given",
        "consent": "Given on 01/03/2026",
        "visits": "10/03/2026  ·  Medical  ·  Waiting",
    }
    assert seen[2] == (PersonDialog, True, "Maria")


def test_a_nurse_sees_the_vaccines_due_and_cannot_edit(
    qtbot, make_window, database, maria, on_next_dialog
):
    window = make_window(Role.NURSE)
    seen: list[object] = []

    def summary(dialog) -> None:
        seen.append(dialog.edit_button.isVisible())
        seen.append(dialog.rows["vaccines"].text())
        activate(dialog)
        QTest.keyClick(dialog, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        seen.append(dialog.isVisible())  # Ctrl+E did nothing
        QTest.keyClick(dialog, Qt.Key.Key_Escape)
        seen.append(dialog.isVisible())

    on_next_dialog(summary)
    _search(qtbot, window, "maria")
    qtbot.keyClick(window.reception.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(seen) == 4)
    edit_visible, vaccines, open_after_ctrl_e, open_after_escape = seen
    assert not edit_visible
    assert "Hepatitis B" in vaccines  # never vaccinated, 40: dose 1 is due
    assert (open_after_ctrl_e, open_after_escape) == (True, False)
    with database.read() as session:
        assert session.get(Person, maria).revision == 1


def test_enter_on_a_queue_row_opens_that_persons_summary(
    qtbot, make_window, waiting, on_next_dialog
):
    window = make_window(Role.SOCIAL)
    titles: list[str] = []

    def look(dialog) -> None:
        titles.append(dialog.windowTitle())
        dialog.reject()

    on_next_dialog(look)
    view = _select_first_in_queue(window)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(titles))
    assert titles == [f"Person {CODE}"]


def test_f2_in_the_summary_checks_the_person_in(qtbot, window, database, maria, on_next_dialog):
    def reasons(dialog) -> None:
        activate(dialog)
        QTest.keyClick(dialog, "4")  # material
        [box] = dialog.findChildren(QDialogButtonBox)
        box.button(QDialogButtonBox.StandardButton.Ok).click()

    def summary(dialog) -> None:
        on_next_dialog(reasons)
        activate(dialog)
        QTest.keyClick(dialog, Qt.Key.Key_F2)

    on_next_dialog(summary)
    _search(qtbot, window, "maria")
    with qtbot.waitSignal(window.reception.person_checked_in):
        qtbot.keyClick(window.reception.search, Qt.Key.Key_Return)
    [visit] = _visits(database)
    assert (visit.person_id, visit.reasons) == (maria, {"material"})
