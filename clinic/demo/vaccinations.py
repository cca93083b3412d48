"""Demo vaccinations: series started at a visit, continued at later visits, often left unfinished.

People come irregularly, so a dose is given at the first visit on or after the day it is due; a
person who stops coming leaves a series open, which is what fills a real worklist. Lots are made
per product and year, so each dose names a lot that was not expired the day it was given.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.demo.registry import Calendar, Weighted, split_visit_key
from clinic.registry.vocabulary import PersonStatus
from clinic.vaccinations.vocabulary import (
    AppointmentStatus,
    ForecastStatus,
    InjectionSite,
    Route,
    VaccineSchedule,
)
from db.models.registry import Person
from db.models.vaccinations import VaccineForecast, VaccineProduct

Row = dict[str, Any]

START_SHARE = 0.35  # of persons who came at least twice
APPOINTMENT_SHARE = 0.4  # of series due within two weeks
IN_STOCK = (20, 80)


@dataclass(frozen=True)
class Plan:
    product: str
    days_after_first: tuple[int, ...]  # when each dose is due, counted from the first
    schedule: VaccineSchedule = VaccineSchedule.STANDARD
    max_age: int = 120


_PLANS = Weighted.of(
    [
        (Plan("Engerix-B 20 µg", (0, 28, 183)), 30),
        (Plan("Twinrix Adult", (0, 28, 183)), 15),
        (Plan("Twinrix Adult", (0, 7, 21, 365), VaccineSchedule.ACCELERATED), 10),
        (Plan("Heplisav-B", (0, 28)), 5),
        (Plan("Havrix 1440", (0, 183)), 15),
        (Plan("Gardasil 9", (0, 61, 183), max_age=45), 25),
    ]
)
_SITES = (InjectionSite.LEFT_DELTOID, InjectionSite.RIGHT_DELTOID)


def visit_days(keys: Iterable[int]) -> dict[int, list[int]]:
    """Each registered person's visit days (calendar day numbers), in order."""
    days: dict[int, list[int]] = defaultdict(list)
    for key in keys:
        day, _, person_id = split_visit_key(key)
        if person_id and (not days[person_id] or days[person_id][-1] != day):
            days[person_id].append(day)
    return days


class DemoVaccinations:
    """Lots and doses for a demo clinic; lots are numbered as they are first needed."""

    def __init__(self, rng: random.Random, calendar: Calendar, session: Session) -> None:
        self._rng = rng
        self._calendar = calendar
        products = session.execute(
            select(
                VaccineProduct.name,
                VaccineProduct.id,
                VaccineProduct.vaccine_group,
                VaccineProduct.amount,
            )
        )
        self._products = {name: (pid, group, amount) for name, pid, group, amount in products}
        self._lots: dict[tuple[int, int], Row] = {}
        self.doses: list[Row] = []

    def person(
        self, person_id: int, born: dt.date, days: Sequence[int], nurses: Sequence[int]
    ) -> None:
        rng = self._rng
        if len(days) < 2 or rng.random() > START_SHARE:
            return
        plan = _PLANS.pick(rng)
        start = rng.choice(days[: max(1, len(days) // 2)])
        if (self._date(start) - born).days // 365 > plan.max_age:
            return
        for number, offset in enumerate(plan.days_after_first, 1):
            day = next((d for d in days if d >= start + offset), None)
            if day is None:
                return
            self.doses.append(self._dose(person_id, plan, number, day, rng.choice(nurses)))

    def _date(self, day: int) -> dt.date:
        return self._calendar.first + dt.timedelta(days=day)

    def _dose(self, person_id: int, plan: Plan, number: int, day: int, nurse: int) -> Row:
        product_id, group, amount = self._products[plan.product]
        given_on = self._date(day)
        lot = self._lot(product_id, given_on.year)
        at = self._calendar.moment(day, 11 * 3600)
        return {
            "id": len(self.doses) + 1,
            "person_id": person_id,
            "vaccine_group": group,
            "product_id": product_id,
            "lot_id": lot["id"],
            "lot_number": lot["lot_number"],
            "lot_expiry": lot["expiry"],
            "dose_number": number,
            "given_on": given_on,
            "amount": amount,
            "unit": "ml",
            "route": Route.INTRAMUSCULAR.value,
            "site": self._rng.choice(_SITES).value,
            "schedule": plan.schedule.value,
            "given_elsewhere": False,
            "given_by_id": nurse,
            "leaflet_on": given_on if number == 1 else None,
            "refused": False,
            "refusal_reason": None,
            "entered_in_error": False,
            "recorded_at": at,
            "recorded_by_id": nurse,
            "corrected_at": None,
            "corrected_by_id": None,
        }

    def _lot(self, product_id: int, year: int) -> Row:
        """One lot per product and year, expiring at the end of the next year."""
        key = (product_id, year)
        if key not in self._lots:
            self._lots[key] = {
                "id": len(self._lots) + 1,
                "product_id": product_id,
                "lot_number": f"D{product_id:02d}{year % 100:02d}{self._rng.randrange(100, 999)}",
                "expiry": dt.date(year + 1, 12, 31),
                "quantity": 0,
                "received_at": self._calendar.midnights[0],
                "received_by_id": None,
                "revision": 1,
            }
        return self._lots[key]

    def lots(self, today: dt.date, receiver: int) -> list[Row]:
        """Every lot used, and this year's lots in the fridge with doses left."""
        for product_id, _, _ in self._products.values():
            self._lot(product_id, today.year)
        for lot in self._lots.values():
            lot["received_by_id"] = receiver
            if lot["expiry"] >= today:
                lot["quantity"] = self._rng.randint(*IN_STOCK)
        return list(self._lots.values())


def appointment_rows(
    session: Session, rng: random.Random, today: dt.date, now: dt.datetime, staff: Sequence[int]
) -> list[Row]:
    """Appointments for some of the series due within two weeks, on a day inside the window."""
    due = session.execute(
        select(
            VaccineForecast.person_id,
            VaccineForecast.vaccine_group,
            VaccineForecast.dose_number,
            VaccineForecast.earliest,
            VaccineForecast.past_due,
        )
        .join(Person, Person.id == VaccineForecast.person_id)
        .where(
            VaccineForecast.status == ForecastStatus.NOT_COMPLETE.value,
            VaccineForecast.earliest >= today - dt.timedelta(days=14),
            VaccineForecast.earliest <= today + dt.timedelta(days=14),
            Person.status == PersonStatus.ACTIVE.value,
        )
        .order_by(VaccineForecast.person_id, VaccineForecast.vaccine_group)
    ).all()
    rows: list[Row] = []
    for person_id, group, number, earliest, past_due in due:
        assert earliest is not None  # a series not complete has a next dose
        day = max(today, earliest) + dt.timedelta(days=rng.randrange(0, 8))
        if rng.random() > APPOINTMENT_SHARE or (past_due is not None and day >= past_due):
            continue
        rows.append(
            {
                "person_id": person_id,
                "vaccine_group": group,
                "dose_number": number,
                "day": day,
                "time": f"{rng.choice((10, 11, 14, 15, 16))}:{rng.choice(('00', '30'))}",
                "status": AppointmentStatus.BOOKED.value,
                "created_at": now,
                "created_by_id": rng.choice(staff),
                "revision": 1,
            }
        )
    return rows
