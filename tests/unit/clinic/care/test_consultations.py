"""Consultations as the clinical record rules want them (issue 12): amended by their author on
their day with every earlier version kept, addenda afterwards, struck out but never deleted,
follow-up flags that the right kind of consultation answers."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from clinic.audit.transactions import writing
from clinic.care import consultations
from clinic.care.consultation_form import ConsultationForm
from clinic.care.lists import list_entries
from clinic.care.vocabulary import CareList, ConsultationKind, FollowUpNeed
from clinic.common.clock import Clock
from clinic.common.errors import ConflictError, ErrorCode, ValidationError
from clinic.staff.vocabulary import Role
from db.models.care import Consultation, ConsultationRevision
from tests.conftest import NOW, ROME

MEDICAL = ConsultationKind.MEDICAL.value
SOCIAL = ConsultationKind.SOCIAL.value
HOSTILE = (
    "<b>bold</b> <script>alert(\"x\")</script>\n=cmd|' /C calc'!A0\n+1-1\n@SUM(A1)\n"
    "مرحبا بالعالم 你好世界 Привет 👩🏽‍⚕️ 🏴󠁧󠁢󠁳󠁣󠁴󠁿\n\tindented line"
)


def _write(database, clock, actor, person_id, **fields) -> int:
    with writing(database, clock) as session:
        return consultations.write_consultation(
            session, actor, clock, person_id, ConsultationForm(**fields)
        )


def _read(database, clock, actor, consultation_id) -> consultations.ConsultationView:
    with writing(database, clock) as session:
        return consultations.read_consultation(session, actor, clock, consultation_id)


def _entry(database, care_list: CareList, code: str) -> int:
    with database.read() as session:
        return next(e.id for e in list_entries(session, [care_list])[care_list] if e.code == code)


def test_a_consultation_is_written_and_read_back_as_typed(database, clock, actors, world):
    nurse = actors[Role.NURSE]
    discharge = _entry(database, CareList.STI_SYMPTOM, "discharge")
    written = _write(
        database,
        clock,
        nurse,
        world.person_id,
        kind=MEDICAL,
        items=frozenset({discharge}),
        duration="25",
        mediator=True,
        mediator_language="ro",
        note=HOSTILE,
    )
    seen = _read(database, clock, nurse, written)
    assert seen.note == HOSTILE  # markup, formulas, every script, kept as typed
    assert [item.code for item in seen.items] == ["discharge"]
    assert (seen.duration_min, seen.mediator, seen.mediator_language) == (25, True, "ro")
    assert seen.author == "Desk (nurse)"
    assert seen.amendable


def test_a_note_of_20000_characters_is_kept_and_one_more_is_refused(database, clock, actors, world):
    nurse = actors[Role.NURSE]
    longest = ("Ω" * 9_999 + "\n") * 2
    written = _write(database, clock, nurse, world.person_id, kind=MEDICAL, note=longest)
    assert _read(database, clock, nurse, written).note == longest.strip()
    with pytest.raises(ValidationError) as refused:
        _write(database, clock, nurse, world.person_id, kind=MEDICAL, note="x" * 20_001)
    assert [(e.code, e.field) for e in refused.value.errors] == [(ErrorCode.TOO_LONG, "note")]


def test_every_bad_field_is_reported_at_once(database, clock, actors, world):
    with pytest.raises(ValidationError) as refused:
        _write(
            database,
            clock,
            actors[Role.NURSE],
            world.person_id,
            kind=MEDICAL,
            duration="forty",
            mediator=True,
            mediator_language="klingon",
            note="bad \x07 bell",
        )
    assert {(e.code, e.field) for e in refused.value.errors} == {
        (ErrorCode.DURATION_RANGE, "duration"),
        (ErrorCode.UNKNOWN_LANGUAGE, "mediator_language"),
        (ErrorCode.CONTROL_CHARACTERS, "note"),
    }


def test_a_social_topic_is_not_offered_in_a_medical_consultation(database, clock, actors, world):
    housing = _entry(database, CareList.SOCIAL_TOPIC, "housing")
    with pytest.raises(ValidationError) as refused:
        _write(database, clock, actors[Role.NURSE], world.person_id, kind=MEDICAL, items={housing})
    assert refused.value.code == ErrorCode.ITEM_NOT_OFFERED


def test_the_author_amends_on_the_day_and_the_earlier_version_is_kept(
    database, clock, actors, world
):
    social = actors[Role.SOCIAL]
    written = _write(database, clock, social, world.person_id, kind=SOCIAL, note="First words.")
    evening = Clock(ROME, NOW.replace(hour=20))  # 21:00 in Rome: still the same day
    with writing(database, evening) as session:
        consultations.amend_consultation(
            session, social, evening, written, 1, ConsultationForm(kind=SOCIAL, note="Better.")
        )
    seen = _read(database, evening, social, written)
    assert (seen.note, seen.revision) == ("Better.", 2)
    assert [(r.number, r.note) for r in seen.revisions] == [(1, "First words.")]


def test_the_next_day_only_an_addendum_can_be_added(database, clock, actors, world):
    social = actors[Role.SOCIAL]
    written = _write(database, clock, social, world.person_id, kind=SOCIAL, note="Seen.")
    tomorrow = Clock(ROME, NOW + dt.timedelta(days=1))
    with pytest.raises(ConflictError) as refused, writing(database, tomorrow) as session:
        consultations.amend_consultation(
            session, social, tomorrow, written, 1, ConsultationForm(kind=SOCIAL, note="Later.")
        )
    assert refused.value.code == ErrorCode.AMEND_DAY_OVER
    assert not _read(database, tomorrow, social, written).amendable
    with writing(database, tomorrow) as session:
        consultations.add_addendum(session, social, tomorrow, written, "She called: all well.")
    seen = _read(database, tomorrow, social, written)
    assert seen.note == "Seen."
    assert [(a.note, a.written_at) for a in seen.addenda] == [
        ("She called: all well.", tomorrow.now())
    ]


def test_only_the_author_amends_and_a_stale_revision_saves_nothing(database, clock, actors, world):
    social, psychologist = actors[Role.SOCIAL], actors[Role.PSYCHOLOGIST]
    written = _write(database, clock, social, world.person_id, kind=SOCIAL, note="Seen.")
    with pytest.raises(ConflictError) as refused, writing(database, clock) as session:
        consultations.amend_consultation(
            session, psychologist, clock, written, 1, ConsultationForm(kind=SOCIAL, note="Mine.")
        )
    assert refused.value.code == ErrorCode.NOT_AUTHOR
    with writing(database, clock) as session:
        consultations.amend_consultation(
            session, social, clock, written, 1, ConsultationForm(kind=SOCIAL, note="Second.")
        )
    with pytest.raises(ConflictError) as stale, writing(database, clock) as session:
        consultations.amend_consultation(  # read at revision 1, saved after revision 2
            session, social, clock, written, 1, ConsultationForm(kind=SOCIAL, note="Third.")
        )
    assert stale.value.code == ErrorCode.CHANGED_MEANWHILE
    assert _read(database, clock, social, written).note == "Second."


def test_entered_in_error_hides_nothing_and_deletes_nothing(database, clock, actors, world):
    nurse = actors[Role.NURSE]
    written = _write(database, clock, nurse, world.person_id, kind=MEDICAL, note="Wrong person.")
    with pytest.raises(ValidationError) as no_reason, writing(database, clock) as session:
        consultations.mark_consultation_in_error(session, nurse, clock, written, "  ")
    assert (no_reason.value.code, no_reason.value.field) == (ErrorCode.REQUIRED, "reason")
    with writing(database, clock) as session:
        consultations.mark_consultation_in_error(session, nurse, clock, written, "Other file")
    seen = _read(database, clock, nurse, written)
    assert (seen.entered_in_error, seen.error_reason, seen.note) == (
        True,
        "Other file",
        "Wrong person.",
    )
    with pytest.raises(ConflictError), writing(database, clock) as session:
        consultations.add_addendum(session, nurse, clock, written, "More.")
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Consultation)) == 5  # 4 of world
        assert session.scalar(select(func.count()).select_from(ConsultationRevision)) == 0


def test_a_follow_up_flag_stays_open_until_its_kind_answers_it(database, clock, actors, world):
    nurse, social = actors[Role.NURSE], actors[Role.SOCIAL]

    def needs() -> frozenset[FollowUpNeed]:
        with writing(database, clock) as session:
            return consultations.open_follow_ups(session, nurse, world.person_id)

    _write(database, clock, nurse, world.person_id, kind=MEDICAL, follow_ups={"social"})
    assert needs() == {FollowUpNeed.SOCIAL}
    _write(database, clock, nurse, world.person_id, kind=MEDICAL)  # a medical one: not its kind
    assert needs() == {FollowUpNeed.SOCIAL}
    _write(database, clock, social, world.person_id, kind=SOCIAL, follow_ups={"medical"})
    assert needs() == {FollowUpNeed.MEDICAL}
    _write(database, clock, nurse, world.person_id, kind=MEDICAL, follow_ups={"medical"})
    assert needs() == {FollowUpNeed.MEDICAL}  # raised again by the nurse: still open


def test_a_follow_up_taken_back_in_an_amendment_closes(database, clock, actors, world):
    social = actors[Role.SOCIAL]
    written = _write(
        database, clock, social, world.person_id, kind=SOCIAL, follow_ups={"psychological"}
    )
    with writing(database, clock) as session:
        consultations.amend_consultation(
            session, social, clock, written, 1, ConsultationForm(kind=SOCIAL, note="No need.")
        )
        assert consultations.open_follow_ups(session, social, world.person_id) == frozenset()
