"""Logging in makes only the page shown (issue 11): the other pages, and the tabs not shown, are
made when first shown, as they were, and what the window does with them still happens."""

from __future__ import annotations

from zoneinfo import available_timezones

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from clinic.i18n.translator import Translator
from clinic.staff.management import KeyAccess
from clinic.staff.vocabulary import Role
from db.keyslots import KeyStore
from tests.gui.conftest import finish
from ui.admin.admin_page import AdminPage
from ui.admin.audit_tab import AuditTab
from ui.admin.backups_tab import BackupsTab
from ui.admin.care_lists_tab import CareListsTab
from ui.admin.services_tab import ServicesTab
from ui.admin.staff_tab import StaffTab
from ui.main_window import MainWindow
from ui.reception.reception_page import ReceptionPage
from ui.settings.settings_page import SettingsPage
from ui.vaccinations.appointments_tab import AppointmentsTab
from ui.vaccinations.vaccinations_page import VaccinationsPage
from ui.vaccinations.worklist_tab import WorklistTab

PAGES_AND_TABS: tuple[type[QWidget], ...] = (
    ReceptionPage,
    VaccinationsPage,
    WorklistTab,
    AppointmentsTab,
    AdminPage,
    StaffTab,
    AuditTab,
    BackupsTab,
    CareListsTab,
    ServicesTab,
    SettingsPage,
)


def _made(window: MainWindow) -> set[type[QWidget]]:
    return {kind for kind in PAGES_AND_TABS if window.findChildren(kind)}


@pytest.fixture
def keys(data_folder, key) -> KeyAccess:
    """The coordinator's Administration page is only made for a desk with its keys."""
    return KeyAccess(KeyStore(data_folder.keys), key)


@pytest.mark.parametrize(
    ("role", "made"),
    [
        (Role.NURSE, {VaccinationsPage, WorklistTab}),
        (Role.RECEPTION, {ReceptionPage}),
        (Role.SOCIAL, {ReceptionPage}),
        (Role.ADMIN, {AdminPage, StaffTab}),
    ],
)
def test_logging_in_makes_only_the_daily_page_and_its_first_tab(make_window, keys, role, made):
    window = make_window(role, keys=keys)
    assert _made(window) == made
    assert type(window.stack.currentWidget()) in made


def test_a_page_is_made_on_its_first_show_once_in_the_place_of_its_stand_in(qtbot, make_window):
    window = make_window(Role.NURSE)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)  # Settings
    [settings] = window.findChildren(SettingsPage)
    assert window.stack.currentWidget() is settings is window.settings_page
    assert window.stack.indexOf(settings) == 4
    assert window.stack.count() == 5
    assert settings.isVisible()
    assert settings.language.currentData() == "en"
    assert settings.time_zone.currentText() == "Europe/Rome"
    assert not settings.time_zone.isEnabled()  # a nurse may not change it
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)  # Settings
    assert window.findChildren(SettingsPage) == [settings]  # made once
    assert ReceptionPage not in _made(window)  # Ctrl+2 was never pressed


def test_the_coordinator_chooses_among_every_time_zone(make_window, keys):
    settings = make_window(Role.ADMIN, keys=keys).settings_page
    zones = [settings.time_zone.itemText(row) for row in range(settings.time_zone.count())]
    assert zones == sorted(available_timezones())
    assert settings.time_zone.currentText() == "Europe/Rome"


def test_a_tab_is_made_when_clicked_in_its_place_with_its_title(qtbot, make_window):
    window = make_window(Role.NURSE)
    page = window.vaccinations_page
    titles = [page.tabs.tabText(index) for index in range(page.tabs.count())]
    assert titles == ["&Worklist", "&Appointments"]
    assert AppointmentsTab not in _made(window)
    bar = page.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    [appointments] = window.findChildren(AppointmentsTab)
    assert page.tabs.currentWidget() is appointments is page.appointments
    assert appointments.isVisible()
    assert [page.tabs.tabText(index) for index in range(page.tabs.count())] == titles


def test_ctrl_f_makes_the_reception_page_with_the_search_focused(qtbot, make_window):
    window = make_window(Role.NURSE)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    [reception] = window.findChildren(ReceptionPage)
    assert window.stack.currentWidget() is reception
    assert window.focusWidget() is reception.search


def test_column_widths_come_back_when_the_page_is_first_shown(qtbot, make_window):
    window = make_window(Role.NURSE)
    window.resize(window.width(), 540)  # the offscreen screen is too narrow to test widths
    window.show_page(window.reception)
    window.reception.queue_view.horizontalHeader().resizeSection(2, 222)
    window.close()

    again = make_window(Role.NURSE)
    assert ReceptionPage not in _made(again)
    again.show_page(again.reception)
    assert again.reception.queue_view.horizontalHeader().sectionSize(2) == 222


def test_a_new_language_carries_the_search_and_widths_to_a_page_made_later(qtbot, make_window):
    window = make_window(Role.NURSE)
    window.resize(window.width(), 540)
    window.show_page(window.reception)
    qtbot.keyClicks(window.reception.search, "maria")
    window.reception.queue_view.horizontalHeader().resizeSection(2, 222)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)  # Settings
    window.settings_page.language.setCurrentIndex(window.settings_page.language.findData("it"))
    window.settings_page.apply_language_button.click()

    assert window.nav.currentItem().text() == Translator("it").gettext("Settings")
    assert ReceptionPage not in _made(window)  # the new one: not shown yet
    window.show_page(window.reception)
    assert window.reception.search.text() == "maria"
    assert window.reception.queue_view.horizontalHeader().sectionSize(2) == 222
    window.close()
    again = make_window(Role.NURSE)
    again.show_page(again.reception)  # remembered though made in the rebuilt window
    assert again.reception.queue_view.horizontalHeader().sectionSize(2) == 222


def test_the_daily_forecast_refresh_makes_no_page(qtbot, make_window):
    """A nurse on Settings changes the language: the rebuilt Vaccinations page waits for its
    first show, and a refresh of the forecasts meanwhile does not make it."""
    window = make_window(Role.NURSE)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)  # Settings
    window.apply_language("fr")
    qtbot.waitUntil(lambda: _made(window) == {SettingsPage})  # the old pages deleted
    finish(qtbot, window.start_forecast_refresh())
    assert _made(window) == {SettingsPage}
