"""care records: consultations, rapid tests, referrals, interviews and pathways

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03

Issue 12's tables, all new: nothing existing is rebuilt or changed, so no row of the clinic's
file moves. Instants are `UTCDateTime` from the start (integer microseconds on SQLite,
`TIMESTAMP WITH TIME ZONE` on PostgreSQL), and the two link tables are `WITHOUT ROWID`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.models.base import UTCDateTime

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The lists' own entries, as they were when this migration was written; their names are
# translated by `clinic.care.words`. A coordinator adds and retires entries from here on.
SEEDS: dict[str, tuple[str, ...]] = {
    "medical_reason": (
        "sti_screening",
        "sti_symptoms",
        "contraception",
        "pregnancy",
        "gynaecology",
        "pep_prep",
        "wound",
        "illness",
        "prescription",
        "health_information",
    ),
    "sti_symptom": ("discharge", "ulcer", "warts", "pelvic_pain", "dysuria", "rash", "itching"),
    "contraception": ("condom", "pill", "injectable", "implant", "iud", "emergency", "none"),
    "treatment": (
        "antibiotic",
        "antifungal",
        "antiviral",
        "analgesic",
        "dressing",
        "emergency_contraception",
        "pep",
    ),
    "social_topic": (
        "housing",
        "documents",
        "health_insurance",
        "work",
        "debts",
        "violence",
        "family",
        "children",
        "income",
    ),
    "social_action": (
        "information",
        "forms",
        "phone_call",
        "accompaniment",
        "emergency_housing",
        "legal_advice",
    ),
    "test_kind": ("hiv", "hcv", "syphilis", "hbsag", "pregnancy"),
}
RECORD_TABLES = ("consultation", "rapid_test", "referral", "pathway", "partner_service")


class CareRecordsKeptError(RuntimeError):
    """Going below 0011 would drop people's care records: refused, nothing changed."""


