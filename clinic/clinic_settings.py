"""Clinic configuration kept in the database (so it is backed up and migrated with the data)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import tzlocal
from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic import audit
from clinic.audit import Action
from clinic.clock import Clock
from clinic.errors import FieldError, ValidationError
from clinic.permissions import Actor, Permission, require
from db.models import Setting
from db.vocabulary import CodeScheme


@dataclass(frozen=True)
class ClinicSettings:
    code_scheme: CodeScheme
    time_zone: str
    name: str = ""
    language: str = "en"  # the clinic's language: reports, and the default at every desk
    second_backup_folder: str = ""  # a copy of every backup goes there too (a USB stick)
    lock_minutes: int = 5  # the desk locks itself after this long without input

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
    )


def save_settings(session: Session, actor: Actor, clock: Clock, settings: ClinicSettings) -> None:
    require(actor, Permission.CONFIGURE_CLINIC)
    errors = []
    if settings.time_zone not in available_timezones():
        errors.append(FieldError("unknown_time_zone", "time_zone"))
    if settings.lock_minutes not in LOCK_MINUTES:
        errors.append(FieldError("lock_minutes_range", "lock_minutes", {"max": LOCK_MINUTES[-1]}))
    if errors:
        raise ValidationError(errors)
    before = load_settings(session)
    store_settings(session, settings)
    changed = [f for f in _FIELDS if getattr(before, f) != getattr(settings, f)]
    audit.record(session, actor, clock, Action.SETTINGS_UPDATE, "settings", None, changed)


_FIELDS = ("code_scheme", "time_zone", "name", "language", "second_backup_folder", "lock_minutes")
LOCK_MINUTES = range(1, 241)


def store_settings(session: Session, settings: ClinicSettings) -> None:
    """Write the settings as they are (checked by the caller): for set-up and save_settings."""
    for field in _FIELDS:
        value = getattr(settings, field)
        session.merge(Setting(key=field, value=json.dumps(str(value))))
