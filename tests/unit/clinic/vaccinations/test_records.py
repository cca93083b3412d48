"""Recording doses, refusals and corrections, stock, the worklist, appointments and the card:
what a nurse relies on, checked against the database."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from clinic.common.clock import Clock
from clinic.common.errors import ConflictError, ValidationError
from clinic.person_file.editing import edit_person
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.settings.configuration import load_settings, save_settings, store_settings
from clinic.staff.vocabulary import Role
from clinic.vaccinations import appointments, forecasts
from clinic.vaccinations.appointments import AppointmentForm, book_appointment, expected_today
from clinic.vaccinations.card import vaccination_card
from clinic.vaccinations.form import DoseForm, RefusalForm, validate_dose
from clinic.vaccinations.records import (
    mark_entered_in_error,
    person_vaccinations,
    record_dose,
    record_refusal,
)
from clinic.vaccinations.stock import LotForm, list_products, receive_lot
from clinic.vaccinations.vocabulary import ForecastStatus, VaccineSchedule
from clinic.vaccinations.worklist import Urgency, WorklistFilter, urgency, worklist
from db.models.registry import PersonLanguage
from db.models.vaccinations import Vaccination, VaccineForecast
from tests.conftest import NOW
from tests.vaccination_steps import doses_left

IT = "it_IT"


def on(day: dt.date, clock: Clock) -> Clock:
    """The clinic's clock moved to the morning of `day`."""
    return dataclasses.replace(clock, fixed=dt.datetime.combine(day, dt.time(9), dt.UTC))


@pytest.fixture
def nurse(actors):
    return actors[Role.NURSE]


@pytest.fixture
def person_id(database, clock, reception):
    record = validate_person(
        PersonForm(alias="Ana", gender="woman", birth="03/11/1991"), IT, NOW.date()
    )
    with database.write() as session:
        return register_person(session, reception, clock, record, "NAOOA031119912").id


def product(database, nurse, name: str) -> int:
    with database.read() as session:
        return next(p.id for p in list_products(session, nurse) if p.name.startswith(name))


def lot(database, nurse, clock, name: str, number: str = "L1", expiry="31/12/2027", count="10"):
    with database.write() as session:
        return receive_lot(
            session,
            nurse,
            clock,
            LotForm(product(database, nurse, name), number, expiry, count),
            IT,
        )


def give(database, nurse, clock, person_id, lot_id, product_id, day: dt.date, **fields):
    form = DoseForm(product_id, day.strftime("%d/%m/%Y"), lot_id=lot_id, **fields)
    with database.write() as session:
        return record_dose(session, nurse, on(day, clock), person_id, form, IT)


def group(file, name):
    return next(g for g in file.groups if g.vaccine_group == name)


# ----- doses and lots ------------------------------------------------------------------------


def test_a_dose_given_takes_one_from_its_lot_and_is_evaluated(database, nurse, clock, person_id):
    engerix = lot(database, nurse, clock, "Engerix", count="3")
    file = give(database, nurse, clock, person_id, engerix.id, engerix.product_id, NOW.date())
    with database.read() as session:
        assert doses_left(session, engerix.id) == 2
    [dose] = file.doses
    assert dose.lot_number == "L1"
    assert dose.verdict is not None
    assert dose.verdict.valid
    hep_b = group(file, "HepB")
    assert hep_b.status is ForecastStatus.NOT_COMPLETE
    assert hep_b.dose_number == 2
    # Adult HepB (vaccines.md, 2022-0047): dose 2 from 4 weeks after dose 1.
    assert hep_b.earliest == NOW.date() + dt.timedelta(weeks=4)


def test_an_expired_lot_is_refused_with_its_expiry_and_nothing_is_taken(
    database, nurse, clock, person_id
):
    havrix = lot(database, nurse, clock, "Havrix", expiry="31/03/2026")
    later = dt.date(2026, 4, 2)
    with pytest.raises(ValidationError) as refused:
        give(database, nurse, clock, person_id, havrix.id, havrix.product_id, later)
    assert (refused.value.code, refused.value.field) == ("lot_expired", "lot")
    assert refused.value.params["expiry"] == dt.date(2026, 3, 31)
    with database.read() as session:
        assert doses_left(session, havrix.id) == 10
        assert session.scalars(select(Vaccination)).all() == []


