"""The main window: navigation between pages, menus with their shortcuts, remembered geometry.

Changing the language or the clinic's settings rebuilds the pages in place (no restart): the page
shown, the text in the search field and the column widths are carried over.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenuBar,
    QStackedWidget,
    QWidget,
)

from clinic.audit import Action
from clinic.backups import Backup, back_up, backup_due
from clinic.clinic_settings import ClinicSettings
from clinic.labels import ROLES
from clinic.permissions import Permission
from clinic.vaccine_forecasts import refresh_stale
from ui import messages
from ui.context import DeskContext
from ui.jobs import Job
from ui.lock import IdleWatcher, LockDialog, audit_session_event, lock_note, lock_windows
from ui.pages.admin_page import AdminPage
from ui.pages.reception_page import ReceptionPage
from ui.pages.settings_page import SettingsPage
from ui.pages.vaccinations_page import VaccinationsPage
from ui.pages.vaccinations_page import shown_to as vaccinations_shown_to
from ui.qt_translations import QtTranslations
from ui.shortcuts import key_text
from ui.ui_settings import MAIN_GEOMETRY, MAIN_STATE, UiSettings, header_key

VERSION = "0.1.0"
FORECAST_CHECK_MS = 60 * 60 * 1000
AFTER_LOGIN = "login"  # `after_close`: show the login window again
AFTER_RESTORE = "restore"  # `after_close`: restore `backup_to_restore`, then log in again


@dataclass(frozen=True)
class _Page:
    title: str
    keys: str
    widget: QWidget


class MainWindow(QMainWindow):
    def __init__(
        self, ctx: DeskContext, ui_settings: UiSettings, qt_translations: QtTranslations
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self._ui = ui_settings
        self._qt = qt_translations
        self.after_close: str | None = None
        self.backup_to_restore: Backup | None = None
        self.locked = False
        self.setObjectName("mainWindow")
        self.idle = IdleWatcher(ctx.clinic.lock_minutes, self) if ctx.keys else None
        if self.idle is not None:
            self.idle.idle.connect(lambda: self.lock(idle=True))
            self.idle.lock_pressed.connect(self.lock)  # Ctrl+L inside a modal dialog
        # A desk left open past midnight: forecasts follow ages (the check is one small query).
        self._forecast_timer = QTimer(self, interval=FORECAST_CHECK_MS)
        self._forecast_timer.timeout.connect(self.start_forecast_refresh)
        self._forecast_timer.start()
        self._build()
        self._restore_geometry()
        self._restore_headers()

    # ----- building ---------------------------------------------------------------------------

    def _build(self) -> None:
        _ = self.ctx.t.gettext
        self.setWindowTitle(_("Soglia"))
        self.reception = ReceptionPage(self.ctx)
        self.settings_page = SettingsPage(self.ctx, self._ui)
        self.settings_page.language_chosen.connect(self.apply_language)
        self.settings_page.clinic_saved.connect(self.apply_clinic)
        self._pages = [
            _Page(_("Reception"), "Ctrl+1", self.reception),
            _Page(_("Settings"), "Ctrl+2", self.settings_page),
        ]
        self.admin_page: AdminPage | None = None
        if self.ctx.actor.can(Permission.STAFF_MANAGE) and self.ctx.keys is not None:
            self.admin_page = AdminPage(self.ctx)
            self.admin_page.backups.restore_requested.connect(self.restore_backup)
            self._pages.append(_Page(_("Administration"), "Ctrl+3", self.admin_page))
        self.vaccinations_page: VaccinationsPage | None = None
        if vaccinations_shown_to(self.ctx.actor):
            self.vaccinations_page = VaccinationsPage(self.ctx)
            self._pages.append(_Page(_("Vaccinations"), "Ctrl+4", self.vaccinations_page))
        self.stack = QStackedWidget()
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        for page in self._pages:
            self.stack.addWidget(page.widget)
            self.nav.addItem(QListWidgetItem(f"{page.title}\n{key_text(page.keys)}"))
        self.nav.setFixedWidth(self.nav.sizeHintForColumn(0) + 24)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self._build_status_bar()
        self.reception.focus_search()

    def _build_menus(self) -> None:
        _ = self.ctx.t.gettext
        bar = QMenuBar()
        self.setMenuBar(bar)  # the previous bar, its menus and actions are deleted with it
        file_menu = bar.addMenu(_("&File"))
        if self.ctx.keys is not None:
            file_menu.addAction(self._action(_("&Lock"), "Ctrl+L", self.lock))
            file_menu.addAction(self._action(_("Log &out"), "", self.log_out))
        file_menu.addAction(self._action(_("&Quit"), "Ctrl+Q", self.close))
        go_menu = bar.addMenu(_("&Go"))
        for number, page in enumerate(self._pages):
            go_menu.addAction(self._action(page.title, page.keys, self._goto(number)))
        go_menu.addAction(self._action(_("&Find a person"), "Ctrl+F", self.find_person))
        help_menu = bar.addMenu(_("&Help"))
        help_menu.addAction(self._action(_("&Keyboard shortcuts"), "F1", self.show_shortcuts))
        help_menu.addAction(self._action(_("&About Soglia"), "", self.show_about))

    def _action(self, text: str, keys: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.menuBar())
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _goto(self, number: int) -> Callable[[], None]:
        return lambda: self.show_page(number)

    def _build_status_bar(self) -> None:
        t = self.ctx.t
        role = t.gettext(ROLES[self.ctx.actor.role])
        text = t.format(t.gettext("Working as: {role}"), role=role)
        if self.ctx.user_name:
            text = f"{self.ctx.user_name} · {text}"
        folder = t.format(t.gettext("Data folder: {folder}"), folder=str(self.ctx.folder.root))
        bar = self.statusBar()
        for child in bar.findChildren(QLabel):
            bar.removeWidget(child)
            child.deleteLater()
        bar.addWidget(QLabel(text))
        bar.addPermanentWidget(QLabel(folder))

    # ----- lock and log-out -------------------------------------------------------------------

    def lock(self, *, idle: bool = False) -> None:
        """Hide every window until the same person types their password, or hand over.

        `idle`: the desk locked itself; otherwise the person locked it (Ctrl+L).
        """
        if self.locked or self.ctx.keys is None:
            return
        self.locked = True
        if self.idle is not None:
            self.idle.pause()
        audit_session_event(self.ctx, Action.LOCK_IDLE if idle else Action.LOCK)
        same_person = lock_windows(self.ctx.t, lambda: self._ask_unlock(idle))
        self.locked = False
        if same_person:
            audit_session_event(self.ctx, Action.UNLOCK)
            if self.idle is not None:
                self.idle.resume()
        else:
            audit_session_event(self.ctx, Action.LOCK_TAKEN_OVER)
            self.log_out(discard=True)

    def _ask_unlock(self, idle: bool) -> bool:
        ctx = self.ctx
        assert ctx.keys is not None
        minutes = ctx.clinic.lock_minutes if idle else None
        note = lock_note(ctx.t, ctx.user_name or ctx.username, minutes)
        dialog = LockDialog(ctx.t, ctx.clock, ctx.keys.store, ctx.username, note, self)
        dialog.exec()
        dialog.deleteLater()
        return not dialog.someone_else

    def log_out(self, *, discard: bool = False) -> None:
        """Close this session: back to the login window. Open forms are closed unsaved when
        someone else takes over the desk (`discard`)."""
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                if not discard:
                    return  # finish or close what is open first
                widget.done(QDialog.DialogCode.Rejected)
        if self.ctx.keys is not None:  # a logged-in person (not a bare desk of the tests)
            audit_session_event(self.ctx, Action.LOGOUT)
        self.after_close = AFTER_LOGIN
        self.close()

    def restore_backup(self, backup: Backup) -> None:
        """Close this session; the backup is put in place once the database is closed."""
        self.backup_to_restore = backup
        self.log_out(discard=True)
        self.after_close = AFTER_RESTORE

    # ----- daily backup -----------------------------------------------------------------------

    def start_daily_backup(self) -> Job | None:
        """The first login of the day makes the day's backup, in the background."""
        ctx = self.ctx
        if ctx.keys is None or not backup_due(ctx.folder, ctx.clock):
            return None
        second = Path(ctx.clinic.second_backup_folder) if ctx.clinic.second_backup_folder else None
        keys, folder, clock, database = ctx.keys, ctx.folder, ctx.clock, ctx.database
        job = Job(lambda: back_up(database, None, clock, keys.key, folder, second), self)
        job.done.connect(
            lambda _made: self.statusBar().showMessage(
                ctx.t.gettext("Today's backup is made and checked."), 15_000
            )
        )
        job.failed.connect(lambda error: messages.show_error(self, self.ctx.t, error))
        self._backup_job = job
        job.start()
        return job

    def start_forecast_refresh(self) -> Job | None:
        """Ages move on: once a day, every stored forecast is made again, in the background."""
        ctx = self.ctx
        if not ctx.actor.can(Permission.VACCINATION_READ):
            return None
        database, today = ctx.database, ctx.clock.today()
        job = Job(lambda: refresh_stale(database, today), self)
        job.done.connect(lambda _stored: self._forecasts_refreshed())
        job.failed.connect(lambda error: messages.show_error(self, self.ctx.t, error))
        self._forecast_job = job
        job.start()
        return job

    def _forecasts_refreshed(self) -> None:
        page = self.vaccinations_page
        if page is not None and page.worklist is not None:
            page.worklist.reload()

    # ----- navigation -------------------------------------------------------------------------

    def show_page(self, number: int) -> None:
        self.nav.setCurrentRow(number)
        page = self._pages[number].widget
        page.setFocus()
        if page is self.reception:
            self.reception.focus_search()

    def find_person(self) -> None:
        self.show_page(0)

    def show_shortcuts(self) -> None:
        t = self.ctx.t
        lines = [f"{key_text(p.keys)}\t{p.title}" for p in self._pages]
        lines += [f"{key_text(keys)}\t{text}" for keys, text in self.reception.shortcuts()]
        quit_text = t.gettext("Quit")
        lines.append(f"{key_text('Ctrl+Q')}\t{quit_text}")
        messages.show_info(self, t, "\n".join(lines))

    def show_about(self) -> None:
        t = self.ctx.t
        text = t.format(
            t.gettext(
                "Soglia {version}: the desk of an anonymous drop-in clinic. "
                "Data is kept encrypted on this computer, in {folder}."
            ),
            version=VERSION,
            folder=str(self.ctx.folder.root),
        )
        messages.show_info(self, t, text)

    # ----- live changes -----------------------------------------------------------------------

    def apply_language(self, language: str) -> None:
        """Show every page in `language` now, keeping what the person was doing."""
        self._ui.set_language(language)
        self._qt.install(language)
        self._rebuild(self.ctx.with_language(language))

    def apply_clinic(self, clinic: ClinicSettings) -> None:
        self._rebuild(self.ctx.with_clinic(clinic))
        self.start_forecast_refresh()  # only does work when the vaccination rules changed

    def _rebuild(self, ctx: DeskContext) -> None:
        page = self.nav.currentRow()
        search = self.reception.search.text()
        headers = self._header_states()
        old = self.takeCentralWidget()
        self.ctx = ctx
        self._build()
        if old is not None:
            old.deleteLater()
        self._apply_header_states(headers)
        self.reception.search.setText(search)
        self.show_page(page)

    # ----- remembered state -------------------------------------------------------------------

    def _header_states(self) -> dict[str, QByteArray]:
        return {name: view.saveState() for name, view in self.reception.header_views().items()}

    def _apply_header_states(self, states: dict[str, QByteArray]) -> None:
        for name, view in self.reception.header_views().items():
            if name in states:
                view.restoreState(states[name])

    def _restore_geometry(self) -> None:
        geometry = self._ui.bytes(MAIN_GEOMETRY)
        if geometry is None or not self.restoreGeometry(geometry):
            screen = self.screen().availableGeometry()
            self.resize(min(1200, screen.width() * 9 // 10), min(800, screen.height() * 9 // 10))
        state = self._ui.bytes(MAIN_STATE)
        if state is not None:
            self.restoreState(state)

    def _restore_headers(self) -> None:
        states = {
            name: state
            for name in self.reception.header_views()
            if (state := self._ui.bytes(header_key(name))) is not None
        }
        self._apply_header_states(states)

    def save_state(self) -> None:
        self._ui.set_bytes(MAIN_GEOMETRY, self.saveGeometry())
        self._ui.set_bytes(MAIN_STATE, self.saveState())
        for name, state in self._header_states().items():
            self._ui.set_bytes(header_key(name), state)
        self._ui.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        if self.idle is not None:
            self.idle.stop()
        super().closeEvent(event)
