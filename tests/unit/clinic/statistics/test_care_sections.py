"""The consultations, tests and referrals sections (issue 15) on the two hand-built years of
`care_years`: 2026 beside 2025, every expected number counted by hand from its docstring."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from clinic.statistics.sections import care
from clinic.statistics.tables import Section, Table
from db.models.care import CareListItem
from tests.unit.clinic.statistics.care_years import OWN_TOPIC


def tables(section: Section) -> dict[str, Table]:
    return {table.key: table for table in section.tables}


def column(table: Table, *, previous: bool = False) -> dict[str, int]:
    """A one-column table as {row key: count}."""
    return {row.key: table.value(row.key, previous=previous) for row in table.rows}


@pytest.fixture
def consultations(care_scope):
    return tables(care.consultations_section(care_scope))


@pytest.fixture
def tests_(care_scope):
    return tables(care.tests_section(care_scope))


@pytest.fixture
def referrals(care_scope):
    return tables(care.referrals_section(care_scope))


def test_consultations_count_records_not_in_error_and_persons_once(consultations):
    figures = consultations["consultations"]
    # 2026: c1-c3, c5-c11 (c4 in error, c12 is 2027's; c11 at 23:30 on 31 Dec is 2026's).
    # Persons: P, Q, R, S, T and V (U's c6 counts as V's); W erased is no person.
    assert column(figures) == {"total": 10, "persons": 6}
    # 2025: p1-p3 (p2 at 00:30 on 1 Jan in Rome, 31 Dec 2024 in UTC); Q, V, S.
    assert column(figures, previous=True) == {"total": 3, "persons": 3}


def test_consultations_by_kind_keep_every_kind(consultations):
    by_kind = consultations["consultations.by_kind"]
    # Medical c1, c2, c6, c8 (W's counts as a record); social c3, c7; psychological c5;
    # identification c9, c10, c11.
    assert column(by_kind) == {"medical": 4, "social": 2, "psychological": 1, "identification": 3}
    # 2025: p1, p2, p3; no psychological session, still a row.
    assert column(by_kind, previous=True) == {
        "medical": 1,
        "social": 1,
        "psychological": 0,
        "identification": 1,
    }
    assert by_kind.whole
    assert by_kind.rows[0].label == "Medical consultation"


def test_medical_reasons_are_those_ticked_in_either_year_in_the_lists_order(consultations):
    reasons = consultations["consultations.by_reason"]
    # sti_screening c1, c8 (c4 in error, c12 next year); pep_prep c6; health_information c2.
    # The contraception list's "condom" of c1 is no reason.
    assert [row.key for row in reasons.rows] == ["sti_screening", "pep_prep", "health_information"]
    assert column(reasons) == {"sti_screening": 2, "pep_prep": 1, "health_information": 1}
    assert column(reasons, previous=True) == {
        "sti_screening": 1,
        "pep_prep": 0,
        "health_information": 0,
    }
    assert not reasons.whole  # a consultation may tick several reasons


def test_topics_include_the_coordinators_own_entry_by_its_id(care_scope, consultations):
    topics = consultations["consultations.by_topic"]
    own = care_scope.session.scalars(
        select(CareListItem.id).where(CareListItem.name == OWN_TOPIC)
    ).one()
    # housing c3, c7; documents c3 (and p2 in 2025); violence c5; the own topic c7.
    assert column(topics) == {"housing": 2, "documents": 1, "violence": 1, f"item-{own}": 1}
    assert column(topics, previous=True)["documents"] == 1
    assert topics.rows[-1].label == OWN_TOPIC  # shown as the coordinator wrote it


def test_tests_done_reactive_and_persons_tested(tests_):
    figures = tests_["tests"]
    # 2026: t1-t5, t7 (t6 in error); reactive t2 and t7; persons P, R, X, V (U's t5); W erased.
    assert column(figures) == {"total": 6, "reactive": 2, "persons": 4}
    # 2025: t8, t9; reactive t9; Q.
    assert column(figures, previous=True) == {"total": 2, "reactive": 1, "persons": 1}


def test_tests_by_kind_and_result(tests_):
    grid = tests_["tests.by_kind"]
    assert [row.key for row in grid.rows] == ["hiv", "hcv", "syphilis", "hbsag", "pregnancy"]
    assert [c.key for c in grid.columns] == ["non_reactive", "reactive", "invalid"]
    # hiv: t1, t4 non-reactive, t7 reactive; hcv: t5 invalid; syphilis: t2 reactive;
    # hbsag: none in 2026; pregnancy: t3 non-reactive.
    assert grid.current == ((2, 1, 0), (0, 0, 1), (0, 1, 0), (0, 0, 0), (1, 0, 0))
    # 2025: hiv t8 non-reactive, hbsag t9 reactive.
    assert grid.previous == ((1, 0, 0), (0, 0, 0), (0, 0, 0), (0, 1, 0), (0, 0, 0))
    assert grid.total("reactive") == 2


def test_referrals_and_persons_referred(referrals):
    # 2026: r1, r2, r3, r4, r6 (r5 in error); persons P, V (U's r3), Q; W erased.
    assert column(referrals["referrals"]) == {"total": 5, "persons": 3}
    assert column(referrals["referrals"], previous=True) == {"total": 1, "persons": 1}


def test_referrals_by_the_kind_of_service_every_kind_shown(referrals):
    by_destination = referrals["referrals.by_destination"]
    counts = column(by_destination)
    # STI clinic: r1, r3 (clinic A) and r6 (clinic B): two partners, one kind.
    assert (counts["sti_clinic"], counts["shelter"], counts["hospital"]) == (3, 1, 1)
    assert counts["police"] == 0
    assert len(counts) == 11
    assert column(by_destination, previous=True)["hospital"] == 1


def test_referrals_by_outcome_keep_those_without_one(referrals):
    by_outcome = referrals["referrals.by_outcome"]
    # r1 attended, r3 not attended, r4 unknown; r2 and r6 have none yet.
    assert column(by_outcome) == {
        "attended": 1,
        "not_attended": 1,
        "unknown": 1,
        "not_recorded": 2,
    }
    assert column(by_outcome, previous=True)["attended"] == 1
    assert by_outcome.whole
