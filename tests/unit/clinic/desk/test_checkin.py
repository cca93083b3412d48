"""Checking in and the day's queue, as the desk sees it in the clinic's time zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from clinic.common.clock import Clock
from clinic.common.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from clinic.desk.checkin import (
    EarlierCheckIn,
    cancel_check_in,
    check_in,
    set_queue_state,
    todays_queue,
)
from clinic.desk.vocabulary import QueueState, VisitReason
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.registry.vocabulary import PersonStatus
from clinic.staff.vocabulary import Role
from db.models.desk import Visit
from db.models.registry import Person
from db.models.staff import Staff
from tests.conftest import NOW, ROME

UTC = ZoneInfo("UTC")


def _at(hours: float) -> Clock:
    """The Rome clinic's clock `hours` after the fixture's now (10:30 in Rome, 10 March)."""
    return Clock(ROME, NOW + dt.timedelta(hours=hours))


def _utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)  # type: ignore[misc]


@pytest.fixture
def person(database, clock, reception) -> int:
    record = validate_person(PersonForm(alias="Maria"), "it_IT", NOW.date())
    with database.write() as session:
        return register_person(session, reception, clock, record, "OSIAR230519852").id


def _check_in(database, clock, actor, person_id, reasons=("medical",), **options):
    with database.write() as session:
        return check_in(session, actor, clock, person_id, reasons, **options)


def _queue(database, clock, actor, day=None):
    with database.read() as session:
        return todays_queue(session, actor, clock, day)


def _set(database, clock, actor, visit_id, state, served_by_id=None):
    with database.write() as session:
        return set_queue_state(session, actor, clock, visit_id, state, served_by_id)


def _visits(database) -> int:
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(Visit))


def test_check_in_puts_the_person_in_the_queue_waiting(database, clock, reception, person):
    entry = _check_in(database, clock, reception, person, ["social", "medical", "social"])
    assert entry.person_id == person
    assert (entry.code, entry.alias) == ("OSIAR230519852", "Maria")
    assert entry.arrival_at == NOW
    assert entry.reasons == (VisitReason.MEDICAL, VisitReason.SOCIAL)
    assert entry.state is QueueState.WAITING
    assert (entry.served_by_id, entry.called_at, entry.departed_at) == (None, None, None)
    assert _queue(database, clock, reception) == [entry]


def test_an_unregistered_walk_in_is_counted_without_a_person(database, clock, reception):
    entry = _check_in(database, clock, reception, None, ["material"])
    assert (entry.person_id, entry.code, entry.alias) == (None, None, None)
    assert entry.reasons == (VisitReason.MATERIAL,)
    # Walk-ins are anonymous: two in a day are two people, never a repeat.
    _check_in(database, clock, reception, None, ["material"])
    assert len(_queue(database, clock, reception)) == 2


@pytest.mark.parametrize(
    ("reasons", "code"),
    [
        ([], "reasons_required"),
        (["haircut"], "unknown_choice"),
        (["medical", "haircut"], "unknown_choice"),
        (["MEDICAL"], "unknown_choice"),
    ],
)
def test_reasons_are_required_and_from_the_list(database, clock, reception, person, reasons, code):
    with pytest.raises(ValidationError) as caught:
        _check_in(database, clock, reception, person, reasons)
    assert (caught.value.code, caught.value.field) == (code, "reasons")
    assert _visits(database) == 0


def test_every_reason_of_the_list_is_accepted(database, clock, reception):
    entry = _check_in(database, clock, reception, None, [r.value for r in VisitReason])
    assert set(entry.reasons) == set(VisitReason)


def test_a_second_check_in_the_same_day_needs_confirmation(database, clock, reception, person):
    _check_in(database, clock, reception, person)
    with pytest.raises(ConflictError) as caught:
        _check_in(database, _at(3), reception, person, ["social"])
    assert (caught.value.code, caught.value.field) == ("already_checked_in_today", "person")
    # what the desk asks "check in again?" with: from the database, not the queue on screen
    assert caught.value.earlier == (EarlierCheckIn(NOW, QueueState.WAITING),)
    assert _visits(database) == 1
    _check_in(database, _at(3), reception, person, ["social"], allow_repeat=True)
    assert _visits(database) == 2


def test_unknown_or_inactive_persons_cannot_be_checked_in(database, clock, reception, person):
    with pytest.raises(NotFoundError):
        _check_in(database, clock, reception, 4242)
    with database.write() as session:
        stored = session.get(Person, person)
        assert stored is not None
        stored.status = PersonStatus.MERGED.value
    with pytest.raises(NotFoundError):
        _check_in(database, clock, reception, person)
    assert _visits(database) == 0


def test_yesterday_late_evening_in_rome_is_not_today(database, reception, person):
    # 22:59 UTC on 9 March is 23:59 in Rome, still the 9th.
    _check_in(database, Clock(ROME, _utc(2026, 3, 9, 22, 59)), reception, person)
    today = _check_in(database, _at(0), reception, person)
    assert [e.visit_id for e in _queue(database, _at(0), reception)] == [today.visit_id]


def test_after_midnight_in_rome_is_today_although_utc_is_still_yesterday(
    database, reception, person
):
    # 23:30 UTC on 9 March is 00:30 in Rome on the 10th.
    night = _check_in(database, Clock(ROME, _utc(2026, 3, 9, 23, 30)), reception, person)
    with pytest.raises(ConflictError):
        _check_in(database, _at(0), reception, person)
    assert [e.visit_id for e in _queue(database, _at(0), reception)] == [night.visit_id]
    # A clinic configured in UTC would call the same visit yesterday's.
    assert _queue(database, Clock(UTC, NOW), reception) == []


def test_the_queue_of_another_day(database, reception, person):
    yesterday = _check_in(database, _at(-24), reception, person)
    assert _queue(database, _at(0), reception) == []
    assert [e.visit_id for e in _queue(database, _at(0), reception, dt.date(2026, 3, 9))] == [
        yesterday.visit_id
    ]


def test_queue_is_in_arrival_order(database, clock, reception):
    records = [validate_person(PersonForm(alias=a), "it_IT", NOW.date()) for a in "ABC"]
    with database.write() as session:
        ids = [
            register_person(session, reception, clock, r, f"CODE{n}").id
            for n, r in enumerate(records)
        ]
    third = _check_in(database, _at(2), reception, ids[0])
    first = _check_in(database, _at(0), reception, ids[1])
    walk_in = _check_in(database, _at(1), reception, None)
    same_time = _check_in(database, _at(2), reception, ids[2])
    queue = _queue(database, _at(3), reception)
    assert [e.visit_id for e in queue] == [
        first.visit_id,
        walk_in.visit_id,
        third.visit_id,
        same_time.visit_id,  # same minute: whoever was checked in first
    ]


def test_being_seen_records_who_and_when(database, clock, actors, person):
    reception, nurse = actors[Role.RECEPTION], actors[Role.NURSE]
    visit = _check_in(database, clock, reception, person).visit_id
    entry = _set(database, _at(0.5), reception, visit, QueueState.IN_PROGRESS, nurse.staff_id)
    assert entry.state is QueueState.IN_PROGRESS
    assert (entry.served_by_id, entry.served_by) == (nurse.staff_id, "Desk (nurse)")
    assert entry.called_at == _at(0.5).now()
    assert entry.departed_at is None
    assert entry.waited(_at(5).now()) == dt.timedelta(minutes=30)


def test_reception_can_send_someone_in_to_a_colleague(database, clock, actors, person):
    reception, social = actors[Role.RECEPTION], actors[Role.SOCIAL]
    visit = _check_in(database, clock, reception, person).visit_id
    entry = _set(database, _at(1), reception, visit, QueueState.IN_PROGRESS, social.staff_id)
    assert entry.served_by_id == social.staff_id


def test_handing_over_keeps_the_time_they_were_called(database, clock, actors, person):
    reception = actors[Role.RECEPTION]
    visit = _check_in(database, clock, reception, person).visit_id
    _set(database, _at(1), reception, visit, QueueState.IN_PROGRESS, actors[Role.NURSE].staff_id)
    social = actors[Role.SOCIAL].staff_id
    entry = _set(database, _at(2), reception, visit, QueueState.IN_PROGRESS, social)
    assert entry.served_by_id == actors[Role.SOCIAL].staff_id
    assert entry.called_at == _at(1).now()


@pytest.mark.parametrize("role", [Role.NURSE, Role.SOCIAL])
def test_a_nurse_or_social_worker_takes_someone_in_and_marks_them_done(
    database, clock, actors, person, role
):
    # Issue 8: they saw the queue but could not act on it.
    worker = actors[role]
    visit = _check_in(database, clock, actors[Role.RECEPTION], person).visit_id
    seen = _set(database, _at(0.5), worker, visit, QueueState.IN_PROGRESS)
    assert (seen.state, seen.served_by_id) == (QueueState.IN_PROGRESS, worker.staff_id)
    done = _set(database, _at(1), worker, visit, QueueState.DONE)
    assert (done.state, done.served_by_id, done.departed_at) == (
        QueueState.DONE,
        worker.staff_id,
        _at(1).now(),
    )


@pytest.mark.parametrize(
    ("state", "serve_as"),
    [(QueueState.WAITING, None), (QueueState.LEFT, None), (QueueState.IN_PROGRESS, Role.SOCIAL)],
)
def test_the_rest_of_the_queue_stays_with_reception(
    database, clock, actors, person, state, serve_as
):
    nurse = actors[Role.NURSE]
    visit = _check_in(database, clock, actors[Role.RECEPTION], person).visit_id
    served_by = actors[serve_as].staff_id if serve_as else None
    with pytest.raises(PermissionDeniedError) as caught:
        _set(database, clock, nurse, visit, state, served_by)
    assert caught.value.params["permission"] == "queue.update"
    [entry] = _queue(database, clock, nurse)
    assert (entry.state, entry.served_by_id) == (QueueState.WAITING, None)


def test_done_keeps_who_served_and_sets_departure(database, clock, actors, person):
    reception, nurse = actors[Role.RECEPTION], actors[Role.NURSE]
    visit = _check_in(database, clock, reception, person).visit_id
    _set(database, _at(1), reception, visit, QueueState.IN_PROGRESS, nurse.staff_id)
    entry = _set(database, _at(1.5), reception, visit, QueueState.DONE)
    assert entry.state is QueueState.DONE
    assert entry.served_by_id == nurse.staff_id
    assert (entry.called_at, entry.departed_at) == (_at(1).now(), _at(1.5).now())
    assert entry.waited(_at(8).now()) == dt.timedelta(hours=1)


def test_done_straight_from_waiting_stops_the_waiting_clock(database, clock, reception, person):
    # Material handed out at the desk: nobody "calls" the person in.
    visit = _check_in(database, clock, reception, person, ["material"]).visit_id
    entry = _set(database, _at(0.25), reception, visit, QueueState.DONE)
    assert (entry.called_at, entry.departed_at) == (None, _at(0.25).now())
    assert entry.waited(_at(8).now()) == dt.timedelta(minutes=15)


def test_left_without_being_seen(database, clock, reception, person):
    visit = _check_in(database, clock, reception, person).visit_id
    entry = _set(database, _at(2), reception, visit, QueueState.LEFT)
    assert entry.state is QueueState.LEFT
    assert (entry.served_by_id, entry.called_at, entry.departed_at) == (None, None, _at(2).now())
    assert entry.waited(_at(8).now()) == dt.timedelta(hours=2)


def test_back_to_waiting_clears_everything(database, clock, actors, person):
    reception = actors[Role.RECEPTION]
    visit = _check_in(database, clock, reception, person).visit_id
    _set(database, _at(1), reception, visit, QueueState.IN_PROGRESS, actors[Role.NURSE].staff_id)
    _set(database, _at(2), reception, visit, QueueState.DONE)
    entry = _set(database, _at(3), reception, visit, QueueState.WAITING)
    assert entry.state is QueueState.WAITING
    assert (entry.served_by_id, entry.served_by, entry.called_at, entry.departed_at) == (
        None,
        None,
        None,
        None,
    )
    assert entry.waited(_at(4).now()) == dt.timedelta(hours=4)


def test_queue_state_is_stored(database, clock, actors, person):
    reception = actors[Role.RECEPTION]
    visit = _check_in(database, clock, reception, person).visit_id
    entry = _set(database, _at(1), reception, visit, QueueState.IN_PROGRESS)
    assert _queue(database, _at(1), reception) == [entry]


def test_being_seen_by_an_unknown_or_inactive_staff_member_is_refused(
    database, clock, reception, person
):
    visit = _check_in(database, clock, reception, person).visit_id
    with pytest.raises(ValidationError) as caught:
        _set(database, clock, reception, visit, QueueState.IN_PROGRESS, 4242)
    assert (caught.value.code, caught.value.field) == ("unknown_staff", "served_by")
    with database.write() as session:
        gone = Staff(
            username="gone", display_name="Gone", role="nurse", active=False, created_at=NOW
        )
        session.add(gone)
        session.flush()
        gone_id = gone.id
    with pytest.raises(ValidationError):
        _set(database, clock, reception, visit, QueueState.IN_PROGRESS, gone_id)
    assert _queue(database, clock, reception)[0].state is QueueState.WAITING


def test_an_unknown_visit_is_not_found(database, clock, reception):
    with pytest.raises(NotFoundError):
        _set(database, clock, reception, 4242, QueueState.DONE)
    with pytest.raises(NotFoundError), database.write() as session:
        cancel_check_in(session, reception, clock, 4242)


def test_a_check_in_by_mistake_can_be_cancelled_while_waiting(database, clock, reception, person):
    visit = _check_in(database, clock, reception, person).visit_id
    with database.write() as session:
        cancel_check_in(session, reception, clock, visit)
    assert _queue(database, clock, reception) == []
    assert _visits(database) == 0
    # And the person can then be checked in again without confirming a repeat.
    _check_in(database, clock, reception, person)


@pytest.mark.parametrize("state", [QueueState.IN_PROGRESS, QueueState.DONE, QueueState.LEFT])
def test_a_visit_that_moved_on_cannot_be_cancelled(database, clock, reception, person, state):
    visit = _check_in(database, clock, reception, person).visit_id
    _set(database, clock, reception, visit, state)
    with pytest.raises(ConflictError) as caught, database.write() as session:
        cancel_check_in(session, reception, clock, visit)
    assert caught.value.code == "visit_not_waiting"
    assert _visits(database) == 1


def test_yesterdays_waiting_check_in_cannot_be_cancelled(database, clock, reception, person):
    yesterday = Clock(ROME, NOW - dt.timedelta(days=1))
    visit = _check_in(database, yesterday, reception, person).visit_id
    with pytest.raises(ConflictError) as caught, database.write() as session:
        cancel_check_in(session, reception, clock, visit)
    assert caught.value.code == "visit_not_waiting"
    assert _visits(database) == 1
