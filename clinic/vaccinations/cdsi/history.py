"""Organise the immunization history (CDSi 4.2): each dose split into the antigens it holds.

A Twinrix dose (CVX 104) becomes one hepatitis A and one hepatitis B antigen record; the
records of one antigen are sorted by date, the order every later step walks them in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from clinic.vaccinations.cdsi.cdsi_dates import add_duration
from clinic.vaccinations.cdsi.model import CaseInput
from clinic.vaccinations.cdsi.schedule import Association, load_schedule, normalise_cvx

_GENDERS = {"F": "female", "M": "male", None: "unknown"}


@dataclass(frozen=True, slots=True)
class AntigenDose:
    """An antigen administered record; `position` is the dose's index in the case input."""

    position: int
    date: dt.date
    cvx: str


@dataclass(frozen=True, slots=True)
class Patient:
    """The person as the engine sees them for one antigen."""

    birth: dt.date
    gender: str
    assessment: dt.date
    observations: frozenset[str]
    history: tuple[AntigenDose, ...]


def patient_for(case: CaseInput, antigen: str) -> Patient:
    """The patient with the doses of `case` that count for `antigen`, oldest first."""
    return Patient(
        birth=case.birth_date,
        gender=_GENDERS[case.sex],
        assessment=case.assessment_date,
        observations=frozenset(case.observations),
        history=organise_history(case, antigen),
    )


def organise_history(case: CaseInput, antigen: str) -> tuple[AntigenDose, ...]:
    """The antigen records of `antigen`, sorted by date.

    Same-day doses are ordered by CVX, then input order, so the result does not depend on the
    order the caller lists the doses in.
    """
    cvx_antigens = load_schedule().cvx_antigens
    records = []
    for position, dose in enumerate(case.doses):
        cvx = normalise_cvx(dose.cvx)
        if cvx is None:
            continue
        associations = cvx_antigens.get(cvx, ())
        if any(_holds(item, antigen, case.birth_date, dose.date) for item in associations):
            records.append(AntigenDose(position, dose.date, cvx))
    records.sort(key=lambda record: (record.date, record.cvx, record.position))
    return tuple(records)


def _holds(item: Association, antigen: str, birth: dt.date, given: dt.date) -> bool:
    """The association counts on `given`: between its begin and end ages (CDSi 4.2 note a)."""
    if item.antigen != antigen:
        return False
    if item.begin_age is not None and given < add_duration(birth, item.begin_age):
        return False
    return item.end_age is None or given < add_duration(birth, item.end_age)
