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
from clinic.errors import ValidationError
from clinic.permissions import Actor, Permission, require
from db.models import Setting
from db.vocabulary import CodeScheme


@dataclass(frozen=True)
class ClinicSettings:
    code_scheme: CodeScheme
    time_zone: str

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
    )


def save_settings(session: Session, actor: Actor, clock: Clock, settings: ClinicSettings) -> None:
    require(actor, Permission.CONFIGURE_CLINIC)
    if settings.time_zone not in available_timezones():
        raise ValidationError.single("unknown_time_zone", "time_zone")
    before = load_settings(session)
    for key, value in (
        ("code_scheme", settings.code_scheme.value),
        ("time_zone", settings.time_zone),
    ):
        session.merge(Setting(key=key, value=json.dumps(value)))
    changed = [
        f for f in ("code_scheme", "time_zone") if getattr(before, f) != getattr(settings, f)
    ]
    audit.record(session, actor, clock, Action.SETTINGS_UPDATE, "settings", None, changed)
