"""Recording doses, refusals and corrections, and a person's vaccination file.

A dose is never deleted: a wrong record is marked "entered in error" and stays visible, struck
through. Each change rewrites the person's stored forecasts (`clinic.vaccinations.forecasts`) in the
same transaction, so the clinic worklist never shows a dose that was not (or was) given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session, aliased

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.common.clock import Clock
from clinic.common.errors import ConflictError, ErrorCode, NotFoundError, ValidationError
from clinic.common.permissions import Actor, Permission, require
from clinic.materials import ledger
from clinic.materials.places import dispensary_id
from clinic.registry.vocabulary import PersonStatus
from clinic.settings.configuration import load_settings
from clinic.vaccinations import forecasts
from clinic.vaccinations.form import (
    DoseForm,
    DoseRecord,
    RefusalForm,
    validate_dose,
    validate_refusal,
)
from clinic.vaccinations.status import GroupStatus, Verdict, groups_of
from clinic.vaccinations.vocabulary import AppointmentStatus, ForecastStatus, VaccineSchedule
from db.models.materials import StockItem, StockLot
from db.models.registry import Person
from db.models.staff import Staff
from db.models.vaccinations import Vaccination, VaccineAppointment, VaccineProduct
from db.vocabulary.materials import MovementKind


@dataclass(frozen=True)
class DoseRow:
    """One line of a person's history: a dose given, or a refusal."""

    id: int
    given_on: dt.date
    vaccine_group: str
    product_id: int | None
    product: str | None
    cvx: str | None
    dose_number: int | None
    lot_number: str | None
    lot_expiry: dt.date | None
    amount: str | None
    unit: str | None
    route: str | None
    site: str | None
    schedule: VaccineSchedule
    given_elsewhere: bool
    given_by: str | None
    leaflet_on: dt.date | None
    refused: bool
    refusal_reason: str | None
    entered_in_error: bool
    verdict: Verdict | None  # the engine's evaluation; None for refusals and errors


@dataclass(frozen=True)
class PersonVaccinations:
    person_id: int
    code: str
    doses: tuple[DoseRow, ...]  # newest first
    groups: tuple[GroupStatus, ...]
    profile: str
    birth_year_only: bool

    def next_dose_numbers(self) -> dict[str, int]:
        """The dose each forecast group is at: 1 for a series not started yet."""
        return {
            g.vaccine_group: g.dose_number if g.started and g.dose_number else 1
            for g in self.groups
            if g.status is ForecastStatus.NOT_COMPLETE
        }

    def continuing(self, group: str | None = None) -> DoseRow | None:
        """The last dose of a series still open (of `group`, if given): the next dose is usually
        the same product, on the same schedule."""
        open_groups = {
            g.vaccine_group
            for g in self.groups
            if g.status is ForecastStatus.NOT_COMPLETE and g.started
        }
        if group is not None:
            open_groups &= {group}
        return next(
            (
                d
                for d in self.doses
                if d.cvx
                and not d.refused
                and not d.entered_in_error
                and groups_of(d.cvx) & open_groups
            ),
            None,
        )


def person_vaccinations(
    session: Session, actor: Actor, clock: Clock, person_id: int
) -> PersonVaccinations:
    """The person's doses with their evaluation and each group's next dose (an audited view)."""
    require(session, actor, Permission.VACCINATION_READ)
    person = _person(session, person_id)
    trail.record(session, actor, clock, Action.VACCINATION_VIEW, "person", person_id)
    return _file(session, person, clock.today())


def load_file(session: Session, person_id: int, today: dt.date) -> PersonVaccinations:
    """The file without a permission check or audit row: for use cases that do both."""
    return _file(session, _person(session, person_id), today)


def record_dose(
    session: Session, actor: Actor, clock: Clock, person_id: int, form: DoseForm, locale: str
) -> PersonVaccinations:
    """Record a dose; one given here takes a dose out of its lot, which must not be expired."""
    require(session, actor, Permission.VACCINATION_WRITE)
    today = clock.today()
    record = validate_dose(form, locale, today)
    person = _active(session, person_id)
    product = session.get(VaccineProduct, record.product_id)
    if product is None or not product.active:
        raise ValidationError.single(ErrorCode.UNKNOWN_CHOICE, "product")
    _check_dose(session, person, product, record)
    lot = _take_from_lot(session, product, record) if not record.given_elsewhere else None
    row = Vaccination(
        person_id=person.id,
        vaccine_group=product.vaccine_group,
        product_id=product.id,
        lot_id=lot.id if lot else None,
        lot_number=lot.lot_number if lot else record.lot_number,
        lot_expiry=lot.expiry if lot else record.lot_expiry,
        dose_number=record.dose_number,
        given_on=record.given_on,
        amount=None if record.amount is None else str(record.amount),
        unit=None if record.unit is None else record.unit.value,
        route=None if record.route is None else record.route.value,
        site=None if record.site is None else record.site.value,
        schedule=record.schedule.value,
        given_elsewhere=record.given_elsewhere,
        given_by_id=None if record.given_elsewhere else actor.staff_id,
        leaflet_on=record.leaflet_on,
        recorded_at=clock.now(),
        recorded_by_id=actor.staff_id,
    )
    _attended(session, person.id, groups_of(product.cvx) or {product.vaccine_group}, record)
    if lot is not None:  # the dose leaves the fridge with its record
        session.add(row)
        session.flush()
        _dose_movement(session, actor, clock, lot, row.id, -1)
    return _save(session, actor, clock, person, row, Action.VACCINATION_CREATE)


