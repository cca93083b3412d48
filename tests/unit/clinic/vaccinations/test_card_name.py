"""The name a saved vaccination card is offered under: the code, made safe, and the day."""

from __future__ import annotations

import datetime as dt

import pytest

from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.staff.vocabulary import Role
from clinic.vaccinations.card import VaccinationCard, card_file_name, vaccination_card
from tests.conftest import NOW


def test_a_saved_card_is_named_by_the_code_and_the_day_never_the_alias(
    database, reception, actors, clock
):
    nurse = actors[Role.NURSE]
    record = validate_person(PersonForm(alias="Ana", birth="1990"), "en_GB", NOW.date())
    with database.write() as session:
        person_id = register_person(session, reception, clock, record, "NAOOA031119912").id
        card = vaccination_card(session, nurse, clock, person_id)

    assert card_file_name(card) == "vaccination-card-NAOOA031119912-2026-03-10.pdf"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("NAOOA031119912/2", "vaccination-card-NAOOA031119912-2-2026-03-10.pdf"),
        ("K7M2-Q9XD", "vaccination-card-K7M2-Q9XD-2026-03-10.pdf"),
        ("../..\\x:*?", "vaccination-card-x-2026-03-10.pdf"),
        ("Ș/", "vaccination-card-code-2026-03-10.pdf"),
    ],
)
def test_a_code_is_made_safe_for_a_file_name(code, expected):
    card = VaccinationCard("dropIn", code, "en", dt.date(2026, 3, 10), (), ())

    assert card_file_name(card) == expected
