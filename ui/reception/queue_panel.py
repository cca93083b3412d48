"""Today's queue on the desk, with the moves this role may make (F5-F8, Ctrl+Del).

Whoever sees people takes them in (F5) and marks them done (F6); reception also sends them back to
waiting, marks them gone and cancels a check-in, and chooses who is seeing them. A nurse or a
social worker taking someone in is the one seeing them: no question asked.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from clinic.audit.transactions import reading, writing
from clinic.common.errors import KnownError
from clinic.common.permissions import Permission
from clinic.desk.checkin import QueueEntry, cancel_check_in, set_queue_state, todays_queue
from clinic.desk.vocabulary import QueueState
from clinic.staff.members import active_staff
from clinic.vaccinations.appointments import expected_today
from ui.common import messages
from ui.common.desk_buttons import DeskButtons
from ui.common.table_view import row_table, selected_row
from ui.context import DeskContext
from ui.reception.queue_model import STATE, queue_model
from ui.reception.serve_dialog import ServeDialog

QUEUE_REFRESH_MS = 30_000


class QueuePanel(QWidget):
    changed = Signal()
    person_activated = Signal(int)  # person id: Enter or a double click on a registered person

    def __init__(self, ctx: DeskContext, buttons: DeskButtons, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = queue_model(ctx)
        self.view, self.proxy = row_table(self.model, "queue", STATE)
        self.summary = QLabel()
        self.expected = QLabel()
        self.expected.setObjectName("expectedToday")
        self.expected.setTextFormat(Qt.TextFormat.PlainText)
        self._make_buttons(buttons)
        self._lay_out()
        self.view.activated.connect(lambda _index: self._activate())
        self._timer = QTimer(self, interval=QUEUE_REFRESH_MS)
        self._timer.timeout.connect(self.reload)
        self._timer.start()

    def _make_buttons(self, buttons: DeskButtons) -> None:
        _ = self.ctx.t.gettext
        serve, run = Permission.QUEUE_SERVE, Permission.QUEUE_UPDATE
        self.call_button = buttons.add(
            _("Being &seen"), "F5", lambda: self.change_state(QueueState.IN_PROGRESS), serve
        )
        self.done_button = buttons.add(
            _("&Done"), "F6", lambda: self.change_state(QueueState.DONE), serve
        )
        self.waiting_button = buttons.add(
            _("Back to &waiting"), "F7", lambda: self.change_state(QueueState.WAITING), run
        )
        self.left_button = buttons.add(
            _("&Left"), "F8", lambda: self.change_state(QueueState.LEFT), run
        )
        self.cancel_button = buttons.add(
            _("Cancel check-in"), "Ctrl+Del", self.cancel_selected, Permission.VISIT_CREATE
        )

    def _lay_out(self) -> None:
        _ = self.ctx.t.gettext
        title = QLabel(_("Today's &queue"))
        title.setBuddy(self.view)
        title_row = QHBoxLayout()
        title_row.addWidget(title)
        title_row.addStretch(1)
        title_row.addWidget(self.expected)
        title_row.addSpacing(24)
        title_row.addWidget(self.summary)
        moves = QHBoxLayout()
        for button in (self.call_button, self.done_button, self.waiting_button, self.left_button):
            moves.addWidget(button)
        moves.addStretch(1)
        moves.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(title_row)
        layout.addWidget(self.view)
        layout.addLayout(moves)

    # ----- reading ----------------------------------------------------------------------------

    def reload(self, select_visit: int | None = None) -> None:
        keep = select_visit if select_visit is not None else self.selected_visit_id()
        if not self.ctx.actor.can(Permission.VISIT_READ):
            self.model.set_rows([])
            return
        try:
            with reading(self.ctx.database, self.ctx.clock) as session:
                entries = todays_queue(session, self.ctx.actor, self.ctx.clock)
        except KnownError as error:
            messages.show_error(self, self.ctx.t, error)
            return
        self.model.set_rows(entries)
        self._select_visit(keep)
        self._summarise(entries)
        self._show_expected()
        self.changed.emit()

    def _show_expected(self) -> None:
        """Who has a vaccination appointment today and is not seen yet: codes only."""
        ctx = self.ctx
        if not ctx.actor.can(Permission.APPOINTMENT_READ):
            return
        with reading(ctx.database, ctx.clock) as session:
            expected = expected_today(session, ctx.actor, ctx.clock)
        codes = ", ".join(sorted({a.code for a in expected}))
        self.expected.setText(
            ctx.t.format(ctx.t.gettext("Expected today: {codes}"), codes=codes) if codes else ""
        )

    def _summarise(self, entries: list[QueueEntry]) -> None:
        t = self.ctx.t
        count = {state: sum(e.state is state for e in entries) for state in QueueState}
        self.summary.setText(
            t.format(
                t.gettext("{waiting} waiting · {seen} being seen · {done} done"),
                waiting=count[QueueState.WAITING],
                seen=count[QueueState.IN_PROGRESS],
                done=count[QueueState.DONE],
            )
        )

    def selected_entry(self) -> QueueEntry | None:
        entry: QueueEntry | None = selected_row(self.view)
        return entry

    def selected_visit_id(self) -> int | None:
        entry = self.selected_entry()
        return None if entry is None else entry.visit_id

    def _select_visit(self, visit_id: int | None) -> None:
        for row, entry in enumerate(self.model.rows()):
            if entry.visit_id == visit_id:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                self.view.selectRow(index.row())
                return

    def _activate(self) -> None:
        entry = self.selected_entry()
        if entry is not None and entry.person_id is not None:
            self.person_activated.emit(entry.person_id)

    # ----- moving people ----------------------------------------------------------------------

    def change_state(self, state: QueueState) -> None:
        visit_id = self.selected_visit_id()
        if visit_id is None:
            return
        served_by: int | None = None
        if state is QueueState.IN_PROGRESS and self.ctx.actor.can(Permission.QUEUE_UPDATE):
            chosen = self._ask_who_serves()
            if chosen is None:
                return
            served_by = chosen
        ctx = self.ctx
        try:
            with writing(ctx.database, ctx.clock) as session:
                set_queue_state(session, ctx.actor, ctx.clock, visit_id, state, served_by)
        except KnownError as error:
            messages.show_error(self, ctx.t, error)
        self.reload(select_visit=visit_id)

    def _ask_who_serves(self) -> int | None:
        """Reception sends someone in to a colleague: who? (None: the desk changed its mind.)"""
        try:
            with reading(self.ctx.database, self.ctx.clock) as session:
                staff = active_staff(session)
        except KnownError as error:
            messages.show_error(self, self.ctx.t, error)
            return None
        dialog = ServeDialog(self.ctx, staff, self)
        try:
            return dialog.staff_id() if dialog.exec() else None
        finally:
            dialog.deleteLater()

    def cancel_selected(self) -> None:
        visit_id = self.selected_visit_id()
        if visit_id is None:
            return
        t = self.ctx.t
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
            with writing(self.ctx.database, self.ctx.clock) as session:
                cancel_check_in(session, self.ctx.actor, self.ctx.clock, visit_id)
        except KnownError as error:
            messages.show_error(self, t, error)
        self.reload()
