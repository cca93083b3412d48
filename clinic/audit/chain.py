"""Checking the audit trail's chain: every row as written, none missing, the end where recorded.

The walk reads every row in order of id. A row whose content no longer gives its hash was
edited (the id is hashed too, so a moved row fails there); a row whose link to the one before
is wrong means that one was edited and its hash recomputed; a gap in the ids is rows deleted.
The end is compared with what records it: the head kept in the database, the anchor file
beside the keys, and the anchor of each backup (`clinic.audit.anchor`). A break that Soglia
found earlier and wrote down (a `CHAIN_BROKEN` row, `clinic.audit.trail.seal_end`) is reported as
such every time: the missing rows stay missing, and the rows after it are still checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.audit.anchor import Anchor
from clinic.audit.trail import GENESIS, Action, Anchored, Head, Mark, row_hash, stored_head
from clinic.common.permissions import Actor, Permission
from db.models.audit import AuditEvent


class Finding(StrEnum):
    EDITED = "edited"  # row `first` is not as it was written
    MISSING = "missing"  # rows `first` to `last` were deleted between others
    TAIL_CUT = "tail_cut"  # rows `first` to `last` were the end of the trail and are gone
    END_CHANGED = "end_changed"  # row `first` is not the row recorded as the end
    END_UNKNOWN = "end_unknown"  # the record of the end is gone: rows after `first` may be too
    ANCHOR_INVALID = "anchor_invalid"  # the anchor file `source` was altered or damaged


@dataclass(frozen=True)
class ChainBreak:
    finding: Finding
    first: int
    last: int | None = None  # the last row of a range
    noted_row: int | None = None  # the row in which Soglia wrote this break down, if it did
    noted_at: dt.datetime | None = None  # when it did
    source: str | None = None  # the anchor file that says so, when it is not the database


@dataclass(frozen=True)
class ChainReport:
    rows: int
    breaks: tuple[ChainBreak, ...]  # the ones written down earlier first, in order of rows
    anchors: int  # anchor files compared with the chain

    @property
    def intact(self) -> bool:
        return not self.breaks


@dataclass
class _Walk:
    """Where the walk is: the row expected next, the last hash, what it met on the way."""

    expected: int = 1
    previous: str = GENESIS
    rows: int = 0
    noted: list[ChainBreak] = field(default_factory=list)
    restores: list[tuple[int, dt.datetime]] = field(default_factory=list)

    @property
    def end(self) -> Head:
        return Head(self.expected - 1, self.previous)

    def step(self, event: AuditEvent) -> ChainBreak | None:
        """Take one row; a break not written down stops the walk."""
        noted = _noted(event)
        if event.id != self.expected and not _bridges(event, noted, self.expected):
            return ChainBreak(Finding.MISSING, self.expected, event.id - 1)
        if row_hash(event) != event.hash:
            return ChainBreak(Finding.EDITED, event.id)
        if event.prev_hash != self.previous:
            return ChainBreak(Finding.EDITED, self.expected - 1)
        if noted is not None:
            self.noted.append(noted)
        if event.action == Action.RESTORE.value:
            self.restores.append((event.id, event.at))
        self.expected, self.previous, self.rows = event.id + 1, event.hash, self.rows + 1
        return None


def _bridges(event: AuditEvent, noted: ChainBreak | None, expected: int) -> bool:
    """A written-down cut stands in for the rows it says are missing, and only those."""
    return noted is not None and noted.finding is Finding.TAIL_CUT and noted.first == expected


def noted_break(
    row_id: int, at: dt.datetime, record_id: int | None, mark: str
) -> ChainBreak | None:
    """The break a `CHAIN_BROKEN` row (`row_id`) wrote down, as the check reports it."""
    if record_id is None:
        return None
    found = {
        Mark.ROWS_MISSING.value: (Finding.TAIL_CUT, record_id + 1, row_id - 1),
        Mark.END_CHANGED.value: (Finding.END_CHANGED, record_id, None),
        Mark.END_UNKNOWN.value: (Finding.END_UNKNOWN, record_id, None),
        Mark.ANCHOR_INVALID.value: (Finding.ANCHOR_INVALID, record_id, None),
    }.get(mark)
    if found is None:
        return None
    return ChainBreak(*found, noted_row=row_id, noted_at=at)


def _noted(event: AuditEvent) -> ChainBreak | None:
    if event.action != Action.CHAIN_BROKEN.value:
        return None
    return noted_break(event.id, event.at, event.record_id, event.fields or "")


def verify_chain(
    session: Session, anchors: Sequence[Anchor] = (), batch: int = 5000
) -> ChainReport:
    """Walk the whole trail, then compare its end with the head and every anchor."""
    walk = _Walk()
    query = select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=batch)
    for event in session.scalars(query):
        broken = walk.step(event)
        if broken is not None:
            return ChainReport(walk.rows, (*walk.noted, broken), len(anchors))
        session.expunge(event)
    found = _end_break([*_head_break(session, walk), *_anchor_breaks(session, walk, anchors)])
    breaks = (*walk.noted, found) if found else tuple(walk.noted)
    return ChainReport(walk.rows, breaks, len(anchors))


def _head_break(session: Session, walk: _Walk) -> list[ChainBreak]:
    stored, end = stored_head(session), walk.end
    if stored is None:
        return [ChainBreak(Finding.END_UNKNOWN, end.id)] if end.id > 0 else []
    if stored.id > end.id:
        return [ChainBreak(Finding.TAIL_CUT, end.id + 1, stored.id)]
    if stored != end:
        return [ChainBreak(Finding.END_CHANGED, stored.id)]
    return []


def _anchor_breaks(session: Session, walk: _Walk, anchors: Sequence[Anchor]) -> list[ChainBreak]:
    """What each anchor says that the chain does not agree with."""
    found: list[ChainBreak] = []
    for anchor in anchors:
        source = anchor.path.name
        if anchor.says is None:
            found.append(ChainBreak(Finding.ANCHOR_INVALID, walk.end.id, source=source))
        elif not _explained(walk, anchor.says):
            found.extend(_disagreement(session, walk.end, anchor.says, source))
    return found


def _end_break(found: list[ChainBreak]) -> ChainBreak | None:
    """The one break of the end to report: the furthest cut (the head's before an anchor's),
    else the first thing found."""
    cuts = [b for b in found if b.finding is Finding.TAIL_CUT]
    if cuts:
        return max(cuts, key=lambda b: b.last or 0)
    return found[0] if found else None


def _explained(walk: _Walk, says: Anchored) -> bool:
    """The anchor names a row already reported missing, or one of a trail a restore replaced."""
    named = says.head.id
    if any(b.finding is Finding.TAIL_CUT and b.first <= named <= (b.last or 0) for b in walk.noted):
        return True
    restore = next((row for row, at in walk.restores if at >= says.at), None)
    return restore is not None and restore <= named


def _disagreement(session: Session, end: Head, says: Anchored, source: str) -> list[ChainBreak]:
    if says.head.id > end.id:
        return [ChainBreak(Finding.TAIL_CUT, end.id + 1, says.head.id, source=source)]
    if says.head.id == 0:
        return []
    there = session.scalar(select(AuditEvent.hash).where(AuditEvent.id == says.head.id))
    if there != says.head.hash:
        return [ChainBreak(Finding.END_CHANGED, says.head.id, source=source)]
    return []


def noted_since_last_login(session: Session, actor: Actor) -> tuple[ChainBreak, ...]:
    """For a coordinator who just logged in: the breaks Soglia wrote down since their previous
    login (at this login too), so they are told even when someone else's login found them."""
    if not actor.can(Permission.AUDIT_READ):
        return ()
    logins = (
        select(AuditEvent.id)
        .where(AuditEvent.staff_id == actor.staff_id, AuditEvent.action.in_(_LOGINS))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(2)
    )
    ids = session.scalars(logins).all()  # this login's row, then the previous one
    since = ids[1] if len(ids) > 1 else 0
    markers = select(AuditEvent).where(
        AuditEvent.record_type == "audit",
        AuditEvent.action == Action.CHAIN_BROKEN.value,
        AuditEvent.id > since,
    )
    found = (_noted(event) for event in session.scalars(markers.order_by(AuditEvent.id)))
    return tuple(b for b in found if b is not None)


_LOGINS = (Action.LOGIN.value, Action.RECOVERY_KEY_USED.value)
