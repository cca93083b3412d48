"""The whole CDSi process for one person and one vaccine group (CDSi chapter 4).

Organise the history (4.2), create the relevant patient series (chapter 5), evaluate and
forecast each (chapters 6 and 7), select the best (chapter 8) and give the vaccine group's
result (chapter 9; the groups Soglia supports are single-antigen groups, whose result is the
best series' own). The profile adds series; the case's schedule choice narrows the selection.
"""

from __future__ import annotations

from clinic.vaccinations.cdsi import reasons
from clinic.vaccinations.cdsi.cdsi_dates import add_duration
from clinic.vaccinations.cdsi.evaluation import VALID, evaluate_series
from clinic.vaccinations.cdsi.history import Patient, patient_for
from clinic.vaccinations.cdsi.model import SCHEDULES, CaseInput, CaseResult, DoseResult, Forecast
from clinic.vaccinations.cdsi.profiles import accelerated_series, load_antigen, profiles
from clinic.vaccinations.cdsi.schedule import load_schedule, normalise_cvx, supported_groups
from clinic.vaccinations.cdsi.series_selection import RISK, PatientSeries, select_best
from clinic.vaccinations.cdsi.supporting_data import AntigenSeries, Indication


def forecast(case: CaseInput) -> CaseResult:
    """Evaluate every dose of `case` and forecast the next dose of its vaccine group.

    Raises:
        ValueError: the vaccine group, profile or schedule is not one Soglia supports (the
            JSON command checks these first and reports them as validation errors).
    """
    antigen = _antigen_of(case)
    patient = patient_for(case, antigen)
    accelerated = accelerated_series(antigen, case.profile)
    candidates = _patient_series(case, antigen, patient, accelerated)
    best = select_best(candidates)
    if not best:
        raise ValueError(f"no best series for {case.vaccine_group}: incomplete supporting data")
    return _result(case, patient, _primary(best))


def _antigen_of(case: CaseInput) -> str:
    if case.vaccine_group not in supported_groups():
        raise ValueError(f"unsupported vaccine group {case.vaccine_group!r}")
    if case.profile not in profiles():
        raise ValueError(f"unknown profile {case.profile!r}")
    if case.schedule is not None and case.schedule not in SCHEDULES:
        raise ValueError(f"unknown schedule {case.schedule!r}")
    antigens = load_schedule().group_antigens[case.vaccine_group]
    if len(antigens) != 1:
        raise ValueError(f"multiple-antigen group {case.vaccine_group!r} is not supported")
    return antigens[0]


def _patient_series(
    case: CaseInput, antigen: str, patient: Patient, accelerated: frozenset[str]
) -> list[PatientSeries]:
    """The patient series chapter 8 chooses from, after the case's schedule choice.

    "accelerated" keeps the profile's accelerated series that fit the history (no dose yet,
    or at least one valid dose); a risk series among them counts as relevant, choosing it
    being the indication. "standard" leaves them out. When nothing is left, CDSi decides.
    """
    wanted = case.schedule == "accelerated"
    evaluated: list[tuple[bool, PatientSeries]] = []
    completed: frozenset[str] = frozenset()  # groups complete so far, for "Completed Series"
    for series in load_antigen(antigen, case.profile).series:
        relevant = _is_relevant(series, patient)
        chosen = wanted and series.name in accelerated and patient.gender in series.genders
        if not (relevant or chosen):
            continue
        if series.reads_completed_groups:
            completed = frozenset(item.series.group for _, item in evaluated if item.complete)
        item = PatientSeries(evaluate_series(series, patient, completed))
        evaluated.append((relevant, item))
    normal = [item for relevant, item in evaluated if relevant]
    if wanted:
        fitting = [
            item
            for _, item in evaluated
            if item.series.name in accelerated
            and (not patient.history or item.evaluation.valid_doses > 0)
        ]
        return fitting or normal
    if case.schedule == "standard":
        return [item for item in normal if item.series.name not in accelerated] or normal
    return normal


def _is_relevant(series: AntigenSeries, patient: Patient) -> bool:
    """Table 5-5: the gender fits, and a risk series needs an indication that applies."""
    if patient.gender not in series.genders:
        return False
    if series.series_type != RISK:
        return True
    return any(_applies(indication, patient) for indication in series.indications)


def _applies(indication: Indication, patient: Patient) -> bool:
    """Table 5-4: an active observation, and indication begin age <= assessment < end age."""
    if indication.code not in patient.observations:
        return False
    birth, day = patient.birth, patient.assessment
    if indication.begin_age is not None and day < add_duration(birth, indication.begin_age):
        return False
    return indication.end_age is None or day < add_duration(birth, indication.end_age)


def _primary(best: tuple[PatientSeries, ...]) -> PatientSeries:
    """The series whose result is the vaccine group's (9.2).

    Without observations there is one best series. With several (a risk series beside a
    standard one in a non-equivalent group), the one needing a dose soonest is shown.
    """
    pending = [
        (item.forecast.dates.earliest, index)
        for index, item in enumerate(best)
        if item.forecast.dates is not None
    ]
    return best[min(pending)[1]] if pending else best[0]


def _result(case: CaseInput, patient: Patient, chosen: PatientSeries) -> CaseResult:
    outcomes = {
        dose.position: outcome
        for dose, outcome in zip(patient.history, chosen.evaluation.outcomes, strict=True)
    }
    doses = []
    for position, given in enumerate(case.doses):
        outcome = outcomes.get(position)
        cvx = normalise_cvx(given.cvx) or str(given.cvx)
        if outcome is None:
            doses.append(DoseResult(given.date, cvx, given.key, False, reasons.OTHER_GROUP))
        else:
            valid = outcome.status == VALID
            doses.append(DoseResult(given.date, cvx, given.key, valid, outcome.reason))
    dates = chosen.forecast.dates
    next_dose = None
    if chosen.forecast.status == reasons.NOT_COMPLETE and dates is not None:
        next_dose = Forecast(
            chosen.forecast.dose_number, dates.earliest, dates.recommended, dates.past_due
        )
    return CaseResult(chosen.forecast.status, chosen.series.name, tuple(doses), next_dose)
