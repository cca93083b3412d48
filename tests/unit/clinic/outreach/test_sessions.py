"""Street and group sessions (issue 14): an educator enters a night outing from the paper sheet
(three codes, twelve anonymous contacts, forty condoms from the bag); the bag's stock drops and
stays the sum of its movements through an amendment; each field's refusal lands on its field;
after the day only an addendum; reception opens nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from clinic.audit.transactions import writing
from clinic.care.vocabulary import CareList
from clinic.common.clock import Clock
from clinic.common.errors import ConflictError, ErrorCode, PermissionDeniedError, ValidationError
from clinic.outreach.forms import GroupForm, SessionForm, TallyRow
from clinic.outreach.listing import SessionFilter, list_sessions
from clinic.outreach.sessions import (
    add_session_addendum,
    amend_session,
    read_session,
    record_session,
)
from clinic.outreach.vocabulary import Action, SessionKind, Shift
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.staff.vocabulary import Role
from db.models.audit import AuditEvent
from db.models.care import CareListItem
from db.models.materials import StockBalance, StockMovement
from db.models.outreach import OutreachSession
from tests.conftest import NOW, ROME
from tests.unit.clinic.materials.conftest import item_id, on_hand, place_id, receive

NEXT_DAY = Clock(ROME, NOW + dt.timedelta(days=1))


@pytest.fixture
def street(database, clock, actors):
    """A zone, three registered persons and 100 condoms in the outreach bag."""
    receive(database, clock, actors, "male_condom", 100, place="outreach_bag")
    with writing(database, clock) as session:
        zone = CareListItem(list=CareList.OUTREACH_ZONE.value, name="Stazione Centrale")
        session.add(zone)
        session.flush()
        persons = [
            register_person(
                session,
                actors[Role.OUTREACH],
                clock,
                validate_person(
                    PersonForm(alias=f"P{n}", birth=f"0{n}/01/1990"), "it_IT", NOW.date()
                ),
                f"CODE{n}",
            ).id
            for n in range(1, 4)
        ]
        return {
            "zone": zone.id,
            "persons": persons,
            "condom": item_id(session, "male_condom"),
            "bag": place_id(session, "outreach_bag"),
        }


def _night_out(actors, street, **changes) -> SessionForm:
    """The sheet of a night outing: 22:00 to 02:30, three codes, 12 anonymous contacts in two
    rows, information to 10 of them, 40 condoms from the bag."""
    form = SessionForm(
        day="09/03/2026",
        start="22:00",
        end="02:30",
        team=frozenset({actors[Role.OUTREACH].staff_id}),
        volunteers="2",
        zone_id=street["zone"],
        settings=frozenset({"street", "bar_club"}),
        contacts={p: frozenset({"information"}) for p in street["persons"]},
        tallies=(
            TallyRow("7", "woman", "25_34", "202", "yes"),
            TallyRow("5", "trans_woman", "unknown", "419", "no"),
            TallyRow(""),  # an unused line of the sheet
        ),
        actions={"information": "10", "referral": "1"},
        material={street["condom"]: "40"},
        place_id=street["bag"],
        note="Quiet night, police nearby.",
    )
    return dataclasses.replace(form, **changes)


def _ledger_holds(session) -> None:
    """Every balance is the sum of its movements."""
    sums = dict(
        session.execute(
            select(
                func.concat(StockMovement.place_id, "/", StockMovement.item_id),
                func.sum(StockMovement.quantity),
            ).group_by(StockMovement.place_id, StockMovement.item_id)
        ).all()
    )
    balances = {
        f"{b.place_id}/{b.item_id}": b.quantity for b in session.scalars(select(StockBalance))
    }
    assert {k: v for k, v in balances.items() if v or k in sums} == sums


def test_an_educator_records_a_night_outing_and_the_bags_stock_drops(
    database, clock, actors, street
):
    educator = actors[Role.OUTREACH]
    with writing(database, clock) as session:
        session_id = record_session(session, educator, clock, _night_out(actors, street), "it_IT")
    with database.read() as session:
        seen = read_session(session, educator, clock, session_id)
        assert on_hand(session, "male_condom", "outreach_bag") == 60  # 100 - 40
        _ledger_holds(session)
    assert (seen.kind, seen.shift) == (SessionKind.STREET, Shift.NIGHT)  # started at 22:00
    assert seen.ends_at - seen.starts_at == dt.timedelta(hours=4, minutes=30)  # past midnight
    assert seen.day == dt.date(2026, 3, 9)
    assert [m.code for m in seen.contacts] == ["CODE1", "CODE2", "CODE3"]
    assert seen.anonymous == 12
    assert seen.actions == {Action.INFORMATION: 10, Action.REFERRAL: 1}
    assert seen.material == {street["condom"]: 40}
    assert seen.place is not None
    assert seen.place.name == "Stazione Centrale"
    assert seen.volunteers == 2
    assert seen.amendable


def test_a_day_outing_is_a_day_shift(database, clock, actors, street):
    form = _night_out(actors, street, start="14:00", end="17:30", material={})
    with writing(database, clock) as session:
        session_id = record_session(session, actors[Role.OUTREACH], clock, form, "it_IT")
        assert read_session(session, actors[Role.OUTREACH], clock, session_id).shift is Shift.DAY


def test_amending_on_the_day_replaces_contacts_and_material_through_the_ledger(
    database, clock, actors, street
):
    educator = actors[Role.OUTREACH]
    with writing(database, clock) as session:
        session_id = record_session(session, educator, clock, _night_out(actors, street), "it_IT")
    fewer = _night_out(
        actors,
        street,
        contacts={street["persons"][0]: frozenset({"referral"})},
        material={street["condom"]: "25"},
    )
    with writing(database, clock) as session:
        amend_session(session, educator, clock, session_id, 1, fewer, "it_IT")
    with database.read() as session:
        seen = read_session(session, educator, clock, session_id)
        assert on_hand(session, "male_condom", "outreach_bag") == 75  # 100 - 25, not 100 - 65
        _ledger_holds(session)
        put_back = session.scalar(
            select(func.count()).where(StockMovement.quantity == 40)
        )  # the first 40 came back in by one movement
    assert [(m.code, m.actions) for m in seen.contacts] == [("CODE1", {Action.REFERRAL})]
    assert seen.material == {street["condom"]: 25}
    assert seen.revision == 2
    assert put_back == 1


def test_an_amendment_to_fewer_people_is_held_to_the_limit_per_contact(
    database, clock, actors, street
):
    """100 condoms for 15 people is within the catalogue's 50 a contact; the same 100 for the
    one person left after an amendment is not, and nothing changes."""
    educator = actors[Role.OUTREACH]
    every = _night_out(actors, street, material={street["condom"]: "100"})
    with writing(database, clock) as session:
        session_id = record_session(session, educator, clock, every, "it_IT")
    one = dataclasses.replace(
        every, contacts={street["persons"][0]: frozenset({"material"})}, tallies=(), actions={}
    )
    with pytest.raises(ValidationError) as caught, writing(database, clock) as session:
        amend_session(session, educator, clock, session_id, 1, one, "it_IT")
    assert f"item_{street['condom']}" in _fields(caught)
    with database.read() as session:
        assert on_hand(session, "male_condom", "outreach_bag") == 0
        assert read_session(session, educator, clock, session_id).revision == 1


def test_after_its_day_a_session_takes_only_an_addendum(database, clock, actors, street):
    educator = actors[Role.OUTREACH]
    with writing(database, clock) as session:
        session_id = record_session(session, educator, clock, _night_out(actors, street), "it_IT")
    with writing(database, NEXT_DAY) as session, pytest.raises(ConflictError) as caught:
        amend_session(
            session, educator, NEXT_DAY, session_id, 1, _night_out(actors, street), "it_IT"
        )
    assert caught.value.code is ErrorCode.SESSION_DAY_OVER
    with writing(database, NEXT_DAY) as session:
        add_session_addendum(session, actors[Role.SOCIAL], NEXT_DAY, session_id, "Called back.")
    with database.read() as session:
        seen = read_session(session, educator, NEXT_DAY, session_id)
        assert on_hand(session, "male_condom", "outreach_bag") == 60
    assert [a.note for a in seen.addenda] == ["Called back."]
    assert not seen.amendable


def test_only_its_team_or_its_recorder_amends_a_session(database, clock, actors, street):
    with writing(database, clock) as session:
        session_id = record_session(
            session, actors[Role.OUTREACH], clock, _night_out(actors, street), "it_IT"
        )
    with writing(database, clock) as session, pytest.raises(ConflictError) as caught:
        amend_session(
            session, actors[Role.SOCIAL], clock, session_id, 1, _night_out(actors, street), "it_IT"
        )
    assert caught.value.code is ErrorCode.NOT_IN_TEAM


def test_reception_cannot_open_a_session(database, clock, actors, street):
    with writing(database, clock) as session:
        session_id = record_session(
            session, actors[Role.OUTREACH], clock, _night_out(actors, street), "it_IT"
        )
    with database.read() as session, pytest.raises(PermissionDeniedError):
        read_session(session, actors[Role.RECEPTION], clock, session_id)


def _fields(caught: pytest.ExceptionInfo[ValidationError]) -> dict[str | None, str]:
    return {error.field: error.code.value for error in caught.value.errors}


def test_each_refusal_is_on_its_field(database, clock, actors, street):
    form = _night_out(
        actors,
        street,
        start="25:00",
        volunteers="-1",
        settings=frozenset({"street", "rooftop"}),
        tallies=(
            TallyRow("7", "woman", "25_34", "202", "yes"),
            TallyRow("two", "man"),
            TallyRow("1", "other"),  # a gender of the registry, not a line of the sheet
            TallyRow("1", "woman", "99_plus"),
        ),
        actions={"information": "8"},  # more than the 7 counted
        material={street["condom"]: "40"},
        place_id=None,
        day="31/02/2026",
    )
    with writing(database, clock) as session, pytest.raises(ValidationError) as caught:
        record_session(session, actors[Role.OUTREACH], clock, form, "it_IT")
    assert _fields(caught) == {
        "day": "date_impossible",
        "start": "session_time",
        "volunteers": "count_range",
        "settings": "unknown_choice",
        "tally_1_count": "count_range",
        "tally_2_gender": "unknown_choice",
        "tally_3_age_band": "unknown_choice",
        "action_information": "count_range",
        "place": "required",
    }


def test_what_the_database_refuses_is_on_its_field_too(database, clock, actors, street):
    with writing(database, clock) as session:
        topic = session.scalar(
            select(CareListItem.id).where(CareListItem.code == "rights")
        )  # a group topic, not a zone
    form = _night_out(
        actors,
        street,
        zone_id=topic,
        contacts={999_999: frozenset()},
        material={street["condom"]: "400"},  # the bag holds 100
        end="22:00",
    )
    with writing(database, clock) as session, pytest.raises(ValidationError) as caught:
        record_session(session, actors[Role.OUTREACH], clock, form, "it_IT")
    assert _fields(caught) == {"end": "session_no_length"}
    with writing(database, clock) as session, pytest.raises(ValidationError) as caught:
        record_session(
            session, actors[Role.OUTREACH], clock, dataclasses.replace(form, end="23:00"), "it_IT"
        )
    assert _fields(caught) == {"zone": "item_not_offered", "contact_999999": "person_not_found"}
    form = dataclasses.replace(form, end="23:00", zone_id=street["zone"], contacts={})
    with writing(database, clock) as session, pytest.raises(ValidationError) as caught:
        record_session(session, actors[Role.OUTREACH], clock, form, "it_IT")
    assert _fields(caught) == {f"item_{street['condom']}": "stock_short"}
    with database.read() as session:
        assert on_hand(session, "male_condom", "outreach_bag") == 100


def test_a_night_typed_the_next_morning_with_that_days_date_is_refused(
    database, clock, actors, street
):
    # The clock says 10:30 on 10 March: a night out from 22:00 "today" has not happened yet.
    # The educator typed the morning's date on last night's sheet; nothing is written.
    form = _night_out(actors, street, day="10/03/2026")
    with writing(database, clock) as session, pytest.raises(ValidationError) as caught:
        record_session(session, actors[Role.OUTREACH], clock, form, "it_IT")
    assert _fields(caught) == {"day": "session_not_started"}
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(OutreachSession)) == 0
        assert on_hand(session, "male_condom", "outreach_bag") == 100
    # With the night's own date it is saved; one that started a minute ago is too.
    with writing(database, clock) as session:
        record_session(session, actors[Role.OUTREACH], clock, _night_out(actors, street), "it_IT")
        record_session(
            session,
            actors[Role.OUTREACH],
            clock,
            _night_out(actors, street, day="10/03/2026", start="10:29", end="11:30"),
            "it_IT",
        )


def test_a_group_session_with_a_total_and_interview_requests(database, clock, actors, street):
    with database.read() as session:
        venue, topic = (
            session.scalar(select(CareListItem.id).where(CareListItem.code == code))
            for code in ("reception_centre", "rights")
        )
    form = GroupForm(
        day="10/03/2026",
        start="10:00",
        end="12:00",
        venue_id=venue,
        languages=frozenset({"en", "fr"}),
        facilitators=frozenset({actors[Role.SOCIAL].staff_id}),
        mediators=frozenset({actors[Role.OUTREACH].staff_id}),
        topics=frozenset({topic}),
        tallies=(TallyRow("23"),),
        linked={street["persons"][0]: True},
        interview_requests="0",  # fewer than the one linked person who asked
    )
    with writing(database, clock) as session, pytest.raises(ValidationError) as caught:
        record_session(session, actors[Role.SOCIAL], clock, form, "it_IT")
    assert _fields(caught) == {"interview_requests": "count_range"}
    with writing(database, clock) as session:
        session_id = record_session(
            session,
            actors[Role.SOCIAL],
            clock,
            dataclasses.replace(form, interview_requests="3"),
            "it_IT",
        )
        seen = read_session(session, actors[Role.ADMIN], clock, session_id)
    assert (seen.kind, seen.anonymous, seen.interview_requests) == (SessionKind.GROUP, 23, 3)
    assert [(m.code, m.asked_interview) for m in seen.contacts] == [("CODE1", True)]
    assert [t.code for t in seen.topics] == ["rights"]
    assert seen.languages == {"en", "fr"}


def test_sessions_are_listed_newest_first_with_their_counts(database, clock, actors, street):
    educator = actors[Role.OUTREACH]
    with writing(database, clock) as session:
        night = record_session(session, educator, clock, _night_out(actors, street), "it_IT")
        day = record_session(
            session,
            educator,
            clock,
            _night_out(actors, street, day="10/03/2026", start="08:00", end="09:00", material={}),
            "it_IT",
        )
    with database.read() as session:
        rows = list_sessions(session, educator, SessionFilter())
        nights = list_sessions(session, educator, SessionFilter(shift=Shift.NIGHT))
        second = list_sessions(session, educator, SessionFilter(), start=1, count=1)
        with pytest.raises(PermissionDeniedError):
            list_sessions(session, actors[Role.RECEPTION], SessionFilter())
    assert [(r.id, r.known, r.anonymous) for r in rows] == [(day, 3, 12), (night, 3, 12)]
    assert [r.id for r in nights] == [night]
    assert [r.id for r in second] == [night]


def test_saving_and_opening_are_audited(database, clock, actors, street):
    with writing(database, clock) as session:
        session_id = record_session(
            session, actors[Role.OUTREACH], clock, _night_out(actors, street), "it_IT"
        )
        read_session(session, actors[Role.SOCIAL], clock, session_id)
    with database.read() as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.record_type == "outreach_session")
        ).all()
    assert actions == ["outreach_session.create", "outreach_session.view"]
