"""The persons the clinic met in the period (reports.md, "Definitions Soglia should use"):
distinct, new or returning, by gender, age, origin and work setting.

Who counts, who is new and the age at the first contact are `clinic.statistics.contacts`'s,
written once there; this section reads each period's persons once (`read_persons`) and splits
them here, so every table of the section has the same persons as its whole.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

from sqlalchemy import select

from clinic.i18n.translator import N_, Translator
from clinic.outreach.regions import region_name
from clinic.outreach.words import AGE_BANDS
from clinic.registry.words import GENDERS, WORK_SETTINGS
from clinic.statistics.contacts import (
    CountedPerson,
    in_batches,
)
from clinic.statistics.scope import Scope
from clinic.statistics.sections.counting import table
from clinic.statistics.tables import Chart, Line, Section, Table, breakdown
from db.models.registry import PersonWorkSetting
from db.vocabulary.materials import AgeBand
from db.vocabulary.outreach import Region
from db.vocabulary.registry import Gender, WorkSetting

TOP_COUNTRIES = 15  # the rest are "other countries" (reports.md: "top countries")

TITLE = N_("Persons")
PERSONS = N_("Persons met")
PERSONS_DEFINITION = N_(
    "Registered persons with at least one contact of any kind in the period: a visit, a"
    " consultation, a dose given here, material handed to them, a street or group session."
    " A merged record counts once, as the record it was merged into; erased persons are not"
    " counted. New: their first contact of any kind, ever, is in the period."
)
NEW = N_("New")
RETURNING = N_("Returning")
BY_GENDER = N_("Persons by gender")
BY_GENDER_DEFINITION = N_("The persons met, by gender as recorded.")
BY_GENDER_GROUP = N_("Persons: women, men, trans")
BY_GENDER_GROUP_DEFINITION = N_(
    "The persons met in three groups as many reports print them: trans women and trans men"
    " together as trans; non-binary, other and not stated apart."
)
WOMEN, MEN, TRANS, OTHER_GENDERS = N_("Women"), N_("Men"), N_("Trans"), N_("Other or not stated")
BY_AGE = N_("Persons by age")
BY_AGE_DEFINITION = N_(
    "The persons met, by their age at their first contact in the period; an age not known"
    " stays not known."
)
BY_UNAIDS_AGE = N_("Persons by age, under 25 and 25 or older")
BY_UNAIDS_AGE_DEFINITION = N_("The same ages in the two groups of UNAIDS' indicators.")
UNDER_25, FROM_25 = N_("Under 25"), N_("25 or older")
BY_REGION = N_("Persons by region of origin")
BY_REGION_DEFINITION = N_("The persons met, by the world region (UN M49) of their country.")
BY_COUNTRY = N_("Persons by country of origin")
BY_COUNTRY_DEFINITION = N_(
    "The persons met, by country of origin: the countries of most persons, the rest together."
)
OTHER_COUNTRIES = N_("Other countries")
NOT_KNOWN = N_("Not known")
BY_SETTING = N_("Persons by work setting")
BY_SETTING_DEFINITION = N_(
    "The persons met who work in each setting, as recorded; a person may work in several, so"
    " the rows do not add up to the persons."
)
NOT_STATED = N_("Not stated")

_GENDER_GROUPS: Mapping[Gender, str] = {
    Gender.WOMAN: "women",
    Gender.MAN: "men",
    Gender.TRANS_WOMAN: "trans",
    Gender.TRANS_MAN: "trans",
}


def section(scope: Scope) -> Section:
    now, before = scope.persons(scope.period), scope.persons(scope.previous)
    t = scope.t
    tables = (
        _split(
            t,
            "persons",
            (PERSONS, PERSONS_DEFINITION),
            (Line("new", t.gettext(NEW)), Line("returning", t.gettext(RETURNING))),
            (now, before),
            lambda p: "new" if p.new else "returning",
        ),
        _split(
            t,
            "persons.by_gender",
            (BY_GENDER, BY_GENDER_DEFINITION),
            tuple(Line(g.value, t.gettext(GENDERS[g])) for g in Gender),
            (now, before),
            lambda p: p.gender.value,
            chart=Chart.BARS,
        ),
        _split(
            t,
            "persons.by_gender_group",
            (BY_GENDER_GROUP, BY_GENDER_GROUP_DEFINITION),
            (
                Line("women", t.gettext(WOMEN)),
                Line("men", t.gettext(MEN)),
                Line("trans", t.gettext(TRANS)),
                Line("other", t.gettext(OTHER_GENDERS)),
            ),
            (now, before),
            lambda p: _GENDER_GROUPS.get(p.gender, "other"),
        ),
        _split(
            t,
            "persons.by_age_band",
            (BY_AGE, BY_AGE_DEFINITION),
            tuple(Line(b.value, t.gettext(AGE_BANDS[b])) for b in AgeBand),
            (now, before),
            lambda p: p.age_band.value,
            chart=Chart.BARS,
        ),
        _split(
            t,
            "persons.by_unaids_age",
            (BY_UNAIDS_AGE, BY_UNAIDS_AGE_DEFINITION),
            (
                Line("under_25", t.gettext(UNDER_25)),
                Line("25_plus", t.gettext(FROM_25)),
                Line("unknown", t.gettext(NOT_KNOWN)),
            ),
            (now, before),
            _unaids_age,
        ),
        _split(
            t,
            "persons.by_region",
            (BY_REGION, BY_REGION_DEFINITION),
            tuple(Line(r.value, region_name(t, r)) for r in Region),
            (now, before),
            lambda p: p.region.value,
            chart=Chart.BARS,
        ),
        _by_country(t, now, before),
        _by_setting(scope, now, before),
    )
    return Section("persons", t.gettext(TITLE), tables)


def _split(
    t: Translator,
    key: str,
    words: tuple[str, str],
    rows: Sequence[Line],
    periods: tuple[Iterable[CountedPerson], Iterable[CountedPerson]],
    row_of: Callable[[CountedPerson], str],
    chart: Chart = Chart.NONE,
) -> Table:
    """A table splitting the persons of each period into `rows`, one row each."""
    now, before = (Counter(row_of(p) for p in persons) for persons in periods)
    return table(
        key, words, t, rows, (now, before), whole=True, total_key="persons.distinct", chart=chart
    )


def _unaids_age(person: CountedPerson) -> str:
    if person.age_band is AgeBand.UNKNOWN:
        return "unknown"
    return "under_25" if person.age_band in (AgeBand.UNDER_18, AgeBand.FROM_18) else "25_plus"


def _by_country(
    t: Translator, now: Sequence[CountedPerson], before: Sequence[CountedPerson]
) -> Table:
    """The period's most frequent countries by name, the rest as "other", unknown apart."""
    counts = Counter(p.country for p in now if p.country)
    top = [code for code, _ in sorted(counts.items(), key=lambda c: (-c[1], c[0]))][:TOP_COUNTRIES]
    shown = set(top)

    def row_of(person: CountedPerson) -> str:
        if not person.country:
            return "unknown"
        return person.country if person.country in shown else "other"

    rows = (
        *(Line(code, t.country(code)) for code in top),
        Line("other", t.gettext(OTHER_COUNTRIES)),
        Line("unknown", t.gettext(NOT_KNOWN)),
    )
    return _split(
        t,
        "persons.by_country",
        (BY_COUNTRY, BY_COUNTRY_DEFINITION),
        rows,
        (now, before),
        row_of,
        chart=Chart.BARS,
    )