def upgrade() -> None:
    op.create_table(
        "care_list_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list", sa.String(length=20), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "list IN ('medical_reason', 'sti_symptom', 'contraception', 'treatment', 'social_topic', 'social_action', 'test_kind')",
            name=op.f("ck_care_list_item_list"),
        ),
        sa.CheckConstraint(
            "code IS NOT NULL OR name IS NOT NULL", name=op.f("ck_care_list_item_named")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_list_item")),
        sa.UniqueConstraint("list", "code", name="uq_care_list_item_list_code"),
    )
    op.create_table(
        "partner_service",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("contact", sa.String(length=500), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('hospital', 'sti_clinic', 'gynaecology', 'mental_health', 'addiction', 'shelter', 'legal_aid', 'anti_trafficking', 'social_services', 'police', 'other')",
            name=op.f("ck_partner_service_kind"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_service")),
        sa.UniqueConstraint("name", name=op.f("uq_partner_service_name")),
    )
    op.create_table(
        "consultation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("written_at", UTCDateTime(), nullable=False),
        sa.Column("duration_min", sa.SmallInteger(), nullable=True),
        sa.Column("mediator", sa.Boolean(), nullable=False),
        sa.Column("mediator_language", sa.String(length=12), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("entered_in_error", sa.Boolean(), nullable=False),
        sa.Column("error_reason", sa.String(length=500), nullable=True),
        sa.Column("error_at", UTCDateTime(), nullable=True),
        sa.Column("error_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('medical', 'social', 'psychological', 'identification')",
            name=op.f("ck_consultation_kind"),
        ),
        sa.CheckConstraint(
            "duration_min IS NULL OR duration_min BETWEEN 1 AND 720",
            name=op.f("ck_consultation_duration"),
        ),
        sa.CheckConstraint(
            "error_reason IS NULL OR entered_in_error", name=op.f("ck_consultation_error_reason")
        ),
        sa.CheckConstraint("length(note) <= 20000", name=op.f("ck_consultation_note")),
        sa.CheckConstraint(
            "mediator OR mediator_language IS NULL", name=op.f("ck_consultation_mediator_language")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["staff.id"], name=op.f("fk_consultation_author_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["error_by_id"], ["staff.id"], name=op.f("fk_consultation_error_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_consultation_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_consultation_visit_id_visit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation")),
    )
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.create_index(
            "ix_consultation_person_written", ["person_id", "written_at"], unique=False
        )

    op.create_table(
        "rapid_test",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("kind_id", sa.Integer(), nullable=False),
        sa.Column("kit", sa.String(length=80), nullable=True),
        sa.Column("lot", sa.String(length=40), nullable=True),
        sa.Column("result", sa.String(length=14), nullable=False),
        sa.Column("read_at", UTCDateTime(), nullable=False),
        sa.Column("read_by_id", sa.Integer(), nullable=False),
        sa.Column("counselled_before", sa.Boolean(), nullable=False),
        sa.Column("counselled_after", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("entered_in_error", sa.Boolean(), nullable=False),
        sa.Column("error_reason", sa.String(length=500), nullable=True),
        sa.CheckConstraint(
            "result IN ('non_reactive', 'reactive', 'invalid')", name=op.f("ck_rapid_test_result")
        ),
        sa.CheckConstraint(
            "error_reason IS NULL OR entered_in_error", name=op.f("ck_rapid_test_error_reason")
        ),
        sa.ForeignKeyConstraint(
            ["kind_id"], ["care_list_item.id"], name=op.f("fk_rapid_test_kind_id_care_list_item")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_rapid_test_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["read_by_id"], ["staff.id"], name=op.f("fk_rapid_test_read_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["staff.id"], name=op.f("fk_rapid_test_recorded_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_rapid_test_visit_id_visit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rapid_test")),
    )
    with op.batch_alter_table("rapid_test", schema=None) as batch_op:
        batch_op.create_index("ix_rapid_test_person_read", ["person_id", "read_at"], unique=False)

    op.create_table(
        "consultation_addendum",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("written_at", UTCDateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "length(note) BETWEEN 1 AND 20000", name=op.f("ck_consultation_addendum_note")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["staff.id"], name=op.f("fk_consultation_addendum_author_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_consultation_addendum_consultation_id_consultation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_addendum")),
    )
    with op.batch_alter_table("consultation_addendum", schema=None) as batch_op:
        batch_op.create_index(
            "ix_consultation_addendum_consultation", ["consultation_id"], unique=False
        )

    op.create_table(
        "consultation_item",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_consultation_item_consultation_id_consultation"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["care_list_item.id"],
            name=op.f("fk_consultation_item_item_id_care_list_item"),
        ),
        sa.PrimaryKeyConstraint("consultation_id", "item_id", name=op.f("pk_consultation_item")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "consultation_revision",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("replaced_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_consultation_revision_consultation_id_consultation"),
        ),
        sa.PrimaryKeyConstraint("consultation_id", "number", name=op.f("pk_consultation_revision")),
    )
    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("need", sa.String(length=16), nullable=False),
        sa.Column("raised_in_id", sa.Integer(), nullable=False),
        sa.Column("cleared_in_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "need IN ('medical', 'social', 'psychological')", name=op.f("ck_follow_up_need")
        ),
        sa.ForeignKeyConstraint(
            ["cleared_in_id"],
            ["consultation.id"],
            name=op.f("fk_follow_up_cleared_in_id_consultation"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_follow_up_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["raised_in_id"],
            ["consultation.id"],
            name=op.f("fk_follow_up_raised_in_id_consultation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up")),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index("ix_follow_up_person", ["person_id", "need"], unique=False)

    op.create_table(
        "identification_interview",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("referred_by", sa.String(length=16), nullable=False),
        sa.Column("conclusion", sa.String(length=16), nullable=True),
        sa.Column("offer", sa.String(length=12), nullable=False),
        sa.CheckConstraint(
            "conclusion IS NULL OR conclusion IN ('presumed_victim', 'not_identified', 'undetermined')",
            name=op.f("ck_identification_interview_conclusion"),
        ),
        sa.CheckConstraint(
            "offer IN ('not_offered', 'offered', 'accepted', 'refused')",
            name=op.f("ck_identification_interview_offer"),
        ),
        sa.CheckConstraint(
            "referred_by IN ('self', 'reception', 'outreach', 'commission', 'police', 'prefecture', 'court', 'organisation', 'landing')",
            name=op.f("ck_identification_interview_referred_by"),
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_identification_interview_consultation_id_consultation"),
        ),
        sa.PrimaryKeyConstraint("consultation_id", name=op.f("pk_identification_interview")),
    )
    op.create_table(
        "pathway",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("opened_by_id", sa.Integer(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closing_reason", sa.String(length=20), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "closing_reason IS NULL OR closing_reason IN ('completed', 'left', 'voluntary_return', 'other_programme')",
            name=op.f("ck_pathway_closing_reason"),
        ),
        sa.CheckConstraint("kind IN ('protection', 'exit')", name=op.f("ck_pathway_kind")),
        sa.CheckConstraint(
            "(closed_on IS NULL) = (closing_reason IS NULL)", name=op.f("ck_pathway_closed")
        ),
        sa.CheckConstraint(
            "closed_on IS NULL OR closed_on >= opened_on", name=op.f("ck_pathway_closed_after")
        ),
        sa.ForeignKeyConstraint(
            ["closed_by_id"], ["staff.id"], name=op.f("fk_pathway_closed_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["interview_id"], ["consultation.id"], name=op.f("fk_pathway_interview_id_consultation")
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_id"], ["staff.id"], name=op.f("fk_pathway_opened_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_pathway_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pathway")),
    )
    with op.batch_alter_table("pathway", schema=None) as batch_op:
        batch_op.create_index("ix_pathway_closed_on", ["closed_on"], unique=False)
        batch_op.create_index("ix_pathway_person", ["person_id"], unique=False)

    op.create_table(
        "referral",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("test_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=2000), nullable=False),
        sa.Column("urgency", sa.String(length=8), nullable=False),
        sa.Column("accompanied", sa.Boolean(), nullable=False),
        sa.Column("persons_request", sa.Boolean(), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("written_at", UTCDateTime(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=14), nullable=True),
        sa.Column("outcome_on", sa.Date(), nullable=True),
        sa.Column("outcome_by_id", sa.Integer(), nullable=True),
        sa.Column("entered_in_error", sa.Boolean(), nullable=False),
        sa.Column("error_reason", sa.String(length=500), nullable=True),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('attended', 'not_attended', 'unknown')",
            name=op.f("ck_referral_outcome"),
        ),
        sa.CheckConstraint(
            "urgency IN ('routine', 'soon', 'urgent')", name=op.f("ck_referral_urgency")
        ),
        sa.CheckConstraint(
            "(outcome IS NULL) = (outcome_on IS NULL)", name=op.f("ck_referral_outcome_dated")
        ),
        sa.CheckConstraint(
            "error_reason IS NULL OR entered_in_error", name=op.f("ck_referral_error_reason")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["staff.id"], name=op.f("fk_referral_author_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["outcome_by_id"], ["staff.id"], name=op.f("fk_referral_outcome_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_referral_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["partner_service.id"],
            name=op.f("fk_referral_service_id_partner_service"),
        ),
        sa.ForeignKeyConstraint(
            ["test_id"], ["rapid_test.id"], name=op.f("fk_referral_test_id_rapid_test")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral")),
    )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_index("ix_referral_open", ["outcome", "referred_on"], unique=False)
        batch_op.create_index("ix_referral_person", ["person_id", "referred_on"], unique=False)

    op.create_table(
        "interview_indicator",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["identification_interview.consultation_id"],
            name=op.f("fk_interview_indicator_consultation_id_identification_interview"),
        ),
        sa.PrimaryKeyConstraint("consultation_id", "code", name=op.f("pk_interview_indicator")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "pathway_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pathway_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "stage IN ('identification', 'emergency_shelter', 'first_reception', 'second_reception', 'training_or_job', 'housing_autonomy')",
            name=op.f("ck_pathway_step_stage"),
        ),
        sa.ForeignKeyConstraint(
            ["pathway_id"], ["pathway.id"], name=op.f("fk_pathway_step_pathway_id_pathway")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["staff.id"], name=op.f("fk_pathway_step_recorded_by_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pathway_step")),
    )
    with op.batch_alter_table("pathway_step", schema=None) as batch_op:
        batch_op.create_index("ix_pathway_step_pathway", ["pathway_id", "started_on"], unique=False)
    _seed()


def _seed() -> None:
    items = sa.table(
        "care_list_item",
        sa.column("list", sa.String),
        sa.column("code", sa.String),
        sa.column("position", sa.Integer),
        sa.column("active", sa.Boolean),
    )
    rows = [
        {"list": name, "code": code, "position": position, "active": True}
        for name, codes in SEEDS.items()
        for position, code in enumerate(codes)
    ]
    op.bulk_insert(items, rows)


def _held() -> int:
    bind = op.get_bind()
    # Table names are this module's constants, not input.
    counts = [
        bind.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()  # noqa: S608
        for table in RECORD_TABLES
    ]
    added = "SELECT count(*) FROM care_list_item WHERE code IS NULL"
    return int(sum(counts)) + int(bind.exec_driver_sql(added).scalar_one())


def downgrade() -> None:
    if held := _held():
        raise CareRecordsKeptError(f"{held} care records or list entries would be dropped")
    with op.batch_alter_table("pathway_step", schema=None) as batch_op:
        batch_op.drop_index("ix_pathway_step_pathway")

    op.drop_table("pathway_step")
    op.drop_table("interview_indicator")
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index("ix_referral_person")
        batch_op.drop_index("ix_referral_open")

    op.drop_table("referral")
    with op.batch_alter_table("pathway", schema=None) as batch_op:
        batch_op.drop_index("ix_pathway_person")
        batch_op.drop_index("ix_pathway_closed_on")

    op.drop_table("pathway")
    op.drop_table("identification_interview")
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_up_person")

    op.drop_table("follow_up")
    op.drop_table("consultation_revision")
    op.drop_table("consultation_item")
    with op.batch_alter_table("consultation_addendum", schema=None) as batch_op:
        batch_op.drop_index("ix_consultation_addendum_consultation")

    op.drop_table("consultation_addendum")
    with op.batch_alter_table("rapid_test", schema=None) as batch_op:
        batch_op.drop_index("ix_rapid_test_person_read")

    op.drop_table("rapid_test")
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.drop_index("ix_consultation_person_written")

    op.drop_table("consultation")
    op.drop_table("partner_service")
    op.drop_table("care_list_item")