def test_an_empty_lot_is_refused(database, nurse, clock, person_id):
    havrix = lot(database, nurse, clock, "Havrix", count="1")
    give(database, nurse, clock, person_id, havrix.id, havrix.product_id, NOW.date())
    with pytest.raises(ValidationError) as refused:
        give(database, nurse, clock, person_id, havrix.id, havrix.product_id, dt.date(2026, 9, 9))
    assert refused.value.code == "lot_empty"


def test_the_same_vaccine_twice_the_same_day_is_refused_even_through_a_combined_product(
    database, nurse, clock, person_id
):
    twinrix = lot(database, nurse, clock, "Twinrix")
    havrix = lot(database, nurse, clock, "Havrix", number="H1")
    give(database, nurse, clock, person_id, twinrix.id, twinrix.product_id, NOW.date())
    with pytest.raises(ConflictError) as refused:  # Twinrix already gave hepatitis A today
        give(database, nurse, clock, person_id, havrix.id, havrix.product_id, NOW.date())
    assert refused.value.code == "dose_same_day"


def test_a_dose_cannot_be_dated_before_birth_or_in_the_future(database, nurse, clock, person_id):
    engerix = lot(database, nurse, clock, "Engerix")
    before_birth = DoseForm(engerix.product_id, "01/01/1991", given_elsewhere=True)
    future = DoseForm(engerix.product_id, "11/03/2026", lot_id=engerix.id)
    for form, code in ((before_birth, "dose_before_birth"), (future, "date_in_future")):
        with pytest.raises(ValidationError) as refused, database.write() as session:
            record_dose(session, nurse, clock, person_id, form, IT)
        assert refused.value.code == code


def test_every_bad_field_is_reported_at_once():
    form = DoseForm(None, "31/02/2026", lot_id=None, amount="lots", dose_number="0")
    with pytest.raises(ValidationError) as refused:
        validate_dose(form, IT, NOW.date())
    fields = {error.field for error in refused.value.errors}
    assert fields == {"product", "given_on", "lot", "amount", "dose_number"}


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amount=st.text(max_size=8), number=st.text(max_size=4))
def test_amounts_and_dose_numbers_are_refused_or_kept_exactly(amount, number):
    form = DoseForm(1, "10/03/2026", lot_id=1, amount=amount, dose_number=number)
    try:
        record = validate_dose(form, IT, NOW.date())
    except ValidationError as error:
        refused = {e.field for e in error.errors}
    else:
        refused = set()
    assert refused <= {"amount", "dose_number"}
    if refused:
        return
    if amount.strip():
        assert record.amount is not None
        assert record.amount == Decimal(amount.strip().replace(",", "."))
    if number.strip():
        assert record.dose_number == int(number.strip())


def test_a_dose_entered_in_error_stays_visible_and_no_longer_counts(
    database, nurse, clock, person_id
):
    engerix = lot(database, nurse, clock, "Engerix", count="2")
    file = give(database, nurse, clock, person_id, engerix.id, engerix.product_id, NOW.date())
    with database.write() as session:
        file = mark_entered_in_error(session, nurse, clock, file.doses[0].id, restock=True)
    [dose] = file.doses
    assert dose.entered_in_error
    assert not group(file, "HepB").started
    with database.read() as session:
        assert doses_left(session, engerix.id) == 2
        assert session.scalars(select(VaccineForecast)).all() == []
    with pytest.raises(ConflictError), database.write() as session:
        mark_entered_in_error(session, nurse, clock, dose.id)


def test_a_refusal_is_recorded_with_its_reason(database, nurse, clock, person_id):
    with database.write() as session:
        file = record_refusal(
            session, nurse, clock, person_id, RefusalForm("HPV", "10/03/2026", "later"), IT
        )
    [row] = file.doses
    assert (row.refused, row.refusal_reason, row.vaccine_group) == (True, "later", "HPV")
    with pytest.raises(ValidationError), database.write() as session:
        record_refusal(session, nurse, clock, person_id, RefusalForm("Plague", "10/03/2026"), IT)