def _by_setting(
    scope: Scope, now: Sequence[CountedPerson], before: Sequence[CountedPerson]
) -> Table:
    t = scope.t
    counts = [_settings(scope, persons) for persons in (now, before)]
    rows = (
        *(Line(s.value, t.gettext(WORK_SETTINGS[s])) for s in WorkSetting),
        Line("not_stated", t.gettext(NOT_STATED)),
    )
    return breakdown(
        "persons.by_work_setting",
        t.gettext(BY_SETTING),
        t.gettext(BY_SETTING_DEFINITION),
        rows,
        counts[0],
        counts[1],
        chart=Chart.BARS,
    )


def _settings(scope: Scope, persons: Sequence[CountedPerson]) -> Counter[str]:
    """How many of these persons work in each setting (their own record's), and how many
    stated none. Read by their ids, a few hundred at a time, from the settings' primary key."""
    said: dict[int, set[str]] = {}
    for batch in in_batches([p.person_id for p in persons]):
        query = select(PersonWorkSetting.person_id, PersonWorkSetting.setting).where(
            PersonWorkSetting.person_id.in_(batch)
        )
        for person_id, setting in scope.session.execute(query):
            said.setdefault(person_id, set()).add(setting)
    counts: Counter[str] = Counter(s for settings in said.values() for s in settings)
    counts["not_stated"] = len(persons) - len(said)
    return counts
