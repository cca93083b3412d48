"""The hand-built year of street work (`street_year`) and years of care (`care_years`), for
the statistics tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from clinic.audit.transactions import writing
from clinic.i18n.translator import Translator
from clinic.staff.vocabulary import Role
from clinic.statistics.scope import Scope
from clinic.statistics.tables import Period
from tests.unit.clinic.statistics import care_years, street_year


@pytest.fixture
def year_ids(database, clock, actors) -> dict[str, int]:
    with writing(database, clock) as session:
        return street_year.build(session, actors[Role.OUTREACH].staff_id)


@pytest.fixture
def care_ids(database, clock, actors) -> dict[str, int]:
    with writing(database, clock) as session:
        return care_years.build(session, actors[Role.NURSE].staff_id)


@pytest.fixture
def care_scope(database, clock, care_ids) -> Iterator[Scope]:
    """The two care years of `care_years` as a report reads them: 2026 beside 2025, in English."""
    with database.read() as session:
        yield Scope(session, clock, Translator("en"), Period.year(2026), Period.year(2025))
