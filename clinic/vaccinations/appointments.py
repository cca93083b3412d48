"""Appointments for the next dose: booked inside the dose's window, listed by day and week.

A day outside the window (before the earliest date, or once the dose is past due) is allowed,
because people come when they can, but only after the nurse booking has seen a warning
(`accept_outside_window`). Lists show codes only: reception sees who is expected, not why.

Reception books slots without medical knowledge, and nothing it is told may depend on a
person's vaccinations: it gets no window warning (a warning given for one person and not for
another would reveal an open series, and trying days one by one would reveal its dates), and a
second booking on a day is refused whatever the vaccine (a refusal for the same vaccine only
would reveal which vaccine a nurse booked).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.common.clock import Clock
from clinic.common.dates import parse_date
from clinic.common.errors import (
    ConflictError,
    ErrorCode,
    FieldError,
    NotFoundError,
    ValidationError,
)
from clinic.common.permissions import Actor, Permission, require
from clinic.registry.vocabulary import PersonStatus
from clinic.vaccinations.status import FORECAST_GROUPS
from clinic.vaccinations.vocabulary import AppointmentStatus
from db.models.registry import Person
from db.models.vaccinations import VaccineAppointment, VaccineForecast

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.h]([0-5]\d)$")
MAX_DAYS_AHEAD = 2 * 366


@dataclass(frozen=True)
class AppointmentForm:
    vaccine_group: str = ""
    day: str = ""
    time: str = ""  # optional, "HH:MM"


@dataclass(frozen=True)
class Appointment:
    id: int
    person_id: int
    code: str
    vaccine_group: str
    dose_number: int | None
    day: dt.date
    time: str | None
    status: AppointmentStatus
    revision: int


def book_appointment(
    session: Session,
    actor: Actor,
    clock: Clock,
    person_id: int,
    form: AppointmentForm,
    locale: str,
    *,
    accept_outside_window: bool = False,
) -> Appointment:
    """Book a day for the person's next dose of a group; see the module for the window rule."""
    require(session, actor, Permission.APPOINTMENT_BOOK)
    group, day, time = _validate(form, locale, clock.today())
    person = session.get(Person, person_id)
    if person is None or person.status != PersonStatus.ACTIVE.value:
        raise NotFoundError(ErrorCode.PERSON_NOT_FOUND, "person", person_id=person_id)
    forecast = session.get(VaccineForecast, (person_id, group))
    if actor.can(Permission.VACCINATION_READ):
        if not accept_outside_window:
            _check_window(forecast, day)
        if _already_booked(session, person_id, day, group):
            raise ConflictError(ErrorCode.APPOINTMENT_EXISTS, "day")
    elif _already_booked(session, person_id, day):
        raise ConflictError(ErrorCode.APPOINTMENT_EXISTS_THAT_DAY, "day")
    row = VaccineAppointment(
        person_id=person_id,
        vaccine_group=group,
        dose_number=forecast.dose_number if forecast else None,
        day=day,
        time=time,
        status=AppointmentStatus.BOOKED.value,
        created_at=clock.now(),
        created_by_id=actor.staff_id,
    )
    session.add(row)
    session.flush()
    trail.record(session, actor, clock, Action.APPOINTMENT_CREATE, "appointment", row.id)
    return _shown_to(actor, _appointment(row, person.code))


def _validate(
    form: AppointmentForm, locale: str, today: dt.date
) -> tuple[str, dt.date, str | None]:
    errors: list[FieldError] = []
    if form.vaccine_group not in FORECAST_GROUPS:
        errors.append(FieldError(ErrorCode.UNKNOWN_CHOICE, "vaccine_group"))
    day, error = parse_date(form.day, "day", locale)
    if error is not None or day is None:
        errors.append(error or FieldError(ErrorCode.REQUIRED, "day"))
    elif day < today:
        errors.append(FieldError(ErrorCode.APPOINTMENT_IN_PAST, "day"))
    elif (day - today).days > MAX_DAYS_AHEAD:
        errors.append(FieldError(ErrorCode.APPOINTMENT_TOO_FAR, "day"))
    time = _time(form.time)
    if time is None and form.time.strip():
        errors.append(FieldError(ErrorCode.TIME_FORMAT, "time"))
    if errors:
        raise ValidationError(errors)
    assert day is not None
    return form.vaccine_group, day, time