def _attended(
    session: Session, person_id: int, groups: set[str] | frozenset[str], record: DoseRecord
) -> None:
    """The appointment for this dose is kept: reception no longer expects the person."""
    session.execute(
        update(VaccineAppointment)
        .where(
            VaccineAppointment.person_id == person_id,
            VaccineAppointment.vaccine_group.in_(groups),
            VaccineAppointment.day == record.given_on,
            VaccineAppointment.status == AppointmentStatus.BOOKED.value,
        )
        .values(status=AppointmentStatus.ATTENDED.value, revision=VaccineAppointment.revision + 1)
    )


def record_refusal(
    session: Session, actor: Actor, clock: Clock, person_id: int, form: RefusalForm, locale: str
) -> PersonVaccinations:
    require(session, actor, Permission.VACCINATION_WRITE)
    record = validate_refusal(form, locale, clock.today())
    person = _active(session, person_id)
    groups = set(session.scalars(select(VaccineProduct.vaccine_group).distinct()))
    if record.vaccine_group not in groups:
        raise ValidationError.single(ErrorCode.UNKNOWN_CHOICE, "vaccine_group")
    row = Vaccination(
        person_id=person.id,
        vaccine_group=record.vaccine_group,
        given_on=record.refused_on,
        refused=True,
        refusal_reason=record.reason.value,
        recorded_at=clock.now(),
        recorded_by_id=actor.staff_id,
    )
    return _save(session, actor, clock, person, row, Action.VACCINATION_CREATE)


def mark_entered_in_error(
    session: Session, actor: Actor, clock: Clock, vaccination_id: int, *, restock: bool = False
) -> PersonVaccinations:
    """Strike a wrong record out (it stays visible); `restock` puts its dose back in its lot."""
    require(session, actor, Permission.VACCINATION_WRITE)
    row = session.get(Vaccination, vaccination_id)
    if row is None:
        raise NotFoundError(ErrorCode.VACCINATION_NOT_FOUND)
    if row.entered_in_error:
        raise ConflictError(ErrorCode.ALREADY_ENTERED_IN_ERROR)
    person = _person(session, row.person_id)
    row.entered_in_error = True
    row.corrected_at, row.corrected_by_id = clock.now(), actor.staff_id
    if restock and row.lot_id is not None:
        lot = session.get(StockLot, row.lot_id)
        assert lot is not None
        _dose_movement(session, actor, clock, lot, row.id, +1)
    trail.record(
        session,
        actor,
        clock,
        Action.VACCINATION_CORRECT,
        "vaccination",
        row.id,
        ["entered_in_error"],
    )
    return _refreshed_file(session, person, clock.today())


def _save(
    session: Session, actor: Actor, clock: Clock, person: Person, row: Vaccination, action: Action
) -> PersonVaccinations:
    session.add(row)
    session.flush()
    trail.record(session, actor, clock, action, "vaccination", row.id)
    return _refreshed_file(session, person, clock.today())


def _refreshed_file(session: Session, person: Person, today: dt.date) -> PersonVaccinations:
    """After a change: the stored forecasts rewritten, and the file shown from the same run."""
    profile = _profile(session)
    statuses = forecasts.refresh_person(session, person, today, profile)
    return _file(session, person, today, profile, statuses)


def _profile(session: Session) -> str:
    return load_settings(session).vaccine_profile


