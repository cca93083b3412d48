"""Today's queue on the desk, with the moves this role may make (F5-F8, Ctrl+Del).

Whoever sees people takes them in (F5) and marks them done (F6); reception also sends them back to
waiting, marks them gone and cancels a check-in, and chooses who is seeing them. A nurse or a
social worker taking someone in is the one seeing them: no question asked.

The day's queue and who is expected are one read, instant (a day's visits); each move is one
write that reads the queue back in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

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
from ui.operations import read_now, run_write
from ui.reception.queue_model import STATE, queue_model
from ui.reception.serve_dialog import ServeDialog

QUEUE_REFRESH_MS = 30_000


@dataclass(frozen=True)
class DeskQueue:
    """The day's queue as the desk shows it: the visits, and the codes of who is expected
    (a vaccination appointment today; empty for a role that may not see appointments)."""

    entries: list[QueueEntry]
    expected: tuple[str, ...]


def read_desk_queue(session: Session, ctx: DeskContext) -> DeskQueue:
    """The queue and who is expected, in the caller's transaction (a read, or the write of a
    check-in or a move, so the desk shows the queue as that write left it)."""
    entries = todays_queue(session, ctx.actor, ctx.clock)
    expected: tuple[str, ...] = ()
    if ctx.actor.can(Permission.APPOINTMENT_READ):
        expected = tuple(sorted({a.code for a in expected_today(session, ctx.actor, ctx.clock)}))
    return DeskQueue(entries, expected)


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
        queue = read_now(self.ctx, self, lambda s: read_desk_queue(s, self.ctx))
        if queue is not None:
            self.show_queue(queue, keep)

    def show_queue(self, queue: DeskQueue, select_visit: int | None = None) -> None:
        """Show the queue as read (by `reload`, or by the write that changed it)."""
        self.model.set_rows(queue.entries)
        self._select_visit(select_visit)
        self._summarise(queue.entries)
        codes = ", ".join(queue.expected)
        t = self.ctx.t
        self.expected.setText(
            t.format(t.gettext("Expected today: {codes}"), codes=codes) if codes else ""
        )
        self.changed.emit()

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
        self._move(
            lambda s: set_queue_state(s, ctx.actor, ctx.clock, visit_id, state, served_by),
            visit_id,
        )

    def _ask_who_serves(self) -> int | None:
        """Reception sends someone in to a colleague: who? (None: the desk changed its mind.)"""
        staff = read_now(self.ctx, self, active_staff)
        if staff is None:
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
        ctx = self.ctx
        self._move(lambda s: cancel_check_in(s, ctx.actor, ctx.clock, visit_id), None)

    def _move(self, work: Callable[[Session], object], select_visit: int | None) -> None:
        """One write: the move, then the queue as it left it. A refused move is said, and
        the queue read afresh (someone else may have moved that person meanwhile)."""
        ctx = self.ctx

        def move(session: Session) -> DeskQueue:
            work(session)
            return read_desk_queue(session, ctx)

        def refused(error: KnownError) -> None:
            messages.show_error(self, ctx.t, error)
            self.reload(select_visit)

        run_write(ctx, self, move, lambda q: self.show_queue(q, select_visit), failed=refused)
