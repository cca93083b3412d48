"""The person's file: everything that happened with them, newest first, as this role may see it.

Each kind of record is shown whole to the roles that read it (reliability.md, "Roles"). A
consultation of a kind the role may not read, to a role of the care team (`CARE_SEEN`), is a
neutral line: its kind and day, not a word of it ("psychologist: others see that a session took
place"). Everything else a role may not read is left out, identification interviews included:
that one took place says too much. Referrals are read by the domain of the service they go to
(`clinic.care.referrals.REFERRAL_DOMAINS`): a referral to an HIV clinic tells a test result,
one to the anti-trafficking helpline what an interview found.

Opening the file is audited once (the person's id); filtering by kind and period is done on what
was read, with no second query and no second audit row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session, aliased

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.care.consultations import READ, open_needs
from clinic.care.lists import ListEntry, entries_by_id
from clinic.care.referrals import readable_by
from clinic.care.vocabulary import (
    ConsultationKind,
    FollowUpNeed,
    PathwayKind,
    PathwayStage,
    ReferralOutcome,
    ServiceKind,
    TestResult,
    Urgency,
)
from clinic.common.clock import Clock
from clinic.common.permissions import Actor, Permission, require
from clinic.desk.vocabulary import QueueState, VisitReason
from clinic.materials import catalogue
from clinic.materials.catalogue import Item
from clinic.outreach.vocabulary import SessionKind
from clinic.person_file.sessions_met import OutreachLine, sessions_met
from clinic.protection.pathways import pathways_of
from db.models.care import (
    Consultation,
    ConsultationAddendum,
    ConsultationItem,
    PartnerService,
    RapidTest,
    Referral,
)
from db.models.desk import Visit
from db.models.materials import Distribution, StockMovement
from db.models.staff import Staff
from db.models.vaccinations import Vaccination, VaccineProduct

EXCERPT = 300  # characters of a note shown in the file's line; the whole note when opened


class EntryType(StrEnum):
    """What the file can be filtered by."""

    VISIT = "visit"
    MEDICAL = "medical"
    SOCIAL = "social"
    PSYCHOLOGICAL = "psychological"
    IDENTIFICATION = "identification"
    TEST = "test"
    DOSE = "dose"
    REFERRAL = "referral"
    PATHWAY = "pathway"
    MATERIAL = "material"  # handed out (issue 13)
    STREET = "street"  # met in a street session (issue 14)
    GROUP = "group"  # took part in a group information session (issue 14)


@dataclass(frozen=True)
class VisitLine:
    reasons: tuple[VisitReason, ...]
    state: QueueState


@dataclass(frozen=True)
class ConsultationLine:
    duration_min: int | None
    mediator_language: str | None
    mediator: bool
    excerpt: str  # the note's start
    items: tuple[ListEntry, ...]
    addenda: int
    revision: int


@dataclass(frozen=True)
class TestLine:
    kind: ListEntry
    result: TestResult


@dataclass(frozen=True)
class DoseLine:
    vaccine_group: str
    product: str | None
    dose_number: int | None
    refused: bool


@dataclass(frozen=True)
class ReferralLine:
    service: str
    service_kind: ServiceKind
    urgency: Urgency
    outcome: ReferralOutcome | None
    outcome_on: dt.date | None


@dataclass(frozen=True)
class PathwayLine:
    pathway_id: int
    kind: PathwayKind
    stage: PathwayStage | None  # None: the pathway's closing
    closed: bool


@dataclass(frozen=True)
class MaterialLine:
    items: tuple[tuple[Item, int], ...]  # what was handed out, and how many of each
    overridden: bool  # past a limit or the stock, with a reason (kept in the audit trail)


Content = (
    VisitLine
    | ConsultationLine
    | TestLine
    | DoseLine
    | ReferralLine
    | PathwayLine
    | MaterialLine
    | OutreachLine
)


@dataclass(frozen=True)
class Entry:
    """One line of the file. `content` is None on a neutral line (kind and day only)."""

    type: EntryType
    day: dt.date  # in the clinic's time zone
    at: dt.datetime | None  # the instant, where there is one
    record_id: int
    author: str | None
    in_error: bool
    content: Content | None
    seq: int = 0  # orders the lines of one record on one day (a pathway's stages)

    @property
    def neutral(self) -> bool:
        return self.content is None


@dataclass(frozen=True)
class PersonFile:
    person_id: int
    entries: tuple[Entry, ...]  # newest first
    follow_ups: frozenset[FollowUpNeed] | None  # None: not this role's to see
    types: frozenset[EntryType]  # what this role's file can hold, for its filter

    def filtered(
        self,
        types: Iterable[EntryType] | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> tuple[Entry, ...]:
        wanted = self.types if types is None else frozenset(types)
        return tuple(
            entry
            for entry in self.entries
            if entry.type in wanted
            and (since is None or entry.day >= since)
            and (until is None or entry.day <= until)
        )


def open_person_file(session: Session, actor: Actor, clock: Clock, person_id: int) -> PersonFile:
    """The person's file for this actor, newest first (an audited view)."""
    require(session, actor, Permission.PERSON_READ)
    trail.record(session, actor, clock, Action.PERSON_FILE_VIEW, "person", person_id)
    entries: list[Entry] = []
    if actor.can(Permission.VISIT_READ):
        entries += _visits(session, clock, person_id)
    entries += _consultations(session, actor, clock, person_id)
    if actor.can(Permission.TEST_READ):
        entries += _tests(session, clock, person_id)
    if actor.can(Permission.VACCINATION_READ):
        entries += _doses(session, person_id)
    entries += _referrals(session, actor, person_id)
    if actor.can(Permission.PATHWAY_READ):
        entries += _pathways(session, person_id)
    if actor.can(Permission.HAND_OUT):
        entries += _material(session, actor, clock, person_id)
    entries += _sessions(session, actor, person_id)
    entries.sort(key=lambda e: (e.day, e.at or _end_of(e.day), e.record_id, e.seq), reverse=True)
    return PersonFile(
        person_id=person_id,
        entries=tuple(entries),
        follow_ups=open_needs(session, person_id) if actor.can(Permission.CARE_SEEN) else None,
        types=file_types(actor),
    )


