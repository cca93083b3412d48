"""The lock (reliability.md scenario 13): after Ctrl+L or the idle time nothing of any window can
be seen, the title says nothing; the same person unlocks and finds everything as they left it;
someone else closes that session first. Every step is in the audit trail.

"Nothing can be seen" is checked on pixels: the text of the windows is drawn in a colour no
part of Soglia uses, the windows are grabbed, and not one pixel of that colour may remain.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import func, select

from clinic.demo.clinic import generate
from clinic.staff.management import KeyAccess
from clinic.staff.vocabulary import Role
from db.keyslots import KeyStore
from db.models.audit import AuditEvent
from db.models.registry import Person
from tests.gui.conftest import activate, settle, waited
from tests.unit.clinic.use_cases import FAST, STRONG
from ui.login import lock as lock_module
from ui.login.lock import LockDialog
from ui.main_window import AFTER_LOGIN, MainWindow
from ui.registry.person_dialog import PersonDialog

MARKER = QColor(0x13, 0xF7, 0xA2)  # a green nothing in Soglia's look is drawn in
_TEXT_ROLES = (
    QPalette.ColorRole.WindowText,
    QPalette.ColorRole.Text,
    QPalette.ColorRole.ButtonText,
    QPalette.ColorRole.HighlightedText,
    QPalette.ColorRole.PlaceholderText,
    QPalette.ColorRole.BrightText,
)


@pytest.fixture
def desk_of(qtbot, qapp, make_window, data_folder, key) -> Iterator[Callable[[Role], MainWindow]]:
    """The desk of `desk-<role>`, whose password is STRONG, with the lock on.

    The text cursor does not blink, so that grabs before and after locking compare.
    """
    flash = qapp.cursorFlashTime()
    qapp.setCursorFlashTime(0)

    def make(role: Role) -> MainWindow:
        store = KeyStore(data_folder.keys, kdf=FAST)
        store.set_password(f"desk-{role.value}", key, STRONG)
        store.save()
        return make_window(role=role, keys=KeyAccess(store, key))

    yield make
    qapp.setCursorFlashTime(flash)


@pytest.fixture
def desk(desk_of) -> MainWindow:
    return desk_of(Role.RECEPTION)


@pytest.fixture
def demo_clinic(database, clock, actors) -> None:
    """A small demo clinic: today's queue, people, doses, appointments and stock to show."""
    generate(database, clock, persons=60, years=1, seed=8)


def _draw_text_in_marker(window: QWidget) -> None:
    """Every text the window shows (its pages, menus, status bar, a dialog's fields) in MARKER.

    Set on the window's direct children, which pass their palette on to all they hold; the
    window's own palette, which the lock's panel takes, is left alone.
    """
    for child in window.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        palette = child.palette()
        for role in _TEXT_ROLES:
            palette.setColor(role, MARKER)
        child.setPalette(palette)


def _marker_pixels(widget: QWidget) -> int:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    pixels = memoryview(image.constBits()).cast("I")  # 0xAARRGGBB, rows without padding
    return pixels.tolist().count(MARKER.rgb())


def _open_windows() -> list[QWidget]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and w.isWindow() and not isinstance(w, LockDialog)
    ]


def _unlock(qtbot, lock: QWidget) -> None:
    """Type the password and press Enter, as the person back at the desk does."""
    assert isinstance(lock, LockDialog)
    activate(lock)
    qtbot.keyClicks(lock.password, STRONG)
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)


def _press_ctrl_l(qtbot, widget: QWidget) -> None:
    activate(widget)
    qtbot.keyClick(widget, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)


def _audit_actions(database, staff_id: int) -> list[str]:
    with database.read() as session:
        query = select(AuditEvent.action).where(AuditEvent.staff_id == staff_id)
        return list(session.scalars(query.order_by(AuditEvent.id)))


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.NURSE, Role.SOCIAL, Role.ADMIN])
def test_no_pixel_of_any_page_shows_while_locked(qtbot, desk_of, demo_clinic, on_next_dialog, role):
    window = desk_of(role)
    _draw_text_in_marker(window)
    for number in range(window.nav.count()):
        window.show_page(number)
        settle(qtbot, window)  # a list loading in the background is on the screen
        before = _marker_pixels(window)
        seen: dict[str, object] = {}

        def at_lock(lock, seen=seen) -> None:
            seen["marker"] = _marker_pixels(window)
            seen["title"] = window.windowTitle()
            _unlock(qtbot, lock)

        on_next_dialog(at_lock)
        _press_ctrl_l(qtbot, window)
        page = window.nav.item(number).text()
        assert before > 50, f"page {page}: the test sees no text to hide"
        assert seen == {"marker": 0, "title": "Soglia"}, f"page {page} shows through the lock"
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        settle(qtbot, window)
        assert _marker_pixels(window) == before, f"page {page} is not back as it was"


