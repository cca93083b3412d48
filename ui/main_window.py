"""The main window: navigation between pages, menus with their shortcuts, remembered geometry.

Changing the language or the clinic's settings rebuilds the pages in place (no restart): the page
shown, the text in the search field and the column widths are carried over.

A page is made when first shown (`ui.desk_pages`): right after the login only the daily page is.
What the window does with a page (its signals, remembered column widths) is done when it is made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenuBar,
    QVBoxLayout,
    QWidget,
)

from clinic.audit.trail import Action
from clinic.backups.backing_up import Backup, back_up, backup_due
from clinic.backups.restoring import RestoreGrant
from clinic.common.clock import Clock
from clinic.common.permissions import Permission
from clinic.settings.configuration import ClinicSettings
from clinic.staff.words import ROLES
from clinic.vaccinations.forecast_process import ForecastProcess
from clinic.vaccinations.forecasts import refresh_stale
from db.engine import Database
from ui.admin.admin_page import AdminPage
from ui.common import messages, theme
from ui.common.jobs import Job
from ui.common.keys_dialog import DialogKeyHelp, KeysDialog
from ui.common.made_when_shown import StackMadeWhenShown, TabsMadeWhenShown
from ui.common.page_list import PageList
from ui.common.qt_translations import QtTranslations
from ui.common.shortcuts import KeySection, key_text, keys_under, menu_keys
from ui.common.table_view import restore_widths_by_hand, widths_by_hand
from ui.common.ui_settings import MAIN_GEOMETRY, MAIN_STATE, UiSettings, header_key
from ui.context import DeskContext
from ui.desk_pages import DeskPages, Page, page_keys
from ui.follow_up.follow_up_page import FollowUpPage
from ui.login.lock import IdleWatcher, LockDialog, audit_session_event, lock_note, lock_windows
from ui.materials.stock_page import StockPage
from ui.outreach.sessions_page import SessionsPage
from ui.reception.reception_page import ReceptionPage
from ui.settings.first_steps_panel import FirstStepsPanel
from ui.settings.settings_page import SettingsPage
from ui.vaccinations.vaccinations_page import VaccinationsPage

VERSION = "0.1.0"
FORECAST_CHECK_MS = 60 * 60 * 1000
AFTER_LOGIN = "login"  # `after_close`: show the login window again
AFTER_RESTORE = "restore"  # `after_close`: restore `backup_to_restore`, then log in again


@dataclass
class _Carried:
    """What the reception page had before a rebuild, for the next one when it is made."""

    search: str = ""
    headers: dict[str, QByteArray] = field(default_factory=dict)


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
        self.restore_grant: RestoreGrant | None = None  # clinic's leave to restore it
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
        self._carried = _Carried()
        self._build(page_now=False)
        self._restore_geometry()

    # ----- building ---------------------------------------------------------------------------

    def _build(self, shown: int = 0, *, page_now: bool = True) -> None:
        """The pages, the `shown` one made (`ui.desk_pages`), at once or (`page_now` False) on the
        next turn of the event loop; the menus and the status bar."""
        _ = self.ctx.t.gettext
        self.setWindowTitle(_("Soglia"))
        self._pages = self._make_pages()
        self.stack = StackMadeWhenShown()
        self.nav = PageList()
        for number, page in enumerate(self._pages, start=1):
            self.stack.add_later(page.later)
            self.nav.add_page(
                theme.icon(theme.ICONS[page.icon]), page.title, key_text(page_keys(number))
            )
        self.nav.fit_width()
        self.nav.currentRowChanged.connect(self.stack.show_index)
        self.first_steps = FirstStepsPanel(
            self.ctx, self.desk_pages.first_step_places(self.show_page)
        )
        self.nav.currentRowChanged.connect(lambda _row: self.first_steps.refresh())
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setSpacing(theme.SPACING)
        layout.addWidget(self.nav)
        right = QVBoxLayout()
        right.setSpacing(theme.SPACING)
        right.addWidget(self.first_steps)
        right.addWidget(self.stack, 1)
        layout.addLayout(right, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self._build_status_bar()
        self._dialog_keys = DialogKeyHelp(self.ctx.t, central)
        if page_now:
            self.show_page(shown)
            return
        # At login: the list on its page at once, the page made on the next turn of the event
        # loop, so that the frame shown and the page made are two short waits of the GUI thread
        # rather than one long one (issue 11's 50 ms).
        with QSignalBlocker(self.nav):
            self.nav.setCurrentRow(shown)
        QTimer.singleShot(0, self, lambda: self.show_page(self.nav.currentRow()))

    def _make_pages(self) -> list[Page]:
        desk = DeskPages(self.ctx, self._ui)
        self.desk_pages = desk
        desk.later_reception.when_made(self._reception_made)
        desk.later_settings.when_made(self._settings_made)
        if desk.later_admin is not None:
            desk.later_admin.when_made(
                lambda page: page.restore_requested.connect(self.restore_backup)
            )
        return desk.pages

    def _reception_made(self, page: ReceptionPage) -> None:
        """Column widths as remembered (or as before a rebuild), the search as it was typed."""
        for name, header in page.header_views().items():
            state = self._carried.headers.get(name) or self._ui.bytes(header_key(name))
            if state is not None:
                restore_widths_by_hand(header, state)
        if self._carried.search:
            page.search.setText(self._carried.search)

    def _settings_made(self, page: SettingsPage) -> None:
        page.language_chosen.connect(self.apply_language)
        page.clinic_saved.connect(self.apply_clinic)

    # Each page made on first access, so code and tests reach them as before.

    @property
    def reception(self) -> ReceptionPage:
        return self.desk_pages.reception

    @property
    def settings_page(self) -> SettingsPage:
        return self.desk_pages.settings

    @property
    def vaccinations_page(self) -> VaccinationsPage | None:
        return self.desk_pages.vaccinations

    @property
    def admin_page(self) -> AdminPage | None:
        return self.desk_pages.admin

    @property
    def follow_up_page(self) -> FollowUpPage | None:
        return self.desk_pages.follow_up

    @property
    def stock_page(self) -> StockPage | None:
        return self.desk_pages.stock

    @property
    def sessions_page(self) -> SessionsPage | None:
        return self.desk_pages.sessions

    def _build_menus(self) -> None:
        _ = self.ctx.t.gettext
        bar = QMenuBar()
        self.setMenuBar(bar)  # the previous bar, its menus and actions are deleted with it
        file_menu = bar.addMenu(_("&File"))
        if self.ctx.keys is not None:
            file_menu.addAction(self._action(_("&Lock"), "Ctrl+L", self.lock, "lock"))
            file_menu.addAction(self._action(_("Log &out"), "", self.log_out, "log_out"))
        file_menu.addAction(self._action(_("&Quit"), "Ctrl+Q", self.close, "quit"))
        go_menu = bar.addMenu(_("&Go"))
        for number, page in enumerate(self._pages, start=1):
            go_menu.addAction(
                self._action(page.title, page_keys(number), self._goto(number - 1), page.icon)
            )
        go_menu.addAction(self._action(_("&Find a person"), "Ctrl+F", self.find_person, "find"))
        help_menu = bar.addMenu(_("&Help"))
        help_menu.addAction(
            self._action(_("&Keyboard shortcuts"), "F1", self.show_shortcuts, "keys")
        )
        help_menu.addAction(self._action(_("&About Soglia"), "", self.show_about, "about"))

    def _action(self, text: str, keys: str, slot: Callable[[], object], icon: str) -> QAction:
        action = QAction(theme.icon(theme.ICONS[icon]), text, self.menuBar())
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

    def restore_backup(self, backup: Backup, grant: RestoreGrant) -> None:
        """Close this session; the backup is put in place once the database is closed."""
        self.backup_to_restore, self.restore_grant = backup, grant
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
        database, clock = ctx.database, ctx.clock
        job = Job(lambda: _refresh_in_another_process(database, clock), self)
        job.done.connect(lambda _stored: self._forecasts_refreshed())
        job.failed.connect(lambda error: messages.show_error(self, self.ctx.t, error))
        self._forecast_job = job
        job.start()
        return job

    def _forecasts_refreshed(self) -> None:
        later = self.desk_pages.later_vaccinations
        page = None if later is None else later.made
        if page is not None:  # a page made later reads the forecasts then
            page.reload_worklist()

    # ----- navigation -------------------------------------------------------------------------

    def show_page(self, page: QWidget | int) -> None:
        """Show a page: its widget (`window.admin_page`), or its row in the list (0 = Ctrl+1)."""
        number = page if isinstance(page, int) else self.stack.indexOf(page)
        if number == self.nav.currentRow():
            self.first_steps.refresh()  # else the list's row change refreshes it
        self.nav.setCurrentRow(number)
        shown = self._pages[number].later.get()
        shown.setFocus()
        if shown is self.desk_pages.later_reception.made:
            self.reception.focus_search()

    def find_person(self) -> None:
        """Ctrl+F, from any page: the search field of the reception page."""
        self.show_page(self.reception)

    def show_shortcuts(self) -> KeysDialog:
        """F1: every key this person can use here, read from the window's own actions and
        shortcuts, by where they work; shown until closed (returned for tests).

        The shortcuts are made with their page or tab: the pages and tabs not shown yet are
        made first.
        """
        t = self.ctx.t
        sections = [KeySection(t.gettext("Everywhere"), menu_keys(self.menuBar()))]
        for page in self._pages:
            widget = page.later.get()
            for tabs in widget.findChildren(TabsMadeWhenShown):
                tabs.make_all()
            sections += keys_under(widget, page.title)
        note = t.gettext(
            "In a window of its own, such as a person's vaccinations, F1 lists that window's keys."
        )
        dialog = KeysDialog(t, sections, note, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

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
        reception = self.desk_pages.later_reception.made
        if reception is not None:
            self._carried = _Carried(reception.search.text(), self._header_states())
        old = self.takeCentralWidget()
        self.ctx = ctx
        self._build(page)
        if old is not None:
            old.deleteLater()

    # ----- remembered state -------------------------------------------------------------------

    def _header_states(self) -> dict[str, QByteArray]:
        """The column widths the person chose by hand (the others follow their content); as
        carried over, if the reception page was not made since a rebuild."""
        reception = self.desk_pages.later_reception.made
        if reception is None:
            return dict(self._carried.headers)
        return {name: widths_by_hand(header) for name, header in reception.header_views().items()}

    def _restore_geometry(self) -> None:
        geometry = self._ui.bytes(MAIN_GEOMETRY)
        if geometry is None or not self.restoreGeometry(geometry):
            screen = self.screen().availableGeometry()
            self.resize(min(1200, screen.width() * 9 // 10), min(800, screen.height() * 9 // 10))
        state = self._ui.bytes(MAIN_STATE)
        if state is not None:
            self.restoreState(state)

    def save_state(self) -> None:
        self._ui.set_bytes(MAIN_GEOMETRY, self.saveGeometry())
        self._ui.set_bytes(MAIN_STATE, self.saveState())
        for name, state in self._header_states().items():
            self._ui.set_bytes(header_key(name), state)
        self._ui.sync()

    def changeEvent(self, event: QEvent) -> None:
        """Back from a dialog (a person registered, a lot received): tick the first steps."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            panel = getattr(self, "first_steps", None)
            if panel is not None and panel.isVisible():
                panel.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        if self.idle is not None:
            self.idle.stop()
        super().closeEvent(event)


def _refresh_in_another_process(database: Database, clock: Clock) -> int:
    """The daily refresh, the engine away from the desk's interpreter lock (on a worker)."""
    forecaster = ForecastProcess()
    try:
        return refresh_stale(database, clock, forecaster=forecaster)
    finally:
        forecaster.close()