def file_types(actor: Actor) -> frozenset[EntryType]:
    """The kinds of line this role's file can hold."""
    consults = {EntryType(kind) for kind in _readable(actor) | _neutral(actor)}
    others = {
        EntryType.VISIT: Permission.VISIT_READ,
        EntryType.TEST: Permission.TEST_READ,
        EntryType.DOSE: Permission.VACCINATION_READ,
        EntryType.REFERRAL: Permission.REFERRAL_READ,
        EntryType.PATHWAY: Permission.PATHWAY_READ,
        EntryType.MATERIAL: Permission.HAND_OUT,
    }
    met = {EntryType.STREET, EntryType.GROUP}  # every reader: see `sessions_met`
    allowed = {kind for kind, needed in others.items() if actor.can(needed)}
    return frozenset(consults | allowed | met)


def _readable(actor: Actor) -> set[str]:
    """The consultation kinds whose lines `actor` reads whole."""
    return {kind.value for kind in ConsultationKind if actor.can(READ[kind])}


def _neutral(actor: Actor) -> set[str]:
    """The kinds the care team sees as a neutral line: every kind but the interview, whose
    mere existence tells what it was about."""
    if not actor.can(Permission.CARE_SEEN):
        return set()
    return {k.value for k in ConsultationKind if k is not ConsultationKind.IDENTIFICATION}


def _end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.max, dt.UTC)


def _visits(session: Session, clock: Clock, person_id: int) -> list[Entry]:
    rows = session.execute(
        select(Visit.id, Visit.arrival_at, Visit.reasons, Visit.state).where(
            Visit.person_id == person_id
        )
    )
    return [
        Entry(
            EntryType.VISIT,
            clock.local(at).date(),
            at,
            visit_id,
            None,
            False,
            VisitLine(tuple(r for r in VisitReason if r in reasons), QueueState(state)),
        )
        for visit_id, at, reasons, state in rows
    ]


