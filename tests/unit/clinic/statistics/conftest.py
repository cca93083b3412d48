"""The hand-built year of street work (`street_year`), for the statistics tests."""

from __future__ import annotations

import pytest

from clinic.audit.transactions import writing
from clinic.staff.vocabulary import Role
from tests.unit.clinic.statistics import street_year


@pytest.fixture
def year_ids(database, clock, actors) -> dict[str, int]:
    with writing(database, clock) as session:
        return street_year.build(session, actors[Role.OUTREACH].staff_id)
