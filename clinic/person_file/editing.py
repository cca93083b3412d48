"""Editing a person's record, with what follows from it in the capabilities above the registry.

The registry owns the record (`clinic.registry.persons.update_person`) and knows nothing of the
capabilities that build on it; but vaccine forecasts count from the birth date and the sex, so
an edit of those forecasts the person's vaccinations again, in the same transaction. The desk
edits a record through here; a capability whose stored results depend on the record joins here.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from clinic.common.clock import Clock
from clinic.common.permissions import Actor
from clinic.registry import persons
from clinic.registry.person_form import PersonRecord
from clinic.registry.persons import PersonDetail
from clinic.settings.configuration import load_settings
from clinic.vaccinations import forecasts
from db.models.registry import Person

# What the vaccine forecasts of a person are computed from, of their record.
FORECAST_INPUTS = ("birth_date", "birth_year", "gender")


def edit_person(
    session: Session,
    actor: Actor,
    clock: Clock,
    person_id: int,
    revision: int,
    record: PersonRecord,
) -> PersonDetail:
    """`update_person`; then, if the birth date, birth year or gender changed, the person's
    stored vaccine forecasts are made again (the worklist reads them)."""
    before = _forecast_inputs(session, person_id)
    detail = persons.update_person(session, actor, clock, person_id, revision, record)
    person = session.get(Person, person_id)
    if person is not None and _forecast_inputs(session, person_id) != before:
        profile = load_settings(session).vaccine_profile
        forecasts.refresh_person(session, person, clock.today(), profile)
    return detail


def _forecast_inputs(session: Session, person_id: int) -> tuple[dt.date | int | str | None, ...]:
    person = session.get(Person, person_id)
    return () if person is None else tuple(getattr(person, name) for name in FORECAST_INPUTS)
