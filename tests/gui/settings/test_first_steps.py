"""A brand-new clinic's first steps, above the pages: each a button to its place, each ticking
itself when done, the whole list put away by the coordinator for good."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from sqlalchemy import update

from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.settings.first_steps import Step
from clinic.staff.management import KeyAccess
from clinic.staff.vocabulary import Role
from clinic.vaccinations.stock import LotForm, list_products, receive_lot
from db.keyslots import KeyStore
from db.models.staff import Staff
from tests.conftest import NOW
from tests.gui.conftest import settle
from tests.unit.clinic.use_cases import FAST, STRONG
from ui.registry.person_dialog import PersonDialog


@pytest.fixture
def new_clinic(database, actors):
    """Fresh from the set-up wizard: the coordinator's account is the only active one."""
    with database.write() as session:
        others = Staff.id != actors[Role.ADMIN].staff_id
        session.execute(update(Staff).where(others).values(active=False))
    return actors


def _account_made(database, actor) -> None:
    """The coordinator has since made this account: its desk may open (a session of an account
    that is not active is refused at its first action)."""
    with database.write() as session:
        session.execute(update(Staff).where(Staff.id == actor.staff_id).values(active=True))


@pytest.fixture
def coordinator_window(make_window, data_folder, key, new_clinic):
    store = KeyStore(data_folder.keys, kdf=FAST)
    store.set_password("desk-admin", key, STRONG)
    store.save()
    return lambda: make_window(Role.ADMIN, keys=KeyAccess(store, key))


def _lines(window) -> list[str]:
    panel = window.first_steps
    return [label.text() for label in panel.findChildren(QLabel) if label.text()]


def test_the_coordinator_of_a_new_clinic_sees_the_steps_and_goes_to_each_place(
    qtbot, coordinator_window
):
    window = coordinator_window()
    panel = window.first_steps
    assert panel.isVisible()
    assert _lines(window) == [
        "First steps",
        "Create an account for each person of the team.",
        "Receive the first vaccine lots into the stock.",
        "Reception registers the first person.",  # not the coordinator's to do
    ]
    assert [panel.ticks[step].toolTip() for step in Step] == ["To do"] * 3
    assert set(panel.buttons) == {Step.STAFF, Step.VACCINE_LOTS}
    qtbot.mouseClick(panel.buttons[Step.VACCINE_LOTS], Qt.MouseButton.LeftButton)
    stock = window.stock_page
    assert window.stack.currentWidget() is stock
    assert stock.tabs.currentWidget() is stock.balances
    assert stock.balances.category.currentText() == "Vaccines"
    qtbot.mouseClick(panel.buttons[Step.STAFF], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.admin_page
    assert window.admin_page.tabs.currentWidget() is window.admin_page.staff


def test_a_step_ticks_itself_once_done(qtbot, coordinator_window, database, clock, new_clinic):
    window = coordinator_window()
    admin = new_clinic[Role.ADMIN]
    with database.write() as session:
        product = list_products(session, admin)[0].id
        receive_lot(session, admin, clock, LotForm(product, "L-1", "31/12/2027", "10"), "en_GB")
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # work goes on
    panel = window.first_steps
    assert panel.ticks[Step.VACCINE_LOTS].toolTip() == "Done"
    assert panel.buttons[Step.VACCINE_LOTS].text() == "Done"
    assert not panel.buttons[Step.VACCINE_LOTS].isEnabled()
    assert panel.ticks[Step.STAFF].toolTip() == "To do"


def test_dismissed_by_the_coordinator_the_steps_stay_away_after_a_restart(
    qtbot, coordinator_window, make_window, database, new_clinic
):
    window = coordinator_window()
    qtbot.mouseClick(window.first_steps.dismiss_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert not window.first_steps.isVisible()
    window.close()
    assert not coordinator_window().first_steps.isVisible()
    _account_made(database, new_clinic[Role.RECEPTION])
    assert not make_window(Role.RECEPTION).first_steps.isVisible()  # for the whole clinic


def test_reception_of_a_new_clinic_is_asked_for_the_first_person_only(
    qtbot, make_window, new_clinic, on_next_dialog, database, clock
):
    _account_made(database, new_clinic[Role.RECEPTION])
    window = make_window(Role.RECEPTION)
    panel = window.first_steps
    assert panel.isVisible()
    assert _lines(window) == ["First steps", "Register the first person."]
    assert not panel.dismiss_button.isVisible()  # the coordinator's to decide
    seen: list[object] = []

    def register(dialog) -> None:
        seen.append(dialog)
        dialog.reject()

    on_next_dialog(register)
    qtbot.mouseClick(panel.buttons[Step.FIRST_PERSON], Qt.MouseButton.LeftButton)
    assert isinstance(seen[0], PersonDialog)  # the registration form, straight away
    record = validate_person(PersonForm(alias="Ana", birth="1990"), "en_GB", NOW.date())
    with database.write() as session:
        register_person(session, new_clinic[Role.RECEPTION], clock, record, "ANAXX010119902")
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert not panel.isVisible()  # done: nothing left to show


def test_a_social_worker_has_no_first_steps(make_window, new_clinic, database):
    _account_made(database, new_clinic[Role.SOCIAL])
    assert not make_window(Role.SOCIAL).first_steps.isVisible()
