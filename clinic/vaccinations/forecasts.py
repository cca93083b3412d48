"""Stored forecasts, on which the worklist is built (`clinic.vaccinations.worklist`).

Forecasting everyone takes the CDSi engine a while at 100,000 persons, so each person's result is
kept in `vaccine_forecast`: rewritten when their doses change (in the same transaction) and for
everyone once a day, in the background, because ages move on. The worklist is then one indexed
query. Only series that were started are kept: someone never vaccinated is "due since birth" for
everything, which would bury the people whose next dose is the point of the list.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import Row, delete, func, insert, select
from sqlalchemy.orm import Session

from clinic.audit.transactions import reading, writing
from clinic.common.clock import Clock
from clinic.registry.vocabulary import PersonStatus
from clinic.settings.configuration import load_settings
from clinic.vaccinations.status import (
    DoseFact,
    GroupStatus,
    assumed_birth_date,
    group_statuses,
)
from clinic.vaccinations.vocabulary import VaccineSchedule
from db.engine import Database
from db.models.registry import Person
from db.models.vaccinations import Vaccination, VaccineForecast, VaccineProduct

REFRESH_BATCH = 2000
# Rows turned into Python objects at a time by the refresh's reads. SQLAlchemy does it in
# compiled code that keeps Python's interpreter lock: all of a batch's rows at once held the
# desk's window for 50-70 ms; a slice is a few milliseconds.
FETCH_SLICE = 250


def person_doses(session: Session, person_ids: Iterable[int]) -> dict[int, list[DoseFact]]:
    """The doses that count for forecasting (given, not refused, not entered in error)."""
    ids = list(person_ids)
    doses: dict[int, list[DoseFact]] = defaultdict(list)
    rows = session.execute(
        select(
            Vaccination.person_id,
            Vaccination.id,
            Vaccination.given_on,
            VaccineProduct.cvx,
            Vaccination.schedule,
        )
        .join(VaccineProduct, Vaccination.product_id == VaccineProduct.id)
        .where(
            Vaccination.person_id.in_(ids),
            ~Vaccination.refused,
            ~Vaccination.entered_in_error,
        )
        .order_by(Vaccination.person_id, Vaccination.given_on, Vaccination.id)
        .execution_options(yield_per=FETCH_SLICE)
    )
    for person_id, key, given_on, cvx, schedule in rows:
        doses[person_id].append(DoseFact(key, given_on, cvx, VaccineSchedule(schedule)))
    return doses


def person_statuses(
    session: Session, person: Person, today: dt.date, profile: str
) -> tuple[GroupStatus, ...]:
    doses = person_doses(session, [person.id]).get(person.id, [])
    birth = assumed_birth_date(person.birth_date, person.birth_year)
    return group_statuses(birth, person.gender, doses, today, profile)


def refresh_person(
    session: Session, person: Person, today: dt.date, profile: str
) -> tuple[GroupStatus, ...]:
    """Rewrite one person's stored forecasts (a dose recorded or corrected, a birth date
    changed); returns the statuses, so the caller shows them without forecasting again."""
    statuses = person_statuses(session, person, today, profile)
    _store_rows(session, [person.id], _rows(person.id, statuses, today))
    return statuses


def refresh_all(
    session: Session,
    today: dt.date,
    profile: str,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Forecast again everyone who has a dose, in the caller's transaction; returns how many
    series are stored."""
    people = _vaccinated(session)
    stored = 0
    for start in range(0, len(people), REFRESH_BATCH):
        batch = people[start : start + REFRESH_BATCH]
        stored += _refresh_batch(session, batch, today, profile)
        if progress is not None:
            progress(start + len(batch), len(people))
    return stored


def _refresh_batch(
    session: Session,
    batch: Sequence[Row[int, dt.date | None, int | None, str]],
    today: dt.date,
    profile: str,
) -> int:
    rows = _forecast_rows(session, batch, today, profile)
    _store_rows(session, [row.id for row in batch], rows)
    return len(rows)


