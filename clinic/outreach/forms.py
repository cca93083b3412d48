"""What a team types about a street or group session, and its validation into typed values.

Every field's problem is reported at once (`FieldErrors`), each on a field name the form can
mark: `day`, `start`, `end`, `team`, `volunteers`, `zone`, `settings`, `contact_<person id>`,
`tally_<row>_count` (and `_gender`, `_age_band`, `_region`, `_met_before`), `action_<action>`,
`item_<item id>`, `place`, `note`... What only the database can tell (a zone still offered, an
account still active, a person in the registry, what the place holds) is checked by
`clinic.outreach.sessions` when the session is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar

from clinic.care.form_fields import typed_day
from clinic.common.clock import Clock
from clinic.common.errors import ErrorCode, FieldErrors
from clinic.common.text import clean_note, whole_number
from clinic.outreach.vocabulary import (
    Action,
    MetBefore,
    Region,
    SessionKind,
    Setting,
    Shift,
    StaffPart,
)
from clinic.outreach.words import TALLY_GENDERS
from clinic.registry.vocabulary import language_codes
from clinic.settings.configuration import clock_time
from db.models.care import NOTE_LIMIT
from db.vocabulary.materials import AgeBand
from db.vocabulary.registry import Gender

MAX_COUNT = 1_000  # people in one tally row, or given one action, in one session
MAX_VOLUNTEERS = 100
MAX_QUANTITY = 10_000  # of one item, as a hand-out


def _empty() -> Mapping[int, str]:
    return MappingProxyType({})


@dataclass(frozen=True)
class TallyRow:
    """People counted together: a street session's anonymous contacts, or a group's
    participants not linked to a code (no age band, no "met before" on a group's form)."""

    count: str = ""
    gender: str = Gender.NOT_STATED.value  # "not known" on these forms
    age_band: str = AgeBand.UNKNOWN.value
    region: str = Region.UNKNOWN.value
    met_before: str = MetBefore.NOT_KNOWN.value


@dataclass(frozen=True)
class SessionForm:
    """A street session as typed from the screen or the paper sheet."""

    day: str = ""  # left empty: today
    start: str = ""  # HH:MM
    end: str = ""  # HH:MM; before the start: after midnight
    team: frozenset[int] = frozenset()  # staff ids
    volunteers: str = "0"
    zone_id: int | None = None
    settings: frozenset[str] = frozenset()
    contacts: Mapping[int, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    tallies: tuple[TallyRow, ...] = ()
    actions: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    material: Mapping[int, str] = field(default_factory=_empty)  # item id: quantity
    place_id: int | None = None  # where the material came from
    note: str = ""  # without names


@dataclass(frozen=True)
class GroupForm:
    """A group information session as typed."""

    day: str = ""
    start: str = ""
    end: str = ""
    venue_id: int | None = None
    languages: frozenset[str] = frozenset()
    mediators: frozenset[int] = frozenset()
    facilitators: frozenset[int] = frozenset()
    topics: frozenset[int] = frozenset()
    tallies: tuple[TallyRow, ...] = ()  # gender and region; or one row with the total only
    linked: Mapping[int, bool] = field(default_factory=lambda: MappingProxyType({}))  # asked?
    interview_requests: str = "0"
    material: Mapping[int, str] = field(default_factory=_empty)
    place_id: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Tally:
    gender: Gender
    age_band: AgeBand
    region: Region
    met_before: MetBefore
    count: int


@dataclass(frozen=True)
class Contact:
    actions: frozenset[Action]
    asked_interview: bool = False


@dataclass(frozen=True)
class SessionRecord:
    """A checked session of either kind, as `clinic.outreach.sessions` stores it."""

    kind: SessionKind
    day: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    shift: Shift
    staff: frozenset[tuple[int, StaffPart]]
    volunteers: int
    zone_id: int | None
    venue_id: int | None
    settings: frozenset[Setting]
    languages: frozenset[str]
    topics: frozenset[int]
    contacts: Mapping[int, Contact]  # person id
    tallies: tuple[Tally, ...]
    actions: Mapping[Action, int]
    material: Mapping[int, int]
    place_id: int | None
    interview_requests: int
    note: str

    @property
    def anonymous(self) -> int:
        return sum(tally.count for tally in self.tallies)


@dataclass(frozen=True)
class NightHours:
    starts: dt.time  # night_from
    ends: dt.time  # night_until


def shift_of(start: dt.time, night: NightHours) -> Shift:
    """Night when the session starts in the night hours: at or after `night.starts`, or before
    `night.ends` (the hours run past midnight when the first is the later one, as 20:00-06:00).

    The start decides, not the share of the session in the night: a team that sets out at
    19:30 and comes back at 01:00 did a day outing that ran late, as the paper sheet dates it.
    """
    if night.starts > night.ends:
        return Shift.NIGHT if start >= night.starts or start < night.ends else Shift.DAY
    return Shift.NIGHT if night.starts <= start < night.ends else Shift.DAY


def validate_street(
    form: SessionForm, clock: Clock, locale: str, night: NightHours
) -> SessionRecord:
    errors = FieldErrors()
    when = _times(errors, form.day, form.start, form.end, clock, locale, night)
    if not form.team:
        errors.add(ErrorCode.REQUIRED, "team")
    if form.zone_id is None:
        errors.add(ErrorCode.REQUIRED, "zone")
    volunteers = _count(errors, form.volunteers, "volunteers", MAX_VOLUNTEERS, minimum=0)
    settings = _choices(errors, form.settings, Setting, "settings")
    contacts = {
        person: Contact(_choices(errors, actions, Action, f"contact_{person}"))
        for person, actions in form.contacts.items()
    }
    tallies = _tallies(errors, form.tallies, group=False)
    actions = _actions(errors, form.actions, sum(t.count for t in tallies))
    material = _material(errors, form.material, form.place_id)
    note = _note(errors, form.note)
    errors.raise_if_any()
    assert when is not None
    return SessionRecord(
        kind=SessionKind.STREET,
        day=when.day,
        starts_at=when.starts_at,
        ends_at=when.ends_at,
        shift=when.shift,
        staff=frozenset((staff, StaffPart.TEAM) for staff in form.team),
        volunteers=volunteers,
        zone_id=form.zone_id,
        venue_id=None,
        settings=settings,
        languages=frozenset(),
        topics=frozenset(),
        contacts=contacts,
        tallies=tallies,
        actions=actions,
        material=material,
        place_id=form.place_id if material else None,
        interview_requests=0,
        note=note,
    )


def validate_group(form: GroupForm, clock: Clock, locale: str, night: NightHours) -> SessionRecord:
    errors = FieldErrors()
    when = _times(errors, form.day, form.start, form.end, clock, locale, night)
    if form.venue_id is None:
        errors.add(ErrorCode.REQUIRED, "venue")
    if not form.facilitators and not form.mediators:
        errors.add(ErrorCode.REQUIRED, "facilitators")
    languages = frozenset(code.strip().lower() for code in form.languages)
    if languages - set(language_codes()):
        errors.add(ErrorCode.UNKNOWN_LANGUAGE, "languages")
    tallies = _tallies(errors, form.tallies, group=True)
    asked = sum(form.linked.values())
    requests = _count(errors, form.interview_requests, "interview_requests", MAX_COUNT, asked)
    material = _material(errors, form.material, form.place_id)
    note = _note(errors, form.note)
    errors.raise_if_any()
    assert when is not None
    staff = {(s, StaffPart.FACILITATOR) for s in form.facilitators}
    staff |= {(s, StaffPart.MEDIATOR) for s in form.mediators}
    return SessionRecord(
        kind=SessionKind.GROUP,
        day=when.day,
        starts_at=when.starts_at,
        ends_at=when.ends_at,
        shift=when.shift,
        staff=frozenset(staff),
        volunteers=0,
        zone_id=None,
        venue_id=form.venue_id,
        settings=frozenset(),
        languages=languages,
        topics=frozenset(form.topics),
        contacts={p: Contact(frozenset(), asked) for p, asked in form.linked.items()},
        tallies=tallies,
        actions={},
        material=material,
        place_id=form.place_id if material else None,
        interview_requests=requests,
        note=note,
    )


@dataclass(frozen=True)
class _When:
    day: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    shift: Shift


def _times(
    errors: FieldErrors,
    day_text: str,
    start_text: str,
    end_text: str,
    clock: Clock,
    locale: str,
    night: NightHours,
) -> _When | None:
    """The day, the instants the session started and ended (an end before the start is on the
    next day) and its shift; None with the errors kept. A session is recorded once it has
    started: a start later than now is refused."""
    day = typed_day(errors, day_text, "day", locale, clock.today())
    start, end = clock_time(start_text), clock_time(end_text)
    if start is None:
        errors.add(ErrorCode.SESSION_TIME, "start")
    if end is None:
        errors.add(ErrorCode.SESSION_TIME, "end")
    elif end == start:
        errors.add(ErrorCode.SESSION_NO_LENGTH, "end")
    if day is None or start is None or end is None or end == start:
        return None
    end_day = day + dt.timedelta(days=1) if end < start else day
    starts = dt.datetime.combine(day, start, clock.zone).astimezone(dt.UTC)
    if starts > clock.now():  # most often a night out typed the next morning with its date
        errors.add(ErrorCode.SESSION_NOT_STARTED, "day")
        return None
    ends = dt.datetime.combine(end_day, end, clock.zone).astimezone(dt.UTC)
    return _When(day, starts, ends, shift_of(start, night))


def _count(errors: FieldErrors, text: str, name: str, maximum: int, minimum: int = 0) -> int:
    text = text.strip() or "0"
    if not whole_number(text) or not minimum <= int(text) <= maximum:
        errors.add(ErrorCode.COUNT_RANGE, name, min=minimum, max=maximum)
        return minimum
    return int(text)


Choice = TypeVar("Choice", Action, Setting)


def _choices(
    errors: FieldErrors, values: frozenset[str], vocabulary: type[Choice], name: str
) -> frozenset[Choice]:
    chosen = set()
    for value in values:
        try:
            chosen.add(vocabulary(value))
        except ValueError:
            errors.add(ErrorCode.UNKNOWN_CHOICE, name)
    return frozenset(chosen)


_TALLY_GENDER_VALUES = frozenset(gender.value for gender in TALLY_GENDERS)


def _tallies(errors: FieldErrors, rows: tuple[TallyRow, ...], *, group: bool) -> tuple[Tally, ...]:
    """The rows with a count (a row left blank is an unused line of the form). A group's rows
    carry no age band and no "met before": those are left as not known."""
    tallies = []
    for n, row in enumerate(rows):
        text = row.count.strip()
        if not text or text == "0":
            continue
        before = len(errors.items)
        count = _count(errors, text, f"tally_{n}_count", MAX_COUNT, minimum=1)
        if row.gender not in _TALLY_GENDER_VALUES:  # "other" is no line of the sheet
            errors.add(ErrorCode.UNKNOWN_CHOICE, f"tally_{n}_gender")
        values = []
        for name, vocabulary, value in (
            ("age_band", AgeBand, AgeBand.UNKNOWN.value if group else row.age_band),
            ("region", Region, row.region),
            ("met_before", MetBefore, MetBefore.NOT_KNOWN.value if group else row.met_before),
        ):
            try:
                values.append(vocabulary(value))
            except ValueError:
                errors.add(ErrorCode.UNKNOWN_CHOICE, f"tally_{n}_{name}")
        if len(errors.items) == before:  # a row in error counts no one
            band, region, met = values
            tallies.append(
                Tally(Gender(row.gender), AgeBand(band), Region(region), MetBefore(met), count)
            )
    return tuple(tallies)


def _actions(errors: FieldErrors, typed: Mapping[str, str], anonymous: int) -> dict[Action, int]:
    """How many anonymous contacts each action was done with: at most all of them."""
    counted: dict[Action, int] = {}
    for name, text in typed.items():
        try:
            action = Action(name)
        except ValueError:
            errors.add(ErrorCode.UNKNOWN_CHOICE, f"action_{name}")
            continue
        count = _count(errors, text, f"action_{name}", max(anonymous, 0))
        if count:
            counted[action] = count
    return counted


def _material(
    errors: FieldErrors, typed: Mapping[int, str], place_id: int | None
) -> dict[int, int]:
    wanted: dict[int, int] = {}
    for item_id, text in typed.items():
        text = text.strip()
        if not text or text == "0":
            continue
        if not whole_number(text) or int(text) > MAX_QUANTITY:
            errors.add(ErrorCode.QUANTITY_RANGE, f"item_{item_id}", max=MAX_QUANTITY)
        else:
            wanted[item_id] = int(text)
    if wanted and place_id is None:
        errors.add(ErrorCode.REQUIRED, "place")
    return wanted


def _note(errors: FieldErrors, text: str) -> str:
    note, error = clean_note(text, "note", max_length=NOTE_LIMIT)
    errors.keep(note, error)
    return note
