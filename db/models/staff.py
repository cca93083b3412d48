"""Staff accounts: who may log in, with which role."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, UTCDateTime, one_of
from db.vocabulary.staff import Role


class Staff(Base):
    __tablename__ = "staff"
    __table_args__ = (CheckConstraint(one_of("role", Role), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # Set when an admin gives the account a password: its owner must choose their own.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default="0")
    # Trained for identification interviews (the coordinator says so): a social worker or a
    # psychologist without it reads interviews but does not record them.
    interviewer: Mapped[bool] = mapped_column(default=False, server_default="0")
