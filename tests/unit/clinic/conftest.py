"""Fixtures for the domain tests."""

from __future__ import annotations

import pytest

from tests.unit.clinic.use_cases import World, make_world


@pytest.fixture
def world(database, clock, reception) -> World:
    return make_world(database, clock, reception)
