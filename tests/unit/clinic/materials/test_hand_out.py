"""Handing out at the desk (issue 13): the balance drops, the hand-out belongs to the day's
visit, limits are refused with the item and the limit named, and a nurse goes past one only
with a reason that the audit trail keeps."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from clinic.audit.trail import Action
from clinic.audit.transactions import writing
from clinic.common.errors import ErrorCode, PermissionDeniedError, ValidationError
from clinic.desk.checkin import check_in
from clinic.materials.hand_out import HandOutForm, hand_out, last_basket
from clinic.staff.vocabulary import Role
from db.models.audit import AuditEvent
from db.models.materials import Distribution, StockMovement
from tests.unit.clinic.materials.conftest import on_hand, receive


def _refusals(caught: pytest.ExceptionInfo[ValidationError]) -> set[tuple[str, str | None, str]]:
    return {(e.code, e.field, repr(sorted(e.params.items()))) for e in caught.value.errors}


def test_reception_hands_out_and_the_stock_drops_on_the_days_visit(
    database, clock, actors, world, items
):
    receive(database, clock, actors, "lubricant", 40)
    with writing(database, clock) as session:
        before = on_hand(session, "male_condom")  # the world received 1,000
        done = hand_out(
            session,
            actors[Role.RECEPTION],
            clock,
            HandOutForm(
                {items["male_condom"]: "10", items["lubricant"]: "2", items["syringe"]: ""},
                person_id=world.person_id,
            ),
        )
    with database.read() as session:
        row = session.get(Distribution, done.distribution_id)
        assert (on_hand(session, "male_condom"), on_hand(session, "lubricant")) == (
            before - 10,
            38,
        )
        assert row is not None
        assert (row.person_id, row.visit_id, row.by_id) == (
            world.person_id,
            world.visit_id,  # checked in today: the hand-out is part of that visit
            actors[Role.RECEPTION].staff_id,
        )
        assert set(done.items) == {(items["male_condom"], 10), (items["lubricant"], 2)}
        assert last_basket(session, actors[Role.RECEPTION], world.person_id) == {
            items["male_condom"]: 10,
            items["lubricant"]: 2,
        }


def test_a_weekly_limit_refuses_the_next_basket_and_names_the_limit(
    database, clock, actors, world, items
):
    receive(database, clock, actors, "wet_wipes", 10)  # one pack a week per person
    wipes = HandOutForm({items["wet_wipes"]: "1"}, person_id=world.person_id)
    with writing(database, clock) as session:
        hand_out(session, actors[Role.RECEPTION], clock, wipes)
    three_days_on = dataclasses.replace(clock, fixed=clock.now() + dt.timedelta(days=3))
    with pytest.raises(ValidationError) as caught, writing(database, three_days_on) as session:
        hand_out(session, actors[Role.RECEPTION], three_days_on, wipes)
    assert _refusals(caught) == {
        (ErrorCode.LIMIT_PER_WEEK, f"item_{items['wet_wipes']}", "[('given', 1), ('limit', 1)]")
    }
    a_week_on = dataclasses.replace(clock, fixed=clock.now() + dt.timedelta(days=7, minutes=1))
    with writing(database, a_week_on) as session:  # the week is over: handed out again
        hand_out(session, actors[Role.RECEPTION], a_week_on, wipes)
    with database.read() as session:
        assert on_hand(session, "wet_wipes") == 8


def test_a_nurse_goes_past_a_limit_only_with_a_reason_and_it_is_audited(
    database, clock, actors, world, items
):
    many = HandOutForm({items["male_condom"]: "80"}, person_id=world.person_id)  # limit 50
    with pytest.raises(ValidationError) as caught, writing(database, clock) as session:
        hand_out(session, actors[Role.RECEPTION], clock, many)  # reception cannot override
    assert _refusals(caught) == {
        (ErrorCode.LIMIT_PER_CONTACT, f"item_{items['male_condom']}", "[('limit', 50)]")
    }
    with pytest.raises(ValidationError) as caught, writing(database, clock) as session:
        hand_out(session, actors[Role.NURSE], clock, many)  # a nurse may, saying why
    assert (ErrorCode.OVERRIDE_REASON_REQUIRED, "override_reason", "[]") in _refusals(caught)
    why = dataclasses.replace(many, override_reason="Going to a festival for the weekend")
    with writing(database, clock) as session:
        done = hand_out(session, actors[Role.NURSE], clock, why)
    assert done.overridden
    with database.read() as session:
        row = session.get(Distribution, done.distribution_id)
        assert row is not None
        assert row.override_reason == "Going to a festival for the weekend"
        audited = session.scalars(
            select(AuditEvent.action).where(AuditEvent.record_type == "distribution")
        ).all()
    assert audited == [Action.HAND_OUT, Action.HAND_OUT_OVERRIDE]


def test_an_empty_stock_is_refused_and_nothing_is_taken(database, clock, actors, world, items):
    receive(database, clock, actors, "lubricant", 3)
    form = HandOutForm(
        {items["male_condom"]: "5", items["lubricant"]: "4"}, person_id=world.person_id
    )
    with pytest.raises(ValidationError) as caught, writing(database, clock) as session:
        hand_out(session, actors[Role.RECEPTION], clock, form)
    assert _refusals(caught) == {
        (ErrorCode.STOCK_SHORT, f"item_{items['lubricant']}", "[('available', 3)]")
    }
    with database.read() as session:
        assert on_hand(session, "lubricant") == 3  # all or nothing: no condom left either
        assert on_hand(session, "male_condom") == 1000
        assert session.scalars(select(Distribution)).all() == []


def test_without_a_record_only_gender_and_age_band_are_kept(database, clock, actors, items):
    receive(database, clock, actors, "male_condom", 100)
    with writing(database, clock) as session:
        done = hand_out(
            session,
            actors[Role.OUTREACH],
            clock,
            HandOutForm({items["male_condom"]: "20"}, gender="trans_woman", age_band="25_34"),
        )
    with database.read() as session:
        row = session.get(Distribution, done.distribution_id)
        assert row is not None
        assert (row.person_id, row.visit_id, row.gender, row.age_band, row.contacts) == (
            None,
            None,
            "trans_woman",
            "25_34",
            1,
        )


@pytest.mark.parametrize(
    ("typed", "refused"),
    [
        ({"male_condom": ""}, {("required", "items")}),
        ({"male_condom": "-3"}, {("count_range", "item")}),
        ({"male_condom": "ten"}, {("count_range", "item")}),
        ({"male_condom": "1e3"}, {("count_range", "item")}),
        ({"male_condom": "٣"}, {("count_range", "item")}),  # an Arabic-Indic three
        ({"male_condom": "9" * 400}, {("count_range", "item")}),
    ],
)
def test_bad_quantities_are_refused_next_to_their_item(
    database, clock, actors, world, items, typed, refused
):
    form = HandOutForm({items[c]: q for c, q in typed.items()}, person_id=world.person_id)
    with pytest.raises(ValidationError) as caught, writing(database, clock) as session:
        hand_out(session, actors[Role.RECEPTION], clock, form)
    assert {(e.code.value, (e.field or "").split("_")[0]) for e in caught.value.errors} == refused


def test_the_coordinator_does_not_hand_out(database, clock, actors, world, items):
    with pytest.raises(PermissionDeniedError), writing(database, clock) as session:
        hand_out(
            session,
            actors[Role.ADMIN],
            clock,
            HandOutForm({items["male_condom"]: "1"}, person_id=world.person_id),
        )
    with database.read() as session:
        assert (
            session.scalars(
                select(StockMovement.id).where(StockMovement.kind == "distribution")
            ).all()
            == []
        )


def test_a_walk_ins_hand_out_belongs_to_their_visit_of_today_only(
    database, clock, actors, world, items
):
    reception = actors[Role.RECEPTION]
    with writing(database, clock) as session:
        walk_in = check_in(session, reception, clock, None, ["material"]).visit_id
    condoms = {items["male_condom"]: "5"}
    with writing(database, clock) as session:
        today = hand_out(session, reception, clock, HandOutForm(condoms, walk_in_visit_id=walk_in))
        # Maria's visit is not a walk-in's: a hand-out without a record is not tied to it.
        other = hand_out(
            session, reception, clock, HandOutForm(condoms, walk_in_visit_id=world.visit_id)
        )
    tomorrow = dataclasses.replace(clock, fixed=clock.now() + dt.timedelta(days=1))
    with writing(database, tomorrow) as session:
        later = hand_out(
            session, reception, tomorrow, HandOutForm(condoms, walk_in_visit_id=walk_in)
        )
    with database.read() as session:
        tied = [
            session.get(Distribution, done.distribution_id).visit_id
            for done in (today, other, later)
        ]
    assert tied == [walk_in, None, None]
