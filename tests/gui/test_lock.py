"""The idle lock (reliability.md scenario 13): after the idle time every window is covered and
its title blanked; the same person unlocks and finds their form as they left it; someone else
closes that session first."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from clinic.staff_accounts import KeyAccess
from db.keyslots import KeyStore
from db.models import Person
from tests.gui.conftest import activate
from tests.unit.clinic.use_cases import FAST, STRONG
from ui.dialogs.person_dialog import PersonDialog
from ui.lock import Curtain, LockDialog
from ui.main_window import AFTER_LOGIN


@pytest.fixture
def desk(qtbot, make_window, data_folder, key, ui_settings):
    """The reception desk of `desk-reception`, whose password is STRONG, with an idle lock."""
    store = KeyStore(data_folder.keys, kdf=FAST)
    store.set_password("desk-reception", key, STRONG)
    store.save()
    return make_window(keys=KeyAccess(store, key))


def _curtained(widget) -> bool:
    return any(c.isVisible() for c in widget.findChildren(Curtain))


def _typing_then_idle(qtbot, window, on_next_dialog, in_lock):
    """Open a new person, type an alias, then let the desk go idle; `in_lock` acts at the lock."""
    seen: dict[str, object] = {}

    def person(dialog) -> None:
        assert isinstance(dialog, PersonDialog)
        dialog.fields.alias.insert("Zoë Marker")  # QTest types ASCII only
        seen["dialog"] = dialog

        def at_lock(lock) -> None:
            assert isinstance(lock, LockDialog)
            seen["titles"] = {
                w.windowTitle() for w in QApplication.topLevelWidgets() if w.isVisible()
            }
            seen["covered"] = _curtained(dialog) and _curtained(window)
            in_lock(lock, seen)

        on_next_dialog(at_lock)
        window.idle.idle.emit()  # as the timer does after the idle minutes
        seen["after"] = (dialog.isVisible(), dialog.fields.alias.text(), _curtained(dialog))
        if dialog.isVisible():
            dialog.done(0)

    on_next_dialog(person)
    qtbot.keyClick(window.reception.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    return seen


def test_the_lock_covers_every_window_and_the_same_person_finds_the_form_kept(
    qtbot, desk, on_next_dialog
):
    def unlock(lock, seen) -> None:
        qtbot.keyClicks(lock.password, "not my password")
        lock.unlock_button.click()
        seen["wrong"] = (lock.isVisible(), lock.password_row.error.text())
        qtbot.keyClicks(lock.password, STRONG)
        lock.unlock_button.click()

    seen = _typing_then_idle(qtbot, desk, on_next_dialog, unlock)
    assert seen["covered"] is True
    # No title gives the person away while locked (the record's title would hold a code).
    assert "New person" not in seen["titles"]
    assert seen["wrong"] == (True, "Wrong user name or password.")
    assert seen["after"] == (True, "Zoë Marker", False)
    assert not _curtained(desk)
    assert desk.after_close is None


def test_someone_else_logging_in_closes_the_session_and_its_unsaved_form(
    qtbot, desk, database, on_next_dialog
):
    def other(lock, seen) -> None:
        lock.other_button.click()

    seen = _typing_then_idle(qtbot, desk, on_next_dialog, other)
    assert seen["after"][0] is False  # the form was closed, unsaved
    assert desk.after_close == AFTER_LOGIN
    assert not desk.isVisible()
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 0


def test_the_idle_watcher_locks_after_its_time(qtbot, desk, on_next_dialog):
    unlocked: list[bool] = []

    def unlock(lock) -> None:
        qtbot.keyClicks(lock.password, STRONG)
        lock.unlock_button.click()
        unlocked.append(True)

    desk.idle.timer.setInterval(10)  # instead of minutes
    desk.idle.resume()
    on_next_dialog(unlock)
    with qtbot.waitSignal(desk.idle.idle, timeout=5_000):
        pass
    qtbot.waitUntil(lambda: bool(unlocked))
    assert not _curtained(desk)


def test_ctrl_l_locks_at_once(qtbot, desk, on_next_dialog):
    shown: list[str] = []

    def unlock(lock) -> None:
        shown.append(lock.windowTitle())
        qtbot.keyClicks(lock.password, STRONG)
        lock.unlock_button.click()

    activate(desk)
    on_next_dialog(unlock)
    qtbot.keyClick(desk, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert shown == ["Soglia is locked"]