def test_receiving_more_of_a_lot_adds_to_it_but_a_different_expiry_is_refused(
    database, nurse, clock
):
    first = lot(database, nurse, clock, "Gardasil", "G7", count="10")
    again = lot(database, nurse, clock, "Gardasil", "G7", count="5")
    assert (again.id, again.quantity) == (first.id, 15)
    with pytest.raises(ValidationError) as refused:
        lot(database, nurse, clock, "Gardasil", "G7", expiry="30/06/2028")
    assert refused.value.code == "lot_expiry_differs"
    with pytest.raises(ValidationError) as expired:
        lot(database, nurse, clock, "Gardasil", "G8", expiry="01/03/2026")
    assert expired.value.code == "lot_expired"


# ----- schedules, the worklist -----------------------------------------------------------------


def test_twinrix_on_the_accelerated_schedule_forecasts_the_fourth_dose_at_twelve_months(
    database, nurse, clock, person_id
):
    twinrix = lot(database, nurse, clock, "Twinrix")
    start = dt.date(2026, 3, 10)
    for days in (0, 7, 21):
        day = start + dt.timedelta(days=days)
        file = give(
            database,
            nurse,
            clock,
            person_id,
            twinrix.id,
            twinrix.product_id,
            day,
            schedule=VaccineSchedule.ACCELERATED.value,
        )
    assert all(d.verdict is not None and d.verdict.valid for d in file.doses)
    for name in ("HepA", "HepB"):
        status = group(file, name)
        assert (status.dose_number, status.earliest) == (4, dt.date(2027, 3, 10)), name
    a_year_on = on(dt.date(2027, 3, 5), clock)
    with database.read() as session:
        rows = worklist(session, nurse, a_year_on, WorklistFilter(days_ahead=14))
    assert {(r.vaccine_group, r.dose_number, r.urgency) for r in rows} == {
        ("HepA", 4, Urgency.UPCOMING),
        ("HepB", 4, Urgency.UPCOMING),
    }


def test_the_eu_profile_accepts_engerix_b_at_0_7_21_days_which_cdsi_does_not(
    database, nurse, clock, person_id
):
    engerix = lot(database, nurse, clock, "Engerix")
    start = dt.date(2026, 3, 10)
    for days in (0, 7, 21):
        file = give(
            database,
            nurse,
            clock,
            person_id,
            engerix.id,
            engerix.product_id,
            start + dt.timedelta(days=days),
            schedule=VaccineSchedule.ACCELERATED.value,
        )
    assert not all(d.verdict.valid for d in file.doses)  # CDSi: too soon
    with database.write() as session:
        store_settings(session, dataclasses.replace(load_settings(session), vaccine_profile="eu"))
        file = person_vaccinations(session, nurse, on(dt.date(2026, 4, 1), clock), person_id)
    assert all(d.verdict.valid for d in file.doses)
    assert (group(file, "HepB").dose_number, group(file, "HepB").earliest) == (
        4,
        dt.date(2027, 3, 10),
    )


def test_the_worklist_sorts_people_into_overdue_due_and_coming_up(database, nurse, clock):
    today = clock.today()
    assert urgency(today, today, today) is Urgency.OVERDUE
    assert urgency(today, None, today) is Urgency.DUE
    assert urgency(today - dt.timedelta(days=400), None, today) is Urgency.DUE
    assert urgency(today + dt.timedelta(days=1), None, today) is Urgency.UPCOMING


def test_the_worklist_filters_by_group_and_leaves_out_what_is_far_off(
    database, nurse, clock, person_id
):
    gardasil = lot(database, nurse, clock, "Gardasil")
    give(database, nurse, clock, person_id, gardasil.id, gardasil.product_id, NOW.date())
    with database.read() as session:
        near = worklist(session, nurse, clock, WorklistFilter(days_ahead=30))
        far = worklist(session, nurse, clock, WorklistFilter(days_ahead=60))
        other = worklist(session, nurse, clock, WorklistFilter(60, frozenset({"HepB"})))
    # HPV for a woman of 34 (vaccines.md, 2024-0017): dose 2 from 4 weeks, so within 30 days.
    assert [(r.code, r.dose_number) for r in near] == [("NAOOA031119912", 2)]
    assert far == near
    assert other == []


