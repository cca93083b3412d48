"""GUI fixtures: the real main window on a fresh encrypted database, driven like a person would.

Dialogs are modal (`exec()`), so a test says beforehand what to do in the next one
(`on_next_dialog`); the action runs inside the dialog's own event loop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QThreadPool, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialogButtonBox, QWidget

from clinic.common.clock import Clock
from clinic.common.permissions import Actor
from clinic.i18n.translator import translator
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.registry.vocabulary import CodeScheme
from clinic.settings.configuration import ClinicSettings
from clinic.staff.management import KeyAccess
from clinic.staff.vocabulary import Role
from db.engine import Database
from db.folder import DataFolder
from tests.conftest import NOW
from ui.common import theme
from ui.common.garbage import GarbageCollector
from ui.common.qt_translations import QtTranslations
from ui.common.ui_settings import UiSettings
from ui.context import DeskContext
from ui.main_window import MainWindow
from ui.operations import Loader

WindowFactory = Callable[..., MainWindow]

# How long a finished GUI test may take for the workers it started to end. A job that is still
# running past this was started and forgotten: it would report to widgets being deleted.
WORKERS_GRACE_MS = 5_000


@pytest.fixture(autouse=True)
def workers_end_with_their_test(qtbot):
    """Every GUI test has a qtbot, so that `pytest_runtest_call` below can wait with it."""
    return qtbot


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """Fail a GUI test that leaves a background job running, naming it.

    Checked right after the test body, before pytest-qt closes and deletes the test's widgets: a
    worker still running then would hand its outcome to a deleted parent, which aborted a later,
    unrelated test in CI. A failing test's workers are waited for too, without hiding its error.
    """
    qtbot = item.funcargs["workers_end_with_their_test"]  # type: ignore[attr-defined]
    try:
        result = yield
    except BaseException:
        _workers_ended(qtbot)
        raise
    if not _workers_ended(qtbot):
        pytest.fail(
            f"{item.nodeid} left {QThreadPool.globalInstance().activeThreadCount()} background"
            " worker(s) running; wait for its job with tests/gui/conftest.py `finish`",
            pytrace=False,
        )
    return result


def _workers_ended(qtbot) -> bool:
    """Let running workers end and their outcomes reach the GUI thread; False if they don't."""
    pool = QThreadPool.globalInstance()
    try:
        qtbot.waitUntil(lambda: pool.activeThreadCount() == 0, timeout=WORKERS_GRACE_MS)
    except qtbot.TimeoutError:
        return False
    return True


@pytest.fixture(autouse=True)
def _collect_on_gui_thread(qapp) -> Iterator[None]:
    """As the desk runs (ui/app.py): reference cycles freed on the GUI thread, never from a
    worker laying out a PDF."""
    collector = GarbageCollector()
    yield
    collector.stop()
    collector.deleteLater()


@pytest.fixture
def ui_settings(tmp_path: Path) -> UiSettings:
    """Per-user interface settings in a file of the test's own, never the real user's."""
    return UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def make_window(
    qtbot,
    database: Database,
    data_folder: DataFolder,
    clock: Clock,
    actors: dict[Role, Actor],
    ui_settings: UiSettings,
) -> Iterator[WindowFactory]:
    translations = QtTranslations()
    made: list[MainWindow] = []

    def make(
        role: Role = Role.RECEPTION,
        language: str = "en",
        scheme: CodeScheme = CodeScheme.SLK581,
        keys: KeyAccess | None = None,
        now: Clock | None = None,
    ) -> MainWindow:
        """`now`: the desk's clock, when not the test's (a desk days later)."""
        clinic = ClinicSettings(scheme, "Europe/Rome")
        ctx = DeskContext(
            database,
            data_folder,
            actors[role],
            clinic,
            now or clock,
            translator(language),
            user_name=f"Desk ({role.value})",
            username=f"desk-{role.value}",
            keys=keys,
        )
        translations.install(language)
        theme.apply(QApplication.instance(), Qt.ColorScheme.Light)  # as ui/app.py does
        window = MainWindow(ctx, ui_settings, translations)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        activate(window)
        made.append(window)
        return window

    yield make
    for window in made:  # no write cut short by the database closing under it
        window.ctx.workers.wait()
    translations.remove()


