"""one stock ledger: material, places, lots and movements; vaccine lots join it

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03

Issue 13: every item the clinic hands out or gives, vaccines included, is kept in one ledger
of movements. Everything here is new except the vaccine stock, which moves in whole:

- each vaccine product becomes a stock item (category `vaccines`, lots tracked, unit `dose`);
- each vaccine lot becomes a `stock_lot` with the same id, so every dose keeps its lot;
- its history is written as movements at the dispensary: one receipt, at the lot's reception,
  of what it holds now plus every dose recorded from it, and one `dose` movement per such dose
  (at the dose's recording, by its recorder). Its balance is then exactly the old quantity. A
  dose entered in error and put back counts in both, so the receipt may be one higher for each
  such dose than what was received; the balance is exact either way;
- `vaccination.lot_id` points at `stock_lot` (the table is rebuilt, rows counted), and
  `vaccine_lot` is dropped.

The dispensary and an outreach bag are the first places, and Soglia's starting catalogue is
written (names translated by `clinic.materials.words`; the coordinator edits it from here on).
Going back is refused once the ledger holds anything but the vaccine stock it was given.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.models.base import UTCDateTime

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

intended_row_changes = frozenset({"vaccine_lot"})  # dropped, its rows moved to stock_lot
frees_space = True

# Soglia's starting catalogue: code, category, unit, lots tracked, per contact, per week.
CATALOGUE: tuple[tuple[str, str, str, bool, int | None, int | None], ...] = (
    ("male_condom", "sexual_health", "piece", False, 50, None),
    ("female_condom", "sexual_health", "piece", False, 10, None),
    ("lubricant", "sexual_health", "piece", False, 30, None),
    ("dental_dam", "sexual_health", "piece", False, 10, None),
    ("wet_wipes", "hygiene", "pack", False, 1, 1),
    ("sanitary_pads", "hygiene", "pack", False, 2, None),
    ("syringe", "harm_reduction", "piece", False, None, None),
    ("pregnancy_test", "tests", "piece", True, 1, None),
    ("hiv_self_test", "tests", "piece", True, 1, None),
    ("leaflet_en", "leaflets", "copy", False, 1, None),
    ("leaflet_it", "leaflets", "copy", False, 1, None),
    ("leaflet_fr", "leaflets", "copy", False, 1, None),
    ("leaflet_es", "leaflets", "copy", False, 1, None),
    ("leaflet_ro", "leaflets", "copy", False, 1, None),
    ("leaflet_pt", "leaflets", "copy", False, 1, None),
    ("hygiene_kit", "kits", "kit", False, 1, 1),
    ("food_kit", "kits", "kit", False, 1, None),
)
PLACES = (("dispensary", "dispensary"), ("outreach_bag", "outreach"))


class StockMigrationError(RuntimeError):
    """The vaccine stock did not arrive whole, or a downgrade would lose the ledger."""


def upgrade() -> None:
    op.create_table(
        "stock_place",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=True),
        sa.Column("name", sa.String(length=60), nullable=True),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('dispensary', 'outreach', 'other')", name=op.f("ck_stock_place_kind")
        ),
        sa.CheckConstraint(
            "code IS NOT NULL OR name IS NOT NULL", name=op.f("ck_stock_place_named")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_place")),
        sa.UniqueConstraint("code", name=op.f("uq_stock_place_code")),
        sa.UniqueConstraint("name", name=op.f("uq_stock_place_name")),
    )
    op.create_table(
        "stock_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=True),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("tracks_lots", sa.Boolean(), nullable=False),
        sa.Column("contact_limit", sa.Integer(), nullable=True),
        sa.Column("weekly_limit", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("vaccine_product_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "category IN ('sexual_health', 'hygiene', 'harm_reduction', 'tests', 'leaflets', 'kits', 'vaccines', 'other')",
            name=op.f("ck_stock_item_category"),
        ),
        sa.CheckConstraint(
            "unit IN ('piece', 'pack', 'box', 'dose', 'kit', 'copy')",
            name=op.f("ck_stock_item_unit"),
        ),
        sa.CheckConstraint(
            "contact_limit IS NULL OR contact_limit > 0", name=op.f("ck_stock_item_contact_limit")
        ),
        sa.CheckConstraint(
            "weekly_limit IS NULL OR weekly_limit > 0", name=op.f("ck_stock_item_weekly_limit")
        ),
        sa.ForeignKeyConstraint(
            ["vaccine_product_id"],
            ["vaccine_product.id"],
            name=op.f("fk_stock_item_vaccine_product_id_vaccine_product"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_item")),
        sa.UniqueConstraint("code", name=op.f("uq_stock_item_code")),
        sa.UniqueConstraint("vaccine_product_id", name=op.f("uq_stock_item_vaccine_product_id")),
    )
    op.create_table(
        "distribution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("gender", sa.String(length=12), nullable=True),
        sa.Column("age_band", sa.String(length=8), nullable=True),
        sa.Column("contacts", sa.Integer(), nullable=False),
        sa.Column("override_reason", sa.String(length=200), nullable=True),
        sa.CheckConstraint(
            "age_band IS NULL OR age_band IN ('under_18', '18_24', '25_34', '35_44', '45_54', '55_plus', 'unknown')",
            name=op.f("ck_distribution_age_band"),
        ),
        sa.CheckConstraint(
            "gender IS NULL OR gender IN ('woman', 'man', 'trans_woman', 'trans_man', 'non_binary', 'other', 'not_stated')",
            name=op.f("ck_distribution_gender"),
        ),
        sa.CheckConstraint("contacts >= 1", name=op.f("ck_distribution_contacts")),
        sa.CheckConstraint(
            "person_id IS NULL OR contacts = 1", name=op.f("ck_distribution_one_person")
        ),
        sa.ForeignKeyConstraint(["by_id"], ["staff.id"], name=op.f("fk_distribution_by_id_staff")),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_distribution_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["stock_place.id"], name=op.f("fk_distribution_place_id_stock_place")
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_distribution_visit_id_visit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_distribution")),
    )
    with op.batch_alter_table("distribution", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_distribution_at"), ["at"], unique=False)
        batch_op.create_index("ix_distribution_person_at", ["person_id", "at"], unique=False)

    op.create_table(
        "stock_balance",
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("lot_key", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["stock_item.id"], name=op.f("fk_stock_balance_item_id_stock_item")
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["stock_place.id"], name=op.f("fk_stock_balance_place_id_stock_place")
        ),
        sa.PrimaryKeyConstraint("place_id", "item_id", "lot_key", name=op.f("pk_stock_balance")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "stock_item_name",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["stock_item.id"],
            name=op.f("fk_stock_item_name_item_id_stock_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("item_id", "language", name=op.f("pk_stock_item_name")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "stock_lot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("lot_number", sa.String(length=40), nullable=False),
        sa.Column("expiry", sa.Date(), nullable=True),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("received_by_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["stock_item.id"], name=op.f("fk_stock_lot_item_id_stock_item")
        ),
        sa.ForeignKeyConstraint(
            ["received_by_id"], ["staff.id"], name=op.f("fk_stock_lot_received_by_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_lot")),
        sa.UniqueConstraint("item_id", "lot_number", name="uq_stock_lot_item_lot"),
    )
    op.create_table(
        "stock_threshold",
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("minimum", sa.Integer(), nullable=False),
        sa.CheckConstraint("minimum >= 0", name=op.f("ck_stock_threshold_minimum")),
        sa.ForeignKeyConstraint(
            ["item_id"], ["stock_item.id"], name=op.f("fk_stock_threshold_item_id_stock_item")
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["stock_place.id"], name=op.f("fk_stock_threshold_place_id_stock_place")
        ),
        sa.PrimaryKeyConstraint("place_id", "item_id", name=op.f("pk_stock_threshold")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "stock_movement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=12), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("source", sa.String(length=80), nullable=True),
        sa.Column("funder", sa.String(length=80), nullable=True),
        sa.Column("distribution_id", sa.Integer(), nullable=True),
        sa.Column("vaccination_id", sa.Integer(), nullable=True),
        sa.Column("transfer_id", sa.Integer(), nullable=True),
        sa.Column("overdrawn", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('receipt', 'transfer_out', 'transfer_in', 'distribution', 'dose', 'adjustment')",
            name=op.f("ck_stock_movement_kind"),
        ),
        sa.CheckConstraint(
            "reason IS NULL OR reason IN ('expired', 'damaged', 'lost', 'stocktake', 'other')",
            name=op.f("ck_stock_movement_reason"),
        ),
        sa.CheckConstraint("quantity <> 0", name=op.f("ck_stock_movement_quantity")),
        sa.ForeignKeyConstraint(
            ["by_id"], ["staff.id"], name=op.f("fk_stock_movement_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["distribution_id"],
            ["distribution.id"],
            name=op.f("fk_stock_movement_distribution_id_distribution"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["stock_item.id"], name=op.f("fk_stock_movement_item_id_stock_item")
        ),
        sa.ForeignKeyConstraint(
            ["lot_id"], ["stock_lot.id"], name=op.f("fk_stock_movement_lot_id_stock_lot")
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["stock_place.id"], name=op.f("fk_stock_movement_place_id_stock_place")
        ),
        sa.ForeignKeyConstraint(
            ["vaccination_id"],
            ["vaccination.id"],
            name=op.f("fk_stock_movement_vaccination_id_vaccination"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_movement")),
    )
    with op.batch_alter_table("stock_movement", schema=None) as batch_op:
        batch_op.create_index("ix_stock_movement_at_kind", ["at", "kind"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_stock_movement_distribution_id"), ["distribution_id"], unique=False
        )
        batch_op.create_index("ix_stock_movement_item_place", ["item_id", "place_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_stock_movement_vaccination_id"), ["vaccination_id"], unique=False
        )

    _seed()
    _move_vaccine_stock()
    with op.batch_alter_table("vaccination", recreate="always") as batch:
        batch.drop_constraint(op.f("fk_vaccination_lot_id_vaccine_lot"), type_="foreignkey")
        batch.create_foreign_key(
            op.f("fk_vaccination_lot_id_stock_lot"), "stock_lot", ["lot_id"], ["id"]
        )
    op.drop_table("vaccine_lot")


_place = sa.table(
    "stock_place", *(sa.column(c) for c in ("id", "code", "kind", "active", "position"))
)
_item = sa.table(
    "stock_item",
    *(
        sa.column(c)
        for c in (
            "id",
            "code",
            "category",
            "unit",
            "active",
            "tracks_lots",
            "contact_limit",
            "weekly_limit",
            "position",
            "vaccine_product_id",
        )
    ),
)


def _seed() -> None:
    op.bulk_insert(
        _place,
        [
            {"code": code, "kind": kind, "active": True, "position": n}
            for n, (code, kind) in enumerate(PLACES)
        ],
    )
    op.bulk_insert(
        _item,
        [
            {
                "code": code,
                "category": category,
                "unit": unit,
                "active": True,
                "tracks_lots": lots,
                "contact_limit": contact,
                "weekly_limit": weekly,
                "position": n,
            }
            for n, (code, category, unit, lots, contact, weekly) in enumerate(CATALOGUE)
        ],
    )


def _scalar(sql: str) -> int:
    return int(op.get_bind().execute(sa.text(sql)).scalar_one())


def _move_vaccine_stock() -> None:
    bind = op.get_bind()
    first = len(CATALOGUE)
    bind.execute(
        sa.text(
            "INSERT INTO stock_item (category, unit, active, tracks_lots, position,"
            " vaccine_product_id) SELECT 'vaccines', 'dose', active, :yes, :first + id, id"
            " FROM vaccine_product"
        ),
        {"yes": True, "first": first},
    )
    bind.execute(
        sa.text(
            "INSERT INTO stock_lot (id, item_id, lot_number, expiry, received_at, received_by_id)"
            " SELECT l.id, i.id, l.lot_number, l.expiry, l.received_at, l.received_by_id"
            " FROM vaccine_lot l JOIN stock_item i ON i.vaccine_product_id = l.product_id"
        )
    )
    dispensary = _scalar("SELECT id FROM stock_place WHERE code = 'dispensary'")
    # One receipt per lot: what it holds now and every dose recorded from it.
    bind.execute(
        sa.text(
            "INSERT INTO stock_movement (at, by_id, kind, place_id, item_id, lot_id, quantity,"
            " overdrawn) SELECT l.received_at, l.received_by_id, 'receipt', :place, s.item_id,"
            " l.id, l.quantity + (SELECT count(*) FROM vaccination v WHERE v.lot_id = l.id),"
            " :no FROM vaccine_lot l JOIN stock_lot s ON s.id = l.id"
            " WHERE l.quantity + (SELECT count(*) FROM vaccination v WHERE v.lot_id = l.id) > 0"
        ),
        {"place": dispensary, "no": False},
    )
    # One movement per dose taken from a lot, linked to its record.
    bind.execute(
        sa.text(
            "INSERT INTO stock_movement (at, by_id, kind, place_id, item_id, lot_id, quantity,"
            " vaccination_id, overdrawn) SELECT v.recorded_at, v.recorded_by_id, 'dose', :place,"
            " s.item_id, v.lot_id, -1, v.id, :no FROM vaccination v"
            " JOIN stock_lot s ON s.id = v.lot_id"
        ),
        {"place": dispensary, "no": False},
    )
    bind.execute(
        sa.text(
            "INSERT INTO stock_balance (place_id, item_id, lot_key, quantity)"
            " SELECT place_id, item_id, coalesce(lot_id, 0), sum(quantity) FROM stock_movement"
            " GROUP BY place_id, item_id, coalesce(lot_id, 0)"
        )
    )
    lots = _scalar("SELECT count(*) FROM vaccine_lot")
    if _scalar("SELECT count(*) FROM stock_lot") != lots:
        raise StockMigrationError("vaccine lots lost")
    if _scalar(
        "SELECT count(*) FROM vaccine_lot l LEFT JOIN stock_balance b"
        " ON b.lot_key = l.id WHERE coalesce(b.quantity, 0) <> l.quantity"
    ):
        raise StockMigrationError("a vaccine lot's balance is not its quantity")


def downgrade() -> None:
    if _scalar("SELECT count(*) FROM distribution") or _scalar(
        "SELECT count(*) FROM stock_movement m JOIN stock_item i ON i.id = m.item_id"
        " WHERE i.vaccine_product_id IS NULL OR m.kind NOT IN ('receipt', 'dose')"
    ):
        raise StockMigrationError("the ledger holds more than the vaccine stock 0012 knows")
    op.create_table(
        "vaccine_lot",
        sa.Column("id", sa.INTEGER(), nullable=False),
        sa.Column("product_id", sa.INTEGER(), nullable=False),
        sa.Column("lot_number", sa.VARCHAR(length=40), nullable=False),
        sa.Column("expiry", sa.DATE(), nullable=False),
        sa.Column("quantity", sa.INTEGER(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("received_by_id", sa.INTEGER(), nullable=False),
        sa.Column("revision", sa.INTEGER(), nullable=False),
        sa.CheckConstraint("quantity >= 0", name=op.f("ck_vaccine_lot_quantity")),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["vaccine_product.id"],
            name=op.f("fk_vaccine_lot_product_id_vaccine_product"),
        ),
        sa.ForeignKeyConstraint(
            ["received_by_id"], ["staff.id"], name=op.f("fk_vaccine_lot_received_by_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vaccine_lot")),
        sa.UniqueConstraint("product_id", "lot_number", name=op.f("uq_vaccine_lot_product_lot")),
    )
    op.get_bind().execute(
        sa.text(
            "INSERT INTO vaccine_lot (id, product_id, lot_number, expiry, quantity, received_at,"
            " received_by_id, revision) SELECT s.id, i.vaccine_product_id, s.lot_number,"
            " s.expiry, coalesce((SELECT sum(b.quantity) FROM stock_balance b"
            " WHERE b.lot_key = s.id), 0), s.received_at, s.received_by_id, 1"
            " FROM stock_lot s JOIN stock_item i ON i.id = s.item_id"
        )
    )
    with op.batch_alter_table("vaccination", recreate="always") as batch:
        batch.drop_constraint(op.f("fk_vaccination_lot_id_stock_lot"), type_="foreignkey")
        batch.create_foreign_key(
            op.f("fk_vaccination_lot_id_vaccine_lot"), "vaccine_lot", ["lot_id"], ["id"]
        )
    with op.batch_alter_table("stock_movement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_movement_vaccination_id"))
        batch_op.drop_index("ix_stock_movement_item_place")
        batch_op.drop_index(batch_op.f("ix_stock_movement_distribution_id"))
        batch_op.drop_index("ix_stock_movement_at_kind")

    op.drop_table("stock_movement")
    op.drop_table("stock_threshold")
    op.drop_table("stock_lot")
    op.drop_table("stock_item_name")
    op.drop_table("stock_balance")
    with op.batch_alter_table("distribution", schema=None) as batch_op:
        batch_op.drop_index("ix_distribution_person_at")
        batch_op.drop_index(batch_op.f("ix_distribution_at"))

    op.drop_table("distribution")
    op.drop_table("stock_item")
    op.drop_table("stock_place")