# What the engine needs of one person: id, birth date (assumed from the year if need be),
# gender and the doses that count. Plain values, so the engine may run in another process.
History = tuple[int, dt.date | None, str, list[DoseFact]]
# Turns histories into the rows stored for them (`forecast_people`, here or in another process).
Forecaster = Callable[[list[History], dt.date, str], list[dict[str, object]]]


def forecast_people(people: list[History], today: dt.date, profile: str) -> list[dict[str, object]]:
    """The rows stored for these people: the engine alone, without the database."""
    rows = []
    for person_id, birth, gender, doses in people:
        rows.extend(_rows(person_id, group_statuses(birth, gender, doses, today, profile), today))
    return rows


def _histories(
    session: Session, batch: Sequence[Row[int, dt.date | None, int | None, str]]
) -> list[History]:
    doses = person_doses(session, [row.id for row in batch])
    return [
        (person_id, assumed_birth_date(birth_date, birth_year), gender, doses.get(person_id, []))
        for person_id, birth_date, birth_year, gender in batch
    ]


def _forecast_rows(
    session: Session,
    batch: Sequence[Row[int, dt.date | None, int | None, str]],
    today: dt.date,
    profile: str,
) -> list[dict[str, object]]:
    return forecast_people(_histories(session, batch), today, profile)


def _store_rows(session: Session, ids: list[int], rows: list[dict[str, object]]) -> None:
    session.execute(delete(VaccineForecast).where(VaccineForecast.person_id.in_(ids)))
    if rows:
        session.execute(insert(VaccineForecast), rows)


def refresh_stale(
    database: Database,
    clock: Clock,
    progress: Callable[[int, int], None] | None = None,
    forecaster: Forecaster = forecast_people,
) -> int:
    """The daily refresh: everyone forecast again if any forecast is from before today.

    One short write transaction per batch of persons, so the desks keep saving meanwhile (a
    dose recorded in between rewrites its person again, which is just as right). The engine's
    work is the `forecaster`'s (the desk runs it in a process of its own:
    `clinic.vaccinations.forecast_process`).
    """
    today = clock.today()
    with reading(database, clock) as session:
        if not stale(session, today):
            return 0
        profile = load_settings(session).vaccine_profile
        people = _vaccinated(session)
    stored = 0
    for start in range(0, len(people), REFRESH_BATCH):
        batch = people[start : start + REFRESH_BATCH]
        ids = [row.id for row in batch]
        with reading(database, clock) as session:
            histories = _histories(session, batch)
        rows = forecaster(histories, today, profile)  # outside any transaction
        with writing(database, clock) as session:
            _store_rows(session, ids, rows)
        stored += len(rows)
        if progress is not None:
            progress(start + len(batch), len(people))
    return stored


def _vaccinated(session: Session) -> Sequence[Row[int, dt.date | None, int | None, str]]:
    return list(
        session.execute(
            select(Person.id, Person.birth_date, Person.birth_year, Person.gender)
            .where(
                Person.status == PersonStatus.ACTIVE.value,
                Person.id.in_(select(Vaccination.person_id)),
            )
            .order_by(Person.id)
            .execution_options(yield_per=FETCH_SLICE)
        )
    )


def stale(session: Session, today: dt.date) -> bool:
    """Whether some stored forecast was made before today (the daily refresh is due)."""
    oldest = session.scalar(select(func.min(VaccineForecast.computed_on)))
    return oldest is not None and oldest < today


def _rows(
    person_id: int, statuses: Iterable[GroupStatus], today: dt.date
) -> list[dict[str, object]]:
    return [
        {
            "person_id": person_id,
            "vaccine_group": s.vaccine_group,
            "status": s.status.value,
            "dose_number": s.dose_number,
            "earliest": s.earliest,
            "recommended": s.recommended,
            "past_due": s.past_due,
            "last_dose_on": s.last_dose_on,
            "computed_on": today,
        }
        for s in statuses
        if s.started
    ]
