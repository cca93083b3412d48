"""The daily refresh with the engine in a process of its own (`clinic.vaccinations.
forecast_process`): the same forecasts stored as by the engine here, and never lost when the
other process cannot run. The person and doses: `accelerated_hep_b_under_eu_rules`
(test_records.py)."""

from __future__ import annotations

import datetime as dt
import multiprocessing

from clinic.vaccinations import forecast_process, forecasts
from clinic.vaccinations.forecast_process import ForecastProcess
from db.models.vaccinations import VaccineForecast


def _stored(database, person: int) -> tuple[int | None, dt.date]:
    with database.read() as session:
        stored = session.get(VaccineForecast, (person, "HepB"))
    return stored.dose_number, stored.earliest


def test_the_engine_in_another_process_stores_the_same_forecast(
    database, clock, accelerated_hep_b_under_eu_rules
):
    before = set(multiprocessing.active_children())
    forecaster = ForecastProcess()
    try:
        assert forecasts.refresh_stale(database, clock, forecaster=forecaster) == 1
        children = set(multiprocessing.active_children()) - before  # the engine's, still open
    finally:
        forecaster.close()
    # Under the EU rules the day-21 dose counts: next is the booster, 12 months after dose 1.
    assert _stored(database, accelerated_hep_b_under_eu_rules) == (4, dt.date(2027, 2, 10))
    assert len(children) == 1  # a process of its own ran beside this one
    assert not set(multiprocessing.active_children()) - before  # and ended with the refresh


def test_when_no_other_process_can_run_the_refresh_is_made_here(
    database, clock, accelerated_hep_b_under_eu_rules, monkeypatch, caplog
):
    def no_process(*args, **kwargs):
        raise OSError("no more processes")

    monkeypatch.setattr(forecast_process, "ProcessPoolExecutor", no_process)
    forecaster = ForecastProcess()
    assert forecasts.refresh_stale(database, clock, forecaster=forecaster) == 1
    assert _stored(database, accelerated_hep_b_under_eu_rules) == (4, dt.date(2027, 2, 10))
    assert "forecasting in this process" in caplog.text