def _consultations(session: Session, actor: Actor, clock: Clock, person_id: int) -> list[Entry]:
    readable = _readable(actor)
    shown = readable | _neutral(actor)
    if not shown:
        return []
    # Only the columns a line shows, and only the start of a note its reader may read: a whole
    # note is up to 20,000 characters, read when the consultation is opened.
    c = Consultation
    excerpt = case(
        (c.kind.in_(readable or [""]), func.substr(c.note, 1, EXCERPT)), else_=literal("")
    )
    rows = session.execute(
        select(
            c.id,
            c.kind,
            c.written_at,
            c.duration_min,
            c.mediator,
            c.mediator_language,
            c.revision,
            c.entered_in_error,
            excerpt,
            Staff.display_name,
        )
        .join(Staff, Staff.id == c.author_id)
        .where(c.person_id == person_id, c.kind.in_(shown))
    ).all()
    opened = [row.id for row in rows if row.kind in readable]
    items, addenda = _items_and_addenda(session, opened)
    entries = []
    for row in rows:
        content = None
        if row.kind in readable:
            content = ConsultationLine(
                duration_min=row.duration_min,
                mediator_language=row.mediator_language,
                mediator=row.mediator,
                excerpt=row[8],
                items=tuple(items.get(row.id, ())),
                addenda=addenda.get(row.id, 0),
                revision=row.revision,
            )
        entries.append(
            Entry(
                EntryType(row.kind),
                clock.local(row.written_at).date(),
                row.written_at,
                row.id,
                row.display_name if content is not None else None,
                row.entered_in_error,
                content,
            )
        )
    return entries


def _items_and_addenda(
    session: Session, consultation_ids: list[int]
) -> tuple[dict[int, list[ListEntry]], dict[int, int]]:
    if not consultation_ids:
        return {}, {}
    pairs = session.execute(
        select(ConsultationItem.consultation_id, ConsultationItem.item_id).where(
            ConsultationItem.consultation_id.in_(consultation_ids)
        )
    ).all()
    entries = entries_by_id(session, {item for _c, item in pairs})
    items: dict[int, list[ListEntry]] = {}
    for consultation_id, item in sorted(pairs):
        items.setdefault(consultation_id, []).append(entries[item])
    addenda: dict[int, int] = {}
    for (consultation_id,) in session.execute(
        select(ConsultationAddendum.consultation_id).where(
            ConsultationAddendum.consultation_id.in_(consultation_ids)
        )
    ):
        addenda[consultation_id] = addenda.get(consultation_id, 0) + 1
    return items, addenda


def _tests(session: Session, clock: Clock, person_id: int) -> list[Entry]:
    rows = session.execute(
        select(RapidTest, Staff.display_name)
        .join(Staff, Staff.id == RapidTest.read_by_id)
        .where(RapidTest.person_id == person_id)
    ).all()
    kinds = entries_by_id(session, {row.kind_id for row, _name in rows})
    return [
        Entry(
            EntryType.TEST,
            clock.local(row.read_at).date(),
            row.read_at,
            row.id,
            name,
            row.entered_in_error,
            TestLine(kinds[row.kind_id], TestResult(row.result)),
        )
        for row, name in rows
    ]


def _doses(session: Session, person_id: int) -> list[Entry]:
    given_by = aliased(Staff)
    rows = session.execute(
        select(Vaccination, VaccineProduct.name, given_by.display_name)
        .outerjoin(VaccineProduct, VaccineProduct.id == Vaccination.product_id)
        .outerjoin(given_by, given_by.id == Vaccination.given_by_id)
        .where(Vaccination.person_id == person_id)
    ).all()
    return [
        Entry(
            EntryType.DOSE,
            row.given_on,
            None,
            row.id,
            name,
            row.entered_in_error,
            DoseLine(row.vaccine_group, product, row.dose_number, row.refused),
        )
        for row, product, name in rows
    ]


