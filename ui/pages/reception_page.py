"""The reception desk: find or register a person, check them in, run today's queue.

Everything is reachable by keyboard: the search field has the focus on start, Down moves into the
results, Enter opens the person, F2 checks them in; the queue has F5-F8 for its states.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from clinic.appointments import expected_today
from clinic.checkin import (
    QueueEntry,
    cancel_check_in,
    check_in,
    set_queue_state,
    todays_queue,
)
from clinic.errors import ConflictError, KnownError
from clinic.labels import STATES
from clinic.permissions import Permission
from clinic.registry import PersonSummary, get_person, person_history, person_label
from clinic.search import QUERY_MAX, RESULT_LIMIT, find_persons
from clinic.staff import active_staff
from clinic.transactions import reading, writing
from clinic.vocabulary import QueueState
from ui import messages
from ui.context import DeskContext
from ui.dialogs.checkin_dialog import CheckInDialog
from ui.dialogs.person_dialog import PersonDialog
from ui.dialogs.serve_dialog import ServeDialog
from ui.dialogs.vaccination_dialog import open_vaccinations
from ui.models.person_results_model import person_results_model
from ui.models.queue_model import STATE, queue_model
from ui.shortcuts import key_text, shortcut
from ui.widgets.table_view import row_table, selected_row

SEARCH_DELAY_MS = 120
QUEUE_REFRESH_MS = 30_000


class ReceptionPage(QWidget):
    person_checked_in = Signal(int)  # visit id
    queue_changed = Signal()

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        _ = ctx.t.gettext
        self.results = person_results_model(ctx)
        self.queue = queue_model(ctx)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setMaxLength(QUERY_MAX)
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Type a code, an alias or a birth year"))
        self.results_view, self.results_proxy = row_table(self.results, "results")
        self.queue_view, self.queue_proxy = row_table(self.queue, "queue", STATE)
        self.results_hint = QLabel()
        self.queue_summary = QLabel()
        self.expected = QLabel()
        self.expected.setObjectName("expectedToday")
        self.expected.setTextFormat(Qt.TextFormat.PlainText)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self._clock_timer = QTimer(self, interval=QUEUE_REFRESH_MS)
        self._clock_timer.timeout.connect(self.reload_queue)
        self._clock_timer.start()
        self._shortcuts: list[tuple[str, str, bool]] = []
        self._build()
        self._connect()
        self.reload_queue()
        self.search.setFocus()

    # ----- layout -----------------------------------------------------------------------------

    def _button(
        self, text: str, keys: str, slot: Callable[[], object], permission: Permission
    ) -> QPushButton:
        """A button showing its shortcut, present only for roles that may use it."""
        button = QPushButton(f"{text}  ({key_text(keys)})")
        button.clicked.connect(lambda _checked=False: slot())
        allowed = self._ctx.actor.can(permission)
        shortcut(keys, self, lambda: _click_if_usable(button), text, enabled=allowed)
        button.setEnabled(allowed)
        button.setVisible(allowed)
        self._shortcuts.append((keys, text.replace("&", ""), allowed))
        return button

    def shortcuts(self) -> list[tuple[str, str]]:
        """The page's keys and what they do, for the help; only what this role may use."""
        return [(keys, text) for keys, text, allowed in self._shortcuts if allowed]

    def _build(self) -> None:
        _ = self._ctx.t.gettext
        self.new_button = self._button(
            _("&New person"), "Ctrl+N", self.new_person, Permission.PERSON_CREATE
        )
        self.walk_in_button = self._button(
            _("&Walk-in"), "Ctrl+Shift+W", self.check_in_walk_in, Permission.VISIT_CREATE
        )
        self.open_button = self._button(
            _("&Open"), "Ctrl+O", self.open_selected, Permission.PERSON_READ
        )
        self.check_in_button = self._button(
            _("Check &in"), "F2", self.check_in_selected, Permission.VISIT_CREATE
        )
        self.call_button = self._button(
            _("Being &seen"),
            "F5",
            lambda: self.change_state(QueueState.IN_PROGRESS),
            Permission.QUEUE_UPDATE,
        )
        self.done_button = self._button(
            _("&Done"), "F6", lambda: self.change_state(QueueState.DONE), Permission.QUEUE_UPDATE
        )
        self.waiting_button = self._button(
            _("Back to &waiting"),
            "F7",
            lambda: self.change_state(QueueState.WAITING),
            Permission.QUEUE_UPDATE,
        )
        self.left_button = self._button(
            _("&Left"), "F8", lambda: self.change_state(QueueState.LEFT), Permission.QUEUE_UPDATE
        )
        self.cancel_button = self._button(
            _("Cancel check-in"), "Ctrl+Del", self.cancel_selected, Permission.VISIT_CREATE
        )
        self.vaccinations_button = self._button(
            _("&Vaccinations"), "Ctrl+Shift+V", self.open_vaccinations, Permission.VACCINATION_READ
        )
        search_label = QLabel(_("&Find:"))
        search_label.setBuddy(self.search)
        top = QHBoxLayout()
        top.addWidget(search_label)
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.walk_in_button)
        result_buttons = QHBoxLayout()
        result_buttons.addWidget(self.results_hint, 1)
        result_buttons.addWidget(self.open_button)
        result_buttons.addWidget(self.check_in_button)
        result_buttons.addWidget(self.vaccinations_button)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.results_view)
        upper_layout.addLayout(result_buttons)
        queue_buttons = QHBoxLayout()
        for button in (self.call_button, self.done_button, self.waiting_button, self.left_button):
            queue_buttons.addWidget(button)
        queue_buttons.addStretch(1)
        queue_buttons.addWidget(self.cancel_button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        queue_title = QLabel(_("Today's &queue"))
        queue_title.setBuddy(self.queue_view)
        title_row = QHBoxLayout()
        title_row.addWidget(queue_title)
        title_row.addStretch(1)
        title_row.addWidget(self.expected)
        title_row.addSpacing(24)
        title_row.addWidget(self.queue_summary)
        lower_layout.addLayout(title_row)
        lower_layout.addWidget(self.queue_view)
        lower_layout.addLayout(queue_buttons)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self.setTabOrder(self.search, self.results_view)
        self.setTabOrder(self.results_view, self.queue_view)
        self._show_hint()

    def _connect(self) -> None:
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._search_enter)
        self.results_view.activated.connect(lambda _index: self.open_selected())
        _ = self._ctx.t.gettext
        for keys, slot, text in (
            ("Down", self._into_results, _("From the search, go to the results")),
            ("Escape", self.search.clear, _("Clear the search")),
        ):
            shortcut(keys, self.search, slot, text).setContext(Qt.ShortcutContext.WidgetShortcut)

    # ----- search -----------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def run_search(self) -> None:
        self._search_timer.stop()
        query = self.search.text()
        try:
            with reading(self._ctx.database) as session:
                rows = find_persons(session, self._ctx.actor, query)
        except KnownError as error:
            messages.show_error(self, self._ctx.t, error)
            return
        self.results.set_rows(rows)
        if rows:
            self.results_view.selectRow(0)
        self._show_hint()

    def _show_hint(self) -> None:
        t = self._ctx.t
        count = self.results.rowCount()
        keys = {"check_in": key_text("F2"), "new": key_text("Ctrl+N")}
        if not self.search.text().strip():
            text = t.format(
                t.gettext(
                    "Enter opens the person, {check_in} checks them in, {new} registers "
                    "someone new."
                ),
                **keys,
            )
        elif count == 0:
            text = t.format(
                t.gettext("Nobody found. Check the spelling, or register a new person ({new})."),
                **keys,
            )
        elif count >= RESULT_LIMIT:
            text = t.format(
                t.gettext("The first {n} persons found are shown: type more to find fewer."),
                n=count,
            )
        else:
            text = t.ngettext("{n} person found", "{n} persons found", count).format(n=count)
        self.results_hint.setText(text)

    def _search_enter(self) -> None:
        if self._search_timer.isActive():
            self.run_search()
        self.open_selected()

    def _into_results(self) -> None:
        self.results_view.setFocus()
        if self.results_proxy.rowCount() and not self.results_view.selectionModel().hasSelection():
            self.results_view.selectRow(0)

    def selected_person(self) -> PersonSummary | None:
        person: PersonSummary | None = selected_row(self.results_view)
        return person

    # ----- persons ----------------------------------------------------------------------------

    def new_person(self) -> None:
        dialog = PersonDialog(self._ctx, self)
        try:
            if not dialog.exec() or dialog.person_id is None:
                return
            person_id, existing, check_in = (
                dialog.person_id,
                dialog.chose_existing,
                dialog.check_in_requested,
            )
        finally:
            dialog.deleteLater()  # it holds what was typed: not kept in hidden widgets all day
        self.run_search()
        if existing:  # "same person": their own record is what the desk wanted
            self.open_person(person_id, check_in=check_in)
        elif check_in:
            self.check_in_person(person_id)

    def open_selected(self) -> None:
        person = self.selected_person()
        if person is not None:
            self.open_person(person.id)

    def open_person(self, person_id: int, *, check_in: bool = False) -> None:
        """Show a person's record; `check_in` asks the reasons once it is closed."""
        ctx = self._ctx
        try:
            with writing(ctx.database) as session:  # the view is audited
                detail = get_person(session, ctx.actor, ctx.clock, person_id)
                history = person_history(session, ctx.actor, person_id)
        except KnownError as error:
            messages.show_error(self, self._ctx.t, error)
            return
        dialog = PersonDialog(self._ctx, self, detail, history)
        try:
            accepted = bool(dialog.exec())
            check_in = check_in or (accepted and dialog.check_in_requested)
        finally:
            dialog.deleteLater()
        if accepted:
            self.run_search()
        if check_in:
            self.check_in_person(person_id)

    # ----- check-in ---------------------------------------------------------------------------

    def open_vaccinations(self) -> None:
        """The vaccinations of the person chosen in the results, else of the queue's row."""
        person = self.selected_person()
        person_id = person.id if person is not None else self._selected_queue_person()
        if person_id is not None:
            open_vaccinations(self._ctx, self, person_id)

    def _selected_queue_person(self) -> int | None:
        entry: QueueEntry | None = selected_row(self.queue_view)
        return None if entry is None else entry.person_id

    def check_in_selected(self) -> None:
        person = self.selected_person()
        if person is not None:
            self.check_in_person(person.id)

    def check_in_walk_in(self) -> None:
        self._check_in(None, self._ctx.t.gettext("Walk-in (not registered)"))

    def check_in_person(self, person_id: int) -> None:
        """Ask the reasons and check in; the dialog names the person by code and alias."""
        try:
            with reading(self._ctx.database) as session:
                label = person_label(session, self._ctx.actor, person_id)
        except KnownError as error:
            messages.show_error(self, self._ctx.t, error)
            return
        self._check_in(person_id, label)

    def _check_in(self, person_id: int | None, who: str) -> None:
        """Ask the reasons until they are saved or the desk gives up: a failed save shows why
        and offers the dialog again with the same reasons ticked."""
        reasons: list[str] = []
        while True:
            dialog = CheckInDialog(self._ctx, who, self, reasons)
            try:
                if not dialog.exec():
                    return
                reasons = dialog.chosen()
            finally:
                dialog.deleteLater()
            try:
                entry = self._save_or_confirm(person_id, reasons)
            except KnownError as error:
                messages.show_error(self, self._ctx.t, error)
                continue
            break
        if entry is None:
            return
        self.reload_queue(select_visit=entry.visit_id)
        self.person_checked_in.emit(entry.visit_id)
        self.focus_search()

    def _save_or_confirm(self, person_id: int | None, reasons: list[str]) -> QueueEntry | None:
        """Check in; a second check-in the same day only once the desk confirms it."""
        try:
            return self._save_check_in(person_id, reasons, allow_repeat=False)
        except ConflictError as error:
            if error.code != "already_checked_in_today":
                raise
        if not self._confirm_repeat(person_id):
            return None
        return self._save_check_in(person_id, reasons, allow_repeat=True)

    def _save_check_in(
        self, person_id: int | None, reasons: list[str], *, allow_repeat: bool
    ) -> QueueEntry:
        ctx = self._ctx
        with writing(ctx.database) as session:
            return check_in(
                session, ctx.actor, ctx.clock, person_id, reasons, allow_repeat=allow_repeat
            )

    def _confirm_repeat(self, person_id: int | None) -> bool:
        t = self._ctx.t
        earlier = [e for e in self.queue.rows() if e.person_id == person_id]
        when = ", ".join(
            f"{t.time(e.arrival_at, self._ctx.clock.zone)} ({t.gettext(STATES[e.state])})"
            for e in earlier
        )
        text = t.format(
            t.gettext("This person was already checked in today: {when}. Check them in again?"),
            when=when or "?",
        )
        return messages.confirm(
            self, t, text, t.gettext("Check in again"), t.gettext("Do not check in")
        )

    # ----- queue ------------------------------------------------------------------------------

    def reload_queue(self, select_visit: int | None = None) -> None:
        keep = select_visit if select_visit is not None else self._selected_visit_id()
        if not self._ctx.actor.can(Permission.VISIT_READ):
            self.queue.set_rows([])
            return
        try:
            with reading(self._ctx.database) as session:
                entries = todays_queue(session, self._ctx.actor, self._ctx.clock)
        except KnownError as error:
            messages.show_error(self, self._ctx.t, error)
            return
        self.queue.set_rows(entries)
        self._select_visit(keep)
        self._summarise(entries)
        self._show_expected()
        self.queue_changed.emit()

    def _show_expected(self) -> None:
        """Who has a vaccination appointment today and is not seen yet: codes only."""
        ctx = self._ctx
        if not ctx.actor.can(Permission.APPOINTMENT_READ):
            return
        with reading(ctx.database) as session:
            expected = expected_today(session, ctx.actor, ctx.clock)
        codes = ", ".join(sorted({a.code for a in expected}))
        self.expected.setText(
            ctx.t.format(ctx.t.gettext("Expected today: {codes}"), codes=codes) if codes else ""
        )

    def _summarise(self, entries: list[QueueEntry]) -> None:
        t = self._ctx.t
        count = {state: sum(e.state is state for e in entries) for state in QueueState}
        self.queue_summary.setText(
            t.format(
                t.gettext("{waiting} waiting · {seen} being seen · {done} done"),
                waiting=count[QueueState.WAITING],
                seen=count[QueueState.IN_PROGRESS],
                done=count[QueueState.DONE],
            )
        )

    def _selected_visit_id(self) -> int | None:
        entry: QueueEntry | None = selected_row(self.queue_view)
        return None if entry is None else entry.visit_id

    def _select_visit(self, visit_id: int | None) -> None:
        for row, entry in enumerate(self.queue.rows()):
            if entry.visit_id == visit_id:
                index = self.queue_proxy.mapFromSource(self.queue.index(row, 0))
                self.queue_view.selectRow(index.row())
                return

    def change_state(self, state: QueueState) -> None:
        visit_id = self._selected_visit_id()
        if visit_id is None:
            return
        ctx = self._ctx
        served_by: int | None = None
        if state is QueueState.IN_PROGRESS:
            try:
                with reading(ctx.database) as session:
                    staff = active_staff(session)
            except KnownError as error:
                messages.show_error(self, ctx.t, error)
                return
            dialog = ServeDialog(ctx, staff, self)
            try:
                if not dialog.exec():
                    return
                served_by = dialog.staff_id()
            finally:
                dialog.deleteLater()
        try:
            with writing(ctx.database) as session:
                set_queue_state(session, ctx.actor, ctx.clock, visit_id, state, served_by)
        except KnownError as error:
            messages.show_error(self, ctx.t, error)
        self.reload_queue(select_visit=visit_id)

    def cancel_selected(self) -> None:
        visit_id = self._selected_visit_id()
        if visit_id is None:
            return
        t = self._ctx.t
        if not messages.confirm(
            self,
            t,
            t.gettext(
                "Take this check-in off today's queue? "
                "Use this only for a check-in made by mistake."
            ),
            t.gettext("Cancel the check-in"),
            t.gettext("Keep it"),
        ):
            return
        try:
            with writing(self._ctx.database) as session:
                cancel_check_in(session, self._ctx.actor, self._ctx.clock, visit_id)
        except KnownError as error:
            messages.show_error(self, t, error)
        self.reload_queue()

    # ----- state ------------------------------------------------------------------------------

    def header_views(self) -> dict[str, QHeaderView]:
        return {
            "results": self.results_view.horizontalHeader(),
            "queue": self.queue_view.horizontalHeader(),
        }


def _click_if_usable(button: QPushButton) -> None:
    if button.isEnabled() and button.isVisible():
        button.click()
