"""0013: the vaccine stock joins the one stock ledger. A clinic at 0012 with lots, doses given,
a dose entered in error and a used-up lot keeps every lot (same id, number, expiry), every
dose's link to its lot, and each lot's quantity as its balance; its history is a receipt and
one movement per dose. Going back gives the vaccine stock back as it was."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from db.engine import Database
from db.folder import DataFolder
from db.migrate import migrate
from db.models.materials import StockBalance, StockItem, StockLot, StockMovement, StockPlace
from db.models.vaccinations import Vaccination, VaccineProduct
from tests.unit.db.conftest import alembic_to, dump, fill, kept_rows

STAFF = (
    "INSERT INTO staff (id, username, display_name, role, active, created_at, "
    "must_change_password, interviewer) VALUES (90, 'nurse9', 'Nurse', 'nurse', 1, 0, 0, 0)"
)
# Lot 1: 9 doses left, 2 given (one of them entered in error and put back). Lot 2: used up by
# its one dose. Lot 3: never used. Instants are microseconds since 1970 (as stored since 0008).
LOTS = (
    "INSERT INTO vaccine_lot (id, product_id, lot_number, expiry, quantity, received_at, "
    "received_by_id, revision) VALUES "
    "(1, {p}, 'L-ONE', '2027-01-31', 9, 1764000000000000, 90, 3), "
    "(2, {p}, 'L-TWO', '2026-12-31', 0, 1764000000000001, 90, 2), "
    "(3, {q}, 'L-3''; DROP TABLE stock_lot;--', '2028-06-30', 20, 1764000000000002, 90, 1)"
)
DOSES = (
    "INSERT INTO vaccination (id, person_id, vaccine_group, product_id, lot_id, lot_number, "
    "lot_expiry, dose_number, given_on, schedule, given_elsewhere, given_by_id, refused, "
    "entered_in_error, recorded_at, recorded_by_id) VALUES "
    "(1, {person}, 'HepB', {p}, 1, 'L-ONE', '2027-01-31', 1, '2026-11-01', 'standard', 0, 90, "
    "0, 0, 1764100000000000, 90), "
    "(2, {person}, 'HepB', {p}, 1, 'L-ONE', '2027-01-31', 2, '2026-11-02', 'standard', 0, 90, "
    "0, 1, 1764200000000000, 90), "
    "(3, {person}, 'HepB', {p}, 2, 'L-TWO', '2026-12-31', 1, '2026-11-03', 'standard', 0, 90, "
    "0, 0, 1764300000000000, 90), "
    "(4, {person}, 'HepB', {p}, NULL, 'ELSEWHERE', NULL, 1, '2020-01-01', 'standard', 1, NULL, "
    "0, 0, 1764400000000000, 90)"
)


@pytest.fixture
def at_0012(data_folder: DataFolder, key: bytes):
    database = Database.open(data_folder.root / "at-0012.db", key)
    alembic_to(database, "0012")
    fill(database)
    with database.engine.connect() as connection, connection.begin():
        sql = connection.exec_driver_sql
        engerix, havrix = (
            sql(f"SELECT id FROM vaccine_product WHERE name LIKE '{name}%'").scalar_one()
            for name in ("Engerix", "Havrix")
        )
        person = sql("SELECT min(id) FROM person WHERE status = 'active'").scalar_one()
        sql(STAFF)
        sql(LOTS.format(p=engerix, q=havrix))
        sql(DOSES.format(p=engerix, person=person))
    yield database
    database.dispose()


def test_0013_moves_every_lot_and_keeps_every_dose_on_its_lot(
    at_0012: Database, data_folder: DataFolder, key: bytes
) -> None:
    before = dump(at_0012.engine)

    migrate(at_0012.engine, key, data_folder.backups)

    was, kept = kept_rows(before, dump(at_0012.engine))
    assert kept == was  # every other row, vaccinations included, as it was
    with at_0012.read() as session:
        lots = session.execute(
            select(StockLot.id, StockLot.lot_number, StockLot.expiry, VaccineProduct.name)
            .join(StockItem, StockItem.id == StockLot.item_id)
            .join(VaccineProduct, VaccineProduct.id == StockItem.vaccine_product_id)
            .order_by(StockLot.id)
        ).all()
        balances = dict(session.execute(select(StockBalance.lot_key, StockBalance.quantity)).all())
        sums = dict(
            session.execute(
                select(StockMovement.lot_id, func.sum(StockMovement.quantity)).group_by(
                    StockMovement.lot_id
                )
            ).all()
        )
        history = session.execute(
            select(
                StockMovement.lot_id,
                StockMovement.kind,
                StockMovement.quantity,
                StockMovement.vaccination_id,
                StockPlace.code,
            )
            .join(StockPlace, StockPlace.id == StockMovement.place_id)
            .order_by(StockMovement.id)
        ).all()
        dose_lots = dict(session.execute(select(Vaccination.id, Vaccination.lot_id)).all())
    assert [(i, n, str(e), p.split()[0]) for i, n, e, p in lots] == [
        (1, "L-ONE", "2027-01-31", "Engerix-B"),
        (2, "L-TWO", "2026-12-31", "Engerix-B"),
        (3, "L-3'; DROP TABLE stock_lot;--", "2028-06-30", "Havrix"),
    ]
    assert balances == {1: 9, 2: 0, 3: 20}  # each lot's quantity at 0012
    assert sums == {1: 9, 2: 0, 3: 20}  # and the sum of its movements
    assert history == [
        (1, "receipt", 11, None, "dispensary"),  # 9 left + 2 doses recorded from it
        (2, "receipt", 1, None, "dispensary"),
        (3, "receipt", 20, None, "dispensary"),
        (1, "dose", -1, 1, "dispensary"),
        (1, "dose", -1, 2, "dispensary"),
        (2, "dose", -1, 3, "dispensary"),
    ]
    assert dose_lots == {1: 1, 2: 1, 3: 2, 4: None}


def test_a_dose_can_no_longer_point_at_a_lot_that_is_not_in_the_stock(
    at_0012: Database, data_folder: DataFolder, key: bytes
) -> None:
    migrate(at_0012.engine, key, data_folder.backups)
    with at_0012.engine.connect() as connection:
        keys = connection.exec_driver_sql("PRAGMA foreign_key_list(vaccination)").fetchall()
        checks = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'vaccination'"
        ).scalar_one()
    assert ("lot_id", "stock_lot") in {(row[3], row[2]) for row in keys}
    assert "ck_vaccination_refusal" in checks  # the rebuilt table kept its checks


def test_going_back_below_0013_gives_the_vaccine_stock_back(
    at_0012: Database, data_folder: DataFolder, key: bytes
) -> None:
    before = dump(at_0012.engine)
    migrate(at_0012.engine, key, data_folder.backups)
    alembic_to(at_0012, "0012", down=True)
    after = dump(at_0012.engine)
    # The lots come back with their quantities; only their optimistic-lock counter restarts.
    lots_before = [row[:-1] for row in before.pop("vaccine_lot")]
    lots_after = [row[:-1] for row in after.pop("vaccine_lot")]
    assert lots_after == lots_before
    assert after == before
