"""The UNAIDS prevention-coverage section (issue 15) on the two hand-built years of
`care_years`: 2026 beside 2025, every expected number counted by hand from its docstring.

2026, by person counted (a contact of any kind in 2026) and what they received:
- P: condoms (d1), counselling (c1 ticks condom, c2 health information, t1 counselled), an STI
  test (c1 STI screening, t1, t2): covered. A woman of 22 at her first contact: under 25.
- Q: wipes (d2), a social consultation, an interview; c4 and t6 are in error: nothing.
- R: lubricant (d3), counselling (t3 counselled after); t3 is a pregnancy test, no STI test:
  two of three, covered. A trans woman of 24 on 15 Feb, 25 from 1 Mar: under 25.
- V: condoms (U's d4), counselling (U's c6, PEP), an STI test (U's t5, invalid but done):
  covered. A woman of 41.
- S: an interview only (trans man, born 1990). T: an interview and a leaflet (not stated).
- X: counselling and an HIV test (t4), but no contact: not counted, so not covered.
- W: erased; the anonymous hand-out d5 has no person.
2025: Q (condoms d7, counselling t8, STI tests p1, t8, t9: covered), V (p2), S (p3).
"""

from __future__ import annotations

import pytest

from clinic.i18n.translator import Translator
from clinic.statistics.scope import Scope
from clinic.statistics.sections.coverage import section
from clinic.statistics.tables import Period
from tests.unit.clinic.statistics.test_care_sections import column, tables


@pytest.fixture
def coverage(care_scope):
    return tables(section(care_scope))


def test_persons_covered_counted_and_each_component(coverage):
    figures = coverage["coverage"]
    assert column(figures) == {
        "covered": 3,  # P, R, V
        "persons": 6,  # P, Q, R, V, S, T
        "condoms_lubricant": 3,  # P, R, V
        "counselling": 3,  # P, R, V (X is not counted)
        "sti_test": 2,  # P, V (R's test is a pregnancy test)
    }
    assert column(figures, previous=True) == {
        "covered": 1,
        "persons": 3,
        "condoms_lubricant": 1,
        "counselling": 1,
        "sti_test": 1,
    }


def test_covered_by_sex_and_age_at_the_first_contact(coverage):
    covered = coverage["coverage.covered_by_sex_age"]
    assert [row.key for row in covered.rows] == ["female", "male", "transgender", "other"]
    assert [c.key for c in covered.columns] == ["under_25", "25_plus", "unknown"]
    # P female under 25, V female 25+, R transgender under 25 (24 at her first contact).
    assert covered.current == ((1, 1, 0), (0, 0, 0), (1, 0, 0), (0, 0, 0))
    # 2025: Q, male, 45.
    assert covered.previous == ((0, 0, 0), (0, 1, 0), (0, 0, 0), (0, 0, 0))
    assert covered.whole
    assert covered.total_key == "coverage.covered"


def test_the_denominator_splits_everyone_counted_the_same_way(coverage):
    counted = coverage["coverage.counted_by_sex_age"]
    # P female < 25, V female 25+, Q male 25+, R transgender < 25, S transgender 25+ (trans
    # men with trans women), T other and of unknown age.
    assert counted.current == ((1, 1, 0), (0, 1, 0), (1, 1, 0), (0, 0, 1))
    # 2025: V female 25+, Q male 25+, S transgender 25+.
    assert counted.previous == ((0, 1, 0), (0, 1, 0), (0, 1, 0), (0, 0, 0))
    assert counted.total("under_25") + counted.total("25_plus") + counted.total("unknown") == 6


def test_the_section_speaks_the_reports_language(database, clock, care_ids):
    with database.read() as session:
        scope = Scope(session, clock, Translator("it"), Period.year(2026), Period.year(2025))
        found = section(scope)
    assert found.title == "Copertura della prevenzione HIV (UNAIDS)"
    covered = tables(found)["coverage.covered_by_sex_age"]
    assert covered.rows[2].label == "Transgender (donne trans e uomini trans)"
    assert [c.label for c in covered.columns] == ["Meno di 25 anni", "25 anni e più", "Non noto"]
