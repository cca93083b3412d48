"""Clinic configuration kept in the database (so it is backed up and migrated with the data)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import tzlocal
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.common.clock import Clock
from clinic.common.errors import ErrorCode, FieldError, ValidationError
from clinic.common.permissions import Actor, Permission, require
from db.models.settings import Setting
from db.models.vaccinations import VaccineForecast
from db.vocabulary.registry import CodeScheme


@dataclass(frozen=True)
class ClinicSettings:
    code_scheme: CodeScheme
    time_zone: str
    name: str = ""
    language: str = "en"  # the clinic's language: reports, and the default at every desk
    second_backup_folder: str = ""  # a copy of every backup goes there too (a USB stick)
    lock_minutes: int = 5  # the desk locks itself after this long without input
    # "cdsi": the CDC's rules alone; "eu": adds the EU accelerated Engerix-B schedule.
    vaccine_profile: str = "cdsi"
    # A referral still without an outcome this many days after it was made is on the
    # follow-up list (issue 12: "after N days, 14 by default").
    referral_follow_up_days: int = 14
    # Lots expiring within this many days are flagged on the desk (issue 13: 60 by default).
    stock_expiry_days: int = 60
    # The night hours, as HH:MM: a street session that starts in them is a night one (issue 14,
    # `clinic.outreach.forms.shift_of`).
    night_from: str = "20:00"
    night_until: str = "06:00"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


def system_time_zone() -> str:
    try:
        name = tzlocal.get_localzone_name()
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return "UTC"
    return name or "UTC"


def default_settings() -> ClinicSettings:
    return ClinicSettings(CodeScheme.SLK581, system_time_zone())


def load_settings(session: Session) -> ClinicSettings:
    stored = {row.key: json.loads(row.value) for row in session.scalars(select(Setting))}
    defaults = default_settings()
    return ClinicSettings(
        code_scheme=CodeScheme(stored.get("code_scheme", defaults.code_scheme)),
        time_zone=stored.get("time_zone", defaults.time_zone),
        name=stored.get("name", defaults.name),
        language=stored.get("language", defaults.language),
        second_backup_folder=stored.get("second_backup_folder", ""),
        lock_minutes=int(stored.get("lock_minutes", defaults.lock_minutes)),
        vaccine_profile=stored.get("vaccine_profile", defaults.vaccine_profile),
        referral_follow_up_days=int(
            stored.get("referral_follow_up_days", defaults.referral_follow_up_days)
        ),
        stock_expiry_days=int(stored.get("stock_expiry_days", defaults.stock_expiry_days)),
        night_from=stored.get("night_from", defaults.night_from),
        night_until=stored.get("night_until", defaults.night_until),
    )


@functools.cache
def time_zones() -> tuple[str, ...]:
    """Every IANA time zone, sorted; read once per process, as `available_timezones()` walks
    the zone files on disk (some 30 ms each time)."""
    return tuple(sorted(available_timezones()))


def save_settings(session: Session, actor: Actor, clock: Clock, settings: ClinicSettings) -> None:
    require(session, actor, Permission.CONFIGURE_CLINIC)
    errors = []
    if settings.time_zone not in time_zones():
        errors.append(FieldError(ErrorCode.UNKNOWN_TIME_ZONE, "time_zone"))
    if settings.lock_minutes not in LOCK_MINUTES:
        errors.append(
            FieldError(ErrorCode.LOCK_MINUTES_RANGE, "lock_minutes", {"max": LOCK_MINUTES[-1]})
        )
    if settings.vaccine_profile not in VACCINE_PROFILES:
        errors.append(FieldError(ErrorCode.UNKNOWN_CHOICE, "vaccine_profile"))
    if settings.referral_follow_up_days not in FOLLOW_UP_DAYS:
        errors.append(
            FieldError(
                ErrorCode.FOLLOW_UP_DAYS_RANGE,
                "referral_follow_up_days",
                {"max": FOLLOW_UP_DAYS[-1]},
            )
        )
    if settings.stock_expiry_days not in FOLLOW_UP_DAYS:
        errors.append(FieldError(ErrorCode.FOLLOW_UP_DAYS_RANGE, "stock_expiry_days", {"max": 365}))
    for name in ("night_from", "night_until"):
        if clock_time(getattr(settings, name)) is None:
            errors.append(FieldError(ErrorCode.SESSION_TIME, name))
    if errors:
        raise ValidationError(errors)
    before = load_settings(session)
    store_settings(session, settings)
    if before.vaccine_profile != settings.vaccine_profile:
        # Other rules, other forecasts: the next refresh makes every one again.
        session.execute(update(VaccineForecast).values(computed_on=dt.date(2000, 1, 1)))
    changed = [f for f in _FIELDS if getattr(before, f) != getattr(settings, f)]
    trail.record(session, actor, clock, Action.SETTINGS_UPDATE, "settings", None, changed)


_FIELDS = (
    "code_scheme",
    "time_zone",
    "name",
    "language",
    "second_backup_folder",
    "lock_minutes",
    "vaccine_profile",
    "referral_follow_up_days",
    "stock_expiry_days",
    "night_from",
    "night_until",
)
LOCK_MINUTES = range(1, 241)
FOLLOW_UP_DAYS = range(1, 366)
VACCINE_PROFILES = ("cdsi", "eu")


_CLOCK_TIME = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")


def clock_time(text: str) -> dt.time | None:
    """A time of day typed as H:MM or HH:MM (24 hours), or None if it is not one."""
    found = _CLOCK_TIME.fullmatch(text.strip())
    return dt.time(int(found[1]), int(found[2])) if found else None


def store_settings(session: Session, settings: ClinicSettings) -> None:
    """Write the settings as they are (checked by the caller): for set-up and save_settings."""
    for field in _FIELDS:
        value = getattr(settings, field)
        session.merge(Setting(key=field, value=json.dumps(str(value))))
