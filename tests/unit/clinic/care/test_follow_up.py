"""The follow-up list: which referrals it shows (N days on, no outcome, not in error, persons
still in the registry), each column's order as written out by hand, and its pages."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from clinic.care.follow_up import (
    PAGE_ROWS,
    FollowUpOrder,
    FollowUpPage,
    FollowUpSort,
    follow_up_list,
)
from clinic.care.rapid_tests import RapidTestForm, record_rapid_test
from clinic.care.referrals import mark_referral_in_error, record_outcome
from clinic.common.errors import ValidationError
from clinic.registry.vocabulary import PersonStatus
from clinic.settings.configuration import load_settings, save_settings
from clinic.staff.vocabulary import Role
from db.models.care import Referral
from db.models.registry import Person
from db.statements import selects_sent
from tests.conftest import NOW
from tests.unit.clinic.care.conftest import IT, kind_id, new_service, refer, register


def _list(database, actor, clock, **asked) -> FollowUpPage:
    with database.read() as session:
        return follow_up_list(session, actor, clock, **asked)


def _codes(page: FollowUpPage) -> list[str]:
    return [row.code for row in page.rows]


def _later(clock, days: int):
    return dataclasses.replace(clock, fixed=NOW + dt.timedelta(days=days))


def _set_days(database, clock, admin, days: int) -> None:
    with database.write() as session:
        settings = dataclasses.replace(load_settings(session), referral_follow_up_days=days)
        save_settings(session, admin, clock, settings)


def test_a_reactive_test_referred_shows_after_14_days_and_attending_clears_it(
    database, clock, nurse, social, admin, reception
):
    """Issue 12: a reactive HIV test leads to a referral; the follow-up list shows it after
    14 days; recording "attended" clears it."""
    person_id = register(database, reception, clock, "HIV01", "Ana")
    clinic_id = new_service(database, admin, clock, "Centro MTS", "sti_clinic")
    with database.write() as session:
        form = RapidTestForm(kind_id(session, "hiv"), result="reactive")
        recorded = record_rapid_test(session, nurse, clock, person_id, form, IT)
    assert recorded.needs_confirmation
    referral_id = refer(database, nurse, clock, person_id, clinic_id, test_id=recorded.id)
    assert _list(database, nurse, clock).rows == ()
    assert _list(database, nurse, _later(clock, 13)).rows == ()
    later = _later(clock, 14)
    assert _list(database, social, later).rows == ()  # an HIV clinic's: medical, not hers
    [row] = _list(database, nurse, later).rows
    assert (row.referral_id, row.code, row.alias, row.service, row.days_waiting) == (
        referral_id,
        "HIV01",
        "Ana",
        "Centro MTS",
        14,
    )
    assert (row.referred_on, row.referred_by, row.urgency.value) == (
        NOW.date(),
        "Desk (nurse)",
        "routine",
    )
    with database.write() as session:
        record_outcome(session, social, later, referral_id, "attended", "", IT)
    assert _list(database, social, later) == FollowUpPage((), 0, 14)


@pytest.fixture
def varied(database, clock, reception, actors, admin) -> dict[str, int]:
    """Five referrals on the list (r1..r5) and five that are not, as the docstrings say."""
    nurse, social, psy = actors[Role.NURSE], actors[Role.SOCIAL], actors[Role.PSYCHOLOGIST]
    people = {
        code: register(database, reception, clock, code, alias)
        for code, alias in (
            ("MIKA1", "Zoe"),
            ("ALBA2", "Mia"),
            ("ZETA3", ""),
            ("BRUNO4", "Ada"),
            ("GONE5", "Eva"),
            ("MERGED6", "Ivy"),
        )
    }
    # Of kind "other": read by nurses and social workers alike, so one list holds them all
    # (who reads which kind is test_each_role_reads_the_referrals_of_its_services_domain).
    hospital = new_service(database, admin, clock, "ospedale San Luca")
    shelter = new_service(database, admin, clock, "Casa Rifugio")
    legal = new_service(database, admin, clock, "Équipe Droits")
    ids = {
        "r1": refer(database, nurse, clock, people["MIKA1"], hospital, "05/01/2026"),
        "r2": refer(
            database, social, clock, people["ALBA2"], shelter, "20/02/2026", urgency="urgent"
        ),
        "r3": refer(database, psy, clock, people["ZETA3"], legal, "01/02/2026", urgency="soon"),
        "r4": refer(
            database, nurse, clock, people["BRUNO4"], hospital, "24/02/2026", urgency="urgent"
        ),
        "r5": refer(database, social, clock, people["MIKA1"], shelter, "20/01/2026"),
        # Not on the list: 13 days only; an outcome; in error; persons erased or merged.
        "recent": refer(database, nurse, clock, people["ZETA3"], hospital, "25/02/2026"),
        "went": refer(database, nurse, clock, people["ALBA2"], hospital, "02/01/2026"),
        "error": refer(database, nurse, clock, people["BRUNO4"], legal, "02/01/2026"),
        "erased": refer(database, nurse, clock, people["GONE5"], legal, "02/01/2026"),
        "merged": refer(database, nurse, clock, people["MERGED6"], legal, "02/01/2026"),
    }
    with database.write() as session:
        record_outcome(session, nurse, clock, ids["went"], "not_attended", "", IT)
        mark_referral_in_error(session, nurse, clock, ids["error"], "Wrong person.")
        session.get(Person, people["GONE5"]).status = PersonStatus.ERASED.value
        session.get(Person, people["MERGED6"]).status = PersonStatus.MERGED.value
    return ids


def _referrals(page: FollowUpPage, ids: dict[str, int]) -> list[str]:
    names = {referral_id: name for name, referral_id in ids.items()}
    return [names[row.referral_id] for row in page.rows]


def test_only_open_referrals_at_least_n_days_old_of_persons_in_the_registry(
    database, clock, nurse, varied
):
    page = _list(database, nurse, clock)
    assert sorted(_referrals(page, varied)) == ["r1", "r2", "r3", "r4", "r5"]
    assert (page.total, page.days) == (5, 14)
    # 10 March 2026 less 5 January, 20 January, 1 February, 20 February, 24 February.
    names = _referrals(page, varied)
    waiting = {name: row.days_waiting for name, row in zip(names, page.rows, strict=True)}
    assert waiting == {"r1": 64, "r5": 49, "r3": 37, "r2": 18, "r4": 14}


def test_the_days_are_the_clinics_setting(database, clock, nurse, admin, varied):
    _set_days(database, clock, admin, 30)  # r2 (18 days) and r4 (14) are not late yet
    page = _list(database, nurse, clock)
    assert (_referrals(page, varied), page.days) == (["r1", "r5", "r3"], 30)
    _set_days(database, clock, admin, 13)  # the one of 13 days joins
    assert "recent" in _referrals(_list(database, nurse, clock), varied)


@pytest.mark.parametrize("days", [0, 366])
def test_the_setting_is_between_1_and_365_days(database, clock, admin, days):
    with pytest.raises(ValidationError) as caught:
        _set_days(database, clock, admin, days)
    [error] = caught.value.errors
    assert (error.code, error.field, error.params["max"]) == (
        "follow_up_days_range",
        "referral_follow_up_days",
        365,
    )
    _set_days(database, clock, admin, 365)
    with database.read() as session:
        assert load_settings(session).referral_follow_up_days == 365


# Each column, ascending, as written out by hand from the fixture (ties: oldest first, then
# the code): r1 05/01 MIKA1 Zoe ospedale routine nurse; r5 20/01 MIKA1 Zoe Casa routine
# social; r3 01/02 ZETA3 (no alias) Équipe soon psychologist; r2 20/02 ALBA2 Mia Casa urgent
# social; r4 24/02 BRUNO4 Ada ospedale urgent nurse.
ASCENDING = {
    FollowUpSort.REFERRED_ON: ["r1", "r5", "r3", "r2", "r4"],
    FollowUpSort.DAYS_WAITING: ["r4", "r2", "r3", "r5", "r1"],  # fewest days first
    FollowUpSort.CODE: ["r2", "r4", "r1", "r5", "r3"],
    FollowUpSort.ALIAS: ["r3", "r4", "r2", "r1", "r5"],  # no alias first
    FollowUpSort.SERVICE: ["r5", "r2", "r3", "r1", "r4"],  # Casa, Équipe, ospedale
    FollowUpSort.URGENCY: ["r2", "r4", "r3", "r1", "r5"],  # urgent, soon, routine
    # Desk (nurse), Desk (psychologist), Desk (social)
    FollowUpSort.REFERRED_BY: ["r1", "r4", "r3", "r5", "r2"],
}
DESCENDING = {
    FollowUpSort.REFERRED_ON: ["r4", "r2", "r3", "r5", "r1"],
    FollowUpSort.DAYS_WAITING: ["r1", "r5", "r3", "r2", "r4"],
    FollowUpSort.CODE: ["r3", "r1", "r5", "r4", "r2"],
    FollowUpSort.ALIAS: ["r1", "r5", "r2", "r4", "r3"],
    FollowUpSort.SERVICE: ["r1", "r4", "r3", "r5", "r2"],
    FollowUpSort.URGENCY: ["r1", "r5", "r3", "r2", "r4"],
    FollowUpSort.REFERRED_BY: ["r5", "r2", "r3", "r1", "r4"],
}


def test_every_column_is_written_out():
    assert set(ASCENDING) == set(DESCENDING) == set(FollowUpSort)


@pytest.mark.parametrize("by", list(FollowUpSort))
@pytest.mark.parametrize("descending", [False, True])
def test_each_column_sorts_the_list_as_it_reads(database, clock, nurse, varied, by, descending):
    page = _list(database, nurse, clock, order=FollowUpOrder(by, descending))
    expected = (DESCENDING if descending else ASCENDING)[by]
    assert _referrals(page, varied) == expected


@pytest.mark.parametrize("by", list(FollowUpSort))
def test_pages_follow_each_other_in_any_order(database, clock, nurse, varied, by):
    order = FollowUpOrder(by, descending=True)
    pages = [_list(database, nurse, clock, order=order, start=s, count=2) for s in (0, 2, 4, 6)]
    assert [_referrals(p, varied) for p in pages[:3]] == [
        DESCENDING[by][0:2],
        DESCENDING[by][2:4],
        DESCENDING[by][4:],
    ]
    assert [p.total for p in pages] == [5, 5, 5, 5]  # past the end too
    assert pages[3].rows == ()


def test_a_page_is_200_rows(database, clock, nurse, reception, admin):
    person_id = register(database, reception, clock, "MANY1")
    service_id = new_service(database, admin, clock, "Ambulatorio")
    with database.write() as session:  # stored straight: the list's size is what matters here
        session.add_all(
            Referral(
                person_id=person_id,
                service_id=service_id,
                reason="Check-up.",
                referred_on=dt.date(2025, 1, 1) + dt.timedelta(days=n),
                written_at=NOW,
                author_id=nurse.staff_id,
            )
            for n in range(PAGE_ROWS + 1)
        )
    first = _list(database, nurse, clock)
    second = _list(database, nurse, clock, start=PAGE_ROWS)
    assert (PAGE_ROWS, len(first.rows), first.total, len(second.rows)) == (200, 200, 201, 1)
    assert first.rows[0].referred_on == dt.date(2025, 1, 1)
    assert second.rows[0].referred_on == dt.date(2025, 1, 1) + dt.timedelta(days=200)


def test_the_list_is_found_through_the_index_on_open_referrals(database, clock, nurse, varied):
    """SQLite's plan for the list's statement searches `ix_referral_open`, never scanning the
    referrals (a database-specific check, so here in a test, not in the code)."""
    with selects_sent(database.engine) as caught, database.read() as session:
        follow_up_list(session, nurse, clock)
    with database.read() as session:
        connection = session.connection()
        steps = [
            str(row[3])
            for sql, parameters in caught
            if "FROM referral" in sql
            for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, parameters)
        ]
    assert any("USING INDEX ix_referral_open" in step for step in steps), steps
    assert not any(step.startswith("SCAN referral") for step in steps), steps


def test_a_referral_entered_in_error_leaves_the_list(database, clock, nurse, varied):
    with database.write() as session:
        mark_referral_in_error(session, nurse, clock, varied["r3"], "Wrong service.")
    assert _referrals(_list(database, nurse, clock), varied) == ["r1", "r5", "r2", "r4"]


def test_any_outcome_takes_a_referral_off_the_list(database, clock, nurse, varied):
    with database.write() as session:
        record_outcome(session, nurse, clock, varied["r1"], "unknown", "", IT)
        record_outcome(session, nurse, clock, varied["r2"], "not_attended", "", IT)
        record_outcome(session, nurse, clock, varied["r4"], "attended", "", IT)
    assert _referrals(_list(database, nurse, clock), varied) == ["r5", "r3"]
    with database.read() as session:
        assert session.scalar(select(Referral.outcome).where(Referral.id == varied["r4"])) == (
            "attended"
        )


def test_each_role_reads_the_referrals_of_its_services_domain(
    database, clock, nurse, social, psy, admin, reception
):
    """An STI clinic's referral tells a test result, the anti-trafficking helpline's what an
    interview found: each is listed only to the roles that read such things."""
    person_id = register(database, reception, clock, "DOM01", "Dina")
    made_by = {"sti_clinic": nurse, "shelter": social, "anti_trafficking": psy}
    for kind, author in made_by.items():
        service = new_service(database, admin, clock, f"Service {kind}", kind)
        refer(database, author, clock, person_id, service, "01/02/2026")
    seen = {
        name: sorted(row.service for row in _list(database, actor, clock).rows)
        for name, actor in (("nurse", nurse), ("social", social), ("psy", psy))
    }
    assert seen == {
        "nurse": ["Service sti_clinic"],
        "social": ["Service anti_trafficking", "Service shelter"],
        "psy": ["Service anti_trafficking", "Service shelter"],
    }
