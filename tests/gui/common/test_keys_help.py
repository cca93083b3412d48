"""F1: the keyboard shortcuts, read from the window's own actions and shortcuts, so that a key
added without an entry in the help, or a key a role cannot use listed anyway, fails here."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

from clinic.i18n.translator import Translator
from clinic.staff.vocabulary import Role
from tests.gui.conftest import activate
from tests.gui.vaccinations.test_vaccinations import CODE, person_id  # noqa: F401 - a fixture
from ui.common.keys_dialog import KeysDialog
from ui.common.shortcuts import plain
from ui.main_window import MainWindow
from ui.vaccinations.vaccination_dialog import VaccinationDialog

NATIVE = QKeySequence.SequenceFormat.NativeText


def press_f1(qtbot, window: QWidget) -> KeysDialog:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), KeysDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, KeysDialog)
    return dialog


def usable_keys(root: QWidget) -> set[str]:
    """Every key that does something in `root`: actions with a shortcut, enabled QShortcuts."""
    keys = {
        a.shortcut().toString(NATIVE)
        for a in root.findChildren(QAction)
        if not a.shortcut().isEmpty() and a.isEnabled()
    }
    return keys | {s.key().toString(NATIVE) for s in root.findChildren(QShortcut) if s.isEnabled()}


def listed(dialog: KeysDialog) -> dict[str, list[str]]:
    """Each key shown in the table, with the words beside it."""
    found: dict[str, list[str]] = {}
    for _section, keys, text in dialog.rows():
        found.setdefault(keys, []).append(text)
    return found


@pytest.mark.parametrize("role", list(Role))
def test_every_key_of_the_window_is_in_the_table_with_words(qtbot, make_window, role):
    window = make_window(role)
    shown = listed(press_f1(qtbot, window))
    for keys in usable_keys(window):
        assert keys in shown, keys
        assert all(shown[keys]), keys  # each with what it does
    assert set(shown) <= usable_keys(window)  # and nothing that does nothing


def test_the_table_lists_only_what_the_role_can_use(qtbot, make_window):
    nurse = listed(press_f1(qtbot, make_window(Role.NURSE)))
    assert nurse["Ctrl+Shift+V"] == ["Vaccinations"]
    assert nurse["Ctrl+D"] == ["Record a dose"]  # on the worklist
    assert "F2" not in nurse  # a nurse does not check people in
    assert "Ctrl+N" not in nurse
    reception = listed(press_f1(qtbot, make_window(Role.RECEPTION)))
    assert reception["F2"] == ["Check in"]
    assert "Ctrl+Shift+V" not in reception  # no vaccination records for reception
    assert "Ctrl+D" not in reception


def test_keys_are_grouped_by_where_they_work(qtbot, make_window):
    rows = press_f1(qtbot, make_window(Role.NURSE)).rows()
    where = {(keys, text): section for section, keys, text in rows}
    assert where[("Ctrl+F", "Find a person")] == "Everywhere"
    assert where[("Ctrl+Q", "Quit")] == "Everywhere"
    assert where[("F1", "Keyboard shortcuts")] == "Everywhere"
    assert where[("Ctrl+Shift+V", "Vaccinations")] == "Reception"
    assert where[("Ctrl+D", "Record a dose")] == "Vaccinations › Worklist"
    assert where[("PgUp", "Previous")] == "Vaccinations › Appointments"
    # F5 refreshes the list of each page it is on: the groups keep them apart.
    refreshes = {section for section, keys, text in rows if (keys, text) == ("F5", "Refresh")}
    assert refreshes == {
        "Vaccinations › Worklist",
        "Follow-up › Referrals to follow up",
        "Stock",
    }


def test_the_table_speaks_the_desks_language(qtbot, make_window):
    italian = Translator("it")
    rows = press_f1(qtbot, make_window(Role.RECEPTION, language="it")).rows()
    find = plain(italian.gettext("&Find a person"))
    assert find != "Find a person"
    assert (italian.gettext("Everywhere"), "Ctrl+F", find) in rows


def test_f1_in_a_persons_vaccinations_lists_that_windows_keys(
    qtbot,
    make_window,
    on_next_dialog,
    person_id,  # noqa: F811 - the fixture
):
    window: MainWindow = make_window(Role.NURSE)
    window.show_page(window.reception)
    seen: list[tuple[set[str], dict[str, list[str]]]] = []

    def read(dialog) -> None:
        assert isinstance(dialog, VaccinationDialog)
        activate(dialog)  # as the window manager does when it opens
        table = press_f1(qtbot, dialog)
        seen.append((usable_keys(dialog), listed(table)))
        table.close()
        dialog.close()

    reception = window.reception
    qtbot.keyClicks(reception.search, CODE)
    qtbot.waitUntil(lambda: reception.results.rowCount() == 1)
    on_next_dialog(read)
    keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(reception.results_view, Qt.Key.Key_V, keys)
    qtbot.waitUntil(lambda: bool(seen))  # the file is read (an audited view), then shown
    [(usable, shown)] = seen
    assert {"Ctrl+D", "Ctrl+R", "Ctrl+E", "Ctrl+B", "Ctrl+P", "F1"} <= usable
    assert set(shown) == usable
    assert shown["Ctrl+P"] == ["Print card"]
