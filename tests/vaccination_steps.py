"""Steps that unit and GUI tests of vaccinations share: a person registered, a dose given."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import func, select

from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.vaccinations.form import DoseForm
from clinic.vaccinations.records import record_dose
from clinic.vaccinations.stock import LotForm, list_products, receive_lot
from db.models.materials import StockMovement
from tests.conftest import NOW


def register(database, reception, clock, code: str, alias: str, birth: str) -> int:
    record = validate_person(
        PersonForm(alias=alias, gender="woman", birth=birth), "en_GB", NOW.date()
    )
    with database.write() as session:
        return register_person(session, reception, clock, record, code).id


def give_before(
    database, nurse, clock, person_id: int, product: str, day: dt.date, lot_size: str = "5"
) -> None:
    """A dose given at the clinic on `day`, from a lot of its own received that day."""
    then = dataclasses.replace(clock, fixed=dt.datetime.combine(day, dt.time(9), dt.UTC))
    with database.write() as session:
        chosen = next(p for p in list_products(session, nurse) if p.name.startswith(product))
        lot = receive_lot(
            session,
            nurse,
            then,
            LotForm(chosen.id, f"{product}-{person_id}", "31/12/2027", lot_size),
            "en_GB",
        )
        form = DoseForm(chosen.id, day.strftime("%d/%m/%Y"), lot_id=lot.id)
        record_dose(session, nurse, then, person_id, form, "en_GB")


def doses_left(session, lot_id: int) -> int:
    """What a lot holds: the sum of its movements in the stock ledger, wherever they are."""
    total = session.scalar(
        select(func.sum(StockMovement.quantity)).where(StockMovement.lot_id == lot_id)
    )
    return int(total or 0)
