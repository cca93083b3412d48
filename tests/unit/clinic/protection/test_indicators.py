"""The ILO–EC 2009 indicators of trafficking of adults for sexual exploitation, and the ILO's rule.

Expected values are worked out by hand from the rule as the ILO states it: a dimension is met with
at least two strong indicators, or one strong and one medium or weak, or three medium, or two
medium and one weak; an adult is a possible victim with a recruitment dimension, exploitation and
a dimension at destination all met. The strengths used below are those of the table in
`clinic/protection/indicators.py` (see its docstring for where they come from).
"""

from __future__ import annotations

import re

import pytest

from clinic.protection.indicators import (
    BY_CODE,
    DIMENSIONS,
    INDICATORS,
    Dimension,
    Strength,
    dimensions_met,
    possible_victim,
)

DR = Dimension.DECEPTIVE_RECRUITMENT
CR = Dimension.COERCIVE_RECRUITMENT
VR = Dimension.VULNERABLE_RECRUITMENT
EX = Dimension.EXPLOITATION
CO = Dimension.COERCION
VU = Dimension.VULNERABILITY

PREFIXES = {"dr": DR, "cr": CR, "vr": VR, "ex": EX, "co": CO, "vu": VU}

# Indicators per dimension as (strong, medium, weak). The indicator set and the counts per
# dimension (10, 10, 16, 9, 15, 7) are the ILO adult list's, as given by the secondary reference
# "Unified Weighted Trafficking-Indicator Reference" (citing ILO WCMS_105023) and by Seafish's
# summary of the ILO lists. The split by strength is that reference's adults-labour column, with
# the two changes it states for sexual exploitation: "Forced tasks or clients" strong (coercion
# 4 -> 5 strong) and no strong indicator in exploitation (1 -> 0 strong). The brochure's own
# sexual-exploitation table could not be read: check these against it.
COUNTS = {
    DR: (1, 8, 1),
    CR: (1, 9, 0),
    VR: (0, 14, 2),
    EX: (0, 8, 1),
    CO: (5, 9, 1),
    VU: (0, 5, 2),
}


def test_each_dimension_holds_as_many_strong_medium_and_weak_indicators_as_the_ilo_list():
    for dimension, (strong, medium, weak) in COUNTS.items():
        strengths = [i.strength for i in INDICATORS if i.dimension == dimension]
        counted = (
            strengths.count(Strength.STRONG),
            strengths.count(Strength.MEDIUM),
            strengths.count(Strength.WEAK),
        )
        assert counted == (strong, medium, weak), dimension
    assert len(INDICATORS) == 67


def test_forced_tasks_or_clients_is_strong_and_exploitation_has_no_strong_indicator():
    assert BY_CODE["co.forced_tasks_or_clients"].strength == Strength.STRONG
    assert BY_CODE["ex.excessive_hours"].strength == Strength.MEDIUM


def test_codes_are_short_lowercase_ascii_unique_and_name_their_dimension():
    codes = [i.code for i in INDICATORS]
    assert len(set(codes)) == len(codes)
    for indicator in INDICATORS:
        code = indicator.code
        assert len(code) <= 40, code
        assert code.isascii(), code
        assert re.fullmatch(r"[a-z]{2}\.[a-z0-9_]+", code), code
        assert PREFIXES[code[:2]] == indicator.dimension, code


def test_every_indicator_is_found_by_its_code():
    assert len(BY_CODE) == len(INDICATORS)
    assert all(BY_CODE[i.code] is i for i in INDICATORS)


def test_texts_fit_a_checkbox_and_every_dimension_has_a_name():
    for indicator in INDICATORS:
        assert 0 < len(indicator.text) <= 90, indicator.code
        assert indicator.text == indicator.text.strip()
    assert set(DIMENSIONS) == set(Dimension)
    assert all(DIMENSIONS.values())


def test_within_a_dimension_strong_indicators_come_first_then_medium_then_weak():
    rank = {Strength.STRONG: 0, Strength.MEDIUM: 1, Strength.WEAK: 2}
    for dimension in Dimension:
        ranks = [rank[i.strength] for i in INDICATORS if i.dimension == dimension]
        assert ranks == sorted(ranks), dimension