def _check_dose(
    session: Session, person: Person, product: VaccineProduct, record: DoseRecord
) -> None:
    """vaccines.md's guards: not before birth, not the same vaccine twice on the same day."""
    birth = person.birth_date or (dt.date(person.birth_year, 1, 1) if person.birth_year else None)
    if birth is not None and record.given_on < birth:
        raise ValidationError.single(ErrorCode.DOSE_BEFORE_BIRTH, "given_on")
    same_day = session.scalars(
        select(VaccineProduct.cvx)
        .join(Vaccination, Vaccination.product_id == VaccineProduct.id)
        .where(
            Vaccination.person_id == person.id,
            Vaccination.given_on == record.given_on,
            ~Vaccination.entered_in_error,
            ~Vaccination.refused,
        )
    ).all()
    wanted = groups_of(product.cvx)
    for cvx in same_day:
        if cvx == product.cvx or groups_of(cvx) & wanted:
            raise ConflictError(ErrorCode.DOSE_SAME_DAY, "given_on")


def _take_from_lot(session: Session, product: VaccineProduct, record: DoseRecord) -> StockLot:
    """The lot the dose comes from: of this product, not expired that day, a dose left in the
    fridge (its balance locked until the dose is saved: two nurses cannot take the last one)."""
    lot = session.get(StockLot, record.lot_id) if record.lot_id is not None else None
    item = session.get(StockItem, lot.item_id) if lot is not None else None
    if lot is None or item is None or item.vaccine_product_id != product.id:
        raise ValidationError.single(ErrorCode.LOT_REQUIRED, "lot")
    if lot.expiry is not None and lot.expiry < record.given_on:
        raise ValidationError.single(ErrorCode.LOT_EXPIRED, "lot", expiry=lot.expiry)
    if ledger.locked_balance(session, dispensary_id(session), lot.item_id, lot.id) <= 0:
        raise ValidationError.single(ErrorCode.LOT_EMPTY, "lot")
    return lot


def _dose_movement(
    session: Session, actor: Actor, clock: Clock, lot: StockLot, vaccination_id: int, doses: int
) -> None:
    """A dose out of the fridge (-1), or put back (+1) when its record was entered in error."""
    change = ledger.Change(
        MovementKind.DOSE,
        dispensary_id(session),
        lot.item_id,
        doses,
        lot_id=lot.id,
        vaccination_id=vaccination_id,
    )
    ledger.add(session, actor, clock, change)


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None or person.status == PersonStatus.ERASED:
        raise NotFoundError(ErrorCode.PERSON_NOT_FOUND, "person", person_id=person_id)
    return person


def _active(session: Session, person_id: int) -> Person:
    person = _person(session, person_id)
    if person.status != PersonStatus.ACTIVE.value:
        raise ConflictError(ErrorCode.PERSON_MERGED, person_id=person_id)
    return person


def _file(
    session: Session,
    person: Person,
    today: dt.date,
    profile: str | None = None,
    statuses: tuple[GroupStatus, ...] | None = None,
) -> PersonVaccinations:
    profile = profile or _profile(session)
    if statuses is None:
        statuses = forecasts.person_statuses(session, person, today, profile)
    verdicts: dict[int, Verdict] = {}
    for status in statuses:
        for key, verdict in status.verdicts.items():
            # A Twinrix dose is judged for HepA and for HepB: it counts if either series took it.
            if key not in verdicts or verdict.valid:
                verdicts[key] = verdict
    return PersonVaccinations(
        person_id=person.id,
        code=person.code,
        doses=tuple(_rows(session, person.id, verdicts)),
        groups=statuses,
        profile=profile,
        birth_year_only=person.birth_date is None and person.birth_year is not None,
    )


def _rows(session: Session, person_id: int, verdicts: dict[int, Verdict]) -> list[DoseRow]:
    giver = aliased(Staff)
    rows = session.execute(
        select(Vaccination, VaccineProduct.name, VaccineProduct.cvx, giver.display_name)
        .outerjoin(VaccineProduct, Vaccination.product_id == VaccineProduct.id)
        .outerjoin(giver, Vaccination.given_by_id == giver.id)
        .where(Vaccination.person_id == person_id)
        .order_by(Vaccination.given_on.desc(), Vaccination.id.desc())
    )
    return [
        DoseRow(
            id=v.id,
            given_on=v.given_on,
            vaccine_group=v.vaccine_group,
            product_id=v.product_id,
            product=name,
            cvx=cvx,
            dose_number=v.dose_number,
            lot_number=v.lot_number,
            lot_expiry=v.lot_expiry,
            amount=v.amount,
            unit=v.unit,
            route=v.route,
            site=v.site,
            schedule=VaccineSchedule(v.schedule),
            given_elsewhere=v.given_elsewhere,
            given_by=giver_name,
            leaflet_on=v.leaflet_on,
            refused=v.refused,
            refusal_reason=v.refusal_reason,
            entered_in_error=v.entered_in_error,
            verdict=verdicts.get(v.id),
        )
        for v, name, cvx, giver_name in rows
    ]
