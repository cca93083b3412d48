"""The street sessions that imported street contacts belong to.

A spreadsheet names a contact's day, zone and shift, not the outing it was met in, so the
import makes one session per day, zone and shift, as the desk's form would take it: the team
unrecorded (no one's name is put in an outing they may not have made), the times those of the
shift (day: from the end of the clinic's night hours to their start; night: the night hours),
and a note that says so, starting with `IMPORTED` whatever the clinic's language. A later
import finds its sessions by that mark and adds to them, never to a session a team recorded.

Each session is checked by the desk's own validation (`validate_street`, then
`clinic.outreach.parts.check` for the zone), with the importing coordinator standing in for
the team the form requires.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from clinic.common.clock import Clock
from clinic.common.errors import ValidationError
from clinic.common.permissions import Actor
from clinic.i18n.translator import N_, translator
from clinic.imports.rows import table_of
from clinic.outreach import parts
from clinic.outreach.forms import NightHours, SessionForm, SessionRecord, validate_street
from clinic.outreach.sessions import night_hours
from clinic.outreach.vocabulary import SessionKind, Shift
from clinic.settings.configuration import load_settings
from db.models.outreach import OutreachSession

IMPORTED = "[import]"  # the start of an imported session's note, in every language
NOTE = N_(
    "Imported from a spreadsheet: the times are those of the shift; the team was not recorded."
)


@dataclass(frozen=True)
class Outing:
    """An imported session: its day, zone (a care list entry's id) and shift."""

    day: dt.date
    zone_id: int
    shift: Shift


def checked_outings(
    session: Session, actor: Actor, clock: Clock, outings: Collection[Outing], locale: str
) -> tuple[dict[Outing, SessionRecord], dict[Outing, ValidationError]]:
    """Each outing as the desk's form validates it, or why it refuses it."""
    night = night_hours(session)
    records: dict[Outing, SessionRecord] = {}
    refused: dict[Outing, ValidationError] = {}
    zones_checked: dict[int, ValidationError | None] = {}
    for outing in sorted(outings, key=lambda o: (o.day, o.zone_id, o.shift)):
        try:
            record = validate_street(_form(actor, outing, night), clock, locale, night)
            if outing.zone_id not in zones_checked:
                zones_checked[outing.zone_id] = _zone_refusal(session, record)
            zone_refusal = zones_checked[outing.zone_id]
            if zone_refusal is not None:
                raise zone_refusal
        except ValidationError as error:
            refused[outing] = error
        else:
            records[outing] = record
    return records, refused


def session_ids(
    session: Session, actor: Actor, clock: Clock, records: Mapping[Outing, SessionRecord]
) -> dict[Outing, int]:
    """The id of each outing's session: one a former import made, or a new one (inserted in
    bulk, then read back as a former import's)."""
    found = _imported_before(session, records)
    note = f"{IMPORTED} {translator(load_settings(session).language).gettext(NOTE)}"
    made = [
        _row(actor, clock, record, note)
        for outing, record in records.items()
        if outing not in found
    ]
    if made:
        session.execute(insert(_SESSIONS), made)
        found = _imported_before(session, records)
    return found


def _form(actor: Actor, outing: Outing, night: NightHours) -> SessionForm:
    starts, ends = (
        (night.starts, night.ends) if outing.shift is Shift.NIGHT else (night.ends, night.starts)
    )
    return SessionForm(
        day=outing.day.isoformat(),
        start=starts.strftime("%H:%M"),
        end=ends.strftime("%H:%M"),
        team=frozenset({actor.staff_id}),
        zone_id=outing.zone_id,
    )


def _zone_refusal(session: Session, record: SessionRecord) -> ValidationError | None:
    try:
        parts.check(session, record, kept=frozenset())
    except ValidationError as error:
        return error
    return None


def _imported_before(session: Session, outings: Collection[Outing]) -> dict[Outing, int]:
    if not outings:
        return {}
    days = [outing.day for outing in outings]
    rows = session.execute(
        select(
            OutreachSession.id, OutreachSession.day, OutreachSession.zone_id, OutreachSession.shift
        )
        .where(
            OutreachSession.kind == SessionKind.STREET.value,
            OutreachSession.day.between(min(days), max(days)),
            OutreachSession.note.startswith(IMPORTED, autoescape=True),
        )
        .order_by(OutreachSession.id)
    )
    found: dict[Outing, int] = {}
    for session_id, day, zone_id, shift in rows:
        if zone_id is not None:
            found.setdefault(Outing(day, zone_id, Shift(shift)), session_id)
    return {outing: found[outing] for outing in outings if outing in found}


def _row(actor: Actor, clock: Clock, record: SessionRecord, note: str) -> dict[str, object]:
    """The session's row as the desk stores one, without a team; who imported it recorded it."""
    return {
        "kind": SessionKind.STREET.value,
        "day": record.day,
        "starts_at": record.starts_at,
        "ends_at": record.ends_at,
        "shift": record.shift.value,
        "zone_id": record.zone_id,
        "volunteers": 0,
        "interview_requests": 0,
        "note": note,
        "created_by_id": actor.staff_id,
        "created_at": clock.now(),
        "revision": 1,
    }


_SESSIONS = table_of(OutreachSession)
