"""Starts the Qt application: set-up or login, then the main window on the opened database."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from clinic.common.clock import Clock
from clinic.i18n.messages import open_failure_text
from clinic.i18n.translator import LANGUAGES, Translator, system_language, translator
from db.errors import DatabaseOpenError, OpenFailure
from db.folder import DataFolder, FolderState
from db.keyslots import load_key_store
from ui.common import messages, theme
from ui.common.garbage import (
    GarbageCollector,
    importing,
    look_at_everything_again,
    set_aside_the_living,
)
from ui.common.qt_translations import QtTranslations
from ui.common.ui_settings import UiSettings
from ui.login.login_dialog import LoginDialog

# The database layer and the desk's pages are imported once someone has logged in: the login
# window comes up without waiting for SQLAlchemy.
if TYPE_CHECKING:
    from clinic.backups.restoring import RestoreGrant
    from clinic.staff.opening import OpenClinic
    from ui.context import DeskContext
    from ui.main_window import MainWindow


log = logging.getLogger(__name__)

EXIT_REFUSED = 2  # as main.py: the database cannot be used
SWITCH_INTERVAL_S = 0.001


def run(folder: DataFolder, language: str | None) -> int:
    """Set up or log in, then show the main window and run the event loop; the exit code.

    A database that cannot be opened raises DatabaseOpenError, which main.py explains.
    """
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    GarbageCollector(app)  # cycles freed on this thread only, never from a worker
    # A worker running Python (a list being read, a PDF laid out) holds the interpreter lock
    # for up to this long before the GUI thread may take it back; 5 ms by default. Painting a
    # table beside a busy worker: median 80 -> 50 ms (2,000-person demo worklist).
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    theme.follow_system(app)
    ui_settings = UiSettings(QSettings())
    chosen = pick_language(language, ui_settings)
    qt_translations = QtTranslations()
    qt_translations.install(chosen)
    while True:  # back to the login window after a log-out, or when someone else takes over
        clock = Clock(ZoneInfo("UTC"))
        try:
            opened = enter(folder, translator(chosen), clock, ui_settings)
        except DatabaseOpenError as failure:
            if not offer_restore(folder, failure, translator(chosen), clock, ui_settings):
                return EXIT_REFUSED
            continue  # a backup is in place: log in to it
        if opened is None:
            return 0
        from ui.main_window import AFTER_LOGIN, AFTER_RESTORE, MainWindow

        window: MainWindow | None = None
        try:
            window = MainWindow(desk_context(folder, opened, chosen), ui_settings, qt_translations)
            ui_settings.set_second_backup_folder(window.ctx.clinic.second_backup_folder)
            previous_hook = sys.excepthook
            sys.excepthook = _crash_hook(window, previous_hook)
            try:
                window.show()
                set_aside_the_living()  # the desk's widgets live until it closes
                window.start_daily_backup()
                window.start_forecast_refresh()
                code = app.exec()
            finally:
                sys.excepthook = previous_hook
        finally:
            if window is not None:  # every write asked for is made before the database closes
                window.ctx.workers.wait()
                # The closed desk deleted, with its timers (the queue's would read on behind the
                # login window) and the personal data its lists hold, once a loop runs again.
                window.deleteLater()
            opened.close()
            look_at_everything_again()
        backup, grant = window.backup_to_restore, window.restore_grant
        if window.after_close == AFTER_RESTORE and backup is not None and grant is not None:
            _restore(folder, backup.path, grant, window.ctx)
        elif window.after_close != AFTER_LOGIN:
            return code
        chosen = window.ctx.t.language


def _restore(folder: DataFolder, backup: Path, grant: RestoreGrant, ctx: DeskContext) -> None:
    """Put the backup in place (the database is closed) and say how it went; the login window
    comes next either way."""
    from clinic.backups.restoring import restore_in_place
    from clinic.common.errors import KnownError

    try:
        restore_in_place(folder, backup, grant, ctx.clock)
    except KnownError as error:
        messages.show_error(None, ctx.t, error)
        return
    messages.show_info(None, ctx.t, ctx.t.gettext("The backup is in place. Log in again to go on."))


def offer_restore(
    folder: DataFolder,
    failure: DatabaseOpenError,
    t: Translator,
    clock: Clock,
    ui_settings: UiSettings,
) -> bool:
    """A database that cannot be read, said with the way out: restoring a backup, which a
    coordinator unlocks without logging in to it. True once a backup is in place; False if the
    person quit (the message is then also on standard error, as main.py does). Any other
    failure is main.py's to explain."""
    from ui.admin.restore_dialog import RestoreDialog

    if failure.failure is not OpenFailure.NOT_A_DATABASE or folder.state() is not FolderState.READY:
        raise failure
    log.error("the database cannot be read: %s", failure)
    text = open_failure_text(t, failure.failure, folder.root)
    while messages.offer_restore(t, text):
        second = ui_settings.second_backup_folder()
        dialog = RestoreDialog(folder, t, clock, Path(second) if second else None)
        dialog.exec()
        if dialog.open_failure is not None:
            raise dialog.open_failure
        if dialog.restored is not None:
            return True
    print(text, file=sys.stderr)
    return False