def press_save(qtbot, dialog: QWidget) -> None:
    """Press the dialog's Save (or Book) button as a person would, and wait for the write it
    starts to be over: the dialog is closed, or shows why it was refused."""
    [box] = dialog.findChildren(QDialogButtonBox)
    [save] = [
        b for b in box.buttons() if box.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole
    ]
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.saving.busy)


def waited(qtbot, dialog: QWidget) -> None:
    """Wait until the long step a window before the desk started (a login, an unlock, a
    restore) has ended and its outcome is on the screen (`ui.common.waiting`)."""
    qtbot.waitUntil(lambda: dialog.waiting.job is None, timeout=30_000)


def loaded(qtbot, tab: QWidget) -> None:
    """Wait until the list a tab loads in the background is on the screen."""
    qtbot.waitUntil(lambda: not tab.loader.loading())


def settle(qtbot, window: MainWindow) -> None:
    """Wait until the work the window's screens started (a save, a list) has been shown;
    the loaders looked for at each turn, as a tab made when shown brings its own."""
    qtbot.waitUntil(
        lambda: (
            window.ctx.workers.idle()
            and not any(loader.loading() for loader in window.findChildren(Loader))
        )
    )


@pytest.fixture
def window(make_window: WindowFactory) -> MainWindow:
    return make_window()


DialogAction = Callable[[QWidget], None]


@pytest.fixture
def on_next_dialog(qtbot) -> Callable[..., list[QWidget]]:
    """Run an action on the next modal dialog once it is shown; returns the dialogs handled.

    With `kind`, the next one of that class: when it opens after a read in the background,
    the window under it is modal again for a moment and must not be taken for it."""

    def schedule(action: DialogAction, kind: type[QWidget] | None = None) -> list[QWidget]:
        handled: list[QWidget] = []
        previous = QApplication.activeModalWidget()

        def look() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None or dialog is previous or (kind and not isinstance(dialog, kind)):
                QTimer.singleShot(5, look)
                return
            handled.append(dialog)
            try:
                action(dialog)
            except BaseException:
                dialog.close()  # else exec() never returns and the test hangs
                raise

        QTimer.singleShot(0, look)
        return handled

    return schedule


def activate(widget: QWidget) -> None:
    """Make `widget`'s window the active one, as the window manager does when it is shown or
    gets back the focus; shortcuts only work in the active window."""
    widget.activateWindow()
    for _ in range(200):
        if QApplication.activeWindow() is widget.window():
            return
        QTest.qWait(10)
    raise AssertionError("the window did not become active")


def finish(qtbot, job) -> None:
    """Wait until a background job has reported (done or failed) on the GUI thread.

    Waiting on `job.done` after the job started can miss a quick job's signal; `ended` stays
    set once the outcome has arrived.
    """
    assert job is not None
    qtbot.waitUntil(lambda: job.ended, timeout=30_000)


def press(parent: QWidget, text: str) -> None:
    """Click the one visible button of `parent` labelled `text` (`&` and all), as a person does:
    a hidden or disabled button does nothing, as on screen."""
    [button] = [
        b for b in parent.findChildren(QAbstractButton) if b.text() == text and b.isVisible()
    ]
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def press_accept(dialog: QWidget) -> None:
    """Click the dialog's accepting button (Save, OK, Book...), as a person does."""
    accept = QDialogButtonBox.ButtonRole.AcceptRole
    [button] = [
        b
        for box in dialog.findChildren(QDialogButtonBox)
        for b in box.buttons()
        if box.buttonRole(b) == accept
    ]
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def joy(database, clock, actors) -> int:
    """Joy, registered by reception: the person the care and material tests follow."""
    form = PersonForm(alias="Joy", gender="woman", birth="1999", consent_date="01/03/2026")
    with database.write() as session:
        record = validate_person(form, "it_IT", NOW.date())
        return register_person(session, actors[Role.RECEPTION], clock, record, "JOY1999").id