def test_the_daily_refresh_rewrites_what_was_stored(database, nurse, clock, person_id):
    engerix = lot(database, nurse, clock, "Engerix")
    give(database, nurse, clock, person_id, engerix.id, engerix.product_id, NOW.date())
    later = dt.date(2026, 6, 1)
    with database.write() as session:
        assert forecasts.stale(session, later)
        assert forecasts.refresh_all(session, later, "cdsi") == 1
        assert not forecasts.stale(session, later)
        stored = session.get(VaccineForecast, (person_id, "HepB"))
    assert (stored.computed_on, stored.dose_number) == (later, 2)


# ----- appointments, the card --------------------------------------------------------------


def test_an_appointment_outside_the_window_needs_to_be_accepted(database, nurse, clock, person_id):
    engerix = lot(database, nurse, clock, "Engerix")
    give(database, nurse, clock, person_id, engerix.id, engerix.product_id, NOW.date())
    too_early = AppointmentForm("HepB", "20/03/2026", "10:00")
    with pytest.raises(ConflictError) as warned, database.write() as session:
        book_appointment(session, nurse, clock, person_id, too_early, IT)
    assert warned.value.params["earliest"] == dt.date(2026, 4, 7)
    with database.write() as session:
        booked = book_appointment(
            session, nurse, clock, person_id, too_early, IT, accept_outside_window=True
        )
    assert (booked.dose_number, booked.time) == (2, "10:00")
    inside = AppointmentForm("HepB", "08/04/2026", "9.30")
    with database.write() as session:
        booked = book_appointment(session, nurse, clock, person_id, inside, IT)
    assert booked.time == "09:30"
    with pytest.raises(ConflictError), database.write() as session:
        book_appointment(session, nurse, clock, person_id, inside, IT)


def test_reception_sees_who_is_expected_today_by_code(database, nurse, reception, clock, person_id):
    form = AppointmentForm("HPV", "10/03/2026")
    with database.write() as session:
        book_appointment(session, reception, clock, person_id, form, IT)
        expected = expected_today(session, reception, clock)
    assert [a.code for a in expected] == ["NAOOA031119912"]
    with database.write() as session:
        appointments.set_appointment_status(
            session,
            reception,
            clock,
            expected[0].id,
            expected[0].revision,
            appointments.AppointmentStatus.ATTENDED,
        )
        assert expected_today(session, reception, clock) == []


def test_bad_appointment_input_is_refused_field_by_field(database, nurse, clock, person_id):
    with pytest.raises(ValidationError) as refused, database.write() as session:
        book_appointment(
            session, nurse, clock, person_id, AppointmentForm("Plague", "09/03/2026", "25:00"), IT
        )
    assert {(e.field, e.code) for e in refused.value.errors} == {
        ("vaccine_group", "unknown_choice"),
        ("day", "appointment_in_past"),
        ("time", "time_format"),
    }


def test_the_card_is_in_the_persons_language_and_holds_doses_and_the_next_window(
    database, nurse, clock, person_id
):
    gardasil = lot(database, nurse, clock, "Gardasil", "GX9")
    give(database, nurse, clock, person_id, gardasil.id, gardasil.product_id, NOW.date())
    with database.write() as session:
        session.add_all(
            [
                PersonLanguage(person_id=person_id, language="ro"),
                PersonLanguage(person_id=person_id, language="fr"),
            ]
        )
        card = vaccination_card(session, nurse, clock, person_id)
    assert (card.code, card.language) == ("NAOOA031119912", "fr")
    [dose] = card.doses
    assert (dose.lot_number, dose.given_on, dose.valid) == ("GX9", NOW.date(), True)
    [hpv] = card.groups
    assert (hpv.vaccine_group, hpv.next_dose_number) == ("HPV", 2)


