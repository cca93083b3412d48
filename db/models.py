"""SQLAlchemy 2 models of Soglia's data.

Times are stored as UTC; which *day* an event belongs to is decided in the clinic's time zone by
`clinic`. Vocabulary columns hold the values of `db.vocabulary` and carry CHECK constraints, so a
bad value cannot reach the file even through a bug.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db.vocabulary import (
    AppointmentStatus,
    ConsentStatus,
    ContactChannel,
    DoseUnit,
    Engagement,
    ForecastStatus,
    Gender,
    InjectionSite,
    PersonStatus,
    QueueState,
    RefusalReason,
    Role,
    Route,
    VaccineSchedule,
    VisitReason,
    WorkSetting,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """An aware UTC datetime, stored naive (SQLite has no time zones) and handed back aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC is required")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


def _one_of(column: str, vocabulary: type[StrEnum]) -> str:
    values = ", ".join(f"'{member.value}'" for member in vocabulary)
    return f"{column} IN ({values})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Staff(Base):
    __tablename__ = "staff"
    __table_args__ = (CheckConstraint(_one_of("role", Role), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # Set when an admin gives the account a password: its owner must choose their own.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default="0")


class Person(Base):
    """A person known to the clinic under a pseudonymous code; never a legal name."""

    __tablename__ = "person"
    __table_args__ = (
        CheckConstraint(_one_of("gender", Gender), name="gender"),
        CheckConstraint(_one_of("engagement", Engagement), name="engagement"),
        CheckConstraint(_one_of("contact_channel", ContactChannel), name="contact_channel"),
        CheckConstraint(_one_of("status", PersonStatus), name="status"),
        CheckConstraint(_one_of("consent", ConsentStatus), name="consent"),
        CheckConstraint(
            "birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100", name="birth_year"
        ),
        Index("ix_person_birth_year_gender", "birth_year", "gender"),
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
    # None: no answer recorded yet, so the desk asks (clinic.registry.consent_to_ask).
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

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(12), primary_key=True)


class PersonWorkSetting(Base):
    __tablename__ = "person_work_setting"
    __table_args__ = (CheckConstraint(_one_of("setting", WorkSetting), name="setting"),)

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    setting: Mapped[str] = mapped_column(String(20), primary_key=True)


class SearchTerm(Base):
    """One normalised word a person is found by (`db.search_keys.person_terms`).

    The primary key (term, person) lets find-as-you-type walk the persons whose words start with
    what was typed, from the index alone; the second index checks one person's other words with
    one seek each.
    """

    __tablename__ = "search_term"
    __table_args__ = (Index("ix_search_term_person_term", "person_id", "term"),)

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


class Visit(Base):
    """One passage at the desk: a registered person, or an unregistered walk-in (no person)."""

    __tablename__ = "visit"
    __table_args__ = (
        CheckConstraint(_one_of("state", QueueState), name="state"),
        Index("ix_visit_person_arrival", "person_id", "arrival_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    arrival_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    state: Mapped[str] = mapped_column(String(12), default=QueueState.WAITING.value)
    served_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    called_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    departed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))

    reasons: Mapped[list[VisitReasonRow]] = relationship(
        cascade="all, delete-orphan", order_by="VisitReasonRow.reason", lazy="selectin"
    )


class VisitReasonRow(Base):
    __tablename__ = "visit_reason"
    __table_args__ = (CheckConstraint(_one_of("reason", VisitReason), name="reason"),)

    visit_id: Mapped[int] = mapped_column(
        ForeignKey("visit.id", ondelete="CASCADE"), primary_key=True
    )
    reason: Mapped[str] = mapped_column(String(20), primary_key=True)


class Setting(Base):
    """Clinic configuration kept in the database, so it is backed up and migrated with the data."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AuditEvent(Base):
    """One audited action: who, as which role, when (UTC), what, on which record, which fields.

    Never the values of fields. Rows form a chain: each holds the hash of the previous row and
    its own hash over its content and id, so an edited, deleted or reordered row is found
    (`clinic.audit_chain.verify_chain`).
    """

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_record", "record_type", "record_id"),
        Index("ix_audit_event_staff_at", "staff_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    username: Mapped[str | None] = mapped_column(String(40))
    role: Mapped[str | None] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(40))
    record_type: Mapped[str | None] = mapped_column(String(30))
    record_id: Mapped[int | None] = mapped_column(Integer)
    fields: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class VaccineProduct(Base):
    """A vaccine the clinic gives: its CVX code says which antigens it protects against (CDSi)."""

    __tablename__ = "vaccine_product"
    __table_args__ = (CheckConstraint(_one_of("unit", DoseUnit), name="unit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    cvx: Mapped[str] = mapped_column(String(4))
    manufacturer: Mapped[str] = mapped_column(String(80))
    vaccine_group: Mapped[str] = mapped_column(String(20))
    # What is usually given, offered when a dose is recorded: a decimal written as text.
    amount: Mapped[str] = mapped_column(String(12))
    unit: Mapped[str] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(default=True)


class VaccineLot(Base):
    """A lot of one product in the clinic's fridge; each dose given from it takes one away."""

    __tablename__ = "vaccine_lot"
    __table_args__ = (
        UniqueConstraint("product_id", "lot_number", name="uq_vaccine_lot_product_lot"),
        CheckConstraint("quantity >= 0", name="quantity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("vaccine_product.id"))
    lot_number: Mapped[str] = mapped_column(String(40))
    expiry: Mapped[dt.date] = mapped_column(Date)
    quantity: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    received_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    revision: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": revision}  # noqa: RUF012


class Vaccination(Base):
    """A dose given (here or elsewhere), or a dose refused; never deleted, only marked in error."""

    __tablename__ = "vaccination"
    __table_args__ = (
        CheckConstraint(f"route IS NULL OR {_one_of('route', Route)}", name="route"),
        CheckConstraint(f"site IS NULL OR {_one_of('site', InjectionSite)}", name="site"),
        CheckConstraint(f"unit IS NULL OR {_one_of('unit', DoseUnit)}", name="unit"),
        CheckConstraint(_one_of("schedule", VaccineSchedule), name="schedule"),
        CheckConstraint(
            f"refusal_reason IS NULL OR {_one_of('refusal_reason', RefusalReason)}",
            name="refusal_reason",
        ),
        CheckConstraint("refused OR product_id IS NOT NULL", name="product_given"),
        CheckConstraint("refused = (refusal_reason IS NOT NULL)", name="refusal"),
        CheckConstraint("dose_number IS NULL OR dose_number BETWEEN 1 AND 10", name="dose_number"),
        Index("ix_vaccination_person_given_on", "person_id", "given_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    vaccine_group: Mapped[str] = mapped_column(String(20))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("vaccine_product.id"))
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("vaccine_lot.id"))
    lot_number: Mapped[str | None] = mapped_column(String(40))
    lot_expiry: Mapped[dt.date | None] = mapped_column(Date)
    dose_number: Mapped[int | None] = mapped_column(Integer)
    given_on: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[str | None] = mapped_column(String(12))
    unit: Mapped[str | None] = mapped_column(String(8))
    route: Mapped[str | None] = mapped_column(String(8))
    site: Mapped[str | None] = mapped_column(String(20))
    schedule: Mapped[str] = mapped_column(String(12), default=VaccineSchedule.STANDARD.value)
    given_elsewhere: Mapped[bool] = mapped_column(default=False)
    given_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    leaflet_on: Mapped[dt.date | None] = mapped_column(Date)
    refused: Mapped[bool] = mapped_column(default=False)
    refusal_reason: Mapped[str | None] = mapped_column(String(12))
    entered_in_error: Mapped[bool] = mapped_column(default=False)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    corrected_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    corrected_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class VaccineForecast(Base):
    """The last forecast of one vaccine group for one person, kept so the worklist is one query.

    Rewritten whenever the person's doses change, and for everyone once a day (ages move on).
    """

    __tablename__ = "vaccine_forecast"
    __table_args__ = (
        CheckConstraint(_one_of("status", ForecastStatus), name="status"),
        Index("ix_vaccine_forecast_status_earliest", "status", "earliest"),
        Index("ix_vaccine_forecast_computed_on", "computed_on"),
    )

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    vaccine_group: Mapped[str] = mapped_column(String(20), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    dose_number: Mapped[int | None] = mapped_column(Integer)
    earliest: Mapped[dt.date | None] = mapped_column(Date)
    recommended: Mapped[dt.date | None] = mapped_column(Date)
    past_due: Mapped[dt.date | None] = mapped_column(Date)
    last_dose_on: Mapped[dt.date | None] = mapped_column(Date)
    computed_on: Mapped[dt.date] = mapped_column(Date)


class VaccineAppointment(Base):
    """A booked day (and optionally time) for a person's next dose of one vaccine group."""

    __tablename__ = "vaccine_appointment"
    __table_args__ = (
        CheckConstraint(_one_of("status", AppointmentStatus), name="status"),
        CheckConstraint("dose_number IS NULL OR dose_number BETWEEN 1 AND 10", name="dose_number"),
        CheckConstraint("time IS NULL OR time GLOB '[0-2][0-9]:[0-5][0-9]'", name="time"),
        Index("ix_vaccine_appointment_day", "day", "time"),
        Index("ix_vaccine_appointment_person", "person_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    vaccine_group: Mapped[str] = mapped_column(String(20))
    dose_number: Mapped[int | None] = mapped_column(Integer)
    day: Mapped[dt.date] = mapped_column(Date)
    time: Mapped[str | None] = mapped_column(String(5))  # "HH:MM" in the clinic's time zone
    status: Mapped[str] = mapped_column(String(10), default=AppointmentStatus.BOOKED.value)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    revision: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": revision}  # noqa: RUF012