def test_an_open_record_is_hidden_and_comes_back_as_typed(qtbot, desk, database, on_next_dialog):
    """Ctrl+L in a new person's form: nothing of it shows; after unlocking, the alias typed is
    there, selected, with the cursor in it."""
    seen: dict[str, object] = {}

    def person(dialog) -> None:
        assert isinstance(dialog, PersonDialog)
        activate(dialog)
        alias = dialog.fields.alias
        qtbot.mouseClick(alias, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(alias, "Zoe Marker")
        qtbot.keyClick(alias, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        _draw_text_in_marker(dialog)
        seen["before"] = _marker_pixels(dialog)

        def at_lock(lock) -> None:
            seen["marker"] = {
                w.objectName() or type(w).__name__: _marker_pixels(w) for w in _open_windows()
            }
            seen["titles"] = {w.windowTitle() for w in _open_windows()}
            qtbot.keyClicks(lock.password, "not my password")
            qtbot.keyClick(lock.password, Qt.Key.Key_Return)
            waited(qtbot, lock)
            seen["wrong"] = (lock.isVisible(), lock.password_row.error.text())
            _unlock(qtbot, lock)

        on_next_dialog(at_lock)
        _press_ctrl_l(qtbot, alias)
        seen["after"] = (alias.text(), alias.selectedText(), dialog.focusWidget() is alias)
        seen["marker after"] = _marker_pixels(dialog)
        dialog.done(0)

    on_next_dialog(person)
    qtbot.keyClicks(desk.reception.search, "someone")
    qtbot.keyClick(desk.reception.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen["before"] > 50
    assert seen["marker"] == {"mainWindow": 0, "PersonDialog": 0}
    assert seen["titles"] == {"Soglia"}  # the record's title would hold a code
    assert seen["wrong"] == (True, "Wrong user name or password.")
    assert seen["after"] == ("Zoe Marker", "Zoe Marker", True)
    assert seen["marker after"] == seen["before"]
    assert desk.reception.search.text() == "someone"
    assert desk.after_close is None


def test_the_lock_says_who_locked_it_and_the_trail_records_lock_and_unlock(
    qtbot, desk, database, actors, on_next_dialog
):
    notes: list[str] = []

    def unlock(lock) -> None:
        notes.append(lock.note.text())
        _unlock(qtbot, lock)

    on_next_dialog(unlock)
    _press_ctrl_l(qtbot, desk)
    on_next_dialog(unlock)
    desk.idle.idle.emit()  # as the timer does after the idle minutes
    assert notes == [
        "Desk (reception) locked Soglia. Type your password to go on.",
        "Soglia locked itself after 5 minutes without use. "
        "Desk (reception), type your password to go on.",
    ]
    settle(qtbot, desk)  # the trail is written on the writer thread
    staff_id = actors[Role.RECEPTION].staff_id
    assert _audit_actions(database, staff_id) == ["lock", "unlock", "lock.idle", "unlock"]


def test_someone_else_logging_in_closes_the_session_and_its_unsaved_form(
    qtbot, desk, database, actors, on_next_dialog
):
    state: dict[str, object] = {}

    def person(dialog) -> None:
        qtbot.keyClicks(dialog.fields.alias, "Zoe Marker")
        state["dialog"] = dialog
        on_next_dialog(lambda lock: lock.other_button.click())
        desk.idle.idle.emit()
        state["open after"] = dialog.isVisible()

    on_next_dialog(person)
    qtbot.keyClick(desk.reception.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert state["open after"] is False  # the form was closed, unsaved
    assert desk.after_close == AFTER_LOGIN
    assert not desk.isVisible()
    settle(qtbot, desk)
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 0
    staff_id = actors[Role.RECEPTION].staff_id
    assert _audit_actions(database, staff_id) == ["lock.idle", "lock.taken_over", "logout"]


def test_the_idle_watcher_locks_after_its_time(qtbot, desk, on_next_dialog):
    notes: list[str] = []

    def unlock(lock) -> None:
        notes.append(lock.note.text())
        desk.idle.timer.setInterval(60_000)  # not locking again at once
        _unlock(qtbot, lock)

    desk.idle.timer.setInterval(10)  # instead of minutes
    desk.idle.resume()
    on_next_dialog(unlock)
    with qtbot.waitSignal(desk.idle.idle, timeout=5_000):
        pass
    qtbot.waitUntil(lambda: bool(notes))
    assert notes[0].startswith("Soglia locked itself after 5 minutes")


def test_the_lock_speaks_the_desk_language(qtbot, make_window, data_folder, key, on_next_dialog):
    store = KeyStore(data_folder.keys, kdf=FAST)
    store.set_password("desk-nurse", key, STRONG)
    store.save()
    window = make_window(role=Role.NURSE, language="it", keys=KeyAccess(store, key))
    seen: list[tuple[str, str]] = []

    def unlock(lock) -> None:
        seen.append((lock.windowTitle(), lock.note.text()))
        _unlock(qtbot, lock)

    on_next_dialog(unlock)
    _press_ctrl_l(qtbot, window)
    assert seen == [
        (
            "Soglia è bloccato",
            "Desk (nurse) ha bloccato Soglia. Scrivi la tua password per continuare.",
        )
    ]


def test_the_password_is_checked_off_the_screens_thread_with_the_lock_held(
    qtbot, desk, on_next_dialog, monkeypatch
):
    release = threading.Event()
    check = lock_module.unlock_key

    def held_check(*args):
        release.wait(timeout=10)  # the GUI thread would be stuck here if it checked
        return check(*args)

    monkeypatch.setattr(lock_module, "unlock_key", held_check)
    seen: dict[str, object] = {}

    def at_lock(lock) -> None:
        activate(lock)
        qtbot.keyClicks(lock.password, STRONG)
        qtbot.keyClick(lock.password, Qt.Key.Key_Return)
        seen["while checked"] = (
            lock.isVisible(),
            lock.waiting.label.text() if lock.waiting.isVisible() else None,
            lock.unlock_button.isEnabled(),
            lock.other_button.isEnabled(),
        )
        release.set()

    on_next_dialog(at_lock)
    _press_ctrl_l(qtbot, desk)
    assert seen["while checked"] == (True, "Checking the password...", False, False)
    assert not desk.locked
    assert desk.after_close is None
