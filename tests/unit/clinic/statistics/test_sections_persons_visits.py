"""The report's persons, visits, street and group sections (issue 15) on the hand-built year of
`street_year` (2026 beside 2025), with a few visits added here: each expected number is
counted by hand from the docstrings, with the reason beside it."""

from __future__ import annotations

import pytest

from clinic.audit.transactions import writing
from clinic.i18n.translator import translator
from clinic.statistics.scope import Scope
from clinic.statistics.sections import outreach, persons, visits
from clinic.statistics.tables import Period, Section, Table
from db.models.desk import Visit
from db.models.registry import Person, PersonWorkSetting
from db.vocabulary.desk import VisitReason
from tests.unit.clinic.statistics.street_year import local


@pytest.fixture
def more_visits(database, clock, actors, year_ids) -> None:
    """Besides street_year's visits (A 1 Mar 2025, C 15 Jan 2026, J 5 Jan 2026, all at noon
    in Rome; E 1 May 2024): walk-ins without a record at 09:45 on Thursday 15 Jan 2026 (for
    material and information), at 04:30 on Sunday 29 Mar 2026 (Rome's first summer-time
    night: 02:30 UTC) and at 23:30 on Wednesday 31 Dec 2025 (22:30 UTC, still 2025 in Rome).
    A works in the street and in an apartment, B in the street; nobody else said."""
    staff = next(iter(actors.values())).staff_id
    with writing(database, clock) as session:
        for moment, reasons in (
            (local(2026, 1, 15, 9, 45), {VisitReason.MATERIAL, VisitReason.INFORMATION}),
            (local(2026, 3, 29, 4, 30), set()),
            (local(2025, 12, 31, 23, 30), set()),
        ):
            session.add(Visit(arrival_at=moment, created_by_id=staff, reasons=frozenset(reasons)))
        for code, setting in (("A", "street"), ("A", "apartment"), ("B", "street")):
            session.add(PersonWorkSetting(person_id=year_ids[code], setting=setting))


def _section(database, clock, build) -> Section:
    with database.read() as session:
        period = Period.year(2026)
        return build(Scope(session, clock, translator("en"), period, period.before()))


def _counts(table: Table, *, previous: bool = False) -> dict[str, int]:
    """The table's non-zero counts by row (one-column tables)."""
    grid = table.previous if previous else table.current
    assert grid is not None
    return {row.key: line[0] for row, line in zip(table.rows, grid, strict=True) if line[0]}


def test_persons_new_and_returning_beside_the_year_before(database, clock, year_ids, more_visits):
    section = _section(database, clock, persons.section)
    headline = section.tables[0]
    assert (headline.key, headline.total_key) == ("persons", "persons.distinct")
    # 2026: ten persons (A B C D F H I J K M), new B H I J K M; 2025: A, C, D, all new.
    assert _counts(headline) == {"new": 6, "returning": 4}
    assert _counts(headline, previous=True) == {"new": 3}
    assert (headline.total(), headline.total(previous=True)) == (10, 3)


def test_persons_split_by_gender_groups_age_country_and_setting(
    database, clock, year_ids, more_visits
):
    tables = {t.key: t for t in _section(database, clock, persons.section).tables}
    # Women A B H M; men C D K; trans women F J (trans); I not stated. 2025: A; C, D.
    assert _counts(tables["persons.by_gender_group"]) == {
        "women": 4,
        "men": 3,
        "trans": 2,
        "other": 1,
    }
    assert _counts(tables["persons.by_gender_group"], previous=True) == {"women": 1, "men": 2}
    # Under 25 at the first contact of 2026: J alone (17); B is 25 on 1 Feb; I unknown.
    assert _counts(tables["persons.by_unaids_age"]) == {"under_25": 1, "25_plus": 8, "unknown": 1}
    # IT: C D M; NG: B H; one each AL (J), BR (F), RO (A), UA (K); I none. Most first, then
    # by code; every row of a whole table sums to the ten persons.
    country = tables["persons.by_country"]
    assert [r.key for r in country.rows] == ["IT", "NG", "AL", "BR", "RO", "UA", "other", "unknown"]
    assert _counts(country) == {"IT": 3, "NG": 2, "AL": 1, "BR": 1, "RO": 1, "UA": 1, "unknown": 1}
    assert country.rows[0].label == "Italy"
    # 2025's persons (A RO, C IT, D IT) in 2026's rows.
    assert _counts(country, previous=True) == {"IT": 2, "RO": 1}
    # A: street and apartment; B: street; the other eight stated none. Not a whole table.
    setting = tables["persons.by_work_setting"]
    assert _counts(setting) == {"street": 2, "apartment": 1, "not_stated": 8}
    assert _counts(setting, previous=True) == {"street": 1, "apartment": 1, "not_stated": 2}
    assert not setting.whole


