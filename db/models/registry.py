"""The registry: persons under a pseudonymous code, the words they are found by, their changes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import WITHOUT_ROWID, Base, UTCDateTime, one_of
from db.vocabulary.registry import (
    ConsentStatus,
    ContactChannel,
    Engagement,
    Gender,
    PersonStatus,
    WorkSetting,
)


class Person(Base):
    """A person known to the clinic under a pseudonymous code; never a legal name."""

    __tablename__ = "person"
    __table_args__ = (
        CheckConstraint(one_of("gender", Gender), name="gender"),
        CheckConstraint(one_of("engagement", Engagement), name="engagement"),
        CheckConstraint(one_of("contact_channel", ContactChannel), name="contact_channel"),
        CheckConstraint(one_of("status", PersonStatus), name="status"),
        CheckConstraint(one_of("consent", ConsentStatus), name="consent"),
        CheckConstraint(
            "birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100", name="birth_year"
        ),
        Index("ix_person_birth_year_gender", "birth_year", "gender"),
        # The records merged into a person, counted as theirs (migration 0016).
        Index("ix_person_merged_into", "merged_into_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)
    alias: Mapped[str | None] = mapped_column(String(80))
    gender: Mapped[str] = mapped_column(String(20))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    country: Mapped[str | None] = mapped_column(String(3))
    engagement: Mapped[str] = mapped_column(String(20))
    first_contact: Mapped[dt.date] = mapped_column(Date)
    contact_channel: Mapped[str] = mapped_column(String(20))
    consent_date: Mapped[dt.date | None] = mapped_column(Date)
    # None: no answer recorded yet, so the desk asks (clinic.registry.persons.consent_to_ask).
    consent: Mapped[str | None] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(10), default=PersonStatus.ACTIVE.value)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    revision: Mapped[int] = mapped_column(Integer, default=1)

    languages: Mapped[list[PersonLanguage]] = relationship(
        cascade="all, delete-orphan", order_by="PersonLanguage.language"
    )
    work_settings: Mapped[list[PersonWorkSetting]] = relationship(
        cascade="all, delete-orphan", order_by="PersonWorkSetting.setting"
    )
    search_terms: Mapped[list[SearchTerm]] = relationship(cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": revision}  # noqa: RUF012


class PersonLanguage(Base):
    __tablename__ = "person_language"
    __table_args__ = (WITHOUT_ROWID,)

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(12), primary_key=True)


class PersonWorkSetting(Base):
    __tablename__ = "person_work_setting"
    __table_args__ = (
        CheckConstraint(one_of("setting", WorkSetting), name="setting"),
        WITHOUT_ROWID,
    )

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    setting: Mapped[str] = mapped_column(String(20), primary_key=True)


class SearchTerm(Base):
    """One normalised word a person is found by (`db.search_keys.person_terms`).

    The primary key (term, person), which is the table itself (`WITHOUT_ROWID`), lets
    find-as-you-type walk the persons whose words start with what was typed; the second index
    checks one person's other words with one seek each.
    """

    __tablename__ = "search_term"
    __table_args__ = (Index("ix_search_term_person_term", "person_id", "term"), WITHOUT_ROWID)

    term: Mapped[str] = mapped_column(String(80), primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )


class PersonChange(Base):
    """One field of a person's record changed by one staff member at one time."""

    __tablename__ = "person_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
