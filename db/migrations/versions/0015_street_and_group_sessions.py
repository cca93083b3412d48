"""street and group sessions: their tables, three coordinator-kept lists, a hand-out's session

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04

Issue 14's tables are new. Two existing tables change, each rebuilt (copy and swap) under the
safe recipe with its rows counted before and after:

- `care_list_item` keeps its CHECK to the known lists, so it is rebuilt with three more
  (`outreach_zone`, `group_venue`, `group_topic`), and Soglia's own venues and topics are
  written (names translated by `clinic.care.words`); zones are the clinic's own streets and
  routes, so the coordinator adds them;
- `distribution` gains `session_id` (null for every hand-out so far): a session's material is
  one aggregate hand-out pointing at its session.

Going back is refused once a session, or an entry of the new lists other than Soglia's own,
is stored: it would be dropped with the tables.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.models.base import UTCDateTime

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Soglia's venues and topics are added; the rebuild itself is counted here (`_allow_lists`).
intended_row_changes = frozenset({"care_list_item"})

# The lists as they were, and the three this revision adds (`db.vocabulary.care.CareList`).
LISTS_BEFORE = (
    "medical_reason",
    "sti_symptom",
    "contraception",
    "treatment",
    "social_topic",
    "social_action",
    "test_kind",
)
NEW_LISTS = ("outreach_zone", "group_venue", "group_topic")
# Soglia's own entries of the new lists, as they were when this migration was written.
SEEDS: dict[str, tuple[str, ...]] = {
    "group_venue": ("reception_centre", "landing_site", "school", "other"),
    "group_topic": (
        "rights",
        "health_prevention",
        "trafficking_helpline",
        "protection_programmes",
        "service_access",
    ),
}


class OutreachMigrationError(RuntimeError):
    """A rebuilt table lost or gained rows, or a downgrade would drop sessions: all undone."""


def _count(table: str, where: str = "") -> int:
    query = f"SELECT count(*) FROM {table} {where}"  # noqa: S608 - this module's constants
    return int(op.get_bind().exec_driver_sql(query).scalar_one())


def _allow_lists(lists: Sequence[str]) -> None:
    rows = _count("care_list_item")
    listed = ", ".join(f"'{name}'" for name in lists)
    with op.batch_alter_table("care_list_item", recreate="always") as batch:
        batch.drop_constraint(op.f("ck_care_list_item_list"), type_="check")
        batch.create_check_constraint("list", f"list IN ({listed})")
    if _count("care_list_item") != rows:
        raise OutreachMigrationError(
            f"care_list_item: {rows} rows before, {_count('care_list_item')} after"
        )


def upgrade() -> None:
    _allow_lists(LISTS_BEFORE + NEW_LISTS)
    op.create_table(
        "outreach_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=False),
        sa.Column("shift", sa.String(length=8), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=True),
        sa.Column("venue_id", sa.Integer(), nullable=True),
        sa.Column("volunteers", sa.Integer(), nullable=False),
        sa.Column("interview_requests", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('street', 'group')", name=op.f("ck_outreach_session_kind")),
        sa.CheckConstraint("shift IN ('day', 'night')", name=op.f("ck_outreach_session_shift")),
        sa.CheckConstraint(
            "venue_id IS NULL OR kind = 'group'", name=op.f("ck_outreach_session_venue_group")
        ),
        sa.CheckConstraint(
            "zone_id IS NULL OR kind = 'street'", name=op.f("ck_outreach_session_zone_street")
        ),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_outreach_session_ends_after")),
        sa.CheckConstraint(
            "interview_requests >= 0", name=op.f("ck_outreach_session_interview_requests")
        ),
        sa.CheckConstraint("length(note) <= 20000", name=op.f("ck_outreach_session_note")),
        sa.CheckConstraint("volunteers >= 0", name=op.f("ck_outreach_session_volunteers")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["staff.id"], name=op.f("fk_outreach_session_created_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["stock_place.id"], name=op.f("fk_outreach_session_place_id_stock_place")
        ),
        sa.ForeignKeyConstraint(
            ["venue_id"],
            ["care_list_item.id"],
            name=op.f("fk_outreach_session_venue_id_care_list_item"),
        ),
        sa.ForeignKeyConstraint(
            ["zone_id"],
            ["care_list_item.id"],
            name=op.f("fk_outreach_session_zone_id_care_list_item"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_session")),
    )
    with op.batch_alter_table("outreach_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outreach_session_day"), ["day"], unique=False)
        batch_op.create_index("ix_outreach_session_kind_day", ["kind", "day"], unique=False)

    op.create_table(
        "outreach_addendum",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("written_at", UTCDateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "length(note) BETWEEN 1 AND 20000", name=op.f("ck_outreach_addendum_note")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["staff.id"], name=op.f("fk_outreach_addendum_author_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["outreach_session.id"],
            name=op.f("fk_outreach_addendum_session_id_outreach_session"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_addendum")),
    )
    with op.batch_alter_table("outreach_addendum", schema=None) as batch_op:
        batch_op.create_index("ix_outreach_addendum_session", ["session_id"], unique=False)

    op.create_table(
        "outreach_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("asked_interview", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_outreach_contact_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["outreach_session.id"],
            name=op.f("fk_outreach_contact_session_id_outreach_session"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_contact")),
        sa.UniqueConstraint("session_id", "person_id", name="uq_outreach_contact_session_person"),
    )
    with op.batch_alter_table("outreach_contact", schema=None) as batch_op:
        batch_op.create_index("ix_outreach_contact_person", ["person_id"], unique=False)

    op.create_table(
        "outreach_session_action",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "action IN ('information', 'material', 'accompaniment', 'appointment', 'referral')",
            name=op.f("ck_outreach_session_action_action"),
        ),
        sa.CheckConstraint("count >= 1", name=op.f("ck_outreach_session_action_count")),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["outreach_session.id"],
            name=op.f("fk_outreach_session_action_session_id_outreach_session"),
        ),
        sa.PrimaryKeyConstraint("session_id", "action", name=op.f("pk_outreach_session_action")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "outreach_session_language",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["outreach_session.id"],
            name=op.f("fk_outreach_session_language_session_id_outreach_session"),
        ),
        sa.PrimaryKeyConstraint(
            "session_id", "language", name=op.f("pk_outreach_session_language")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "outreach_session_setting",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("setting", sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "setting IN ('street', 'apartment', 'bar_club', 'massage_parlour', 'online_phone')",
            name=op.f("ck_outreach_session_setting_setting"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["outreach_session.id"],
            name=op.f("fk_outreach_session_setting_session_id_outreach_session"),
        ),
        sa.PrimaryKeyConstraint("session_id", "setting", name=op.f("pk_outreach_session_setting")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "outreach_session_staff",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(length=12), nullable=False),
        sa.CheckConstraint(
            "part IN ('team', 'facilitator', 'mediator')",
            name=op.f("ck_outreach_session_staff_part"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["outreach_session.id"],
            name=op.f("fk_outreach_session_staff_session_id_outreach_session"),
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_outreach_session_staff_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint(
            "session_id", "staff_id", "part", name=op.f("pk_outreach_session_staff")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "outreach_session_topic",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["outreach_session.id"],
            name=op.f("fk_outreach_session_topic_session_id_outreach_session"),
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["care_list_item.id"],
            name=op.f("fk_outreach_session_topic_topic_id_care_list_item"),
        ),
        sa.PrimaryKeyConstraint("session_id", "topic_id", name=op.f("pk_outreach_session_topic")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "outreach_tally",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("gender", sa.String(length=12), nullable=False),
        sa.Column("age_band", sa.String(length=8), nullable=False),
        sa.Column("region", sa.String(length=8), nullable=False),
        sa.Column("met_before", sa.String(length=10), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "age_band IN ('under_18', '18_24', '25_34', '35_44', '45_54', '55_plus', 'unknown')",
            name=op.f("ck_outreach_tally_age_band"),
        ),
        sa.CheckConstraint(
            "gender IN ('woman', 'man', 'trans_woman', 'trans_man', 'non_binary', 'other', 'not_stated')",
            name=op.f("ck_outreach_tally_gender"),
        ),
        sa.CheckConstraint(
            "met_before IN ('yes', 'no', 'not_known')", name=op.f("ck_outreach_tally_met_before")
        ),
        sa.CheckConstraint(
            "region IN ('015', '202', '419', '021', '143', '030', '035', '034', '145', '151', '154', '039', '155', '009', 'unknown')",
            name=op.f("ck_outreach_tally_region"),
        ),
        sa.CheckConstraint("count >= 1", name=op.f("ck_outreach_tally_count")),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["outreach_session.id"],
            name=op.f("fk_outreach_tally_session_id_outreach_session"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_tally")),
    )
    with op.batch_alter_table("outreach_tally", schema=None) as batch_op:
        batch_op.create_index("ix_outreach_tally_session", ["session_id"], unique=False)

    op.create_table(
        "outreach_contact_action",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "action IN ('information', 'material', 'accompaniment', 'appointment', 'referral')",
            name=op.f("ck_outreach_contact_action_action"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["outreach_contact.id"],
            name=op.f("fk_outreach_contact_action_contact_id_outreach_contact"),
        ),
        sa.PrimaryKeyConstraint("contact_id", "action", name=op.f("pk_outreach_contact_action")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("distribution", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_distribution_session_id"), ["session_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_distribution_session_id_outreach_session"),
            "outreach_session",
            ["session_id"],
            ["id"],
        )

    if _count("distribution", "WHERE session_id IS NOT NULL"):
        raise OutreachMigrationError("a hand-out points at a session that cannot exist yet")
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
    """Sessions, and entries of the new lists the coordinator added or Soglia's own renamed."""
    new = ", ".join(f"'{name}'" for name in NEW_LISTS)
    return _count("outreach_session") + _count(
        "care_list_item", f"WHERE list IN ({new}) AND code IS NULL"
    )


