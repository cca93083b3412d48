"""vaccinations: products, lots, doses, forecasts, appointments

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

New tables only (no rebuild); the catalogue starts with the products of vaccines.md.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


PRODUCT_COLUMNS = ("name", "cvx", "manufacturer", "vaccine_group", "amount", "unit", "active")
# The products of vaccines.md with their CDC CVX codes; clinics add their own later.
PRODUCTS = [
    ("Engerix-B 20 µg", "43", "GSK", "HepB", "1.0", "ml", True),
    ("HBVaxPro 10 µg", "43", "MSD", "HepB", "1.0", "ml", True),
    ("Heplisav-B", "189", "Dynavax", "HepB", "0.5", "ml", True),
    ("PreHevbrio", "220", "VBI Vaccines", "HepB", "1.0", "ml", True),
    ("Havrix 1440", "52", "GSK", "HepA", "1.0", "ml", True),
    ("Vaqta 50", "52", "MSD", "HepA", "1.0", "ml", True),
    ("Avaxim 160", "52", "Sanofi", "HepA", "0.5", "ml", True),
    ("Twinrix Adult", "104", "GSK", "HepA-HepB", "1.0", "ml", True),
    ("Gardasil 9", "165", "MSD", "HPV", "0.5", "ml", True),
    ("Td (adult booster)", "113", "-", "Td", "0.5", "ml", True),
    ("Boostrix (Tdap)", "115", "GSK", "Td", "0.5", "ml", True),
    ("Imvanex / Jynneos", "206", "Bavarian Nordic", "Mpox", "0.5", "ml", True),
    ("Influenza (seasonal)", "88", "-", "Influenza", "0.5", "ml", True),
    ("COVID-19 (seasonal)", "213", "-", "COVID-19", "0.3", "ml", True),
]


def upgrade() -> None:
    products = op.create_table(
        "vaccine_product",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("cvx", sa.String(length=4), nullable=False),
        sa.Column("manufacturer", sa.String(length=80), nullable=False),
        sa.Column("vaccine_group", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.String(length=12), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint("unit IN ('ml', 'dose')", name=op.f("ck_vaccine_product_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vaccine_product")),
        sa.UniqueConstraint("name", name=op.f("uq_vaccine_product_name")),
    )
    op.create_table(
        "vaccine_appointment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("vaccine_group", sa.String(length=20), nullable=False),
        sa.Column("dose_number", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("time", sa.String(length=5), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('booked', 'attended', 'missed', 'cancelled')",
            name=op.f("ck_vaccine_appointment_status"),
        ),
        sa.CheckConstraint(
            "dose_number IS NULL OR dose_number BETWEEN 1 AND 10",
            name=op.f("ck_vaccine_appointment_dose_number"),
        ),
        sa.CheckConstraint(
            "time IS NULL OR time GLOB '[0-2][0-9]:[0-5][0-9]'",
            name=op.f("ck_vaccine_appointment_time"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["staff.id"], name=op.f("fk_vaccine_appointment_created_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_vaccine_appointment_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vaccine_appointment")),
    )
    op.create_index("ix_vaccine_appointment_day", "vaccine_appointment", ["day", "time"])
    op.create_index("ix_vaccine_appointment_person", "vaccine_appointment", ["person_id", "day"])

    op.create_table(
        "vaccine_forecast",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("vaccine_group", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("dose_number", sa.Integer(), nullable=True),
        sa.Column("earliest", sa.Date(), nullable=True),
        sa.Column("recommended", sa.Date(), nullable=True),
        sa.Column("past_due", sa.Date(), nullable=True),
        sa.Column("last_dose_on", sa.Date(), nullable=True),
        sa.Column("computed_on", sa.Date(), nullable=False),
        sa.CheckConstraint(
            "status IN ('complete', 'not_complete', 'aged_out', 'no_birth_date')",
            name=op.f("ck_vaccine_forecast_status"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_vaccine_forecast_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "vaccine_group", name=op.f("pk_vaccine_forecast")),
    )
    op.create_index(
        "ix_vaccine_forecast_status_earliest", "vaccine_forecast", ["status", "earliest"]
    )
    op.create_index("ix_vaccine_forecast_computed_on", "vaccine_forecast", ["computed_on"])

    op.create_table(
        "vaccine_lot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("lot_number", sa.String(length=40), nullable=False),
        sa.Column("expiry", sa.Date(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("received_by_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
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
        sa.UniqueConstraint("product_id", "lot_number", name="uq_vaccine_lot_product_lot"),
    )
    op.create_table(
        "vaccination",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("vaccine_group", sa.String(length=20), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("lot_id", sa.Integer(), nullable=True),
        sa.Column("lot_number", sa.String(length=40), nullable=True),
        sa.Column("lot_expiry", sa.Date(), nullable=True),
        sa.Column("dose_number", sa.Integer(), nullable=True),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.String(length=12), nullable=True),
        sa.Column("unit", sa.String(length=8), nullable=True),
        sa.Column("route", sa.String(length=8), nullable=True),
        sa.Column("site", sa.String(length=20), nullable=True),
        sa.Column("schedule", sa.String(length=12), nullable=False),
        sa.Column("given_elsewhere", sa.Boolean(), nullable=False),
        sa.Column("given_by_id", sa.Integer(), nullable=True),
        sa.Column("leaflet_on", sa.Date(), nullable=True),
        sa.Column("refused", sa.Boolean(), nullable=False),
        sa.Column("refusal_reason", sa.String(length=12), nullable=True),
        sa.Column("entered_in_error", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("corrected_at", sa.DateTime(), nullable=True),
        sa.Column("corrected_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "refusal_reason IS NULL OR refusal_reason IN ('declined', 'later', 'medical', 'elsewhere', 'other')",
            name=op.f("ck_vaccination_refusal_reason"),
        ),
        sa.CheckConstraint(
            "route IS NULL OR route IN ('im', 'sc', 'id', 'oral', 'nasal')",
            name=op.f("ck_vaccination_route"),
        ),
        sa.CheckConstraint(
            "schedule IN ('standard', 'accelerated')", name=op.f("ck_vaccination_schedule")
        ),
        sa.CheckConstraint(
            "site IS NULL OR site IN ('left_deltoid', 'right_deltoid', 'left_thigh', 'right_thigh', 'left_forearm', 'right_forearm', 'other')",
            name=op.f("ck_vaccination_site"),
        ),
        sa.CheckConstraint(
            "unit IS NULL OR unit IN ('ml', 'dose')", name=op.f("ck_vaccination_unit")
        ),
        sa.CheckConstraint(
            "refused OR product_id IS NOT NULL", name=op.f("ck_vaccination_product_given")
        ),
        sa.CheckConstraint(
            "refused = (refusal_reason IS NOT NULL)", name=op.f("ck_vaccination_refusal")
        ),
        sa.CheckConstraint(
            "dose_number IS NULL OR dose_number BETWEEN 1 AND 10",
            name=op.f("ck_vaccination_dose_number"),
        ),
        sa.ForeignKeyConstraint(
            ["corrected_by_id"], ["staff.id"], name=op.f("fk_vaccination_corrected_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["given_by_id"], ["staff.id"], name=op.f("fk_vaccination_given_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["lot_id"], ["vaccine_lot.id"], name=op.f("fk_vaccination_lot_id_vaccine_lot")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_vaccination_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["vaccine_product.id"],
            name=op.f("fk_vaccination_product_id_vaccine_product"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["staff.id"], name=op.f("fk_vaccination_recorded_by_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vaccination")),
    )
    op.create_index("ix_vaccination_person_given_on", "vaccination", ["person_id", "given_on"])
    op.bulk_insert(products, [dict(zip(PRODUCT_COLUMNS, row, strict=True)) for row in PRODUCTS])


def downgrade() -> None:
    op.drop_index("ix_vaccination_person_given_on", table_name="vaccination")

    op.drop_table("vaccination")
    op.drop_table("vaccine_lot")
    op.drop_index("ix_vaccine_forecast_computed_on", table_name="vaccine_forecast")
    op.drop_index("ix_vaccine_forecast_status_earliest", table_name="vaccine_forecast")

    op.drop_table("vaccine_forecast")
    op.drop_index("ix_vaccine_appointment_person", table_name="vaccine_appointment")
    op.drop_index("ix_vaccine_appointment_day", table_name="vaccine_appointment")

    op.drop_table("vaccine_appointment")
    op.drop_table("vaccine_product")
