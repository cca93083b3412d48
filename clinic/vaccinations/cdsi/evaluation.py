"""Evaluate a history against one patient series (CDSi 4.4 and chapter 6).

The doses are walked oldest first against the series' target doses: a valid dose satisfies the
current target dose and moves on to the next, anything else leaves the target dose waiting for
a later dose. Each check follows its decision table: age (6-15), preferable and allowable
interval (6-18, 6-21), preferable and allowable vaccine (6-26, 6-29), then 6-31.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from clinic.vaccinations.cdsi import reasons
from clinic.vaccinations.cdsi.cdsi_dates import Duration, add_duration
from clinic.vaccinations.cdsi.conditional_skip import EVALUATION, CountedDose, SkipFacts, can_skip
from clinic.vaccinations.cdsi.history import AntigenDose, Patient
from clinic.vaccinations.cdsi.supporting_data import (
    AntigenSeries,
    IntervalRule,
    SeriesDose,
    VaccineRule,
)

VALID = "valid"
NOT_VALID = "not_valid"
EXTRANEOUS = "extraneous"


@dataclass(frozen=True, slots=True)
class Outcome:
    """Evaluation status of one antigen record; `target` is the target dose index, if any."""

    status: str
    reason: str | None
    target: int | None

    @property
    def counts_as_previous(self) -> bool:
        """CALCDTINT-1: valid or not valid doses, not inadvertent ones, start intervals."""
        return self.status != EXTRANEOUS and self.reason != reasons.INADVERTENT


@dataclass(frozen=True, slots=True)
class SeriesEvaluation:
    """The evaluated history of one patient series, ready to forecast and to score."""

    series: AntigenSeries
    patient: Patient
    targets: tuple[SeriesDose, ...]
    outcomes: tuple[Outcome, ...]
    satisfied: tuple[dt.date | None, ...]
    skipped: frozenset[int]
    next_target: int
    completed_groups: frozenset[str]
    valid_doses: int
    """SELECTB-21: the number of satisfied target doses."""

    @property
    def previous(self) -> dt.date | None:
        """The reference of "from previous" intervals for the next target dose."""
        dates = [
            dose.date
            for dose, outcome in zip(self.patient.history, self.outcomes, strict=True)
            if outcome.counts_as_previous
        ]
        return dates[-1] if dates else None

    def first_valid_date(self) -> dt.date | None:
        """Date of the earliest valid dose (SELECTSCORE-2 compares it with the max start age)."""
        dates = [day for day in self.satisfied if day is not None]
        return min(dates) if dates else None

    def counted_doses(self) -> tuple[CountedDose, ...]:
        """Every dose with its validity, for the forecast's conditional skip counts."""
        return tuple(
            CountedDose(dose.date, dose.cvx, outcome.status == VALID)
            for dose, outcome in zip(self.patient.history, self.outcomes, strict=True)
        )


def evaluate_series(
    series: AntigenSeries, patient: Patient, completed_groups: frozenset[str]
) -> SeriesEvaluation:
    """Evaluate every antigen record of the patient against the series (CDSi 4.4 steps 1-7)."""
    walk = _Walk(series, patient, completed_groups)
    for index, dose in enumerate(patient.history):
        walk.outcomes.append(walk.step(index, dose))
    return SeriesEvaluation(
        series=series,
        patient=patient,
        targets=tuple(walk.targets),
        outcomes=tuple(walk.outcomes),
        satisfied=tuple(walk.satisfied),
        skipped=frozenset(walk.skipped),
        next_target=walk.current,
        completed_groups=completed_groups,
        valid_doses=sum(1 for day in walk.satisfied if day is not None),
    )


