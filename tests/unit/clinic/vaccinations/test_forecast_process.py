"""The daily refresh with the engine in a process of its own (`clinic.vaccinations.
forecast_process`): the same forecasts stored as by the engine here, and never lost when the
other process cannot run."""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing

import pytest

from clinic.settings.configuration import load_settings, save_settings
from clinic.staff.vocabulary import Role
from clinic.vaccinations import forecast_process, forecasts
from clinic.vaccinations.forecast_process import ForecastProcess
from clinic.vaccinations.vocabulary import VaccineSchedule
from db.models.vaccinations import VaccineForecast
from tests.unit.clinic.vaccinations.test_records import give, lot, nurse, person_id  # noqa: F401


@pytest.fixture
def accelerated_hep_b_under_new_rules(database, nurse, actors, clock, person_id):  # noqa: F811
    """Three Engerix doses on the accelerated schedule, then the rules switched to the EU
    profile: every stored forecast is stale and must be made again."""
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


def _stored(database, person: int) -> tuple[int | None, dt.date]:
    with database.read() as session:
        stored = session.get(VaccineForecast, (person, "HepB"))
    return stored.dose_number, stored.earliest


def test_the_engine_in_another_process_stores_the_same_forecast(
    database, clock, accelerated_hep_b_under_new_rules
):
    before = set(multiprocessing.active_children())
    forecaster = ForecastProcess()
    try:
        assert forecasts.refresh_stale(database, clock, forecaster=forecaster) == 1
        children = set(multiprocessing.active_children()) - before  # the engine's, still open
    finally:
        forecaster.close()
    # Under the EU rules the day-21 dose counts: next is the booster, 12 months after dose 1.
    assert _stored(database, accelerated_hep_b_under_new_rules) == (4, dt.date(2027, 2, 10))
    assert len(children) == 1  # a process of its own ran beside this one
    assert not set(multiprocessing.active_children()) - before  # and ended with the refresh


def test_when_no_other_process_can_run_the_refresh_is_made_here(
    database, clock, accelerated_hep_b_under_new_rules, monkeypatch, caplog
):
    def no_process(*args, **kwargs):
        raise OSError("no more processes")

    monkeypatch.setattr(forecast_process, "ProcessPoolExecutor", no_process)
    forecaster = ForecastProcess()
    assert forecasts.refresh_stale(database, clock, forecaster=forecaster) == 1
    assert _stored(database, accelerated_hep_b_under_new_rules) == (4, dt.date(2027, 2, 10))
    assert "forecasting in this process" in caplog.text
