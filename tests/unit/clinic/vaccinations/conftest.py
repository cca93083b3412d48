"""Fixtures of test_records.py that other vaccination tests build on."""

from tests.unit.clinic.vaccinations.test_records import (  # noqa: F401
    accelerated_hep_b_under_eu_rules,
    nurse,
    person_id,
)
