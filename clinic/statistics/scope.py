"""What every section of the activity report counts with: one read-only session, the clinic's
clock, the period and the one before it, and the report's language."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from clinic.common.clock import Clock
from clinic.i18n.translator import Translator
from clinic.statistics.tables import Period

Counts = Mapping[str, int]


@dataclass(frozen=True)
class Scope:
    session: Session
    clock: Clock
    t: Translator  # the report's language, chosen apart from the desk's
    period: Period
    previous: Period

    def both(self, count: Callable[[Period], Counts]) -> tuple[Counts, Counts]:
        """The same counting over the period and the one before it."""
        return count(self.period), count(self.previous)
