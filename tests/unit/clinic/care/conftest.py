"""Steps the care tests share: people registered, services in the directory, referrals made."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from clinic.care.directory import ServiceForm, add_service
from clinic.care.referrals import ReferralForm, make_referral
from clinic.care.vocabulary import CareList
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.staff.vocabulary import Role
from db.models.care import CareListItem
from tests.conftest import NOW

IT = "it_IT"  # dates typed day first: 24/02/2026


@pytest.fixture
def nurse(actors):
    return actors[Role.NURSE]


@pytest.fixture
def social(actors):
    return actors[Role.SOCIAL]


@pytest.fixture
def psy(actors):
    return actors[Role.PSYCHOLOGIST]


@pytest.fixture
def admin(actors):
    return actors[Role.ADMIN]


def register(database, reception, clock, code: str, alias: str = "") -> int:
    record = validate_person(PersonForm(alias=alias, birth="1990"), IT, NOW.date())
    with database.write() as session:
        return register_person(session, reception, clock, record, code).id


def new_service(database, admin, clock, name: str, kind: str = "other") -> int:
    with database.write() as session:
        return add_service(session, admin, clock, ServiceForm(name, kind, ""))


def refer(database, actor, clock, person_id: int, service_id: int, day: str = "", **fields) -> int:
    form = ReferralForm(service_id, fields.pop("reason", "Check-up."), referred_on=day, **fields)
    with database.write() as session:
        return make_referral(session, actor, clock, person_id, form, IT)


def kind_id(session, code: str, care_list: CareList = CareList.TEST_KIND) -> int:
    """One of Soglia's own list entries (migration 0011), by its code: a kind of test unless
    another list is named."""
    found = select(CareListItem.id).where(
        CareListItem.list == care_list.value, CareListItem.code == code
    )
    return int(session.scalars(found).one())