def downgrade() -> None:
    if held := _held():
        raise OutreachMigrationError(f"{held} sessions or list entries would be dropped")
    with op.batch_alter_table("distribution", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_distribution_session_id_outreach_session"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_distribution_session_id"))
        batch_op.drop_column("session_id")

    op.drop_table("outreach_contact_action")
    with op.batch_alter_table("outreach_tally", schema=None) as batch_op:
        batch_op.drop_index("ix_outreach_tally_session")

    op.drop_table("outreach_tally")
    op.drop_table("outreach_session_topic")
    op.drop_table("outreach_session_staff")
    op.drop_table("outreach_session_setting")
    op.drop_table("outreach_session_language")
    op.drop_table("outreach_session_action")
    with op.batch_alter_table("outreach_contact", schema=None) as batch_op:
        batch_op.drop_index("ix_outreach_contact_person")

    op.drop_table("outreach_contact")
    with op.batch_alter_table("outreach_addendum", schema=None) as batch_op:
        batch_op.drop_index("ix_outreach_addendum_session")

    op.drop_table("outreach_addendum")
    with op.batch_alter_table("outreach_session", schema=None) as batch_op:
        batch_op.drop_index("ix_outreach_session_kind_day")
        batch_op.drop_index(batch_op.f("ix_outreach_session_day"))

    op.drop_table("outreach_session")
    new = ", ".join(f"'{name}'" for name in NEW_LISTS)
    op.execute(f"DELETE FROM care_list_item WHERE list IN ({new})")  # noqa: S608 - constants
    _allow_lists(LISTS_BEFORE)
