"""What every section of the activity report counts with: one read-only session, the clinic's
clock, the period and the one before it, and the report's language."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from clinic.common.clock import Clock
from clinic.i18n.translator import Translator
from clinic.statistics.contacts import CountedPerson, person_facts, read_persons
from clinic.statistics.tables import Period

Counts = Mapping[str, int]


@dataclass(frozen=True)
class Scope:
    session: Session
    clock: Clock
    t: Translator  # the report's language, chosen apart from the desk's
    period: Period
    previous: Period
    _persons: dict[Period, tuple[CountedPerson, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def persons(self, period: Period) -> tuple[CountedPerson, ...]:
        """The persons counted in `period` (`contacts.read_persons`), read once for every
        section that splits them (persons, coverage): the costliest reading of the report."""
        if period not in self._persons:
            facts = person_facts(self.clock, period)
            self._persons[period] = read_persons(self.session, self.clock, period, facts)
        return self._persons[period]

    def both(self, count: Callable[[Period], Counts]) -> tuple[Counts, Counts]:
        """The same counting over the period and the one before it."""
        return count(self.period), count(self.previous)