def _time(text: str) -> str | None:
    match = _TIME.match(text.strip())
    return f"{int(match[1]):02d}:{match[2]}" if match else None


def _check_window(forecast: VaccineForecast | None, day: dt.date) -> None:
    """A nurse is warned, with the window's dates, before booking a day outside it."""
    if forecast is None or forecast.earliest is None:
        return
    early = day < forecast.earliest
    late = forecast.past_due is not None and day >= forecast.past_due
    if early or late:
        raise ConflictError(
            ErrorCode.APPOINTMENT_OUTSIDE_WINDOW,
            "day",
            earliest=forecast.earliest,
            past_due=forecast.past_due or "—",
        )


def _already_booked(
    session: Session, person_id: int, day: dt.date, group: str | None = None
) -> bool:
    """A booked appointment that day: of `group`, or of any vaccine when `group` is None."""
    query = select(VaccineAppointment.id).where(
        VaccineAppointment.person_id == person_id,
        VaccineAppointment.day == day,
        VaccineAppointment.status == AppointmentStatus.BOOKED.value,
    )
    if group is not None:
        query = query.where(VaccineAppointment.vaccine_group == group)
    return session.scalar(query.limit(1)) is not None


def appointments_between(
    session: Session, actor: Actor, first: dt.date, last: dt.date
) -> list[Appointment]:
    """Every appointment from `first` to `last` inclusive (a day or a week), by day and time."""
    require(session, actor, Permission.APPOINTMENT_READ)
    rows = session.execute(
        select(VaccineAppointment, Person.code)
        .join(Person, Person.id == VaccineAppointment.person_id)
        .where(VaccineAppointment.day >= first, VaccineAppointment.day <= last)
        .order_by(VaccineAppointment.day, VaccineAppointment.time, Person.code)
    )
    return [_shown_to(actor, _appointment(row, code)) for row, code in rows]


def _shown_to(actor: Actor, appointment: Appointment) -> Appointment:
    """Reception sees the slot and the code, not which vaccine (reliability.md: slots only)."""
    if actor.can(Permission.VACCINATION_READ):
        return appointment
    return replace(appointment, vaccine_group="", dose_number=None)


def expected_today(session: Session, actor: Actor, clock: Clock) -> list[Appointment]:
    """Who is expected today and has not been seen yet: what the reception desk watches for."""
    today = clock.today()
    return [
        a
        for a in appointments_between(session, actor, today, today)
        if a.status == AppointmentStatus.BOOKED
    ]


def set_appointment_status(
    session: Session,
    actor: Actor,
    clock: Clock,
    appointment_id: int,
    revision: int,
    status: AppointmentStatus,
) -> Appointment:
    """Cancel an appointment, or note that the person came or did not."""
    require(session, actor, Permission.APPOINTMENT_BOOK)
    row = session.get(VaccineAppointment, appointment_id)
    if row is None:
        raise NotFoundError(ErrorCode.APPOINTMENT_NOT_FOUND)
    if row.revision != revision:
        raise ConflictError(ErrorCode.CHANGED_MEANWHILE)
    row.status = status.value
    try:
        session.flush()
    except StaleDataError:
        raise ConflictError(ErrorCode.CHANGED_MEANWHILE) from None
    trail.record(
        session, actor, clock, Action.APPOINTMENT_UPDATE, "appointment", row.id, ["status"]
    )
    code = session.scalar(select(Person.code).where(Person.id == row.person_id)) or ""
    return _shown_to(actor, _appointment(row, code))


def _appointment(row: VaccineAppointment, code: str) -> Appointment:
    return Appointment(
        id=row.id,
        person_id=row.person_id,
        code=code,
        vaccine_group=row.vaccine_group,
        dose_number=row.dose_number,
        day=row.day,
        time=row.time,
        status=AppointmentStatus(row.status),
        revision=row.revision,
    )