def test_visits_by_month_weekday_hour_and_reason_in_the_clinics_time(
    database, clock, year_ids, more_visits
):
    tables = {t.key: t for t in _section(database, clock, visits.section).tables}
    # 2026: C and J registered; the walk-ins of 15 Jan and 29 Mar. 2025: A; the walk-in of
    # New Year's Eve (E's visit is 2024's).
    assert _counts(tables["visits"]) == {"registered": 2, "walk_ins": 2}
    assert _counts(tables["visits"], previous=True) == {"registered": 1, "walk_ins": 1}
    assert tables["visits"].total_key == "visits.total"
    months = tables["visits.by_month"]
    assert [r.key for r in months.rows] == [str(m) for m in range(1, 13)]
    assert _counts(months) == {"1": 3, "3": 1}
    assert _counts(months, previous=True) == {"3": 1, "12": 1}
    assert _counts(tables["visits.by_weekday"]) == {"mon": 1, "thu": 2, "sun": 1}
    hours = tables["visits.by_weekday_hour"]
    # Hours used in either period: 4, 9, 12 (2026) and 23 (2025), in the clinic's clock.
    assert [c.key for c in hours.columns] == ["4", "9", "12", "23"]
    assert hours.value("thu", "9") == 1
    assert hours.value("thu", "12") == 1
    assert hours.value("sun", "4") == 1  # 02:30 UTC on the night summer time began
    assert hours.value("wed", "23", previous=True) == 1  # 22:30 UTC is 23:30 in Rome
    assert sum(map(sum, hours.current)) == 4
    assert _counts(tables["visits.by_reason"]) == {"material": 1, "information": 1}


def test_street_and_group_sections_read_the_outreach_figures(database, clock, year_ids):
    with database.read() as session:
        period = Period.year(2026)
        street, groups = outreach.sections(
            Scope(session, clock, translator("en"), period, period.before())
        )
    tables = {t.key: t for t in (*street.tables, *groups.tables)}
    # 2026: the day outing of 1 Feb and the night of 5 Mar; 2025: 10 Nov (day) and New Year's
    # Eve (night). Persons met: A B D F H I J (G erased), new B H I J.
    assert _counts(tables["outreach"])["outings"] == 2
    assert _counts(tables["outreach.by_shift"]) == {"day": 1, "night": 1}
    assert _counts(tables["outreach.by_shift"], previous=True) == {"day": 1, "night": 1}
    assert _counts(tables["outreach.persons_new"]) == {"new": 4, "returning": 3}
    # One group: 12 counted without a code and H and K linked; 3 requests.
    assert _counts(tables["groups"]) == {
        "sessions": 1,
        "participants": 14,
        "interview_requests": 3,
    }
    assert _counts(tables["groups"], previous=True) == {}


def test_a_linked_participant_of_any_gender_has_a_row(database, clock, year_ids):
    # K, linked to the group, is recorded as "other", a gender no tally line has: the
    # participants by gender still add up to the 14 participants (12 + H + K).
    with writing(database, clock) as session:
        session.get_one(Person, year_ids["K"]).gender = "other"
    with database.read() as session:
        period = Period.year(2026)
        _, groups = outreach.sections(
            Scope(session, clock, translator("en"), period, period.before())
        )
    by_gender = next(t for t in groups.tables if t.key == "groups.participants_by_gender")
    assert by_gender.total() == 14
    assert by_gender.value("other") == 1
