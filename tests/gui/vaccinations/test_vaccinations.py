"""A nurse at work: finds a person, records doses (a whole accelerated Twinrix series), is
stopped by an expired lot, sees what is due in words and on the worklist, books the next dose."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLabel, QWidget
from sqlalchemy import func, select

from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.staff.vocabulary import Role
from clinic.vaccinations.stock import LotForm, list_products, receive_lot
from clinic.vaccinations.vocabulary import VaccineSchedule
from db.models.vaccinations import Vaccination, VaccineAppointment
from tests.conftest import NOW
from tests.gui.conftest import activate, loaded, press_save, settle
from tests.vaccination_steps import doses_left
from ui.registry.person_overview_dialog import PersonOverviewDialog
from ui.vaccinations.appointment_dialog import AppointmentDialog
from ui.vaccinations.dose_dialog import DoseDialog
from ui.vaccinations.vaccination_dialog import VaccinationDialog
from ui.vaccinations.worklist_tab import WorklistTab

CODE = "NAOOA031119912"


@pytest.fixture
def person_id(database, clock, reception):
    record = validate_person(
        PersonForm(alias="Ana", gender="woman", birth="03/11/1991"), "en_GB", NOW.date()
    )
    with database.write() as session:
        return register_person(session, reception, clock, record, CODE).id


def receive(database, actors, clock, product: str, number: str, expiry: str) -> int:
    nurse = actors[Role.NURSE]
    with database.write() as session:
        product_id = next(p.id for p in list_products(session, nurse) if p.name.startswith(product))
        return receive_lot(
            session, nurse, clock, LotForm(product_id, number, expiry, "20"), "en_GB"
        ).id


def in_vaccinations(qtbot, window, on_next_dialog, action) -> None:
    """Find the person at the desk, press the Vaccinations key and do `action(dialog)`."""
    window.show_page(window.reception)  # a nurse's window opens on the vaccinations
    reception = window.reception
    QTest.keyClicks(reception.search, CODE)
    qtbot.waitUntil(lambda: reception.results.rowCount() == 1)
    QTest.keyClick(reception.search, Qt.Key.Key_Down)

    def act(dialog):
        assert isinstance(dialog, VaccinationDialog)
        action(dialog)
        dialog.close()

    handled = on_next_dialog(act)
    keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(reception.results_view, Qt.Key.Key_V, keys)
    qtbot.waitUntil(lambda: bool(handled))  # the file is read, shown, and closed again
    settle(qtbot, window)


def record_with(qtbot, on_next_dialog, fill) -> list:
    """When the dose dialog shows, fill it with `fill(dialog)` and press Save."""

    def act(dialog):
        assert isinstance(dialog, DoseDialog)
        fill(dialog)
        press_save(qtbot, dialog)
        if dialog.isVisible():  # refused: leave it open for the test to look at, then close
            dialog.refused_text = [
                label.text()
                for label in dialog.findChildren(QLabel, "fieldError")
                if label.isVisible()
            ]
            dialog.reject()

    return on_next_dialog(act)


def choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_a_nurse_records_an_accelerated_twinrix_series_and_sees_the_fourth_dose(
    qtbot, make_window, database, actors, clock, person_id, on_next_dialog
):
    lot_id = receive(database, actors, clock, "Twinrix", "TW-1", "31/12/2027")
    window = make_window(Role.NURSE)
    seen: dict[str, object] = {}

    def nurse(file_dialog):
        days = ("10/02/2026", "17/02/2026", "03/03/2026")
        for number, day in enumerate(days, 1):
            first = number == 1

            def fill(dialog, day=day, first=first, number=number):
                if first:  # a new series: the vaccine is chosen, never guessed
                    assert dialog.product.currentIndex() == -1
                else:  # the series in progress continues with its product
                    assert dialog.product.currentData() == _product_id(dialog, "Twinrix")
                choose(dialog.product, _product_id(dialog, "Twinrix"))
                choose(dialog.lot, lot_id)
                assert dialog.dose_number.text() == str(number)  # offered from the forecast
                if first:  # the series is started on the accelerated schedule...
                    choose(dialog.schedule, VaccineSchedule.ACCELERATED.value)
                else:  # ...and the next doses follow it without being asked
                    assert dialog.schedule.currentData() == VaccineSchedule.ACCELERATED.value
                dialog.given_on.setText(day)

            handled = record_with(qtbot, on_next_dialog, fill)
            file_dialog.dose_button.click()  # returns once the dose dialog is closed
            assert handled
        seen["HepB"] = file_dialog.findChild(QLabel, "status_HepB").text()
        seen["HepA"] = file_dialog.findChild(QLabel, "status_HepA").text()
        seen["valid"] = [file_dialog.history.row(i).verdict.valid for i in range(3)]

    in_vaccinations(qtbot, window, on_next_dialog, nurse)
    assert seen == {
        "HepB": "Hepatitis B: dose 4 next — from 10/02/2027",
        "HepA": "Hepatitis A: dose 4 next — from 10/02/2027",
        "valid": [True, True, True],
    }
    with database.read() as session:
        assert doses_left(session, lot_id) == 17
        assert session.scalar(select(func.count()).select_from(Vaccination)) == 3

    tab = window.vaccinations_page.worklist
    assert isinstance(tab, WorklistTab)
    tab.days.setValue(365)
    loaded(qtbot, tab)
    rows = [tab.model.row(i) for i in range(tab.model.rowCount())]
    assert {(r.code, r.vaccine_group, r.dose_number, r.earliest) for r in rows} == {
        (CODE, "HepA", 4, dt.date(2027, 2, 10)),
        (CODE, "HepB", 4, dt.date(2027, 2, 10)),
    }

    # Ctrl+O on a row opens the person's whole file, as from any list (Enter: vaccinations).
    opened: list[tuple[type, str]] = []  # the dialog is deleted once closed: what it showed

    def file(dialog: QWidget) -> None:
        opened.append((type(dialog), dialog.windowTitle()))
        dialog.reject()

    handled = on_next_dialog(file)
    window.show_page(window.vaccinations_page)
    activate(window)
    tab.view.setFocus()
    tab.view.selectRow(0)
    QTest.keyClick(tab.view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(handled))
    [(kind, title)] = opened
    assert kind is PersonOverviewDialog
    assert CODE in title


def test_an_expired_lot_is_refused_with_a_message_under_the_lot(
    qtbot, make_window, database, actors, clock, person_id, on_next_dialog
):
    last_month = dataclasses.replace(clock, fixed=NOW - dt.timedelta(days=30))
    old = receive(database, actors, last_month, "Havrix", "HX-OLD", "28/02/2026")
    window = make_window(Role.NURSE)
    seen: list[DoseDialog] = []

    def fill(dialog):
        seen.append(dialog)
        choose(dialog.product, _product_id(dialog, "Havrix"))
        assert "EXPIRED" in dialog.lot.currentText()  # it is offered, marked
        choose(dialog.lot, old)

    def nurse(file_dialog):
        handled = record_with(qtbot, on_next_dialog, fill)
        file_dialog.dose_button.click()
        assert handled

    in_vaccinations(qtbot, window, on_next_dialog, nurse)
    assert seen[0].refused_text == [
        "This lot expired on 28/02/2026: it cannot be given. Choose another lot."
    ]
    assert seen[0].given_on.text() == "10/03/2026"  # what was typed is kept
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Vaccination)) == 0
        assert doses_left(session, old) == 20


def test_booking_the_next_dose_offers_its_best_day_and_reception_sees_the_code(
    qtbot, make_window, database, actors, clock, person_id, on_next_dialog
):
    lot_id = receive(database, actors, clock, "Engerix", "EN-1", "31/12/2027")
    window = make_window(Role.NURSE)
    booked: list[AppointmentDialog] = []

    def fill(dialog):
        choose(dialog.product, _product_id(dialog, "Engerix"))
        choose(dialog.lot, lot_id)

    def book(dialog):
        booked.append(dialog)
        assert dialog.group.currentData() == "HepB"
        assert dialog.day.text() == "07/04/2026"  # 4 weeks after today's dose
        dialog.time.setText("10:30")
        press_save(qtbot, dialog)

    def nurse(file_dialog):
        handled = record_with(qtbot, on_next_dialog, fill)
        file_dialog.dose_button.click()
        assert handled
        handled = on_next_dialog(book)
        file_dialog.book_button.click()
        assert handled

    in_vaccinations(qtbot, window, on_next_dialog, nurse)
    assert booked[0].result() == QDialog.DialogCode.Accepted
    with database.read() as session:
        [appointment] = session.scalars(select(VaccineAppointment)).all()
    assert (appointment.day, appointment.time, appointment.dose_number) == (
        dt.date(2026, 4, 7),
        "10:30",
        2,
    )
    window.close()

    on_the_day = dataclasses.replace(clock, fixed=dt.datetime(2026, 4, 7, 8, tzinfo=dt.UTC))
    desk = make_window(Role.RECEPTION)
    desk.reception.queue_panel.ctx = dataclasses.replace(desk.ctx, clock=on_the_day)
    desk.reception.reload_queue()
    assert desk.reception.expected.text() == f"Expected today: {CODE}"
    assert desk.reception.vaccinations_button.isHidden()  # reception never opens the file


def _product_id(dialog: DoseDialog, name: str) -> int:
    return next(p.id for p in dialog._products if p.name.startswith(name))
