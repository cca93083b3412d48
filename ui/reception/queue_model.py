"""Today's queue: arrival, waiting time, who, why, state and who is seeing them."""

from __future__ import annotations

from clinic.desk.checkin import QueueEntry
from clinic.desk.vocabulary import QueueState
from clinic.desk.words import STATES, reasons_text
from clinic.registry.words import code_and_alias
from ui.common.row_table_model import Column, RowTableModel
from ui.context import DeskContext

ARRIVAL, WAITED, PERSON, REASONS, STATE, SERVED_BY = range(6)

# Who is waiting comes first, longest wait on top; then who is being seen; then the day's done.
_STATE_ORDER = {
    QueueState.WAITING: 0,
    QueueState.IN_PROGRESS: 1,
    QueueState.DONE: 2,
    QueueState.LEFT: 3,
}


def queue_model(ctx: DeskContext) -> RowTableModel[QueueEntry]:
    t = ctx.t
    _ = t.gettext
    zone = ctx.clock.zone

    def person(entry: QueueEntry) -> str:
        if entry.code is None:
            return _("Walk-in (not registered)")
        return code_and_alias(entry.code, entry.alias)

    def waited(entry: QueueEntry) -> str:
        minutes = int(entry.waited(ctx.clock.now()).total_seconds() // 60)
        return t.format(_("{minutes} min"), minutes=minutes)

    columns: list[Column[QueueEntry]] = [
        Column(
            lambda: _("Arrived"),
            lambda e: t.time(e.arrival_at, zone),
            lambda e: e.arrival_at,
            width=7,
        ),
        Column(lambda: _("Waited"), waited, lambda e: e.waited(ctx.clock.now()), width=8),
        Column(lambda: _("Person"), person, width=32),
        Column(lambda: _("Reasons"), lambda e: reasons_text(t, e.reasons), width=30, stretch=True),
        Column(
            lambda: _("State"),
            lambda e: _(STATES[e.state]),
            lambda e: (_STATE_ORDER[e.state], e.arrival_at),
            width=16,
        ),
        Column(lambda: _("Seen by"), lambda e: e.served_by or ""),
    ]
    return RowTableModel(columns)
