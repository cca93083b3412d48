"""What reception is told when it books must not depend on a person's vaccinations.

Reception may book slots (reliability.md: "appointment slots only") but may not learn medical
facts. A refusal given for one person and not for another, or worded differently, would tell
that one of them has an open vaccine series; trying days one by one would give its dates.
"""

from __future__ import annotations

import datetime as dt

import pytest

from clinic.common.errors import KnownError
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.staff.vocabulary import Role
from clinic.vaccinations.appointments import (
    Appointment,
    AppointmentForm,
    appointments_between,
    book_appointment,
    set_appointment_status,
)
from clinic.vaccinations.form import DoseForm
from clinic.vaccinations.records import record_dose
from clinic.vaccinations.status import FORECAST_GROUPS
from clinic.vaccinations.stock import LotForm, list_products, receive_lot
from clinic.vaccinations.vocabulary import AppointmentStatus
from db.models.vaccinations import VaccineForecast
from tests.conftest import NOW

IT = "it_IT"
CANCELLED = AppointmentStatus.CANCELLED
BOOKED_BY_NURSE = "08/04/2026"
DAYS = (
    "10/03/2026",  # today
    "12/03/2026",  # before the earliest day of a dose 2 given today's dose 1
    BOOKED_BY_NURSE,  # inside that window, and the day a nurse booked
    "15/09/2026",
    "01/12/2027",  # long after: past due for a series with a late date
    "09/03/2026",  # yesterday
    "01/12/2028",  # too far ahead
    "31/02/2026",  # no such day
)


@pytest.fixture
def nurse(actors):
    return actors[Role.NURSE]


def _register(database, reception, clock, alias: str, code: str) -> int:
    form = PersonForm(alias=alias, gender="woman", birth="03/11/1991")
    with database.write() as session:
        return register_person(
            session, reception, clock, validate_person(form, IT, NOW.date()), code
        ).id


def _vaccinate(database, nurse, clock, person_id: int) -> None:
    """Dose 1 of hepatitis B and of HPV today: two open series with stored forecasts."""
    with database.write() as session:
        products = list_products(session, nurse)
        for name in ("Engerix", "Gardasil"):
            product = next(p.id for p in products if p.name.startswith(name))
            lot = receive_lot(session, nurse, clock, LotForm(product, "L1", "31/12/2027", "5"), IT)
            form = DoseForm(product, "10/03/2026", lot_id=lot.id)
            record_dose(session, nurse, clock, person_id, form, IT)


def _nurse_books(database, nurse, clock, person_id: int, group: str) -> None:
    form = AppointmentForm(group, BOOKED_BY_NURSE)
    with database.write() as session:
        book_appointment(session, nurse, clock, person_id, form, IT, accept_outside_window=True)


def _what_reception_sees(database, reception, clock, person_id: int) -> list[object]:
    """Each booking attempt's answer as reception gets it: the slot booked, or the refusal.

    A slot booked is cancelled at once, so that every attempt meets the same bookings.
    """
    seen: list[object] = []
    for group in FORECAST_GROUPS:
        for day in DAYS:
            form = AppointmentForm(group, day, "10:00")
            try:
                with database.write() as session:
                    booked = book_appointment(session, reception, clock, person_id, form, IT)
                    set_appointment_status(
                        session, reception, clock, booked.id, booked.revision, CANCELLED
                    )
            except KnownError as refusal:
                seen.append(_refusal(refusal))
            else:
                seen.append(_slot(booked))
    return seen


def _refusal(refusal: KnownError) -> object:
    errors = getattr(refusal, "errors", ())
    details = [(e.code, e.field, dict(e.params)) for e in errors]
    return (type(refusal).__name__, refusal.code, refusal.field, dict(refusal.params), details)


def _slot(appointment: Appointment) -> object:
    return (
        appointment.vaccine_group,
        appointment.dose_number,
        appointment.day,
        appointment.time,
        appointment.status,
    )


def test_reception_gets_the_same_answers_for_a_person_with_and_without_vaccinations(
    database, nurse, reception, clock
):
    vaccinated = _register(database, reception, clock, "Ana", "NAOOA031119912")
    never = _register(database, reception, clock, "Bea", "EAOBE031119912")
    _vaccinate(database, nurse, clock, vaccinated)
    _nurse_books(database, nurse, clock, vaccinated, "HepB")
    _nurse_books(database, nurse, clock, never, "HepA")
    with database.read() as session:
        assert session.get(VaccineForecast, (vaccinated, "HepB")).earliest == dt.date(2026, 4, 7)
        assert session.get(VaccineForecast, (never, "HepB")) is None

    answers = _what_reception_sees(database, reception, clock, vaccinated)

    assert answers == _what_reception_sees(database, reception, clock, never)
    assert len(set(map(repr, answers))) > 3  # bookings and several kinds of refusal
    with database.read() as session:
        day = dt.date(2026, 4, 8)
        first, second = appointments_between(session, reception, day, day)
    assert {first.person_id, second.person_id} == {vaccinated, never}
    assert _slot(first) == _slot(second)  # the nurse's bookings: slots, no vaccine, no dose


def test_a_second_booking_the_same_day_is_refused_whatever_the_vaccine(
    database, nurse, reception, clock
):
    person = _register(database, reception, clock, "Ana", "NAOOA031119912")
    _nurse_books(database, nurse, clock, person, "HepB")
    with pytest.raises(KnownError) as refused, database.write() as session:
        book_appointment(
            session, reception, clock, person, AppointmentForm("HPV", BOOKED_BY_NURSE), IT
        )

    assert (refused.value.code, refused.value.field) == ("appointment_exists_that_day", "day")