def _referrals(session: Session, actor: Actor, person_id: int) -> list[Entry]:
    if not actor.can(Permission.REFERRAL_READ):
        return []
    rows = session.execute(
        select(Referral, PartnerService.name, PartnerService.kind, Staff.display_name)
        .join(PartnerService, PartnerService.id == Referral.service_id)
        .join(Staff, Staff.id == Referral.author_id)
        .where(
            Referral.person_id == person_id,
            readable_by(actor),
        )
    ).all()
    return [
        Entry(
            EntryType.REFERRAL,
            row.referred_on,
            None,
            row.id,
            name,
            row.entered_in_error,
            ReferralLine(
                service,
                ServiceKind(kind),
                Urgency(row.urgency),
                ReferralOutcome(row.outcome) if row.outcome else None,
                row.outcome_on,
            ),
        )
        for row, service, kind, name in rows
    ]


def _pathways(session: Session, person_id: int) -> list[Entry]:
    entries = []
    for pathway in pathways_of(session, person_id):
        for number, step in enumerate(pathway.steps):
            line = PathwayLine(pathway.id, pathway.kind, step.stage, closed=False)
            entries.append(
                Entry(
                    EntryType.PATHWAY,
                    step.started_on,
                    None,
                    pathway.id,
                    step.recorded_by,
                    False,
                    line,
                    seq=number,
                )
            )
        if pathway.closed_on is not None:
            line = PathwayLine(pathway.id, pathway.kind, None, closed=True)
            entries.append(
                Entry(
                    EntryType.PATHWAY,
                    pathway.closed_on,
                    None,
                    pathway.id * 1000 + 999,
                    None,
                    False,
                    line,
                )
            )
    return entries


def _material(session: Session, actor: Actor, clock: Clock, person_id: int) -> list[Entry]:
    """Each hand-out with what it held: one read of the hand-outs and their movements."""
    rows = session.execute(
        select(
            Distribution.id,
            Distribution.at,
            Distribution.override_reason,
            Staff.display_name,
            StockMovement.item_id,
            func.sum(-StockMovement.quantity),
        )
        .join(Staff, Staff.id == Distribution.by_id)
        .join(StockMovement, StockMovement.distribution_id == Distribution.id)
        .where(Distribution.person_id == person_id)
        .group_by(
            Distribution.id,
            Distribution.at,
            Distribution.override_reason,
            Staff.display_name,
            StockMovement.item_id,
        )
    ).all()
    if not rows:
        return []
    known = {item.id: item for item in catalogue.items(session, actor, active_only=False)}
    handed: dict[int, list[tuple[Item, int]]] = {}
    first: dict[int, tuple[dt.datetime, str | None, str]] = {}
    for distribution_id, at, reason, name, item_id, quantity in rows:
        handed.setdefault(distribution_id, []).append((known[item_id], int(quantity)))
        first[distribution_id] = (at, reason, name)
    return [
        Entry(
            EntryType.MATERIAL,
            clock.local(at).date(),
            at,
            distribution_id,
            name,
            False,
            MaterialLine(
                tuple(sorted(handed[distribution_id], key=lambda pair: pair[0].id)),
                reason is not None,
            ),
        )
        for distribution_id, (at, reason, name) in first.items()
    ]


SESSION_TYPES = {SessionKind.STREET: EntryType.STREET, SessionKind.GROUP: EntryType.GROUP}


def _sessions(session: Session, actor: Actor, person_id: int) -> list[Entry]:
    """The sessions the person was met in; a neutral line for roles that do not read them."""
    return [
        Entry(
            SESSION_TYPES[met.kind],
            met.day,
            met.starts_at,
            met.session_id,
            met.recorded_by,
            False,
            met.line,
        )
        for met in sessions_met(session, actor, person_id)
    ]
