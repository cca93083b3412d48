"""Select the best patient series (CDSi chapter 8).

Per series group: pre-filter the scorable series (8.1), look for a single prioritized one
(table 8-3), otherwise classify and score them (tables 8-5, 8-7, 8-9, 8-11) and keep the highest
score, the best series preference breaking ties (8.7). Table 8-14 then keeps the prioritized
series that are best for the antigen.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from clinic.vaccinations.cdsi import reasons
from clinic.vaccinations.cdsi.cdsi_dates import add_duration
from clinic.vaccinations.cdsi.evaluation import VALID, SeriesEvaluation
from clinic.vaccinations.cdsi.forecasting import SeriesForecast, forecast_series
from clinic.vaccinations.cdsi.supporting_data import AntigenSeries

STANDARD = "standard"
RISK = "risk"
EVALUATION_ONLY = "evaluation only"


@dataclass(frozen=True)
class PatientSeries:
    """A relevant patient series with its evaluated history and (when asked) its forecast."""

    evaluation: SeriesEvaluation

    @functools.cached_property
    def forecast(self) -> SeriesForecast:
        """Made only for the series selection looks at: most are dropped before scoring, and
        forecasting them all would double the cost of a case."""
        return forecast_series(self.evaluation)

    @property
    def series(self) -> AntigenSeries:
        """The antigen series this patient series tracks."""
        return self.evaluation.series

    @property
    def complete(self) -> bool:
        """SELECTB-6."""
        return self.forecast.status == reasons.COMPLETE

    @property
    def in_process(self) -> bool:
        """SELECTB-16: at least one satisfied target dose and not complete."""
        return self.evaluation.valid_doses > 0 and self.forecast.status == reasons.NOT_COMPLETE

    @property
    def remaining(self) -> int:
        """The target doses neither satisfied nor skipped (SELECTB-5)."""
        evaluation = self.evaluation
        return len(evaluation.targets) - evaluation.valid_doses - len(evaluation.skipped)

    @property
    def all_valid(self) -> bool:
        """SELECTB-2: every dose evaluated against a target dose was valid."""
        return all(
            outcome.status == VALID
            for outcome in self.evaluation.outcomes
            if outcome.target is not None
        )


def select_best(relevant: Sequence[PatientSeries]) -> tuple[PatientSeries, ...]:
    """The best patient series of one antigen, in series group order (8.8)."""
    groups: dict[str, list[PatientSeries]] = {}
    for item in relevant:
        groups.setdefault(item.series.group, []).append(item)
    prioritized = [
        chosen for members in groups.values() if (chosen := _prioritized(members)) is not None
    ]
    return tuple(item for item in prioritized if _is_best(item, prioritized))


def _prioritized(members: list[PatientSeries]) -> PatientSeries | None:
    """Table 8-3, then scoring when no single series stands out."""
    scorable = [item for item in members if _scorable(item, members)]
    default = next((item for item in members if item.series.default), None)
    complete = [item for item in scorable if item.complete]
    in_process = [item for item in scorable if item.in_process]
    if not scorable:
        return default
    if len(scorable) == 1:
        return scorable[0]
    if len(complete) == 1:
        return complete[0]
    if not complete and len(in_process) == 1:
        return in_process[0]
    if not complete and not in_process and default is not None:
        return default
    scored = _scores(scorable, complete, in_process)
    return max(scored, key=lambda pair: (pair[0], -pair[1].series.preference))[1]


def _scorable(item: PatientSeries, members: list[PatientSeries]) -> bool:
    """SELECTB-24 and SELECTSCORE-2 (no series is contraindicated in Soglia)."""
    kind = item.series.series_type
    if kind == RISK:
        return item.series.priority <= min(member.series.priority for member in members)
    if kind == EVALUATION_ONLY:
        return item.complete
    if kind != STANDARD:
        return False
    first_valid = item.evaluation.first_valid_date()
    if first_valid is not None:
        limit = item.series.max_age_to_start
        birth = item.evaluation.patient.birth
        return limit is None or first_valid < add_duration(birth, limit)
    no_valid_anywhere = all(member.evaluation.valid_doses == 0 for member in members)
    return no_valid_anywhere and not any(member.series.default for member in members)


def _scores(
    scorable: list[PatientSeries],
    complete: list[PatientSeries],
    in_process: list[PatientSeries],
) -> list[tuple[int, PatientSeries]]:
    """Table 8-5: which series are scored, and by which table."""
    if len(complete) >= 2:
        return _apply(complete, _COMPLETE_RULES)
    if len(in_process) >= 2:
        return _apply(in_process, _IN_PROCESS_RULES)
    if all(item.evaluation.valid_doses == 0 for item in scorable):
        return _apply(scorable, _NO_VALID_RULES)
    return _apply(scorable, _IN_PROCESS_RULES)


Rule = Callable[[list[PatientSeries]], list[int]]


def _apply(items: list[PatientSeries], rules: tuple[Rule, ...]) -> list[tuple[int, PatientSeries]]:
    totals = [0] * len(items)
    for rule in rules:
        totals = [total + points for total, points in zip(totals, rule(items), strict=True)]
    return list(zip(totals, items, strict=True))


def _each(flags: list[bool], true: int, false: int) -> list[int]:
    """A condition whose "true for two or more" column is n/a: each series on its own."""
    return [true if flag else false for flag in flags]


def _unique(flags: list[bool], true: int, tie: int, false: int) -> list[int]:
    """A condition scored `true` when it holds for one series only, `tie` when for several."""
    winners = sum(flags)
    return [(true if winners == 1 else tie) if flag else false for flag in flags]


def _most_valid(items: list[PatientSeries], points: int) -> list[int]:
    """SELECTB-19."""
    best = max(item.evaluation.valid_doses for item in items)
    return _unique([item.evaluation.valid_doses == best for item in items], points, 0, -points)


def _product_all_valid(items: list[PatientSeries]) -> list[int]:
    return _each([item.series.product_path and item.all_valid for item in items], 2, -2)


def _closest(items: list[PatientSeries]) -> list[int]:
    """SELECTB-5."""
    fewest = min(item.remaining for item in items)
    return _unique([item.remaining == fewest for item in items], 2, 0, -2)


def _finish_earliest(items: list[PatientSeries]) -> list[int]:
    """SELECTB-11: among completable series, the earliest forecast finish date."""
    finishes = [item.forecast.finish if item.forecast.completable else None for item in items]
    soonest = min((day for day in finishes if day is not None), default=None)
    return _unique([day is not None and day == soonest for day in finishes], 1, 0, -1)


def _start_earliest(items: list[PatientSeries]) -> list[int]:
    """SELECTB-14: the series that can start first (its forecast earliest date)."""
    starts = [item.forecast.dates.earliest if item.forecast.dates else None for item in items]
    soonest = min((day for day in starts if day is not None), default=None)
    return _unique([day is not None and day == soonest for day in starts], 1, 0, -1)


_COMPLETE_RULES: tuple[Rule, ...] = (lambda items: _most_valid(items, 1),)
_IN_PROCESS_RULES: tuple[Rule, ...] = (
    _product_all_valid,
    lambda items: _each([item.forecast.completable for item in items], 3, -3),
    lambda items: _most_valid(items, 2),
    _closest,
    _finish_earliest,
)
_NO_VALID_RULES: tuple[Rule, ...] = (
    _start_earliest,
    lambda items: _each([item.forecast.completable for item in items], 1, -1),
    lambda items: _each([item.series.product_path for item in items], -1, 1),
)


def _is_best(item: PatientSeries, prioritized: list[PatientSeries]) -> bool:
    """Table 8-14."""
    if item.complete:
        return True
    equivalents = [other for other in prioritized if other is not item and _equivalent(item, other)]
    if any(other.complete for other in equivalents):
        return False
    kind = item.series.series_type
    if kind == RISK:
        return True
    return kind == STANDARD and not any(o.series.series_type == RISK for o in equivalents)


def _equivalent(one: PatientSeries, other: PatientSeries) -> bool:
    """The two series groups are declared equivalent (equivalentSeriesGroups)."""
    return (
        one.series.equivalent_group == other.series.group
        or other.series.equivalent_group == one.series.group
    )
