"""Starts the Qt application on an opened, migrated database: context, translations, main window."""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from clinic.clinic_settings import load_settings
from clinic.clock import Clock
from clinic.i18n import LANGUAGES, system_language, translator
from clinic.staff import desk_actor
from db.datafolder import DataFolder
from db.engine import Database
from db.vocabulary import Role
from ui import messages
from ui.context import DeskContext
from ui.main_window import MainWindow
from ui.qt_translations import QtTranslations
from ui.ui_settings import UiSettings


def run(folder: DataFolder, database: Database, role: Role, language: str | None) -> int:
    """Show the main window and run the event loop; returns the process exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    window = build_main_window(folder, database, role, language, UiSettings(QSettings()))
    previous_hook = sys.excepthook
    sys.excepthook = _crash_hook(window, previous_hook)
    try:
        window.show()
        return app.exec()
    finally:
        sys.excepthook = previous_hook


def build_main_window(
    folder: DataFolder,
    database: Database,
    role: Role,
    language: str | None,
    ui_settings: UiSettings,
) -> MainWindow:
    """The main window for `role`, in `language`, else the language of the settings or the system.

    A language given on the command line is used for this session only; the settings keep theirs.
    """
    chosen = language or ui_settings.language() or system_language()
    chosen = chosen if chosen in LANGUAGES else system_language()
    ctx = desk_context(folder, database, role, chosen)
    qt_translations = QtTranslations()
    qt_translations.install(chosen)
    return MainWindow(ctx, ui_settings, qt_translations)


def desk_context(folder: DataFolder, database: Database, role: Role, language: str) -> DeskContext:
    """Who acts, the clinic's settings and clock, read once at start (one short transaction)."""
    with database.write() as session:
        clinic = load_settings(session)
        clock = Clock(clinic.zone)
        actor = desk_actor(session, clock, role)
    return DeskContext(database, folder, actor, clinic, clock, translator(language))


def build_main_window_for_benchmark(folder: DataFolder, database: Database) -> MainWindow:
    """What `benchmarks/startup_probe.py` shows: the real window, settings kept in memory only."""
    settings = QSettings(str(folder.root / "benchmark-ui.ini"), QSettings.Format.IniFormat)
    return build_main_window(folder, database, Role.RECEPTION, "en", UiSettings(settings))


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
