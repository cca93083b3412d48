"""The protection section (issue 15) on the two hand-built years of `care_years`: 2026 beside
2025, every expected number counted by hand from its docstring."""

from __future__ import annotations

import pytest

from clinic.statistics.sections.protection import section
from tests.unit.clinic.statistics.test_care_sections import column, tables


@pytest.fixture
def protection(care_scope):
    return tables(section(care_scope))


def test_interviews_persons_and_those_referred_by_third_parties(protection):
    figures = protection["protection"]
    # 2026: c9 (S, police), c10 (T, self), c11 (Q, organisation: at 23:30 on 31 Dec);
    # third parties: the police and an organisation, not the person themselves.
    assert column(figures) == {
        "interviews": 3,
        "persons_interviewed": 3,
        "persons_referred_by_third_parties": 2,
    }
    # 2025: p3 (S, sent by a commission).
    assert column(figures, previous=True) == {
        "interviews": 1,
        "persons_interviewed": 1,
        "persons_referred_by_third_parties": 1,
    }


def test_interviews_by_conclusion_referrer_and_offer(protection):
    assert column(protection["protection.by_conclusion"]) == {
        "presumed_victim": 1,  # c9
        "not_identified": 1,  # c11
        "undetermined": 0,
        "not_recorded": 1,  # c10: no conclusion yet
    }
    assert column(protection["protection.by_conclusion"], previous=True)["undetermined"] == 1
    referrers = column(protection["protection.by_referrer"])
    assert (referrers["police"], referrers["self"], referrers["organisation"]) == (1, 1, 1)
    assert sum(referrers.values()) == 3
    assert referrers["court"] == 0
    offers = column(protection["protection.by_offer"])
    assert offers == {"not_offered": 1, "offered": 1, "accepted": 1, "refused": 0}


def test_pathways_opened_open_at_the_end_and_closed_by_programme(protection):
    pathways = protection["protection.pathways"]
    assert [c.key for c in pathways.columns] == ["protection", "exit"]
    # 2026 opened: pw1, pw4 (W's, erased: still a pathway), pw6 | pw3.
    # Open at the end: pw1, pw6 | pw3. Closed: pw2, pw4, pw5 (1 Jan 2026) | none.
    assert pathways.current == ((3, 1), (2, 1), (3, 0))
    # 2025 opened: pw2, pw5 (31 Dec); both open at the end (pw5 closed on 1 Jan 2026).
    assert pathways.previous == ((2, 0), (2, 0), (0, 0))


def test_open_pathways_stand_at_their_stage_on_the_last_day(protection):
    stages = protection["protection.open_by_stage"]
    current = {
        (row.key, col.key): stages.value(row.key, col.key)
        for row in stages.rows
        for col in stages.columns
        if stages.value(row.key, col.key)
    }
    # pw1: emergency shelter (its first reception begins in 2027); pw6: identification;
    # pw3: training or job.
    assert current == {
        ("emergency_shelter", "protection"): 1,
        ("identification", "protection"): 1,
        ("training_or_job", "exit"): 1,
    }
    # End of 2025: pw2 at first reception (second from 1 Feb 2026), pw5 at identification.
    assert stages.value("first_reception", "protection", previous=True) == 1
    assert stages.value("identification", "protection", previous=True) == 1
    assert stages.total("protection", previous=True) == 2
    assert len(stages.rows) == 6  # every stage, zeros kept


def test_pathways_closed_by_reason(protection):
    reasons = protection["protection.closed_by_reason"]
    # pw2 completed, pw4 left, pw5 voluntary return: all protection programmes.
    assert reasons.value("completed", "protection") == 1
    assert reasons.value("left", "protection") == 1
    assert reasons.value("voluntary_return", "protection") == 1
    assert reasons.total("protection") == 3
    assert reasons.total("exit") == 0
    assert reasons.total("protection", previous=True) == 0


def test_persons_taken_into_a_programme_by_gender(protection):
    genders = protection["protection.taken_in_by_gender"]
    # 2026 protection: S (trans man), V (woman); W erased is no person. Exit: V, by U's pw3.
    assert genders.value("trans_man", "protection") == 1
    assert genders.value("woman", "protection") == 1
    assert genders.total("protection") == 2
    assert genders.value("woman", "exit") == 1
    assert genders.total("exit") == 1
    # 2025: P (woman) and R (trans woman).
    assert genders.value("woman", "protection", previous=True) == 1
    assert genders.value("trans_woman", "protection", previous=True) == 1
    assert len(genders.rows) == 7  # every gender, zeros kept
