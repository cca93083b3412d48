"""The desk's lock, unlock, hand-over and log-out in the audit trail: who and what, nothing else,
in the chain like every other row."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from clinic.audit.chain import verify_chain
from clinic.audit.trail import Action
from clinic.audit.transactions import writing
from clinic.staff.session_events import SESSION_ACTIONS, record_session_event
from clinic.staff.vocabulary import Role
from db.models.audit import AuditEvent


@pytest.mark.parametrize("role", list(Role))
def test_each_role_records_lock_unlock_and_hand_over(database, clock, actors, role):
    actor = actors[role]
    actions = [Action.LOCK, Action.UNLOCK, Action.LOCK_IDLE, Action.LOCK_TAKEN_OVER, Action.LOGOUT]
    for action in actions:
        with writing(database, clock) as session:
            record_session_event(session, actor, clock, action)
    with database.read() as session:
        rows = [
            (e.action, e.staff_id, e.role, e.record_type, e.record_id, e.fields)
            for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        ]
        assert verify_chain(session).intact
    staff = actor.staff_id
    assert rows == [
        ("lock", staff, role.value, "staff", staff, None),
        ("unlock", staff, role.value, "staff", staff, None),
        ("lock.idle", staff, role.value, "staff", staff, None),
        ("lock.taken_over", staff, role.value, "staff", staff, None),
        ("logout", staff, role.value, "staff", staff, None),
    ]


def test_only_session_events_go_through_here(database, clock, actors):
    """A person's view or change must come from its own use case, with its own checks."""
    with (
        writing(database, clock) as session,
        pytest.raises(ValueError, match="not a session event"),
    ):
        record_session_event(session, actors[Role.RECEPTION], clock, Action.PERSON_VIEW)
    assert Action.PERSON_VIEW not in SESSION_ACTIONS