def pick_language(language: str | None, ui_settings: UiSettings) -> str:
    """The command line's, else the one chosen in settings on this computer, else the system's.

    A language given on the command line is used for this session only.
    """
    chosen = language or ui_settings.language() or system_language()
    return chosen if chosen in LANGUAGES else system_language()


def enter(
    folder: DataFolder, t: Translator, clock: Clock, ui_settings: UiSettings
) -> OpenClinic | None:
    """Set-up on a new folder, else the login window; None if the person quits."""
    if folder.state() is not FolderState.READY:
        from ui.login.setup_wizard import SetupWizard

        wizard = SetupWizard(folder, t, clock)
        wizard.exec()
        if wizard.open_failure is not None:
            raise wizard.open_failure
        return wizard.opened
    store = load_key_store(folder)
    preload = _preload_the_desk()
    while True:
        dialog = LoginDialog(
            folder, t, clock, ui_settings.last_user(), demo=store.demo, warm_up=preload.join
        )
        accepted = dialog.exec()
        if dialog.open_failure is not None:
            raise dialog.open_failure
        if dialog.wants_recovery:
            from ui.login.recovery_dialog import RecoveryDialog

            recovery = RecoveryDialog(folder, t, clock)
            recovery.exec()
            if recovery.open_failure is not None:
                raise recovery.open_failure
            if recovery.opened is not None:
                return recovery.opened
            continue
        if not accepted or dialog.opened is None:
            return None
        opened = _with_own_password(dialog.opened, t, clock, ui_settings)
        if opened is not None:
            _tell_about_the_trail(opened, t)
        return opened


def _preload_the_desk() -> threading.Thread:
    """Import the database layer and the desk while the login window waits for a password,
    and make Qt for Python's classes meanwhile (`ui.common.qt_types`).

    Only modules are loaded on that thread (no widget is made there). If the password comes
    first, the login's worker waits for the import to end (the thread returned is joined
    there), not the GUI thread, which would freeze on Python's import lock.
    """
    from ui.common.qt_types import QtTypesWarmUp

    def load() -> None:
        with importing():  # no collection meanwhile; the modules set aside after
            import ui.main_window  # noqa: F401
            from ui.common.glyphs import read_font

            read_font()  # the desk's icons: their names read here, not on the GUI thread

    thread = threading.Thread(target=load, name="preload", daemon=True)
    thread.start()
    QtTypesWarmUp(after=thread).start()
    return thread


def _with_own_password(
    opened: OpenClinic, t: Translator, clock: Clock, ui_settings: UiSettings
) -> OpenClinic | None:
    ui_settings.set_last_user(opened.login.username)
    if opened.login.must_change_password:
        from ui.login.password_dialog import PasswordDialog

        dialog = PasswordDialog(opened, t, clock, required=True)
        if not dialog.exec():
            opened.close()
            return None
    return opened


def _tell_about_the_trail(opened: OpenClinic, t: Translator) -> None:
    """A coordinator is told, at login, of the breaks of the audit trail that Soglia found and
    wrote down since their previous login (at this login, or at someone else's)."""
    if not opened.trail_breaks:
        return
    from clinic.audit.chain_words import trail_warning
    from clinic.settings.configuration import load_settings
    from ui.common import messages

    with opened.database.read() as session:
        zone = load_settings(session).zone
    messages.show_warning(None, t, trail_warning(t, opened.trail_breaks, zone))


def desk_context(folder: DataFolder, opened: OpenClinic, language: str) -> DeskContext:
    """Who acts, the clinic's settings and clock, read once after login."""
    from clinic.settings.configuration import load_settings
    from clinic.staff.management import KeyAccess
    from ui.context import DeskContext

    with opened.database.read() as session:
        clinic = load_settings(session)
    return DeskContext(
        opened.database,
        folder,
        opened.login.actor,
        clinic,
        Clock(clinic.zone),
        translator(language),
        user_name=opened.login.display_name,
        username=opened.login.username,
        keys=KeyAccess(opened.store, opened.key),
    )


def build_main_window_for_benchmark(folder: DataFolder, opened: OpenClinic) -> MainWindow:
    """What `benchmarks/startup_probe.py` shows: the real window, settings kept in memory only."""
    from ui.main_window import MainWindow

    settings = QSettings(str(folder.root / "benchmark-ui.ini"), QSettings.Format.IniFormat)
    qt_translations = QtTranslations()
    qt_translations.install("en")
    return MainWindow(desk_context(folder, opened, "en"), UiSettings(settings), qt_translations)


HookType = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def _crash_hook(window: MainWindow, previous: HookType) -> HookType:
    """A bug shows the crash dialog (details to copy) instead of vanishing; logging still runs."""

    showing: list[bool] = []

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        previous(kind, value, tb)
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        if showing:  # a bug raised again while the dialog is open: logged, one dialog only
            return
        showing.append(True)
        try:
            messages.show_crash(window.ctx.t, kind, value, tb)
        finally:
            showing.clear()

    return hook
