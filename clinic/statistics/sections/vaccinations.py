"""The vaccinations section of the activity report (reports.md, "Vaccination"): doses given
here by vaccine and dose number, the persons vaccinated, the series started, completed and
overdue, and the refusals by reason.

A dose **given here** is the clinic's: not refused, not entered in error, not given elsewhere
(`contacts.dose_given_here`, the one definition). Doses and refusals are records and count
whoever they were given to; persons count as their survivor, never when erased.

Where a series stands is the CDSi forecast's word, as on the nurse's screens
(`clinic.vaccinations.status.group_statuses`), taken as of the period's end (its last day, or
today while it runs) over the doses given up to that day, here or elsewhere. For each series
of the groups Soglia forecasts (Twinrix counts for hepatitis A and B):
- **started** in the period: its first valid dose is in the period, given here;
- **completed**: complete at the end, and its last valid dose (the one that completed it: a
  dose after completion is extraneous, never valid) is in the period, given here;
- **overdue** at the end: as the worklist says (`worklist.urgency`): started, not complete,
  its past-due date reached, of a person the worklist follows by default (a dose of the group
  in the `followed_months` before: someone who stopped coming fifteen years ago is not).
The stored forecasts are today's, so the forecast at a period's end is worked out again for
each person followed then: a few thousand persons a year, seconds of the engine's time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, false, func, select, true
from sqlalchemy.orm import Session, aliased

from clinic.i18n.translator import N_, Translator
from clinic.settings.configuration import load_settings
from clinic.statistics.contacts import counted_key, dose_given_here, not_erased
from clinic.statistics.scope import Scope
from clinic.statistics.tables import Line, Period, Section, Table, breakdown
from clinic.vaccinations.forecasts import REFRESH_BATCH, person_doses
from clinic.vaccinations.status import (
    FORECAST_GROUPS,
    DoseFact,
    GroupStatus,
    assumed_birth_date,
    group_statuses,
    groups_of,
)
from clinic.vaccinations.vocabulary import ForecastStatus, RefusalReason
from clinic.vaccinations.words import REFUSAL_REASONS, VACCINE_GROUPS
from clinic.vaccinations.worklist import Urgency, WorklistFilter, urgency
from db.models.registry import Person
from db.models.vaccinations import Vaccination, VaccineProduct

KEY = "vaccinations"
TITLE = N_("Vaccinations")
UNKNOWN = "unknown"  # the column of doses recorded without their number
# The worklist's default: persons whose last dose of a group is older are no longer followed.
FOLLOWED_MONTHS = WorklistFilter().followed_months or 0

HEADLINE: tuple[tuple[str, str], ...] = (
    ("doses", N_("Doses given")),
    ("persons_vaccinated", N_("Persons vaccinated")),
    ("persons_started", N_("Persons who started a series")),
    ("persons_completed", N_("Persons who completed a series")),
    ("persons_overdue", N_("Persons overdue at the end of the period")),
    ("refusals", N_("Doses refused")),
)
HEADLINE_DEFINITION = N_(
    "Doses given here in the period (not entered in error, not refused, not given elsewhere); "
    "the distinct persons who received them; the distinct persons who started, completed or "
    "were overdue for a hepatitis A, hepatitis B or HPV series (as the table by series counts "
    "them, a person once however many series); and the refusals of the period, not entered in "
    "error."
)
BY_VACCINE_TITLE = N_("Doses given by vaccine and dose number")
BY_VACCINE_DEFINITION = N_(
    "Doses given here in the period, not entered in error, not refused, by vaccine group (as "
    "the product is recorded: Twinrix is hepatitis A and B) and dose number."
)
SERIES_TITLE = N_("Series started, completed and overdue")
SERIES_DEFINITION = N_(
    "Persons by vaccine series, as the CDSi forecast judges it on the last day of the period "
    "(or today, while it runs), over every dose given by then, here or elsewhere. Started: the "
    "first valid dose of the series was given here in the period. Completed: the series is "
    "complete and the dose that completed it was given here in the period. Overdue: the "
    "series is started, not complete and past its due date, for a person whose last dose of "
    "it was within the 24 months before, as the vaccinations worklist lists them."
)
SERIES_COLUMNS: tuple[tuple[str, str], ...] = (
    ("started", N_("Started")),
    ("completed", N_("Completed")),
    ("overdue", N_("Overdue")),
)
REFUSALS_TITLE = N_("Refusals by reason")
REFUSALS_DEFINITION = N_(
    "Doses refused in the period, by the reason recorded (refusals entered in error left out)."
)


@dataclass(frozen=True)
class Series:
    """Survivors' ids by forecast group and by what their series did (`SERIES_COLUMNS`'
    keys); `forecast`: how many series the engine judged to find them."""

    persons: Mapping[tuple[str, str], frozenset[int]]
    forecast: int

    def count(self, group: str, what: str) -> int:
        return len(self.persons.get((group, what), frozenset()))

    def anyone(self, what: str) -> int:
        """Distinct persons, whichever their series."""
        found: set[int] = set()
        for (_, done), persons in self.persons.items():
            if done == what:
                found |= persons
        return len(found)


def section(scope: Scope) -> Section:
    """The vaccinations section: headline figures, doses by vaccine, series, refusals."""
    doses = _doses(scope.session, scope.period), _doses(scope.session, scope.previous)
    series = series_at_end(scope, scope.period), series_at_end(scope, scope.previous)
    refusals = _refusals(scope.session, scope.period), _refusals(scope.session, scope.previous)
    persons = _vaccinated(scope.session, scope.period), _vaccinated(scope.session, scope.previous)
    t = scope.t
    tables = (
        _headline(t, doses, persons, series, refusals),
        _by_vaccine(t, doses),
        _series_table(t, series),
        breakdown(
            f"{KEY}.refusals_by_reason",
            t.gettext(REFUSALS_TITLE),
            t.gettext(REFUSALS_DEFINITION),
            [Line(reason.value, t.gettext(REFUSAL_REASONS[reason])) for reason in RefusalReason],
            refusals[0],
            refusals[1],
            whole=True,
            total_key=f"{KEY}.refusals",
        ),
    )
    return Section(KEY, t.gettext(TITLE), tables)


DoseCounts = Mapping[tuple[str, str], int]  # (vaccine group, dose number or UNKNOWN): doses


def _headline(
    t: Translator,
    doses: tuple[DoseCounts, DoseCounts],
    persons: tuple[int, int],
    series: tuple[Series, Series],
    refusals: tuple[Mapping[str, int], Mapping[str, int]],
) -> Table:
    def figures(at: int) -> dict[str, int]:
        return {
            "doses": sum(doses[at].values()),
            "persons_vaccinated": persons[at],
            "persons_started": series[at].anyone("started"),
            "persons_completed": series[at].anyone("completed"),
            "persons_overdue": series[at].anyone("overdue"),
            "refusals": sum(refusals[at].values()),
        }

    rows = [Line(key, t.gettext(label)) for key, label in HEADLINE]
    return breakdown(
        KEY, t.gettext(TITLE), t.gettext(HEADLINE_DEFINITION), rows, figures(0), figures(1)
    )


def _by_vaccine(t: Translator, doses: tuple[DoseCounts, DoseCounts]) -> Table:
    """Vaccine groups given in either period, in the catalogue's words' order; dose numbers
    from 1 to the highest given, and "unknown" when a dose was recorded without one."""
    cells = set(doses[0]) | set(doses[1])
    groups = sorted({group for group, _ in cells}, key=_group_order)
    numbers = {number for _, number in cells}
    top = max((int(n) for n in numbers if n != UNKNOWN), default=0)
    columns = [str(n) for n in range(1, top + 1)] + ([UNKNOWN] if UNKNOWN in numbers else [])

    def grid(counts: DoseCounts) -> tuple[tuple[int, ...], ...]:
        return tuple(tuple(counts.get((g, n), 0) for n in columns) for g in groups)

    return Table(
        f"{KEY}.by_vaccine",
        t.gettext(BY_VACCINE_TITLE),
        t.gettext(BY_VACCINE_DEFINITION),
        tuple(Line(g, _group_label(t, g)) for g in groups),
        tuple(Line(n, t.gettext(N_("Unknown")) if n == UNKNOWN else n) for n in columns),
        grid(doses[0]),
        grid(doses[1]),
        whole=True,
    )


def _series_table(t: Translator, series: tuple[Series, Series]) -> Table:
    def grid(found: Series) -> tuple[tuple[int, ...], ...]:
        return tuple(
            tuple(found.count(group, what) for what, _ in SERIES_COLUMNS)
            for group in FORECAST_GROUPS
        )

    return Table(
        f"{KEY}.series",
        t.gettext(SERIES_TITLE),
        t.gettext(SERIES_DEFINITION),
        tuple(Line(group, _group_label(t, group)) for group in FORECAST_GROUPS),
        tuple(Line(key, t.gettext(label)) for key, label in SERIES_COLUMNS),
        grid(series[0]),
        grid(series[1]),
    )


def _group_label(t: Translator, group: str) -> str:
    return t.gettext(VACCINE_GROUPS[group]) if group in VACCINE_GROUPS else group


def _group_order(group: str) -> tuple[int, str]:
    order = list(VACCINE_GROUPS)
    return (order.index(group) if group in order else len(order), group)


# --- counted in SQL ------------------------------------------------------------------------


def _in(period: Period) -> Any:
    return (Vaccination.given_on >= period.since) & (Vaccination.given_on < period.until)


def _doses(session: Session, period: Period) -> DoseCounts:
    """Doses given here, by the group recorded and the dose number (`UNKNOWN` without one)."""
    rows = session.execute(
        select(Vaccination.vaccine_group, Vaccination.dose_number, func.count())
        .where(_in(period), dose_given_here())
        .group_by(Vaccination.vaccine_group, Vaccination.dose_number)
    )
    return {(group, UNKNOWN if n is None else str(n)): count for group, n, count in rows}


def _vaccinated(session: Session, period: Period) -> int:
    """Distinct persons given a dose here in the period, as their survivors, never erased."""
    recorded, survivor = aliased(Person), aliased(Person)
    key = counted_key(recorded)
    return (
        session.scalar(
            select(func.count(func.distinct(key)))
            .select_from(Vaccination)
            .join(recorded, recorded.id == Vaccination.person_id)
            .join(survivor, survivor.id == key)
            .where(_in(period), dose_given_here(), not_erased(recorded), not_erased(survivor))
        )
        or 0
    )


def _refusals(session: Session, period: Period) -> dict[str, int]:
    rows = session.execute(
        select(Vaccination.refusal_reason, func.count())
        .where(_in(period), Vaccination.refused == true(), Vaccination.entered_in_error == false())
        .group_by(Vaccination.refusal_reason)
    )
    return {str(reason): int(count) for reason, count in rows}


# --- judged by the forecast ------------------------------------------------------------------


def series_at_end(scope: Scope, period: Period) -> Series:
    """Who started, completed and is overdue for each forecast group, as of the period's end."""
    session = scope.session
    end = min(period.last_day, scope.clock.today())
    followed = end - dt.timedelta(days=round(FOLLOWED_MONTHS * 30.44))  # as the worklist
    here = _given_here(session, period)
    profile = load_settings(session).vaccine_profile
    persons: dict[tuple[str, str], set[int]] = defaultdict(set)
    judged = 0
    candidates = _candidates(session, min(followed, period.since), end)
    for start in range(0, len(candidates), REFRESH_BATCH):
        batch = candidates[start : start + REFRESH_BATCH]
        for person_id, birth, gender, doses in _histories(session, batch, end):
            groups = sorted({g for d in doses for g in groups_of(d.cvx)})
            for status in group_statuses(birth, gender, doses, end, profile, groups):
                judged += 1
                for what in _what_it_did(status, doses, here, followed, end):
                    persons[status.vaccine_group, what].add(person_id)
    return Series({k: frozenset(v) for k, v in persons.items()}, judged)


