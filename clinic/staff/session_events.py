"""The desk's own comings and goings in the audit trail: locked, unlocked, handed over, left.

None of these shows or changes a person's file, so anyone logged in may record them; the row
holds who (the staff id, through the actor) and what happened, nothing else.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.common.clock import Clock
from clinic.common.permissions import Actor

SESSION_ACTIONS = frozenset(
    {Action.LOCK, Action.LOCK_IDLE, Action.UNLOCK, Action.LOCK_TAKEN_OVER, Action.LOGOUT}
)


def record_session_event(session: Session, actor: Actor, clock: Clock, action: Action) -> None:
    """Append `action` (one of SESSION_ACTIONS) for `actor`, in the caller's transaction."""
    if action not in SESSION_ACTIONS:
        raise ValueError(f"not a session event: {action}")
    trail.record(session, actor, clock, action, "staff", actor.staff_id)
