"""The reception desk as a receptionist uses it: find, check in, run the queue, by keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QPushButton
from sqlalchemy import event, select

from clinic.desk.checkin import check_in
from clinic.desk.vocabulary import QueueState, VisitReason
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.staff.vocabulary import Role
from db.models.desk import Visit
from db.sqlcipher import READ_ONLY
from tests.conftest import NOW, fill_the_disk
from tests.gui.conftest import activate, settle
from ui.reception.checkin_dialog import CheckInDialog
from ui.reception.queue_model import PERSON, REASONS, SERVED_BY, STATE
from ui.reception.reception_page import SEARCH_DELAY_MS
from ui.reception.serve_dialog import ServeDialog
from ui.registry.person_overview_dialog import PersonOverviewDialog


@pytest.fixture
def maria(database, clock, reception) -> int:
    record = validate_person(
        PersonForm(
            alias="Maria Luisa",
            gender="woman",
            birth="23/05/1985",
            country="RO",
            consent_date="01/03/2026",  # answered: checking her in asks only the reasons
        ),
        "it_IT",
        NOW.date(),
    )
    with database.write() as session:
        return register_person(session, reception, clock, record, "OSIAR230519852").id


def _visits(database) -> list[Visit]:
    with database.read() as session:
        return list(session.scalars(select(Visit).order_by(Visit.id)))


def _search(qtbot, window, text: str, *, paste: bool = False) -> None:
    """Type `text` in the search field (or paste it: QTest cannot type control characters)."""
    page = window.reception
    page.search.clear()
    if paste:
        page.search.insert(text)
    else:
        qtbot.keyClicks(page.search, text)
    qtbot.waitUntil(lambda: not page._search_timer.isActive(), timeout=SEARCH_DELAY_MS * 20)


def _queue_texts(window, column: int) -> list[str]:
    proxy = window.reception.queue_proxy
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def _tick_and_check_in(*keys: str):
    """In the check-in dialog: press the number keys of the reasons, then Check in."""

    def act(dialog) -> None:
        assert isinstance(dialog, CheckInDialog)
        activate(dialog)
        for key in keys:
            QTest.keyClick(dialog, key)
        _ok_button(dialog).click()
        assert not dialog.isVisible(), dialog.reasons_row.error.text()

    return act


def _ok_button(dialog: QDialog) -> QPushButton:
    [box] = dialog.findChildren(QDialogButtonBox)
    return box.button(QDialogButtonBox.StandardButton.Ok)


def test_the_search_field_has_the_focus_when_the_desk_opens(window):
    assert window.reception.search.hasFocus()


def test_typing_a_code_fragment_finds_the_person(qtbot, window, maria):
    _search(qtbot, window, "osia")
    page = window.reception
    assert page.results_proxy.rowCount() == 1
    assert page.results_proxy.index(0, 0).data() == "OSIAR230519852"
    assert page.results_proxy.index(0, 1).data() == "Maria Luisa"
    assert page.results_hint.text() == "1 person found"


@pytest.mark.parametrize("query", ["%", "_", "'; DROP TABLE person;--", "\x00\x07", "ż" * 200])
def test_nonsense_in_the_search_field_finds_nobody_and_says_so(qtbot, window, maria, query):
    _search(qtbot, window, query, paste=True)
    assert window.reception.results_proxy.rowCount() == 0
    assert "Nobody found" in window.reception.results_hint.text()


def test_enter_on_a_result_opens_the_persons_summary(qtbot, window, maria, on_next_dialog):
    seen: list[tuple[type, str, str]] = []

    def look(dialog) -> None:
        seen.append((type(dialog), dialog.windowTitle(), dialog.rows["alias"].text()))
        dialog.reject()

    on_next_dialog(look)
    _search(qtbot, window, "maria 1985")
    qtbot.keyClick(window.reception.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seen))  # the view is audited: a write, then the summary
    assert seen == [(PersonOverviewDialog, "Person OSIAR230519852", "Maria Luisa")]


def test_check_in_by_keyboard_puts_the_person_in_the_queue_and_the_database(
    qtbot, window, maria, on_next_dialog
):
    _search(qtbot, window, "osiar")
    qtbot.keyClick(window.reception.search, Qt.Key.Key_Down)
    assert window.reception.results_view.hasFocus()
    shown = on_next_dialog(_tick_and_check_in("1", "4"))  # medical, material
    with qtbot.waitSignal(window.reception.person_checked_in):
        qtbot.keyClick(window.reception.results_view, Qt.Key.Key_F2)
    assert len(shown) == 1
    assert _queue_texts(window, PERSON) == ["OSIAR230519852 · Maria Luisa"]
    assert _queue_texts(window, REASONS) == ["Medical, Material"]
    assert _queue_texts(window, STATE) == ["Waiting"]
    [visit] = _visits(window.ctx.database)
    assert visit.person_id == maria
    assert visit.reasons == {VisitReason.MEDICAL, VisitReason.MATERIAL}
    assert window.focusWidget() is window.reception.search  # ready for the next person


def test_one_check_in_is_one_read_and_one_write(qtbot, window, maria, on_next_dialog):
    """F2 used to cost four or five transactions (name, consent, check-in, queue, expected):
    on a busy desk each is a wait for the writer's lock. Now: what to ask, then the write that
    also reads the queue back."""
    _search(qtbot, window, "osiar")
    begun: list[str] = []

    def count(connection) -> None:
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        begun.append("read" if read_only else "write")

    on_next_dialog(_tick_and_check_in("1"))
    event.listen(window.ctx.database.engine, "begin", count)
    try:
        with qtbot.waitSignal(window.reception.person_checked_in):
            qtbot.keyClick(window.reception.results_view, Qt.Key.Key_F2)
        settle(qtbot, window)
    finally:
        event.remove(window.ctx.database.engine, "begin", count)
    assert sorted(begun) == ["read", "write"]
    assert _queue_texts(window, PERSON) == ["OSIAR230519852 · Maria Luisa"]
    assert len(_visits(window.ctx.database)) == 1


def test_check_in_without_a_reason_is_refused_next_to_the_reasons(
    qtbot, window, maria, on_next_dialog
):
    seen: list[str] = []

    def act(dialog) -> None:
        _ok_button(dialog).click()  # nothing ticked
        seen.append(dialog.reasons_row.error.text())
        assert dialog.isVisible()
        dialog.reject()

    on_next_dialog(act)
    _search(qtbot, window, "osiar")
    qtbot.keyClick(window.reception.search, Qt.Key.Key_F2)
    assert seen == ["Choose at least one reason for the visit."]
    assert _visits(window.ctx.database) == []


def test_a_walk_in_is_counted_without_a_person(qtbot, window, on_next_dialog):
    on_next_dialog(_tick_and_check_in("6"))
    qtbot.keyClick(
        window.reception.search,
        Qt.Key.Key_W,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    settle(qtbot, window)
    [visit] = _visits(window.ctx.database)
    assert visit.person_id is None
    assert visit.reasons == {VisitReason.INFORMATION}
    assert _queue_texts(window, PERSON) == ["Walk-in (not registered)"]


@pytest.mark.parametrize(("answer", "visits"), [("Do not check in", 1), ("Check in again", 2)])
def test_a_second_check_in_the_same_day_is_warned_about(
    qtbot, window, maria, clock, reception, database, on_next_dialog, answer, visits
):
    with database.write() as session:
        check_in(session, reception, clock, maria, ["medical"])
    window.reception.reload_queue()
    warnings: list[str] = []

    def confirm(box) -> None:
        assert isinstance(box, QMessageBox)
        warnings.append(box.text())
        [button] = [b for b in box.buttons() if b.text() == answer]
        button.click()

    def reasons(dialog) -> None:
        on_next_dialog(confirm)
        _tick_and_check_in("2")(dialog)

    on_next_dialog(reasons)
    _search(qtbot, window, "osiar")
    qtbot.keyClick(window.reception.search, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: bool(warnings))
    settle(qtbot, window)
    assert "already checked in today: 10:30 (Waiting)" in warnings[0]
    assert len(_visits(database)) == visits


def test_the_queue_moves_with_function_keys(
    qtbot, window, maria, clock, reception, actors, database, on_next_dialog
):
    with database.write() as session:
        check_in(session, reception, clock, maria, ["medical"])
    window.reception.reload_queue()
    view = window.reception.queue_view
    view.setFocus()
    view.selectRow(0)

    def serve(dialog) -> None:
        assert isinstance(dialog, ServeDialog)
        assert dialog.staff.currentText() == "Desk (reception)"
        dialog.staff.setCurrentIndex(dialog.staff.findText("Desk (nurse)"))
        dialog.accept()

    on_next_dialog(serve)
    qtbot.keyClick(view, Qt.Key.Key_F5)
    settle(qtbot, window)
    assert _queue_texts(window, STATE) == ["Being seen"]
    [visit] = _visits(database)
    assert visit.state == QueueState.IN_PROGRESS
    assert visit.served_by_id == actors[Role.NURSE].staff_id
    assert window.reception.queue_proxy.index(0, SERVED_BY).data() == "Desk (nurse)"
    activate(window)
    qtbot.keyClick(view, Qt.Key.Key_F6)
    settle(qtbot, window)
    assert _queue_texts(window, STATE) == ["Done"]
    assert _visits(database)[0].state == QueueState.DONE


def test_reception_models_pass_qt_model_tests(
    qtbot, qtmodeltester, window, maria, clock, reception, database
):
    with database.write() as session:
        check_in(session, reception, clock, maria, ["medical"])
        check_in(session, reception, clock, None, ["material"])
    window.reception.reload_queue()
    _search(qtbot, window, "maria")
    qtmodeltester.check(window.reception.results)
    qtmodeltester.check(window.reception.queue)
    qtmodeltester.check(window.reception.queue_proxy)


def test_a_nurse_reads_but_does_not_register_or_check_in(make_window, maria, qtbot):
    window = make_window(Role.NURSE)
    window.show_page(window.reception)  # a nurse's window opens on the vaccinations
    page = window.reception
    assert not page.new_button.isVisible()
    assert not page.check_in_button.isVisible()
    assert page.open_button.isVisible()
    _search(qtbot, window, "osiar")
    qtbot.keyClick(page.search, Qt.Key.Key_F2)  # the shortcut of a hidden button does nothing
    assert _visits(window.ctx.database) == []


def test_the_same_check_in_in_italian_shows_italian_words(
    qtbot, make_window, maria, database, on_next_dialog
):
    window = make_window(language="it")
    titles: list[str] = []

    def check_in(dialog) -> None:
        titles.append(dialog.windowTitle())
        _tick_and_check_in("1")(dialog)

    on_next_dialog(check_in)
    _search(qtbot, window, "osiar")
    assert window.reception.results_hint.text() == "1 persona trovata"
    qtbot.keyClick(window.reception.search, Qt.Key.Key_F2)
    settle(qtbot, window)
    assert titles == ["Registra l'arrivo"]
    assert _queue_texts(window, REASONS) == ["Sanitario"]
    assert _queue_texts(window, STATE) == ["In attesa"]
    assert window.reception.queue_proxy.headerData(0, Qt.Orientation.Horizontal) == "Arrivo"
    [visit] = _visits(database)
    assert visit.reasons == {VisitReason.MEDICAL}


def test_a_check_in_the_disk_refuses_keeps_the_reasons_ticked(
    qtbot, window, maria, clock, reception, database, on_next_dialog
):
    fill_the_disk(database, reception, clock)
    ticked: list[list[str]] = []
    warnings: list[str] = []

    def again(dialog) -> None:
        ticked.append(dialog.chosen())
        dialog.reject()

    def warned(box) -> None:
        warnings.append(box.text())
        on_next_dialog(again)
        box.accept()

    def first(dialog) -> None:
        on_next_dialog(warned)
        _tick_and_check_in("1", "3")(dialog)

    on_next_dialog(first)
    _search(qtbot, window, "osiar")
    qtbot.keyClick(window.reception.search, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: bool(ticked))
    assert warnings[0].startswith("The database could not save this")
    assert ticked == [["medical", "psychological"]]
    assert [v for v in _visits(database) if v.person_id == maria] == []
