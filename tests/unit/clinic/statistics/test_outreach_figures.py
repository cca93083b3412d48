"""The outreach figures of a year (issue 14) on the hand-built year of `street_year`: each
expected number is counted by hand from its docstring, with the reason beside it."""

from __future__ import annotations

import datetime as dt

import pytest

from clinic.audit.transactions import writing
from clinic.staff.vocabulary import Role
from clinic.statistics.outreach_figures import outreach_figures
from db.models.registry import Person
from db.vocabulary.materials import AgeBand
from db.vocabulary.outreach import MetBefore, Region, Shift
from db.vocabulary.registry import Gender

YEAR = (dt.date(2026, 1, 1), dt.date(2027, 1, 1))


@pytest.fixture
def figures(database, clock, actors, year_ids):
    with database.read() as session:
        return outreach_figures(session, actors[Role.ADMIN], clock, *YEAR)


def test_outings_by_shift_leave_new_years_eve_to_the_old_year(figures):
    # 1 Feb (day) and 5 Mar (night); the outing of 23:30 on 31 Dec 2025 is 2025's.
    assert figures.street.outings == 2
    assert figures.street.outings_by_shift == {Shift.DAY: 1, Shift.NIGHT: 1}


def test_street_contacts_are_known_contacts_plus_the_anonymous_tally(figures):
    street = figures.street
    # A, B, F on 1 Feb; D, E, G, H, I, J on 5 Mar: 9 contacts (G's too, erased as a person).
    assert street.known_contacts == 9
    # Tallies 4 + 2 (1 Feb) and 3 + 1 (5 Mar); the group's 12 and New Year's Eve's 5 are not.
    assert street.anonymous.contacts == 10
    assert street.contacts == 19


def test_anonymous_contacts_by_gender_age_region_and_met_before(figures):
    anonymous = figures.street.anonymous
    assert anonymous.by_gender == {Gender.WOMAN: 7, Gender.TRANS_WOMAN: 2, Gender.MAN: 1}
    assert anonymous.by_age_band == {AgeBand.FROM_25: 7, AgeBand.UNKNOWN: 2, AgeBand.FROM_18: 1}
    assert anonymous.by_region == {
        Region.SUB_SAHARAN_AFRICA: 7,
        Region.LATIN_AMERICA: 2,
        Region.EASTERN_EUROPE: 1,
    }
    assert anonymous.by_met_before == {
        MetBefore.YES: 4,
        MetBefore.NO: 5,
        MetBefore.NOT_KNOWN: 1,
    }


def test_known_persons_met_in_the_street_and_the_new_ones(figures):
    known = figures.street.known
    # A, B, D, F (E merged into F: once), H, I, J; G erased is no person.
    assert known.persons == 7
    # New: B, H, I, J. Not: A (visit 2025), D (31 Dec 2025), F (E's visit in 2024).
    assert (known.new, known.returning) == (4, 3)
    # F is counted as her own record says (trans woman), not as E's (man).
    assert known.by_gender == {
        Gender.WOMAN: 3,
        Gender.MAN: 1,
        Gender.TRANS_WOMAN: 2,
        Gender.NOT_STATED: 1,
    }
    # At the first contact of the year of any kind: A 46, B 25, F 30, D 65, H 36 (the group
    # of 10 Feb), I unknown, J 17 (her visit of 5 Jan, though 18 by the night of 5 Mar).
    assert known.by_age_band == {
        AgeBand.FROM_45: 1,
        AgeBand.FROM_25: 2,
        AgeBand.FROM_55: 1,
        AgeBand.FROM_35: 1,
        AgeBand.UNKNOWN: 1,
        AgeBand.UNDER_18: 1,
    }
    # RO; NG twice (B, H); BR (F); IT (D) and AL (J); I none.
    assert known.by_region == {
        Region.EASTERN_EUROPE: 1,
        Region.SUB_SAHARAN_AFRICA: 2,
        Region.LATIN_AMERICA: 1,
        Region.SOUTHERN_EUROPE: 2,
        Region.UNKNOWN: 1,
    }


def test_group_participants_are_the_total_and_the_linked(figures):
    groups = figures.groups
    # One session: a total of 12 without codes, H and K linked.
    assert (groups.sessions, groups.tallied, groups.linked, groups.participants) == (1, 12, 2, 14)
    # The total is "not stated" and "not known"; H a woman from NG, K a man from UA.
    assert groups.by_gender == {Gender.NOT_STATED: 12, Gender.WOMAN: 1, Gender.MAN: 1}
    assert groups.by_region == {
        Region.UNKNOWN: 12,
        Region.SUB_SAHARAN_AFRICA: 1,
        Region.EASTERN_EUROPE: 1,
    }
    # The sheet counted 3 requests; of the linked, H asked.
    assert (groups.interview_requests, groups.linked_who_asked) == (3, 1)


def test_an_empty_year_has_zero_everywhere(database, clock, actors, year_ids):
    with database.read() as session:
        empty = outreach_figures(
            session, actors[Role.ADMIN], clock, dt.date(2030, 1, 1), dt.date(2031, 1, 1)
        )
    assert (empty.street.outings, empty.street.contacts, empty.street.known.persons) == (0, 0, 0)
    assert (empty.groups.sessions, empty.groups.participants) == (0, 0)


def test_a_birth_date_after_the_contact_is_an_unknown_age_not_a_failure(
    database, clock, actors, year_ids
):
    # A's record was given a birth date of 2026-06-01 by mistake: met on 1 Feb 2026 she would
    # be minus four months old. The figures count her, of an age not known, and go on.
    with writing(database, clock) as session:
        session.get_one(Person, year_ids["A"]).birth_date = dt.date(2026, 6, 1)
    with database.read() as session:
        known = outreach_figures(session, actors[Role.ADMIN], clock, *YEAR).street.known
    assert known.persons == 7
    # I was the only one of unknown age; A joins her; A was the only one of 45-54.
    assert known.by_age_band[AgeBand.UNKNOWN] == 2
    assert AgeBand.FROM_45 not in known.by_age_band
