"""A session seen from elsewhere: each person met has a line in their file (where and what was
done for who reads sessions, kind and day for the others, the note for nobody), and the audit
trail names it by kind and day."""

from __future__ import annotations

from clinic.audit.log import AuditFilter, audit_rows
from clinic.audit.transactions import writing
from clinic.audit.words import record_text
from clinic.i18n.translator import Translator
from clinic.outreach.sessions import read_session, record_session
from clinic.outreach.vocabulary import Action
from clinic.person_file.sessions_met import OutreachLine
from clinic.person_file.timeline import EntryType, open_person_file
from clinic.staff.vocabulary import Role
from tests.unit.clinic.outreach.test_sessions import _night_out, street  # noqa: F401

NOTE = "Quiet night, police nearby."


def _recorded(database, clock, actors, street) -> int:  # noqa: F811
    with writing(database, clock) as session:
        form = _night_out(actors, street, material={})
        return record_session(session, actors[Role.OUTREACH], clock, form, "it_IT")


def _file(database, clock, actor, person_id):
    with writing(database, clock) as session:
        return open_person_file(session, actor, clock, person_id)


def test_the_outreach_worker_reads_where_and_what_in_the_file_never_the_note(
    database,
    clock,
    actors,
    street,  # noqa: F811
):
    session_id = _recorded(database, clock, actors, street)
    file = _file(database, clock, actors[Role.OUTREACH], street["persons"][0])
    [line] = [e for e in file.entries if e.type is EntryType.STREET]
    assert line.record_id == session_id
    assert isinstance(line.content, OutreachLine)
    assert line.content.place is not None
    assert line.content.place.name == "Stazione Centrale"
    assert line.content.actions == {Action.INFORMATION}
    assert NOTE not in repr(file)
    assert EntryType.STREET in file.types


def test_a_nurse_and_reception_see_that_the_person_was_met_and_when_only(
    database,
    clock,
    actors,
    street,  # noqa: F811
):
    _recorded(database, clock, actors, street)
    for role in (Role.NURSE, Role.RECEPTION):
        file = _file(database, clock, actors[role], street["persons"][1])
        [line] = [e for e in file.entries if e.type is EntryType.STREET]
        assert line.neutral
        assert line.author is None
        assert str(line.day) == "2026-03-09"
        assert "Stazione" not in repr(file)
        assert NOTE not in repr(file)


def test_the_audit_trail_names_a_session_by_its_kind_and_day(
    database,
    clock,
    actors,
    street,  # noqa: F811
):
    session_id = _recorded(database, clock, actors, street)
    with writing(database, clock) as session:
        read_session(session, actors[Role.SOCIAL], clock, session_id)
    with database.read() as session:
        page = audit_rows(session, actors[Role.ADMIN], clock, AuditFilter())
    about = [r for r in page.rows if r.record_type == "outreach_session"]
    assert [r.action for r in about] == ["outreach_session.view", "outreach_session.create"]
    assert {record_text(Translator("en"), r) for r in about} == {"Street session of 09/03/2026"}