@pytest.mark.parametrize(
    ("codes", "met"),
    [
        pytest.param([], set(), id="nothing marked"),
        pytest.param(["co.violence"], set(), id="one strong alone"),
        pytest.param(["co.violence", "co.debt_bondage"], {CO}, id="two strong"),
        pytest.param(["co.violence", "co.withholding_wages"], {CO}, id="one strong one medium"),
        pytest.param(["co.violence", "co.threat_to_inform_family"], {CO}, id="one strong one weak"),
        pytest.param(["ex.hazardous_work", "ex.low_or_no_pay"], set(), id="two medium"),
        pytest.param(
            ["ex.hazardous_work", "ex.low_or_no_pay", "ex.wage_manipulation"],
            {EX},
            id="three medium",
        ),
        pytest.param(
            ["vu.dependency_on_exploiters", "vu.unknown_area", "vu.personal_characteristics"],
            {VU},
            id="two medium one weak",
        ),
        pytest.param(
            [
                "vu.dependency_on_exploiters",
                "vu.difficulties_in_the_past",
                "vu.personal_characteristics",
            ],
            set(),
            id="one medium two weak",
        ),
        pytest.param(
            ["vr.cultural_religious_beliefs", "vr.general_context"], set(), id="two weak only"
        ),
        pytest.param(["dr.nature_of_job", "dr.education"], {DR}, id="deception strong and weak"),
        pytest.param(["cr.violence", "cr.debt_bondage"], {CR}, id="coercion at recruitment"),
    ],
)
def test_a_dimension_is_met_exactly_at_the_ilo_thresholds(codes, met):
    assert dimensions_met(codes) == frozenset(met)


def test_indicators_of_different_dimensions_do_not_add_up():
    # Three medium, but two at recruitment and one at destination.
    marked = ["cr.debt_bondage", "cr.withholding_money", "co.withholding_wages"]
    assert dimensions_met(marked) == frozenset()


def test_the_same_words_in_two_phases_count_in_their_own_dimension():
    # Debt bondage: medium at recruitment, strong at destination; each alone meets nothing.
    assert dimensions_met(["cr.debt_bondage", "co.debt_bondage"]) == frozenset()
    assert dimensions_met(["co.debt_bondage", "co.withholding_wages"]) == {CO}


def test_an_indicator_marked_twice_counts_once():
    marked = ["ex.low_or_no_pay", "ex.low_or_no_pay", "ex.low_or_no_pay"]
    assert dimensions_met(marked) == frozenset()


def test_codes_may_come_from_any_iterable():
    marked = (code for code in ["co.violence", "co.debt_bondage"])
    assert dimensions_met(marked) == {CO}


@pytest.mark.parametrize("code", ["co.unknown", "CO.violence", "", "violence"])
def test_an_unknown_code_is_refused(code):
    with pytest.raises(ValueError, match="unknown ILO indicator code"):
        dimensions_met(["co.violence", code])


@pytest.mark.parametrize("recruitment", [DR, CR, VR])
@pytest.mark.parametrize("destination", [CO, VU])
def test_any_recruitment_with_exploitation_and_any_destination_dimension_is_a_possible_victim(
    recruitment, destination
):
    assert possible_victim({recruitment, EX, destination})


@pytest.mark.parametrize(
    "met",
    [
        pytest.param(set(), id="nothing"),
        pytest.param({EX, CO, VU}, id="no recruitment"),
        pytest.param({DR, CR, VR, CO, VU}, id="no exploitation"),
        pytest.param({DR, CR, VR, EX}, id="nothing at destination"),
        pytest.param({EX}, id="exploitation alone"),
    ],
)
def test_a_missing_element_means_not_a_possible_victim(met):
    assert not possible_victim(met)


def test_an_interview_marking_three_elements_reads_as_a_possible_victim():
    marked = [
        "dr.nature_of_job",  # strong
        "dr.wages",  # medium
        "ex.low_or_no_pay",  # medium
        "ex.excessive_hours",  # medium
        "ex.bad_living_conditions",  # medium
        "co.document_confiscation",  # strong
        "co.debt_bondage",  # strong
        "vu.economic_reasons",  # medium, alone: not met
    ]
    met = dimensions_met(marked)
    assert met == {DR, EX, CO}
    assert possible_victim(met)
    assert not possible_victim(met - {EX})