class _Walk:
    """The two cursors of figure 4-6: the current target dose and the current record."""

    def __init__(
        self, series: AntigenSeries, patient: Patient, completed_groups: frozenset[str]
    ) -> None:
        self.patient = patient
        self.completed_groups = completed_groups
        self.targets = list(series.doses)
        self.satisfied: list[dt.date | None] = [None] * len(self.targets)
        self.skipped: set[int] = set()
        self.outcomes: list[Outcome] = []
        self.current = 0
        self.previous: dt.date | None = None

    def step(self, index: int, dose: AntigenDose) -> Outcome:
        """Evaluate one record: skip what may be skipped, then check it against the target."""
        self._skip_targets(index, dose)
        if self.current >= len(self.targets):
            return Outcome(EXTRANEOUS, reasons.EXTRANEOUS, None)
        target = self.targets[self.current]
        outcome = check_dose(target, self.current, dose, self.patient.birth, self._references())
        if outcome.status == VALID:
            self._satisfy(dose.date)
        if outcome.counts_as_previous:
            self.previous = dose.date
        return outcome

    def _skip_targets(self, index: int, dose: AntigenDose) -> None:
        while self.current < len(self.targets) and self.targets[self.current].skips:
            facts = SkipFacts(
                birth=self.patient.birth,
                counted=tuple(
                    CountedDose(earlier.date, earlier.cvx, outcome.status == VALID)
                    for earlier, outcome in zip(self.patient.history, self.outcomes, strict=False)
                ),
                previous=self.patient.history[index - 1].date if index else None,
                completed_groups=self.completed_groups,
            )
            if not can_skip(self.targets[self.current], EVALUATION, dose.date, facts):
                return
            self.skipped.add(self.current)
            self.current += 1

    def _satisfy(self, day: dt.date) -> None:
        self.satisfied[self.current] = day
        target = self.targets[self.current]
        if target.recurring:
            self.targets.insert(self.current + 1, target)
            self.satisfied.insert(self.current + 1, None)
        self.current += 1

    def _references(self) -> References:
        return References(self.previous, tuple(self.satisfied))


@dataclass(frozen=True, slots=True)
class References:
    """What intervals count from: the previous dose and the dates of satisfied target doses."""

    previous: dt.date | None
    satisfied: tuple[dt.date | None, ...]


def interval_reference(
    rule: IntervalRule, previous: dt.date | None, satisfied: tuple[dt.date | None, ...]
) -> dt.date | None:
    """CALCDTINT-1/2: the date an interval counts from; None when there is none (yet)."""
    if rule.from_previous:
        return previous
    number = rule.from_target_dose
    if number is None or not 0 < number <= len(satisfied):
        return None
    return satisfied[number - 1]


def check_dose(
    target: SeriesDose, index: int, dose: AntigenDose, birth: dt.date, refs: References
) -> Outcome:
    """Sections 6.3 to 6.10 for one record against one target dose; first failure wins."""
    if dose.cvx in target.inadvertent:
        return Outcome(NOT_VALID, reasons.INADVERTENT, index)
    age = target.age_on(dose.date)
    if age is not None:
        if _on_or_after(dose.date, birth, age.max_age):
            return Outcome(EXTRANEOUS, reasons.TOO_OLD, index)
        if _before(dose.date, birth, age.abs_min_age):
            return Outcome(NOT_VALID, reasons.TOO_YOUNG, index)
    if not _intervals_kept(target, dose.date, refs):
        return Outcome(NOT_VALID, reasons.INTERVAL_TOO_SHORT, index)
    if not _counts(target.counting.get(dose.cvx, ()), dose.date, birth):
        return Outcome(NOT_VALID, reasons.NOT_ALLOWABLE, index)
    return Outcome(VALID, None, index)


def _intervals_kept(target: SeriesDose, day: dt.date, refs: References) -> bool:
    """Table 6-31: all preferable intervals, or all allowable ones (none defined: not kept)."""
    if all(_kept(rule, day, refs) for rule in target.intervals_on(day)):
        return True
    allowable = [rule for rule in target.allowable_intervals if rule.in_force.covers(day)]
    return bool(allowable) and all(_kept(rule, day, refs) for rule in allowable)


def _kept(rule: IntervalRule, day: dt.date, refs: References) -> bool:
    """Tables 6-18/6-21: not before the absolute minimum interval date (grace included)."""
    reference = interval_reference(rule, refs.previous, refs.satisfied)
    return not _before(day, reference, rule.abs_min_int)


def _counts(rules: tuple[VaccineRule, ...], day: dt.date, birth: dt.date) -> bool:
    """Tables 6-26/6-29: a preferable or allowable rule of the dose's CVX fits its age
    (begin age <= age < end age); trade name and volume are not recorded, so not checked."""
    return any(
        not _before(day, birth, rule.begin_age) and not _on_or_after(day, birth, rule.end_age)
        for rule in rules
    )


def _before(day: dt.date, start: dt.date | None, offset: Duration | None) -> bool:
    """`day` is before `start + offset`; never when either is absent (assumed 01/01/1900)."""
    return start is not None and offset is not None and day < add_duration(start, offset)


def _on_or_after(day: dt.date, start: dt.date, offset: Duration | None) -> bool:
    """`day` is on or after `start + offset`; never when the offset is absent (12/31/2999)."""
    return offset is not None and day >= add_duration(start, offset)
