"""Material and stock (issue 13): the item catalogue, the places stock is kept, lots, and one
ledger of movements for everything, vaccines included.

A balance is the sum of its movements. `stock_balance` holds that sum per place, item and lot,
written only by `clinic.materials.ledger` in the same transaction as the movement it adds (and
locked there, so two desks cannot both take the last box): it lets the desk read every balance
at once without summing two million rows, and a property test holds it to the sum. Nothing
else writes a balance; nothing edits or deletes a movement.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import WITHOUT_ROWID, Base, UTCDateTime, one_of
from db.vocabulary.materials import (
    AdjustmentReason,
    AgeBand,
    ItemCategory,
    ItemUnit,
    MovementKind,
    PlaceKind,
)
from db.vocabulary.registry import Gender

NO_LOT = 0  # `stock_balance.lot_key` of an item whose lots are not tracked


class StockItem(Base):
    """Something the clinic hands out or gives: a condom, a leaflet, a vaccine product.

    Soglia's starting items have a `code` (their names in every language come with it); the
    coordinator names the items they add in `stock_item_name`. Items are retired, never deleted.
    """

    __tablename__ = "stock_item"
    __table_args__ = (
        CheckConstraint(one_of("category", ItemCategory), name="category"),
        CheckConstraint(one_of("unit", ItemUnit), name="unit"),
        CheckConstraint("contact_limit IS NULL OR contact_limit > 0", name="contact_limit"),
        CheckConstraint("weekly_limit IS NULL OR weekly_limit > 0", name="weekly_limit"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str | None] = mapped_column(String(40), unique=True)
    category: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str] = mapped_column(String(10))
    active: Mapped[bool] = mapped_column(default=True)
    tracks_lots: Mapped[bool] = mapped_column(default=False)  # lots and expiry dates
    contact_limit: Mapped[int | None] = mapped_column(Integer)  # at most, per contact
    weekly_limit: Mapped[int | None] = mapped_column(Integer)  # at most, per person per week
    position: Mapped[int] = mapped_column(Integer, default=0)
    # A vaccine product is an item of the same stock (its lots are `stock_lot`s).
    vaccine_product_id: Mapped[int | None] = mapped_column(
        ForeignKey("vaccine_product.id"), unique=True
    )


class StockItemName(Base):
    """An item's name in one language (the coordinator's words)."""

    __tablename__ = "stock_item_name"
    __table_args__ = WITHOUT_ROWID

    item_id: Mapped[int] = mapped_column(
        ForeignKey("stock_item.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


class StockPlace(Base):
    """Where stock is kept: the dispensary, an outreach bag or van. Soglia's two first places
    have a `code` (their name translated); the coordinator names the places they add."""

    __tablename__ = "stock_place"
    __table_args__ = (
        CheckConstraint(one_of("kind", PlaceKind), name="kind"),
        CheckConstraint("code IS NOT NULL OR name IS NOT NULL", name="named"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str | None] = mapped_column(String(40), unique=True)
    name: Mapped[str | None] = mapped_column(String(60), unique=True)
    kind: Mapped[str] = mapped_column(String(12))
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class StockThreshold(Base):
    """Warn when an item's stock at a place falls below `minimum`."""

    __tablename__ = "stock_threshold"
    __table_args__ = (CheckConstraint("minimum >= 0", name="minimum"), WITHOUT_ROWID)

    place_id: Mapped[int] = mapped_column(ForeignKey("stock_place.id"), primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("stock_item.id"), primary_key=True)
    minimum: Mapped[int] = mapped_column(Integer)


class StockLot(Base):
    """A lot of an item whose lots are tracked (vaccine lots among them, their ids kept)."""

    __tablename__ = "stock_lot"
    __table_args__ = (UniqueConstraint("item_id", "lot_number", name="uq_stock_lot_item_lot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("stock_item.id"))
    lot_number: Mapped[str] = mapped_column(String(40))
    expiry: Mapped[dt.date | None] = mapped_column(Date)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    received_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))


class Distribution(Base):
    """One hand-out: to a registered person (with that day's visit when there is one), to
    someone who wants no record (gender and age band only), or, from an outreach place, to
    `contacts` people counted together (a street or group session's, `session_id`). Its items
    are its movements."""

    __tablename__ = "distribution"
    __table_args__ = (
        CheckConstraint(f"gender IS NULL OR {one_of('gender', Gender)}", name="gender"),
        CheckConstraint(f"age_band IS NULL OR {one_of('age_band', AgeBand)}", name="age_band"),
        CheckConstraint("contacts >= 1", name="contacts"),
        CheckConstraint("person_id IS NULL OR contacts = 1", name="one_person"),
        Index("ix_distribution_person_at", "person_id", "at"),
        Index("ix_distribution_at", "at", "person_id"),  # a period's, by the index
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    place_id: Mapped[int] = mapped_column(ForeignKey("stock_place.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id"))
    gender: Mapped[str | None] = mapped_column(String(12))
    age_band: Mapped[str | None] = mapped_column(String(8))
    contacts: Mapped[int] = mapped_column(Integer, default=1)
    # Why a limit or an empty stock was overridden (a nurse or the coordinator), audited.
    override_reason: Mapped[str | None] = mapped_column(String(200))
    # The street or group session whose material this is, handed out in aggregate (issue 14).
    session_id: Mapped[int | None] = mapped_column(ForeignKey("outreach_session.id"), index=True)


class StockMovement(Base):
    """One change of stock at one place: `quantity` signed (+ in, - out), never zero."""

    __tablename__ = "stock_movement"
    __table_args__ = (
        CheckConstraint(one_of("kind", MovementKind), name="kind"),
        CheckConstraint(f"reason IS NULL OR {one_of('reason', AdjustmentReason)}", name="reason"),
        CheckConstraint("quantity <> 0", name="quantity"),
        Index("ix_stock_movement_item_place", "item_id", "place_id"),
        # What went out in a period (consumption, the rate of use) is read from this index
        # alone, without the rows (migration 0014).
        Index("ix_stock_movement_kind_at", "kind", "at", "item_id", "place_id", "quantity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    kind: Mapped[str] = mapped_column(String(12))
    place_id: Mapped[int] = mapped_column(ForeignKey("stock_place.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("stock_item.id"))
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("stock_lot.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(String(12))  # an adjustment's
    note: Mapped[str | None] = mapped_column(String(200))  # an adjustment's or override's words
    source: Mapped[str | None] = mapped_column(String(80))  # a receipt's supplier or donor
    funder: Mapped[str | None] = mapped_column(String(80))  # who paid for a receipt
    distribution_id: Mapped[int | None] = mapped_column(ForeignKey("distribution.id"), index=True)
    vaccination_id: Mapped[int | None] = mapped_column(ForeignKey("vaccination.id"), index=True)
    # A transfer's two movements point at each other's first: the out-movement's id.
    transfer_id: Mapped[int | None] = mapped_column(Integer)
    # Taken below zero, knowingly (`note` says why).
    overdrawn: Mapped[bool] = mapped_column(default=False)


class StockBalance(Base):
    """The sum of the movements of one item (and lot) at one place; see the module's text."""

    __tablename__ = "stock_balance"
    __table_args__ = WITHOUT_ROWID

    place_id: Mapped[int] = mapped_column(ForeignKey("stock_place.id"), primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("stock_item.id"), primary_key=True)
    lot_key: Mapped[int] = mapped_column(Integer, primary_key=True)  # the lot's id, or NO_LOT
    quantity: Mapped[int] = mapped_column(Integer, default=0)