@pytest.fixture
def accelerated_hep_b_under_eu_rules(database, nurse, actors, clock, person_id) -> int:
    """Three Engerix doses on the accelerated schedule, then the rules switched to the EU
    profile: every stored forecast is stale and must be made again. The person's id."""
    engerix = lot(database, nurse, clock, "Engerix")
    start = dt.date(2026, 2, 10)
    for days in (0, 7, 21):
        give(
            database,
            nurse,
            clock,
            person_id,
            engerix.id,
            engerix.product_id,
            start + dt.timedelta(days=days),
            schedule=VaccineSchedule.ACCELERATED.value,
        )
    with database.write() as session:
        settings = dataclasses.replace(load_settings(session), vaccine_profile="eu")
        save_settings(session, actors[Role.ADMIN], clock, settings)
    return person_id


def test_changing_the_vaccination_rules_has_everyone_forecast_again(
    database, clock, accelerated_hep_b_under_eu_rules
):
    assert forecasts.refresh_stale(database, clock) == 1
    with database.read() as session:
        stored = session.get(VaccineForecast, (accelerated_hep_b_under_eu_rules, "HepB"))
    # Under the EU rules the day-21 dose counts: next is the booster, 12 months after dose 1.
    assert (stored.dose_number, stored.earliest) == (4, dt.date(2027, 2, 10))
    assert forecasts.refresh_stale(database, clock) == 0  # once a day


def test_a_corrected_birth_date_moves_the_stored_forecast(
    database, nurse, reception, clock, person_id
):
    gardasil = lot(database, nurse, clock, "Gardasil")
    give(database, nurse, clock, person_id, gardasil.id, gardasil.product_id, NOW.date())
    with database.write() as session:
        before = session.get(VaccineForecast, (person_id, "HPV")).past_due
        younger = validate_person(
            PersonForm(alias="Ana", gender="woman", birth="03/11/2011"), IT, NOW.date()
        )
        edit_person(session, reception, clock, person_id, 1, younger)
    with database.read() as session:
        after = session.get(VaccineForecast, (person_id, "HPV"))
    # Started at 14, HPV is a 2-dose series: dose 2 from 5 months (CDSi), no longer 4 weeks.
    assert after.past_due != before
    assert after.earliest == dt.date(2026, 8, 10)


def test_the_dose_given_closes_the_days_appointment(database, nurse, reception, clock, person_id):
    with database.write() as session:
        book_appointment(
            session, nurse, clock, person_id, AppointmentForm("HepB", "10/03/2026"), IT
        )
    engerix = lot(database, nurse, clock, "Engerix")
    give(database, nurse, clock, person_id, engerix.id, engerix.product_id, NOW.date())
    with database.read() as session:
        assert expected_today(session, reception, clock) == []


def test_reception_sees_slots_not_vaccines(database, nurse, reception, clock, person_id):
    engerix = lot(database, nurse, clock, "Engerix")
    give(database, nurse, clock, person_id, engerix.id, engerix.product_id, NOW.date())
    too_early = AppointmentForm("HepB", "12/03/2026")
    with database.write() as session:
        booked = book_appointment(session, reception, clock, person_id, too_early, IT)
        [seen] = appointments.appointments_between(session, reception, booked.day, booked.day)
        [nurse_sees] = appointments.appointments_between(session, nurse, booked.day, booked.day)
    assert (seen.code, seen.vaccine_group, seen.dose_number) == ("NAOOA031119912", "", None)
    assert (nurse_sees.vaccine_group, nurse_sees.dose_number) == ("HepB", 2)


def test_a_typed_lot_number_is_checked_under_its_own_field_and_huge_numbers_are_refused():
    form = DoseForm(
        1, "10/03/2026", given_elsewhere=True, lot_number="L" * 41, dose_number="9" * 5000
    )
    with pytest.raises(ValidationError) as refused:
        validate_dose(form, IT, NOW.date())
    assert {(e.field, e.code) for e in refused.value.errors} == {
        ("lot_number", "too_long"),
        ("dose_number", "dose_number_range"),
    }
