"""A whole demo clinic in a new data folder: invented people and visits, and staff who can log in.

Every demo account has the same password, printed with the logins: this is a clinic to try
Soglia with, never one to hold real people.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select

from clinic.common.clock import Clock
from clinic.demo.clinic import DemoSummary, Progress, generate
from clinic.registry.vocabulary import CodeScheme
from clinic.settings.configuration import ClinicSettings, store_settings, system_time_zone
from db.folder import DataFolder
from db.keys import new_key
from db.keyslots import KeyStore, new_recovery_key
from db.models.staff import Staff
from db.opening import create_database

DEMO_PASSWORD = "demo"  # noqa: S105 - printed for anyone trying the demo; no real data behind it
DEMO_NAME = "Demo clinic"


@dataclass(frozen=True)
class DemoClinic:
    summary: DemoSummary
    logins: list[tuple[str, str]]  # username, role
    password: str
    recovery_key: str


def create_demo_clinic(
    folder: DataFolder, *, persons: int, years: int, seed: int, progress: Progress | None = None
) -> DemoClinic:
    """Fill the new `folder`; the caller holds its instance lock."""
    key = new_key()
    database, _ = create_database(folder, key)
    try:
        zone = system_time_zone()
        summary = generate(
            database,
            Clock(ZoneInfo(zone)),
            persons=persons,
            years=years,
            seed=seed,
            progress=progress,
        )
        with database.write() as session:
            store_settings(session, ClinicSettings(CodeScheme.SLK581, zone, DEMO_NAME, "en"))
            logins = [
                (username, role)
                for username, role in session.execute(
                    select(Staff.username, Staff.role).order_by(Staff.role, Staff.username)
                )
            ]
    finally:
        database.dispose()
    store = KeyStore(folder.keys, demo=True)
    for username, _role in logins:
        store.set_password(username, key, DEMO_PASSWORD)
    recovery_key = new_recovery_key()
    store.set_recovery_key(key, recovery_key)
    store.save()
    return DemoClinic(summary, logins, DEMO_PASSWORD, recovery_key)
