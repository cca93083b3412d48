"""Checking someone in from the desk: consent asked once, the reasons, a repeat confirmed.

Each step is its own transaction: an answer about consent is kept even if the desk then closes
the reasons dialog (the person was asked; asking again would be the nagging "ask once" avoids).
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from clinic.audit.transactions import reading, writing
from clinic.common.errors import KnownError
from clinic.common.permissions import Permission
from clinic.desk.checkin import AlreadyCheckedInError, EarlierCheckIn, QueueEntry, check_in
from clinic.desk.vocabulary import VisitReason
from clinic.desk.words import STATES
from clinic.registry.persons import consent_to_ask, person_label, record_consent
from ui.common import messages
from ui.context import DeskContext
from ui.reception.checkin_dialog import CheckInDialog
from ui.registry.consent_dialog import ConsentDialog


def check_in_person(ctx: DeskContext, parent: QWidget, person_id: int) -> QueueEntry | None:
    """Ask consent if it was never answered, then the reasons; None if nothing was checked in."""
    try:
        with reading(ctx.database, ctx.clock) as session:
            who = person_label(session, ctx.actor, person_id)
            ask = ctx.actor.can(Permission.PERSON_UPDATE) and consent_to_ask(
                session, ctx.actor, person_id
            )
    except KnownError as error:
        messages.show_error(parent, ctx.t, error)
        return None
    if ask and not _ask_consent(ctx, parent, person_id, who):
        return None
    return check_in_with_reasons(ctx, parent, person_id, who)


def _ask_consent(ctx: DeskContext, parent: QWidget, person_id: int, who: str) -> bool:
    """Ask and record the answer; False when the desk went back (nothing is checked in)."""
    dialog = ConsentDialog(ctx, parent, who)
    try:
        answer = dialog.answer if dialog.exec() else None
    finally:
        dialog.deleteLater()
    if answer is None:
        return False
    try:
        with writing(ctx.database, ctx.clock) as session:
            record_consent(session, ctx.actor, ctx.clock, person_id, *answer, ctx.t.locale_name)
    except KnownError as error:
        messages.show_error(parent, ctx.t, error)
        return False
    return True


def check_in_with_reasons(
    ctx: DeskContext, parent: QWidget, person_id: int | None, who: str
) -> QueueEntry | None:
    """Ask the reasons until they are saved or the desk gives up: a failed save shows why and
    offers the dialog again with the same reasons ticked."""
    reasons: list[VisitReason] = []
    while True:
        dialog = CheckInDialog(ctx, who, parent, reasons)
        try:
            if not dialog.exec():
                return None
            reasons = dialog.chosen()
        finally:
            dialog.deleteLater()
        try:
            return _save_or_confirm(ctx, parent, person_id, reasons)
        except KnownError as error:
            messages.show_error(parent, ctx.t, error)


def _save_or_confirm(
    ctx: DeskContext,
    parent: QWidget,
    person_id: int | None,
    reasons: list[VisitReason],
) -> QueueEntry | None:
    """Check in; a second check-in the same day only once the desk confirms it."""
    try:
        return _save(ctx, person_id, reasons, allow_repeat=False)
    except AlreadyCheckedInError as error:
        earlier = error.earlier
    if not _confirm_repeat(ctx, parent, earlier):
        return None
    return _save(ctx, person_id, reasons, allow_repeat=True)


def _save(
    ctx: DeskContext, person_id: int | None, reasons: list[VisitReason], *, allow_repeat: bool
) -> QueueEntry:
    with writing(ctx.database, ctx.clock) as session:
        return check_in(
            session, ctx.actor, ctx.clock, person_id, reasons, allow_repeat=allow_repeat
        )


def _confirm_repeat(ctx: DeskContext, parent: QWidget, earlier: tuple[EarlierCheckIn, ...]) -> bool:
    t = ctx.t
    when = ", ".join(
        f"{t.time(e.arrival_at, ctx.clock.zone)} ({t.gettext(STATES[e.state])})" for e in earlier
    )
    text = t.format(
        t.gettext("This person was already checked in today: {when}. Check them in again?"),
        when=when,
    )
    return messages.confirm(
        parent, t, text, t.gettext("Check in again"), t.gettext("Do not check in")
    )
