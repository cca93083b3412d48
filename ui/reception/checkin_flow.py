"""Checking someone in from the desk: consent asked once, the reasons, a repeat confirmed.

One F2 is one read and one write. The read (`clinic.desk.arrival.arrival`, instant, on the GUI
thread) tells who is arriving, whether to ask their consent and whether they came earlier
today; the write records the consent answer and the check-in together, and reads back the
day's queue in the same transaction. An answer about consent is still kept when the desk then
closes the reasons dialog: the person was asked, and asking again would be the nagging that
"ask once" avoids.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from clinic.common.errors import KnownError
from clinic.desk.arrival import Arrival, ConsentAnswer, arrival, check_in_arrival
from clinic.desk.checkin import AlreadyCheckedInError, EarlierCheckIn, QueueEntry
from clinic.desk.vocabulary import VisitReason
from clinic.desk.words import STATES
from clinic.registry.persons import record_consent
from ui.common import messages
from ui.context import DeskContext
from ui.operations import read_now, run_write
from ui.reception.checkin_dialog import CheckInDialog
from ui.reception.queue_panel import DeskQueue, read_desk_queue
from ui.registry.consent_dialog import ConsentDialog


@dataclass(frozen=True)
class CheckedIn:
    """What one check-in's write hands back: the new entry, and the queue as it left it."""

    entry: QueueEntry
    queue: DeskQueue


CheckedInCallback = Callable[[CheckedIn], object]


def check_in_person(
    ctx: DeskContext, parent: QWidget, person_id: int, checked_in: CheckedInCallback
) -> None:
    """Ask consent if it was never answered, then the reasons; `checked_in` once saved."""
    found = read_now(ctx, parent, lambda s: arrival(s, ctx.actor, ctx.clock, person_id))
    if found is not None:
        CheckIn(ctx, parent, found.label, checked_in, found).start()


def check_in_walk_in(ctx: DeskContext, parent: QWidget, checked_in: CheckedInCallback) -> None:
    """Someone counted without a record: only the reasons are asked (nothing is read first)."""
    who = ctx.t.gettext("Walk-in (not registered)")
    CheckIn(ctx, parent, who, checked_in).start()


class CheckIn:
    """One check-in, from the first question to the saved visit.

    A failed save says why and offers the reasons dialog again, with the same reasons ticked
    and the consent answer still to be saved with them.
    """

    def __init__(
        self,
        ctx: DeskContext,
        parent: QWidget,
        who: str,
        checked_in: CheckedInCallback,
        found: Arrival | None = None,
    ) -> None:
        self._ctx, self._parent, self._who = ctx, parent, who
        self._checked_in = checked_in
        self._person_id = found.person_id if found is not None else None
        self._ask_consent = found is not None and found.ask_consent
        self._earlier = found.earlier_today if found is not None else ()
        self._consent: ConsentAnswer | None = None

    def start(self) -> None:
        if self._ask_consent and not self._consent_answered():
            return
        self._ask_reasons([])

    def _consent_answered(self) -> bool:
        """Ask; False when the desk went back (nothing is checked in, nothing recorded)."""
        dialog = ConsentDialog(self._ctx, self._parent, self._who)
        try:
            answer = dialog.answer if dialog.exec() else None
        finally:
            dialog.deleteLater()
        if answer is not None:
            self._consent = ConsentAnswer(*answer, self._ctx.t.locale_name)
        return answer is not None

    def _ask_reasons(self, reasons: list[VisitReason]) -> None:
        dialog = CheckInDialog(self._ctx, self._who, self._parent, reasons)
        try:
            chosen = dialog.chosen() if dialog.exec() else None
        finally:
            dialog.deleteLater()
        if chosen is None or (
            self._earlier and not _confirm_repeat(self._ctx, self._parent, self._earlier)
        ):
            self._keep_consent_alone()
        else:
            self._save(chosen, allow_repeat=bool(self._earlier))

    def _save(self, reasons: list[VisitReason], *, allow_repeat: bool) -> None:
        ctx, person_id, consent = self._ctx, self._person_id, self._consent

        def work(session: Session) -> CheckedIn:
            entry = check_in_arrival(
                session,
                ctx.actor,
                ctx.clock,
                person_id,
                reasons,
                consent=consent,
                allow_repeat=allow_repeat,
            )
            return CheckedIn(entry, read_desk_queue(session, ctx))

        run_write(
            ctx, self._parent, work, self._checked_in, failed=lambda e: self._refused(e, reasons)
        )

    def _refused(self, error: KnownError, reasons: list[VisitReason]) -> None:
        """Checked in at another desk meanwhile: confirmed like any repeat. Anything else is
        said, and the reasons are offered again."""
        if isinstance(error, AlreadyCheckedInError):
            if _confirm_repeat(self._ctx, self._parent, error.earlier):
                self._save(reasons, allow_repeat=True)
            else:
                self._keep_consent_alone()
            return
        messages.show_error(self._parent, self._ctx.t, error)
        self._ask_reasons(reasons)

    def _keep_consent_alone(self) -> None:
        """No check-in after all, but the consent question was answered: keep the answer."""
        ctx, person_id, consent = self._ctx, self._person_id, self._consent
        if consent is None or person_id is None:
            return
        run_write(
            ctx,
            self._parent,
            lambda s: record_consent(
                s,
                ctx.actor,
                ctx.clock,
                person_id,
                consent.date_text,
                consent.not_asked,
                consent.locale,
            ),
            lambda _detail: None,
        )


def _confirm_repeat(ctx: DeskContext, parent: QWidget, earlier: tuple[EarlierCheckIn, ...]) -> bool:
    t = ctx.t
    when = ", ".join(
        f"{t.time(e.arrival_at, ctx.clock.zone)} ({t.gettext(STATES[e.state])})" for e in earlier
    )
    text = t.format(
        t.gettext("This person was already checked in today: {when}. Check them in again?"),
        when=when or "?",
    )
    return messages.confirm(
        parent, t, text, t.gettext("Check in again"), t.gettext("Do not check in")
    )
