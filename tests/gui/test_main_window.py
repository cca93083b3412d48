"""The main window: navigation, language chosen in settings, remembered layout, clinic settings,
and the crash dialog for bugs."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from clinic.i18n.translator import Translator
from clinic.registry.vocabulary import CodeScheme
from clinic.settings.configuration import load_settings
from clinic.staff.vocabulary import Role
from db.models.settings import Setting
from tests.gui.conftest import finish, settle
from ui.app import _crash_hook, pick_language
from ui.main_window import MainWindow
from ui.settings.settings_page import SettingsPage


def _nav_titles(window: MainWindow) -> list[str]:
    return window.nav.titles()


def test_pages_are_reached_by_keyboard(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.settings_page
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.reception
    assert window.focusWidget() is window.reception.search


def test_a_language_chosen_in_settings_applies_at_once_and_at_the_next_start(
    qtbot, window, ui_settings, data_folder, database
):
    qtbot.keyClicks(window.reception.search, "maria")
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    page = window.settings_page
    page.language.setCurrentIndex(page.language.findData("it"))
    page.apply_language_button.click()

    italian = Translator("it")
    pages = ["Reception", "Vaccinations", "Stock", "Settings"]  # reception sees appointments
    assert _nav_titles(window) == [italian.gettext(page) for page in pages]
    assert _nav_titles(window) != pages
    assert window.menuBar().actions()[0].text() == italian.gettext("&File")
    assert window.reception.search.text() == "maria"  # what was typed is kept
    assert window.stack.currentWidget() is window.settings_page  # and where one was
    assert ui_settings.language() == "it"
    assert pick_language(None, ui_settings) == "it"  # what the next start uses


def test_a_language_on_the_command_line_wins_for_this_session_only(ui_settings):
    ui_settings.set_language("de")
    assert pick_language("fr", ui_settings) == "fr"
    assert ui_settings.language() == "de"
    assert pick_language("xx", ui_settings) in ("en", "it", "fr", "de")


def test_window_geometry_and_column_widths_are_remembered(qtbot, make_window):
    window = make_window()
    window.resize(window.width(), 540)  # the offscreen screen is too narrow to test widths
    window.reception.results_view.horizontalHeader().resizeSection(1, 333)
    window.reception.queue_view.horizontalHeader().resizeSection(2, 222)
    window.close()

    again = make_window()
    assert again.reception.results_view.horizontalHeader().sectionSize(1) == 333
    assert again.reception.queue_view.horizontalHeader().sectionSize(2) == 222
    assert again.height() == 540


@pytest.mark.parametrize(
    ("role", "pages"),
    [
        (Role.RECEPTION, ["Reception", "Vaccinations", "Stock", "Settings"]),
        (Role.NURSE, ["Vaccinations", "Reception", "Follow-up", "Stock", "Settings"]),
        (Role.SOCIAL, ["Reception", "Follow-up", "Stock", "Sessions", "Settings"]),
        (Role.PSYCHOLOGIST, ["Reception", "Follow-up", "Settings"]),
        (Role.OUTREACH, ["Sessions", "Reception", "Stock", "Settings"]),
        (
            Role.ADMIN,
            ["Administration", "Reception", "Stock", "Sessions", "Settings"],
        ),  # vaccines: in Stock
    ],
)
def test_each_role_lands_on_its_daily_page_and_the_keys_follow_the_list(
    qtbot, make_window, data_folder, key, role, pages
):
    window = make_window(role, keys=_keys(data_folder, key))
    assert window.nav.titles() == pages  # one line each: the key is beside, not under

    assert window.nav.key_hints() == [f"Ctrl+{n}" for n in range(1, len(pages) + 1)]
    assert window.stack.currentIndex() == 0  # the daily page is the one shown at login
    for number in range(len(pages), 0, -1):
        digit = getattr(Qt.Key, f"Key_{number}")
        qtbot.keyClick(window, digit, Qt.KeyboardModifier.ControlModifier)
        assert window.nav.currentItem().text() == pages[number - 1]
        assert window.stack.currentIndex() == number - 1


def test_ctrl_f_finds_a_person_from_any_page(qtbot, make_window):
    window = make_window(Role.NURSE)
    assert window.stack.currentWidget() is window.vaccinations_page
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.reception
    assert window.focusWidget() is window.reception.search


def _keys(data_folder, key):
    from clinic.staff.management import KeyAccess
    from db.keyslots import KeyStore

    return KeyAccess(KeyStore(data_folder.keys), key)


def test_the_coordinator_changes_the_code_scheme_and_it_applies_at_once(
    qtbot, make_window, database
):
    window = make_window(Role.ADMIN)
    page: SettingsPage = window.settings_page
    page.code_scheme.setCurrentIndex(page.code_scheme.findData(CodeScheme.CARD.value))
    page.time_zone.setCurrentText("Europe/Luxembourg")
    qtbot.mouseClick(page.save_clinic_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    with database.read() as session:
        stored = load_settings(session)
    assert (stored.code_scheme, stored.time_zone) == (CodeScheme.CARD, "Europe/Luxembourg")
    assert window.ctx.clinic == stored
    assert window.ctx.clock.zone.key == "Europe/Luxembourg"


def test_an_unknown_time_zone_is_explained_next_to_it_and_not_saved(qtbot, make_window, database):
    window = make_window(Role.ADMIN)
    page: SettingsPage = window.settings_page
    page.time_zone.setCurrentText("Mars/Olympus_Mons")
    qtbot.mouseClick(page.save_clinic_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert page.rows["time_zone"].error.text() == "Choose a time zone from the list."
    assert page.time_zone.currentText() == "Mars/Olympus_Mons"
    with database.read() as session:
        assert session.scalars(select(Setting)).all() == []


def test_only_the_coordinator_may_change_the_clinic_settings(make_window):
    page = make_window(Role.RECEPTION).settings_page
    assert not page.save_clinic_button.isEnabled()
    assert not page.code_scheme.isEnabled()


def test_a_bug_shows_a_crash_dialog_with_details_to_copy(qtbot, window, on_next_dialog):
    shown: list[tuple[str, str]] = []

    def read(box) -> None:
        assert isinstance(box, QMessageBox)
        shown.append((box.text(), box.detailedText()))
        box.accept()

    logged: list[type[BaseException]] = []
    hook = _crash_hook(window, lambda kind, value, tb: logged.append(kind))
    on_next_dialog(read)
    try:
        raise ZeroDivisionError("visit 42")
    except ZeroDivisionError:
        hook(*sys.exc_info())
    [(text, details)] = shown
    assert text.startswith("Something went wrong inside Soglia. What was already saved is safe.")
    assert "ZeroDivisionError: visit 42" in details
    assert logged == [ZeroDivisionError]  # the previous hook (the log) still ran


def test_the_first_login_of_the_day_makes_a_backup_in_the_background(
    qtbot, window, data_folder, key
):
    from dataclasses import replace

    from clinic.backups.backing_up import list_backups
    from clinic.staff.management import KeyAccess
    from db.keyslots import KeyStore

    window.ctx = replace(window.ctx, keys=KeyAccess(KeyStore(data_folder.keys), key))
    job = window.start_daily_backup()
    assert job is not None
    finish(qtbot, job)
    assert len(list_backups(data_folder.backups)) == 1
    assert window.statusBar().currentMessage() == "Today's backup is made and checked."
    assert window.start_daily_backup() is None  # one a day


def test_saving_the_clinics_settings_keeps_what_the_page_does_not_show(
    qtbot, make_window, database
):
    from dataclasses import replace

    window = make_window(Role.ADMIN)
    window.apply_clinic(replace(window.ctx.clinic, name="Casa Aperta", language="it"))
    page: SettingsPage = window.settings_page
    page.lock_minutes.setValue(12)
    page.second_backup_folder.setText("/media/usb/soglia")
    qtbot.mouseClick(page.save_clinic_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    with database.read() as session:
        stored = load_settings(session)
    assert (stored.name, stored.language) == ("Casa Aperta", "it")
    assert (stored.lock_minutes, stored.second_backup_folder) == (12, "/media/usb/soglia")


@pytest.mark.parametrize("language", ["fr", "de", "it"])
def test_every_column_title_fits_its_column_in_every_language(make_window, language):
    window = make_window(language=language)
    for view in (window.reception.results_view, window.reception.queue_view):
        header = view.horizontalHeader()
        for column in range(header.count() - 1):  # the last one stretches
            title = view.model().headerData(column, Qt.Orientation.Horizontal)
            assert header.fontMetrics().horizontalAdvance(title) < header.sectionSize(column), title
