"""The desk: find a person, open their summary, check them in, and today's queue.

Everything is reachable by keyboard: the search field has the focus on start, Down moves into the
results, Enter opens the person's summary; the keys of the other actions are on their buttons.
Each role sees only the actions it may take (a nurse: vaccinations and taking people in; the
coordinator: the registry, no queue), and the hint names exactly those keys.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from clinic.common.permissions import Permission
from clinic.desk.vocabulary import QueueState
from clinic.i18n.translator import N_
from clinic.person_file.reading import PersonFileRead, read_person_file
from clinic.registry.persons import (
    Change,
    PersonDetail,
    PersonSummary,
    get_person,
    person_history,
)
from clinic.registry.search import QUERY_MAX, RESULT_LIMIT, find_persons
from ui.common.desk_buttons import DeskButtons
from ui.common.shortcuts import key_text, shortcut
from ui.common.table_view import row_table, selected_row
from ui.context import DeskContext
from ui.materials.alerts_line import StockAlertLine
from ui.materials.hand_out_dialog import open_hand_out
from ui.operations import read_now, run_write
from ui.reception.checkin_flow import CheckedIn, check_in_person, check_in_walk_in
from ui.reception.queue_panel import QueuePanel
from ui.registry.person_dialog import PersonDialog
from ui.registry.person_overview_dialog import OverviewAction, PersonOverviewDialog
from ui.registry.person_results_model import person_results_model
from ui.vaccinations.vaccination_dialog import open_vaccinations

SEARCH_DELAY_MS = 120

# What the hint under the results says about each action, in this order, for roles that have it.
_HINTS = (
    ("F2", Permission.VISIT_CREATE, N_("{key} checks them in")),
    ("Ctrl+Shift+V", Permission.VACCINATION_READ, N_("{key} opens their vaccinations")),
    ("F9", Permission.HAND_OUT, N_("{key} hands out material")),
    ("Ctrl+N", Permission.PERSON_CREATE, N_("{key} registers someone new")),
)


class ReceptionPage(QWidget):
    person_checked_in = Signal(int)  # visit id
    queue_changed = Signal()

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        _ = ctx.t.gettext
        self.results = person_results_model(ctx)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setMaxLength(QUERY_MAX)
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Type a code, an alias or a birth year"))
        self.results_view, self.results_proxy = row_table(self.results, "results")
        self.results_hint = QLabel()
        self.results_hint.setWordWrap(True)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self._buttons = DeskButtons(ctx.actor, self)
        self._make_buttons()
        self.queue_panel = QueuePanel(ctx, self._buttons)
        # The queue's parts, named as the desk's tests and the main window know them.
        self.queue, self.queue_view, self.queue_proxy = (
            self.queue_panel.model,
            self.queue_panel.view,
            self.queue_panel.proxy,
        )
        self.queue_summary, self.expected = self.queue_panel.summary, self.queue_panel.expected
        self._build()
        self._connect()
        self.reload_queue()
        self.search.setFocus()

    # ----- layout -----------------------------------------------------------------------------

    def shortcuts(self) -> list[tuple[str, str]]:
        """The page's keys and what they do, for the help; only what this role may use."""
        return self._buttons.shortcuts()

    def _make_buttons(self) -> None:
        _ = self._ctx.t.gettext
        add = self._buttons.add
        self.new_button = add(_("&New person"), "Ctrl+N", self.new_person, Permission.PERSON_CREATE)
        self.walk_in_button = add(
            _("&Walk-in"), "Ctrl+Shift+W", self.check_in_walk_in, Permission.VISIT_CREATE
        )
        self.open_button = add(_("&Open"), "Ctrl+O", self.open_selected, Permission.PERSON_READ)
        self.check_in_button = add(
            _("Check &in"), "F2", self.check_in_selected, Permission.VISIT_CREATE
        )
        self.vaccinations_button = add(
            _("&Vaccinations"), "Ctrl+Shift+V", self.open_vaccinations, Permission.VACCINATION_READ
        )
        self.hand_out_button = add(_("&Hand out"), "F9", self.hand_out, Permission.HAND_OUT)

    def _build(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self._upper())
        self.splitter.addWidget(self.queue_panel)
        # The coordinator reads the registry; visits are statistics to them, not a queue.
        self.queue_panel.setVisible(self._ctx.actor.can(Permission.VISIT_READ))
        layout = QVBoxLayout(self)
        self.stock_alerts = StockAlertLine(self._ctx, self)
        layout.addWidget(self.stock_alerts)
        layout.addWidget(self.splitter)
        self.setTabOrder(self.search, self.results_view)
        self.setTabOrder(self.results_view, self.queue_view)
        self._show_hint()

    def _upper(self) -> QWidget:
        search_label = QLabel(self._ctx.t.gettext("&Find:"))
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
        result_buttons.addWidget(self.hand_out_button)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.results_view)
        upper_layout.addLayout(result_buttons)
        return upper

    def _connect(self) -> None:
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._search_enter)
        self.results_view.activated.connect(lambda _index: self.open_selected())
        self.queue_panel.person_activated.connect(self.open_person)
        self.queue_panel.changed.connect(self.queue_changed)
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
        ctx, query = self._ctx, self.search.text()
        rows = read_now(ctx, self, lambda s: find_persons(s, ctx.actor, query))
        if rows is None:
            return
        self.results.set_rows(rows)
        if rows:
            self.results_view.selectRow(0)
        self._show_hint()

    def _show_hint(self) -> None:
        t = self._ctx.t
        count = self.results.rowCount()
        if not self.search.text().strip():
            text = self._keys_hint()
        elif count == 0:
            text = self._nobody_hint()
        elif count >= RESULT_LIMIT:
            text = t.format(
                t.gettext("The first {n} persons found are shown: type more to find fewer."),
                n=count,
            )
        else:
            text = t.ngettext("{n} person found", "{n} persons found", count).format(n=count)
        self.results_hint.setText(text)

    def _keys_hint(self) -> str:
        """`Enter opens the person, F2 checks them in, …`: only the keys this role has."""
        t = self._ctx.t
        parts = [t.gettext("Enter opens the person")]
        parts += [
            t.format(clause, key=key_text(keys))
            for keys, permission, clause in _HINTS
            if self._ctx.actor.can(permission)
        ]
        return ", ".join(parts) + "."

    def _nobody_hint(self) -> str:
        t = self._ctx.t
        if not self._ctx.actor.can(Permission.PERSON_CREATE):
            return t.gettext("Nobody found. Check the spelling.")
        return t.format(
            t.gettext("Nobody found. Check the spelling, or register a new person ({new})."),
            new=key_text("Ctrl+N"),
        )

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
        """Show the person's summary, then what was chosen there; `check_in` checks them in
        once it is closed (a "same person" found while registering)."""
        ctx = self._ctx
        run_write(  # the views are audited
            ctx,
            self,
            lambda s: read_person_file(s, ctx.actor, ctx.clock, person_id),
            lambda read: self._show_overview(person_id, read, check_in=check_in),
        )

    def _show_overview(self, person_id: int, read: PersonFileRead, *, check_in: bool) -> None:
        ctx = self._ctx
        overview, file, entries = read
        dialog = PersonOverviewDialog(ctx, overview, self, file, entries)
        try:
            dialog.exec()
            chosen = dialog.chosen
        finally:
            dialog.deleteLater()
        if chosen is OverviewAction.EDIT:
            self.edit_person(person_id)
        elif chosen is OverviewAction.VACCINATIONS:
            open_vaccinations(ctx, self, person_id)
        if check_in or chosen is OverviewAction.CHECK_IN:
            self.check_in_person(person_id)

    def edit_person(self, person_id: int) -> None:
        """The registration form on the person's record (Ctrl+E in the summary, reception)."""
        ctx = self._ctx

        def read(session: Session) -> tuple[PersonDetail, list[Change]]:
            detail = get_person(session, ctx.actor, ctx.clock, person_id)
            return detail, person_history(session, ctx.actor, person_id)

        run_write(ctx, self, read, lambda found: self._edit(person_id, *found))  # audited view

    def _edit(self, person_id: int, detail: PersonDetail, history: list[Change]) -> None:
        ctx = self._ctx
        dialog = PersonDialog(ctx, self, detail, history)
        try:
            accepted = bool(dialog.exec())
            check_in = accepted and dialog.check_in_requested
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
        entry = self.queue_panel.selected_entry()
        person_id = person.id if person is not None else entry.person_id if entry else None
        if person_id is not None:
            open_vaccinations(self._ctx, self, person_id)

    def showEvent(self, event: QShowEvent) -> None:
        """Back at the desk: what runs low, read afresh (the stock moved meanwhile)."""
        super().showEvent(event)
        self.stock_alerts.reload()

    def hand_out(self) -> None:
        """Material (F9) for the queue's row when the queue has the focus, else for the person
        chosen in the results; with neither, or for a walk-in, without a record."""
        t = self._ctx.t
        person_id, code, walk_in = None, t.gettext("without a record"), None
        entry = self.queue_panel.selected_entry()
        person = self.selected_person()
        if self.queue_view.hasFocus() and entry is not None:
            if entry.person_id is not None:
                person_id, code = entry.person_id, entry.code or code
            else:  # a walk-in: the hand-out belongs to their visit
                walk_in = entry.visit_id
        elif person is not None:
            person_id, code = person.id, person.code
        open_hand_out(
            self._ctx, self, person_id, code, lambda _h: self.stock_alerts.reload(), walk_in
        )

    def check_in_selected(self) -> None:
        person = self.selected_person()
        if person is not None:
            self.check_in_person(person.id)

    def check_in_walk_in(self) -> None:
        check_in_walk_in(self._ctx, self, self._checked_in)

    def check_in_person(self, person_id: int) -> None:
        """Consent asked if never answered, then the reasons; the person named by code and alias."""
        check_in_person(self._ctx, self, person_id, self._checked_in)

    def _checked_in(self, done: CheckedIn) -> None:
        """The queue as the check-in's write left it: no further read."""
        self.queue_panel.show_queue(done.queue, done.entry.visit_id)
        self.person_checked_in.emit(done.entry.visit_id)
        self.focus_search()
        self.focus_search()

    # ----- queue ------------------------------------------------------------------------------

    def reload_queue(self, select_visit: int | None = None) -> None:
        self.queue_panel.reload(select_visit)

    def change_state(self, state: QueueState) -> None:
        self.queue_panel.change_state(state)

    # ----- state ------------------------------------------------------------------------------

    def header_views(self) -> dict[str, QHeaderView]:
        return {
            "results": self.results_view.horizontalHeader(),
            "queue": self.queue_view.horizontalHeader(),
        }
