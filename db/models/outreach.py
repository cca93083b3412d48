"""Street work and group information sessions (issue 14).

A session is one outing of the street unit or one group information session. The registered
people met in it are `outreach_contact`s (a contact of that person, shown in their file); the
others are counted, never named, in `outreach_tally` rows; what was done with them is counted
in `outreach_session_action`. Its material is one aggregate `distribution` pointing at it,
moved through the stock ledger like any hand-out. A session is amended on its day by its team
(its contacts, tallies and counts replaced); later words are addenda. Nothing is deleted.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import WITHOUT_ROWID, Base, UTCDateTime, one_of
from db.models.care import NOTE_LIMIT
from db.vocabulary.materials import AgeBand
from db.vocabulary.outreach import Action, MetBefore, Region, SessionKind, Setting, Shift, StaffPart
from db.vocabulary.registry import Gender


class OutreachSession(Base):
    """A street outing or a group information session: when, where, who went, its note."""

    __tablename__ = "outreach_session"
    __table_args__ = (
        CheckConstraint(one_of("kind", SessionKind), name="kind"),
        CheckConstraint(one_of("shift", Shift), name="shift"),
        CheckConstraint("ends_at > starts_at", name="ends_after"),
        CheckConstraint("volunteers >= 0", name="volunteers"),
        CheckConstraint("interview_requests >= 0", name="interview_requests"),
        CheckConstraint(f"length(note) <= {NOTE_LIMIT}", name="note"),
        CheckConstraint("zone_id IS NULL OR kind = 'street'", name="zone_street"),
        CheckConstraint("venue_id IS NULL OR kind = 'group'", name="venue_group"),
        Index("ix_outreach_session_kind_day", "kind", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    day: Mapped[dt.date] = mapped_column(Date, index=True)  # the clinic's day it started on
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)  # after midnight for a night out
    shift: Mapped[str] = mapped_column(String(8))  # worked out from the times at save
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("care_list_item.id"))  # street
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("care_list_item.id"))  # group
    volunteers: Mapped[int] = mapped_column(Integer, default=0)
    interview_requests: Mapped[int] = mapped_column(Integer, default=0)  # group
    note: Mapped[str] = mapped_column(Text, default="")  # without names: the form says so
    place_id: Mapped[int | None] = mapped_column(ForeignKey("stock_place.id"))  # its material's
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    revision: Mapped[int] = mapped_column(Integer, default=1)  # raised by each amendment


class OutreachSessionStaff(Base):
    """A staff account that took part, and how (team; a group's facilitator or mediator)."""

    __tablename__ = "outreach_session_staff"
    __table_args__ = (CheckConstraint(one_of("part", StaffPart), name="part"), WITHOUT_ROWID)

    session_id: Mapped[int] = mapped_column(ForeignKey("outreach_session.id"), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    part: Mapped[str] = mapped_column(String(12), primary_key=True)


class OutreachSessionSetting(Base):
    """A setting a street session visited (street, apartment, bar or club...)."""

    __tablename__ = "outreach_session_setting"
    __table_args__ = (CheckConstraint(one_of("setting", Setting), name="setting"), WITHOUT_ROWID)

    session_id: Mapped[int] = mapped_column(ForeignKey("outreach_session.id"), primary_key=True)
    setting: Mapped[str] = mapped_column(String(16), primary_key=True)


class OutreachSessionTopic(Base):
    """A topic a group session covered, from the coordinator's list (`group_topic`)."""

    __tablename__ = "outreach_session_topic"
    __table_args__ = (WITHOUT_ROWID,)

    session_id: Mapped[int] = mapped_column(ForeignKey("outreach_session.id"), primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("care_list_item.id"), primary_key=True)


class OutreachSessionLanguage(Base):
    """A language a group session was held in (a code of the registry's language list)."""

    __tablename__ = "outreach_session_language"
    __table_args__ = (WITHOUT_ROWID,)

    session_id: Mapped[int] = mapped_column(ForeignKey("outreach_session.id"), primary_key=True)
    language: Mapped[str] = mapped_column(String(12), primary_key=True)


class OutreachContact(Base):
    """A registered person met in a session: a street contact, or a group participant linked
    to their code. It counts as a contact of that person."""

    __tablename__ = "outreach_contact"
    __table_args__ = (
        UniqueConstraint("session_id", "person_id", name="uq_outreach_contact_session_person"),
        Index("ix_outreach_contact_person", "person_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("outreach_session.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    asked_interview: Mapped[bool] = mapped_column(default=False)  # group: asked for one


class OutreachContactAction(Base):
    """What was done with a registered person met in a session."""

    __tablename__ = "outreach_contact_action"
    __table_args__ = (CheckConstraint(one_of("action", Action), name="action"), WITHOUT_ROWID)

    contact_id: Mapped[int] = mapped_column(ForeignKey("outreach_contact.id"), primary_key=True)
    action: Mapped[str] = mapped_column(String(16), primary_key=True)


class OutreachTally(Base):
    """Anonymous contacts (street) or participants not linked to a code (group), counted by
    gender, age band, region of origin and whether met before. A group's tally has no age
    band (`unknown`) and no "met before" (`not_known`); a total known with nothing more is
    one row of `not_stated`, `unknown`, `unknown`, `not_known`."""

    __tablename__ = "outreach_tally"
    __table_args__ = (
        CheckConstraint(one_of("gender", Gender), name="gender"),
        CheckConstraint(one_of("age_band", AgeBand), name="age_band"),
        CheckConstraint(one_of("region", Region), name="region"),
        CheckConstraint(one_of("met_before", MetBefore), name="met_before"),
        CheckConstraint("count >= 1", name="count"),
        Index("ix_outreach_tally_session", "session_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("outreach_session.id"))
    gender: Mapped[str] = mapped_column(String(12))
    age_band: Mapped[str] = mapped_column(String(8))
    region: Mapped[str] = mapped_column(String(8))
    met_before: Mapped[str] = mapped_column(String(10))
    count: Mapped[int] = mapped_column(Integer)


class OutreachSessionAction(Base):
    """What was done with a session's anonymous contacts, counted (information to 12...)."""

    __tablename__ = "outreach_session_action"
    __table_args__ = (
        CheckConstraint(one_of("action", Action), name="action"),
        CheckConstraint("count >= 1", name="count"),
        WITHOUT_ROWID,
    )

    session_id: Mapped[int] = mapped_column(ForeignKey("outreach_session.id"), primary_key=True)
    action: Mapped[str] = mapped_column(String(16), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class OutreachAddendum(Base):
    """Words added to a session after its day."""

    __tablename__ = "outreach_addendum"
    __table_args__ = (
        CheckConstraint(f"length(note) BETWEEN 1 AND {NOTE_LIMIT}", name="note"),
        Index("ix_outreach_addendum_session", "session_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("outreach_session.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    written_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text)
