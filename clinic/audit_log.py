"""Reading the audit trail (the coordinator): filtered rows, the chain check, a CSV export.

The export is a spreadsheet a coordinator may open: every cell that a spreadsheet would read as
a formula is neutralised (OWASP), and the export itself is audited.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from clinic import audit
from clinic.audit import Action, ChainBreak, verify_chain
from clinic.clock import Clock
from clinic.permissions import Actor, Permission, require
from db.models import AuditEvent, Person

ROW_LIMIT = 2000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\x00")


@dataclass(frozen=True)
class AuditFilter:
    person_code: str = ""
    staff_id: int | None = None
    action: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None  # included


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    username: str | None
    role: str | None
    action: str
    record_type: str | None
    record_id: int | None
    fields: str | None


def audit_rows(
    session: Session, actor: Actor, clock: Clock, filters: AuditFilter, limit: int = ROW_LIMIT
) -> list[AuditRow]:
    """The newest rows matching every filter given (a person by their exact code)."""
    require(actor, Permission.AUDIT_READ)
    query = _filtered(session, clock, filters)
    if query is None:
        return []
    events = session.scalars(query.order_by(AuditEvent.id.desc()).limit(limit))
    return [_row(event) for event in events]


def _filtered(session: Session, clock: Clock, filters: AuditFilter) -> Select[AuditEvent] | None:
    query = select(AuditEvent)
    code = filters.person_code.strip().upper()
    if code:
        person_id = session.scalar(select(Person.id).where(Person.code == code))
        if person_id is None:
            return None
        query = query.where(AuditEvent.record_type == "person", AuditEvent.record_id == person_id)
    if filters.staff_id is not None:
        query = query.where(AuditEvent.staff_id == filters.staff_id)
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.since is not None:
        query = query.where(AuditEvent.at >= clock.day_bounds(filters.since)[0])
    if filters.until is not None:
        query = query.where(AuditEvent.at < clock.day_bounds(filters.until)[1])
    return query


def _row(event: AuditEvent) -> AuditRow:
    return AuditRow(
        event.id,
        event.at,
        event.username,
        event.role,
        event.action,
        event.record_type,
        event.record_id,
        event.fields,
    )


def check_chain(session: Session, actor: Actor) -> ChainBreak | None:
    require(actor, Permission.AUDIT_READ)
    return verify_chain(session)


def audit_csv(session: Session, actor: Actor, clock: Clock, filters: AuditFilter) -> str:
    """The matching rows (all of them) as CSV text, each cell safe to open in a spreadsheet."""
    require(actor, Permission.AUDIT_READ)
    query = _filtered(session, clock, filters)
    rows = (
        [] if query is None else [_row(e) for e in session.scalars(query.order_by(AuditEvent.id))]
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["id", "at_utc", "username", "role", "action", "record_type", "record_id", "fields"]
    )
    for row in rows:
        writer.writerow(
            [
                safe_cell(value)
                for value in (
                    row.id,
                    row.at.astimezone(dt.UTC).isoformat(timespec="seconds"),
                    row.username,
                    row.role,
                    row.action,
                    row.record_type,
                    row.record_id,
                    row.fields,
                )
            ]
        )
    audit.record(session, actor, clock, Action.AUDIT_EXPORT, "audit", None)
    return out.getvalue()


def safe_cell(value: object) -> str:
    """Text a spreadsheet shows as written: one that would start a formula gets a leading `'`."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
