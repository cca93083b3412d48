"""Managing accounts: each change reaches both the staff row and the key slot, and the clinic
always keeps an active coordinator."""

from __future__ import annotations

import datetime as dt

import pytest

from clinic.common.errors import ConflictError, ValidationError
from clinic.staff.accounts import LoginRefusedError, unlock_key
from clinic.staff.management import (
    change_own_password,
    change_role,
    create_staff,
    deactivate_staff,
    list_staff,
    reset_password,
    unlock_account,
)
from clinic.staff.vocabulary import Role
from db.keyslots import KeyStore
from db.models.staff import Staff
from tests.conftest import NOW
from tests.unit.clinic.use_cases import STRONG

OTHER = "Walrus-Compass-41-Meadow"


@pytest.fixture
def admin(actors):
    return actors[Role.ADMIN]


def _create(database, clock, admin, world, username="bea", role=Role.RECEPTION):
    with database.write() as session:
        return create_staff(session, admin, clock, world.keys, username, "Bea T.", role, STRONG)


def test_a_new_account_logs_in_with_its_first_password_and_must_change_it(
    database, clock, admin, world
):
    account = _create(database, clock, admin, world)
    assert (account.username, account.role, account.must_change_password) == (
        "bea",
        Role.RECEPTION,
        True,
    )
    store = KeyStore.load(world.keys.store.path)
    assert unlock_key(store, "bea", STRONG, NOW) == world.keys.key


@pytest.mark.parametrize(
    ("username", "display_name", "password", "problems"),
    [
        ("Bea T", "Bea", STRONG, {("username", "username_format")}),
        ("bea", "", STRONG, {("display_name", "required")}),
        ("bea", "Bea", "bea-bea-bea-bea", {("password", "password_too_weak")}),
        ("target", "Bea", STRONG, {("username", "username_taken")}),
    ],
)
def test_a_bad_new_account_is_refused_field_by_field(
    database, clock, admin, world, username, display_name, password, problems
):
    with pytest.raises(ValidationError) as caught, database.write() as session:
        create_staff(
            session, admin, clock, world.keys, username, display_name, Role.NURSE, password
        )
    assert {(e.field, e.code) for e in caught.value.errors} == problems
    assert not world.keys.store.has_user("bea")


def test_a_deactivated_account_loses_its_slot(database, clock, admin, world):
    with database.write() as session:
        deactivate_staff(session, admin, clock, world.keys.store, world.staff_id)
    with pytest.raises(LoginRefusedError):
        unlock_key(KeyStore.load(world.keys.store.path), "target", STRONG, NOW)


def test_the_last_coordinator_can_be_neither_deactivated_nor_demoted(database, clock, admin, world):
    with pytest.raises(ConflictError) as caught, database.write() as session:
        deactivate_staff(session, admin, clock, world.keys.store, admin.staff_id)
    assert caught.value.code == "last_admin"
    with pytest.raises(ConflictError), database.write() as session:
        change_role(session, admin, clock, admin.staff_id, Role.NURSE)
    second = _create(database, clock, admin, world, "carla", Role.ADMIN)
    with database.write() as session:  # with a second coordinator, it may
        change_role(session, admin, clock, admin.staff_id, Role.NURSE)
    with database.read() as session:
        assert session.get(Staff, second.id).role == "admin"


def test_a_reset_password_replaces_the_old_one_and_unlocks(database, clock, admin, world):
    store = world.keys.store
    store.save()
    for _ in range(5):
        with pytest.raises(LoginRefusedError):
            unlock_key(store, "target", "wrong", NOW)
    with database.write() as session:
        account = reset_password(session, admin, clock, world.keys, world.staff_id, OTHER)
    assert account.must_change_password
    store = KeyStore.load(store.path)
    assert unlock_key(store, "target", OTHER, NOW) == world.keys.key
    with pytest.raises(LoginRefusedError):
        unlock_key(store, "target", STRONG, NOW)


def test_unlocking_lifts_the_lock_and_the_list_shows_it(database, clock, admin, world):
    store = world.keys.store
    store.save()
    for _ in range(5):
        with pytest.raises(LoginRefusedError):
            unlock_key(store, "target", "wrong", NOW)
    with database.read() as session:
        [target] = [a for a in list_staff(session, admin, store, NOW) if a.username == "target"]
    assert target.locked_until == NOW + dt.timedelta(minutes=1)
    with database.write() as session:
        unlock_account(session, admin, clock, store, world.staff_id)
    assert unlock_key(KeyStore.load(store.path), "target", STRONG, NOW) == world.keys.key


def test_choosing_ones_own_password_clears_the_duty_to_change_it(database, clock, admin, world):
    _create(database, clock, admin, world)
    with database.read() as session:
        bea = session.query(Staff).filter_by(username="bea").one()
        from clinic.common.permissions import Actor

        actor = Actor(bea.id, Role.RECEPTION)
    with pytest.raises(ValidationError) as caught, database.write() as session:
        change_own_password(session, actor, clock, world.keys, OTHER, OTHER + "x")
    assert [e.code for e in caught.value.errors] == ["passwords_differ"]
    with database.write() as session:
        change_own_password(session, actor, clock, world.keys, OTHER, OTHER)
    with database.read() as session:
        assert not session.get(Staff, bea.id).must_change_password
    assert unlock_key(KeyStore.load(world.keys.store.path), "bea", OTHER, NOW) == world.keys.key
