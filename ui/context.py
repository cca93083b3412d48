"""What every page needs, handed down explicitly (no globals): database, actor, time, language,
and the threads its work runs on."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from clinic.common.clock import Clock
from clinic.common.permissions import Actor
from clinic.i18n.translator import Translator, translator
from clinic.settings.configuration import ClinicSettings
from clinic.staff.management import KeyAccess
from db.engine import Database
from db.folder import DataFolder
from ui.operations import Workers


@dataclass(frozen=True)
class DeskContext:
    database: Database
    folder: DataFolder
    actor: Actor
    clinic: ClinicSettings
    clock: Clock
    t: Translator
    user_name: str = ""  # the display name of who is logged in
    username: str = ""  # their account (to unlock the idle lock with their password)
    keys: KeyAccess | None = None  # for account tools: the keys file and the key it wraps
    # The threads the screens' reads and writes run on (`ui.operations`), kept when the
    # language or the clinic's settings change.
    workers: Workers = field(default_factory=Workers, compare=False, repr=False)

    def with_language(self, language: str) -> DeskContext:
        return replace(self, t=translator(language))

    def with_clinic(self, clinic: ClinicSettings) -> DeskContext:
        return replace(self, clinic=clinic, clock=Clock(clinic.zone, self.clock.fixed))