def _what_it_did(
    status: GroupStatus,
    doses: Sequence[DoseFact],
    here: frozenset[int],
    followed: dt.date,
    end: dt.date,
) -> Iterable[str]:
    valid = [d.key for d in doses if (v := status.verdicts.get(d.key)) is not None and v.valid]
    if valid and valid[0] in here:
        yield "started"
    if status.status is ForecastStatus.COMPLETE and valid and valid[-1] in here:
        yield "completed"
    if (
        status.status is ForecastStatus.NOT_COMPLETE
        and status.started
        and status.earliest is not None
        and status.last_dose_on is not None
        and status.last_dose_on >= followed
        and urgency(status.earliest, status.past_due, end) is Urgency.OVERDUE
    ):
        yield "overdue"


def _given_here(session: Session, period: Period) -> frozenset[int]:
    """The ids of the doses given here in the period (a few thousand a year)."""
    return frozenset(session.scalars(select(Vaccination.id).where(_in(period), dose_given_here())))


def _forecast_products(session: Session) -> list[int]:
    products = session.execute(select(VaccineProduct.id, VaccineProduct.cvx))
    return [product for product, cvx in products if groups_of(cvx)]


def _candidates(session: Session, since: dt.date, end: dt.date) -> list[int]:
    """Survivors (never erased) with a dose of a forecast group from `since` to `end`, here or
    elsewhere: everyone who may have started, completed or be followed at the end."""
    recorded, survivor = aliased(Person), aliased(Person)
    key = counted_key(recorded)
    query: Select[int] = (
        select(key)
        .select_from(Vaccination)
        .join(recorded, recorded.id == Vaccination.person_id)
        .join(survivor, survivor.id == key)
        .where(
            Vaccination.given_on >= since,
            Vaccination.given_on <= end,
            Vaccination.refused == false(),
            Vaccination.entered_in_error == false(),
            Vaccination.product_id.in_(_forecast_products(session)),
            not_erased(recorded),
            not_erased(survivor),
        )
        .distinct()
        .order_by(key)
    )
    return list(session.scalars(query))


History = tuple[int, dt.date | None, str, list[DoseFact]]


def _histories(session: Session, survivors: list[int], end: dt.date) -> list[History]:
    """Each survivor's birth, gender and doses up to `end`, theirs and their merged records'
    (`forecasts.person_doses`: the doses that count for forecasting), in the order given."""
    records: dict[int, int] = {
        record: survivor
        for record, survivor in session.execute(
            select(Person.id, Person.merged_into_id).where(Person.merged_into_id.in_(survivors))
        )
        if survivor is not None
    }
    doses = person_doses(session, [*survivors, *records])
    mine: dict[int, list[DoseFact]] = defaultdict(list)
    for record, facts in doses.items():
        mine[records.get(record, record)] += [d for d in facts if d.given_on <= end]
    persons = session.execute(
        select(Person.id, Person.birth_date, Person.birth_year, Person.gender).where(
            Person.id.in_(survivors)
        )
    )
    return [
        (person, assumed_birth_date(born, year), gender, sorted(mine[person], key=_when))
        for person, born, year, gender in persons
    ]


def _when(dose: DoseFact) -> tuple[dt.date, int]:
    return dose.given_on, dose.key
