"""Where a person stands for each forecast vaccine group: the bridge from records to the engine.

The CDSi engine (`clinic.vaccinations.cdsi`) knows nothing of the database: it takes a birth date, a
sex, an assessment date and the doses. This module turns a person's record into those values (a
birth year alone is taken as 1 July of that year, the middle of the possible dates; the genders CDSi
has no word for are passed as unknown) and the engine's answers into what the screens show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from clinic.registry.vocabulary import Gender
from clinic.vaccinations import cdsi
from clinic.vaccinations.cdsi.model import Sex
from clinic.vaccinations.cdsi.profiles import accelerated_series, load_antigen
from clinic.vaccinations.cdsi.supporting_data import AntigenSeries
from clinic.vaccinations.vocabulary import ForecastStatus, VaccineSchedule

# The groups Soglia forecasts, in the order the screens list them.
FORECAST_GROUPS: tuple[str, ...] = ("HepB", "HepA", "HPV")
# CDSi observation "001", patient seeks protection. In CDSi 4.64 the standard hepatitis A series
# ends at 19 years; adults are covered by its risk series, which this observation makes relevant.
# Everyone at a low-threshold clinic's vaccination programme is there to be protected, so the
# desk always passes it (the `vaccines forecast` command passes only what its input says).
SEEKS_PROTECTION = "001"


@dataclass(frozen=True)
class DoseFact:
    """A dose given, as the engine needs it; `key` finds the record again (its id)."""

    key: int
    given_on: dt.date
    cvx: str
    schedule: VaccineSchedule = VaccineSchedule.STANDARD


@dataclass(frozen=True)
class Verdict:
    valid: bool
    reason: str | None  # one of `clinic.vaccinations.cdsi` reason codes; None when valid


@dataclass(frozen=True)
class GroupStatus:
    vaccine_group: str
    status: ForecastStatus
    dose_number: int | None = None
    earliest: dt.date | None = None
    recommended: dt.date | None = None
    past_due: dt.date | None = None
    last_dose_on: dt.date | None = None
    doses_given: int = 0
    verdicts: Mapping[int, Verdict] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def started(self) -> bool:
        return self.doses_given > 0


# The engine's statuses; "not recommended" needs risk observations, which Soglia never passes.
_STATUS: Mapping[str, ForecastStatus] = {
    "complete": ForecastStatus.COMPLETE,
    "not_complete": ForecastStatus.NOT_COMPLETE,
    "aged_out": ForecastStatus.AGED_OUT,
    # Only through observations: every remaining dose may be skipped, so nothing is due.
    "not_recommended": ForecastStatus.COMPLETE,
}


def accelerated_available(cvx: str, profile: str) -> bool:
    """Whether a series of this product can be started on the accelerated schedule."""
    for group in groups_of(cvx):
        names = accelerated_series(group, profile)
        for series in load_antigen(group, profile).series:
            if series.name in names and _first_dose_takes(series, cvx):
                return True
    return False


def _first_dose_takes(series: AntigenSeries, cvx: str) -> bool:
    first = series.doses[0]
    wanted = cdsi.normalise_cvx(cvx)
    return any(v.cvx == wanted for v in (*first.preferable, *first.allowable))


def assumed_birth_date(birth_date: dt.date | None, birth_year: int | None) -> dt.date | None:
    if birth_date is not None:
        return birth_date
    return None if birth_year is None else dt.date(birth_year, 7, 1)


_SEX: Mapping[str, Sex] = {Gender.WOMAN: "F", Gender.MAN: "M"}


def cdsi_sex(gender: str) -> Sex | None:
    """CDSi's "F"/"M"; every other gender is passed as unknown (no series depends on it here)."""
    return _SEX.get(gender)


def groups_of(cvx: str) -> frozenset[str]:
    """The forecast groups a product with this CVX code counts for (Twinrix: HepA and HepB)."""
    return frozenset(cdsi.vaccine_groups_for_cvx(cvx)) & frozenset(FORECAST_GROUPS)


def group_statuses(
    birth: dt.date | None,
    gender: str,
    doses: Sequence[DoseFact],
    today: dt.date,
    profile: str,
    groups: Iterable[str] = FORECAST_GROUPS,
) -> tuple[GroupStatus, ...]:
    """Each group's status, next dose and every dose's verdict, assessed on `today`."""
    return tuple(
        _group_status(
            birth, gender, [d for d in doses if group in groups_of(d.cvx)], today, profile, group
        )
        for group in groups
    )


def _group_status(
    birth: dt.date | None,
    gender: str,
    doses: list[DoseFact],
    today: dt.date,
    profile: str,
    group: str,
) -> GroupStatus:
    last = max((d.given_on for d in doses), default=None)
    if birth is None:
        return GroupStatus(
            group, ForecastStatus.NO_BIRTH_DATE, last_dose_on=last, doses_given=len(doses)
        )
    accelerated = any(d.schedule == VaccineSchedule.ACCELERATED for d in doses)
    result = cdsi.forecast(
        cdsi.CaseInput(
            birth_date=birth,
            sex=cdsi_sex(gender),
            assessment_date=today,
            vaccine_group=group,
            doses=tuple(cdsi.DoseGiven(d.given_on, d.cvx, key=d.key) for d in doses),
            profile=profile,
            schedule="accelerated" if accelerated else None,
            observations=(SEEKS_PROTECTION,),
        )
    )
    verdicts = {d.key: Verdict(d.valid, d.reason) for d in result.doses if isinstance(d.key, int)}
    next_dose = result.forecast
    return GroupStatus(
        vaccine_group=group,
        status=_STATUS[result.series_status],
        dose_number=next_dose.dose_number if next_dose else None,
        earliest=next_dose.earliest if next_dose else None,
        recommended=next_dose.recommended if next_dose else None,
        past_due=next_dose.past_due if next_dose else None,
        last_dose_on=last,
        doses_given=len(doses),
        verdicts=MappingProxyType(verdicts),
    )
