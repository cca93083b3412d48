"""A person arriving at the desk, as one read and one write.

Checking in used to take four or five transactions for one F2 (the name, the consent
question, the check-in, the consent answer, the queue). `arrival` reads, in one go, all the
desk must know before it asks anything; `check_in_arrival` writes the consent answer (when
one was given) together with the check-in, so the two stand or fall together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from clinic.common.clock import Clock
from clinic.common.permissions import Actor, Permission, require
from clinic.desk.checkin import EarlierCheckIn, QueueEntry, check_in, check_ins_today
from clinic.desk.vocabulary import VisitReason
from clinic.registry.persons import consent_to_ask, person_label, record_consent


@dataclass(frozen=True)
class Arrival:
    """What the desk needs before it asks anything about a person checking in."""

    person_id: int
    label: str  # `code · alias`, to name them in the dialogs
    ask_consent: bool  # never answered, and this desk may record the answer
    earlier_today: tuple[EarlierCheckIn, ...]  # a repeat is checked in only once confirmed


@dataclass(frozen=True)
class ConsentAnswer:
    """The answer given at the desk: the date typed (in `locale`), or "not asked"."""

    date_text: str
    not_asked: bool
    locale: str


def arrival(session: Session, actor: Actor, clock: Clock, person_id: int) -> Arrival:
    """Who is arriving, whether to ask their consent, and whether they came earlier today."""
    require(session, actor, Permission.VISIT_CREATE)
    label = person_label(session, actor, person_id)
    ask = actor.can(Permission.PERSON_UPDATE) and consent_to_ask(session, actor, person_id)
    return Arrival(person_id, label, ask, check_ins_today(session, clock, person_id))


def check_in_arrival(
    session: Session,
    actor: Actor,
    clock: Clock,
    person_id: int | None,
    reasons: Iterable[VisitReason],
    *,
    consent: ConsentAnswer | None = None,
    allow_repeat: bool = False,
) -> QueueEntry:
    """Record the consent answer given at the desk (if any), then check the person in."""
    if consent is not None and person_id is not None:
        record_consent(
            session, actor, clock, person_id, consent.date_text, consent.not_asked, consent.locale
        )
    return check_in(session, actor, clock, person_id, reasons, allow_repeat=allow_repeat)
