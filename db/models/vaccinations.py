"""Vaccinations: products, doses and refusals, stored forecasts, appointments. Their lots are
kept in the clinic's one stock (`db.models.materials`, issue 13)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, UTCDateTime, one_of
from db.vocabulary.vaccinations import (
    AppointmentStatus,
    DoseUnit,
    ForecastStatus,
    InjectionSite,
    RefusalReason,
    Route,
    VaccineSchedule,
)


class VaccineProduct(Base):
    """A vaccine the clinic gives: its CVX code says which antigens it protects against (CDSi)."""

    __tablename__ = "vaccine_product"
    __table_args__ = (CheckConstraint(one_of("unit", DoseUnit), name="unit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    cvx: Mapped[str] = mapped_column(String(4))
    manufacturer: Mapped[str] = mapped_column(String(80))
    vaccine_group: Mapped[str] = mapped_column(String(20))
    # What is usually given, offered when a dose is recorded: a decimal written as text.
    amount: Mapped[str] = mapped_column(String(12))
    unit: Mapped[str] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(default=True)


class Vaccination(Base):
    """A dose given (here or elsewhere), or a dose refused; never deleted, only marked in error."""

    __tablename__ = "vaccination"
    __table_args__ = (
        CheckConstraint(f"route IS NULL OR {one_of('route', Route)}", name="route"),
        CheckConstraint(f"site IS NULL OR {one_of('site', InjectionSite)}", name="site"),
        CheckConstraint(f"unit IS NULL OR {one_of('unit', DoseUnit)}", name="unit"),
        CheckConstraint(one_of("schedule", VaccineSchedule), name="schedule"),
        CheckConstraint(
            f"refusal_reason IS NULL OR {one_of('refusal_reason', RefusalReason)}",
            name="refusal_reason",
        ),
        CheckConstraint("refused OR product_id IS NOT NULL", name="product_given"),
        CheckConstraint("refused = (refusal_reason IS NOT NULL)", name="refusal"),
        CheckConstraint("dose_number IS NULL OR dose_number BETWEEN 1 AND 10", name="dose_number"),
        Index(
            "ix_vaccination_person_given_on",
            "person_id",
            "given_on",
            "refused",
            "entered_in_error",
            "given_elsewhere",
        ),
        # A period's doses given here, read from the index alone (migration 0016).
        Index(
            "ix_vaccination_given_on_person",
            "given_on",
            "person_id",
            "refused",
            "entered_in_error",
            "given_elsewhere",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    vaccine_group: Mapped[str] = mapped_column(String(20))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("vaccine_product.id"))
    # The lot of the clinic's stock it was taken from (`db.models.materials.StockLot`).
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("stock_lot.id"))
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
        CheckConstraint(one_of("status", ForecastStatus), name="status"),
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
        CheckConstraint(one_of("status", AppointmentStatus), name="status"),
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
