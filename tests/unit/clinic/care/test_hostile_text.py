"""Issue 12: hostile text in every new field saves and reads back unchanged: markup, spreadsheet
formulas, right-to-left and CJK scripts, emoji sequences, and as long as each field allows
(20,000 characters for a note). One line of it where the field is one line."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from clinic.audit.transactions import writing
from clinic.care import consultations, directory, lists, rapid_tests, referrals
from clinic.care.consultation_form import ConsultationForm
from clinic.care.directory import ServiceForm
from clinic.care.form_fields import ERROR_REASON_MAX
from clinic.care.rapid_tests import RapidTestForm
from clinic.care.referrals import ReferralForm
from clinic.care.vocabulary import CareList, PathwayKind, PathwayStage
from clinic.i18n.translator import Translator
from clinic.protection import interviews, pathways
from clinic.protection.interviews import InterviewForm
from clinic.staff.vocabulary import Role
from db.models.care import NOTE_LIMIT, Consultation
from tests.unit.clinic.care.conftest import kind_id

PIECES = (
    '<b>bold</b><script>alert("x")</script> ',
    "=cmd|' /C calc'!A0 +1-1 @SUM(A1) ",
    "مرحبا بالعالم ",
    "你好世界 ",
    "Привет ",
    "👩🏽‍⚕️ 🏳️‍🌈 ",
    "&amp; %s {0} \\n ",
)
LINE = "".join(PIECES)


def hostile(limit: int, *, lines: bool, start: int = 0) -> str:
    """As much hostile text as `limit` characters hold; several lines where the field keeps
    them. Cut at a piece's end, so that no emoji sequence is cut in two."""
    pieces = [
        p + ("\n" if lines and n % 3 == 2 else "")
        for n, p in enumerate((PIECES[start:] + PIECES[:start]) * 2000)
    ]
    text = ""
    for piece in pieces:
        if len(text) + len(piece) > limit:
            break
        text += piece
    if lines:  # as a note keeps it: its lines, without the blanks that end them
        return "\n".join(line.rstrip() for line in text.strip().split("\n"))
    return " ".join(text.split())


Read = Callable[[Session], str]
Check = Callable[..., tuple[str, Read]]


def _consultation_note(session, actors, clock, world) -> tuple[str, Read]:
    text = hostile(NOTE_LIMIT, lines=True)
    made = consultations.write_consultation(
        session, actors[Role.NURSE], clock, world.person_id, ConsultationForm("medical", note=text)
    )
    return (
        text,
        lambda session: (
            consultations.read_consultation(session, actors[Role.NURSE], clock, made).note
        ),
    )


def _addendum(session, actors, clock, world) -> tuple[str, Read]:
    text = hostile(NOTE_LIMIT, lines=True)
    social = world.consultations["social"]
    consultations.add_addendum(session, actors[Role.SOCIAL], clock, social, text)
    return (
        text,
        lambda session: (
            consultations.read_consultation(session, actors[Role.SOCIAL], clock, social)
            .addenda[0]
            .note
        ),
    )


def _error_reason(session, actors, clock, world) -> tuple[str, Read]:
    text = hostile(ERROR_REASON_MAX, lines=False)
    medical = world.consultations["medical"]
    consultations.mark_consultation_in_error(session, actors[Role.NURSE], clock, medical, text)
    return text, lambda session: str(session.get(Consultation, medical).error_reason)


def _interview_note(session, actors, clock, world) -> tuple[str, Read]:
    text = hostile(NOTE_LIMIT, lines=True)
    form = InterviewForm(ConsultationForm("identification", note=text), referred_by="self")
    made = interviews.record_interview(session, actors[Role.SOCIAL], clock, world.person_id, form)
    return (
        text,
        lambda session: (
            interviews.read_interview(
                session, actors[Role.SOCIAL], clock, made.consultation_id
            ).consultation.note
        ),
    )


def _test_kit_and_lot(session, actors, clock, world) -> tuple[str, Read]:
    kit, lot = (
        hostile(rapid_tests.KIT_MAX, lines=False),
        hostile(rapid_tests.LOT_MAX, lines=False, start=2),
    )
    form = RapidTestForm(kind_id(session, "hcv"), kit=kit, lot=lot, result="non_reactive")
    rapid_tests.record_rapid_test(session, actors[Role.NURSE], clock, world.person_id, form, "it")

    def read(session: Session) -> str:
        tests = rapid_tests.person_tests(session, actors[Role.NURSE], world.person_id)
        [row] = [r for r in tests if r.kind.code == "hcv"]
        return f"{row.kit}|{row.lot}"

    return f"{kit}|{lot}", read


def _referral_reason(session, actors, clock, world) -> tuple[str, Read]:
    text = hostile(referrals.REASON_MAX, lines=True)
    form = ReferralForm(world.service_id, text)
    made = referrals.make_referral(session, actors[Role.NURSE], clock, world.person_id, form, "it")
    return text, lambda session: next(
        r.reason
        for r in referrals.person_referrals(session, actors[Role.NURSE], world.person_id)
        if r.id == made
    )


def _service(session, actors, clock, world) -> tuple[str, Read]:
    name = hostile(directory.NAME_MAX, lines=False)
    contact = hostile(directory.CONTACT_MAX, lines=True)
    made = directory.add_service(
        session, actors[Role.ADMIN], clock, ServiceForm(name, "legal_aid", contact)
    )

    def read(session: Session) -> str:
        [found] = [s for s in directory.services(session) if s.id == made]
        return f"{found.name}|{found.contact}"

    return f"{name}|{contact}", read


def _list_entry(session, actors, clock, world) -> tuple[str, Read]:
    name = hostile(lists.NAME_MAX, lines=False)
    made = lists.add_entry(
        session, actors[Role.ADMIN], clock, CareList.SOCIAL_ACTION, name, Translator("it")
    )
    return name, lambda session: lists.entries_by_id(session, [made])[made].text(Translator("fr"))


def _pathway_note(session, actors, clock, world) -> tuple[str, Read]:
    text = hostile(pathways.STEP_NOTE_MAX, lines=True)
    social = actors[Role.SOCIAL]
    made = pathways.open_pathway(
        session,
        social,
        clock,
        world.person_id,
        PathwayKind.EXIT,
        PathwayStage.IDENTIFICATION,
        "",
        "it",
    )
    pathways.add_stage(session, social, clock, made, "emergency_shelter", "", text, "it")

    def read(session: Session) -> str:
        [found] = [p for p in pathways.pathways_of(session, world.person_id) if p.id == made]
        return found.steps[-1].note

    return text, read


FIELDS: dict[str, Check] = {
    "consultation note": _consultation_note,
    "addendum": _addendum,
    "entered-in-error reason": _error_reason,
    "interview note": _interview_note,
    "test kit and lot": _test_kit_and_lot,
    "referral reason": _referral_reason,
    "service name and contact": _service,
    "list entry": _list_entry,
    "pathway stage note": _pathway_note,
}


@pytest.mark.parametrize("field", list(FIELDS))
def test_hostile_text_saves_and_reads_back_unchanged(database, clock, actors, world, field):
    with writing(database, clock) as session:
        typed, read = FIELDS[field](session, actors, clock, world)
    with writing(database, clock) as session:  # read again, in a transaction of its own
        assert read(session) == typed
    assert any(sign in typed for sign in "<=مПр你👩")  # something hostile got in
