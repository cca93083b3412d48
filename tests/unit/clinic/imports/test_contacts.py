"""Visits and street contacts from a spreadsheet (issue 15): checked against the registry,
the clinic's zones and the desk's session form; one imported street session per day, zone and
shift; a dry run writes nothing; a file imported twice adds nothing the second time.

The clock reads Tuesday 10 March 2026, 10:30 in Rome; the night hours are 20:00-06:00.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from clinic.audit.trail import Action
from clinic.desk.checkin import check_in
from clinic.imports.columns import ImportKind
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.registry.vocabulary import PersonStatus
from db.models.audit import AuditEvent
from db.models.care import CareListItem
from db.models.desk import Visit
from db.models.outreach import OutreachContact, OutreachSession, OutreachSessionStaff
from db.models.registry import Person
from db.vocabulary.care import CareList
from tests.conftest import ROME
from tests.unit.clinic.imports.conftest import audit_rows, problems, run_import
from tests.unit.clinic.imports.files import FORMATS, write

HEADER = ("code", "date", "kind", "time", "zone", "shift")
GOOD = [
    ("AA-1", "02/03/2026", "visit", "14:30", "", ""),  # line 2
    ("AA-1", "2026-03-02", "outreach", "", "Stazione Centrale", "night"),  # another kind
    ("AA-2", "2026-03-02", "street", "", "stazione centrale", "Notte"),  # the same outing
    ("aa-2", "2026-03-03", "Visita", "", "", ""),  # no time: noon
    ("AA-2", "2026-03-04", "outreach", "", "Stazione Centrale", "day"),  # line 6
]
BAD = {
    7: (("ZZ-9", "2026-03-02", "visit", "", "", ""), "code", "code_unknown"),
    8: (("AA-OLD", "2026-03-02", "visit", "", "", ""), "code", "code_merged"),
    9: (("AA-1", "30/02/2026", "visit", "", "", ""), "date", "date_impossible"),
    10: (("AA-1", "2026-03-05", "phone", "", "", ""), "kind", "unknown_choice"),
    11: (("AA-1", "2026-03-05", "visit", "25:00", "", ""), "time", "time_format"),
    12: (("AA-1", "2026-03-05", "outreach", "", "Nowhere", "day"), "zone", "zone_unknown"),
    13: (("AA-1", "2026-03-05", "outreach", "", "Stazione Centrale", ""), "shift", "required"),
    # Tonight's outing has not started at 10:30: the desk's form says so, on the date.
    14: (("AA-1", "2026-03-10", "outreach", "", "Stazione Centrale", "night"), "date",
         "session_not_started"),
    15: (("AA-1", "2026-03-02", "visit", "09:00", "", ""), None, "same_in_file"),  # as line 2
    16: (("AA-1", "+2026-03-06", "visit", "", "", ""), "date", "formula"),
}  # fmt: skip
CONTACTS = ImportKind.CONTACTS


@pytest.fixture
def registry(database, clock, actors, reception) -> dict[str, int]:
    """AA-1 and AA-2 in the registry, AA-OLD merged into AA-1, and the zone Stazione
    Centrale that the coordinator added (street zones start empty)."""
    record = validate_person(
        PersonForm(birth="1990", first_contact="2020-01-01"), "en_GB", clock.today()
    )
    with database.write() as session:
        ids = {
            code: register_person(session, reception, clock, record, code).id
            for code in ("AA-1", "AA-2", "AA-OLD")
        }
        old = session.get(Person, ids["AA-OLD"])
        assert old is not None
        old.status, old.merged_into_id = PersonStatus.MERGED.value, ids["AA-1"]
        session.add(
            CareListItem(list=CareList.OUTREACH_ZONE.value, name="Stazione Centrale", position=1)
        )
    return ids


def _contacts(database) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The visits (person, arrival) and street contacts (person, day, shift, zone's name)."""
    with database.read() as session:
        visits = session.execute(
            select(Visit.person_id, Visit.arrival_at, Visit.state).order_by(Visit.id)
        ).all()
        met = session.execute(
            select(
                OutreachContact.person_id,
                OutreachSession.day,
                OutreachSession.shift,
                CareListItem.name,
            )
            .join(OutreachSession, OutreachSession.id == OutreachContact.session_id)
            .join(CareListItem, CareListItem.id == OutreachSession.zone_id)
            .order_by(OutreachContact.id)
        ).all()
    return [tuple(v) for v in visits], [tuple(m) for m in met]


@pytest.mark.parametrize("name", FORMATS)
def test_a_dry_run_lists_each_bad_row_and_writes_nothing(
    database, clock, coordinator, registry, tmp_path, name
):
    rows = [HEADER, *GOOD, *(row for row, _field, _why in BAD.values())]
    before = (_contacts(database), audit_rows(database))
    outcome = run_import(
        database, clock, coordinator, CONTACTS, write(tmp_path, name, rows), dry_run=True
    )
    assert problems(outcome) == {(line, field, why) for line, (_row, field, why) in BAD.items()}
    assert (outcome.new, outcome.existing, outcome.refused) == (5, 0, len(BAD))
    assert (_contacts(database), audit_rows(database)) == before
    merged = next(p for p in outcome.problems if p.line == 8)
    assert merged.error.params == {"survivor": "AA-1"}  # the code to give instead


@pytest.mark.parametrize("name", FORMATS)
def test_imported_twice_the_contacts_are_those_of_once(
    database, clock, coordinator, registry, tmp_path, name
):
    path = write(tmp_path, name, [HEADER, *GOOD])
    first = run_import(database, clock, coordinator, CONTACTS, path)
    once = _contacts(database)
    second = run_import(database, clock, coordinator, CONTACTS, path)
    assert (first.new, first.existing, first.refused) == (5, 0, 0)
    assert (second.new, second.existing, second.refused) == (0, 5, 0)
    assert _contacts(database) == once
    one, two = registry["AA-1"], registry["AA-2"]
    rome = dt.timezone(dt.timedelta(hours=1))  # March before the change to summer time
    assert once[0] == [
        (one, dt.datetime(2026, 3, 2, 14, 30, tzinfo=rome), "done"),
        (two, dt.datetime(2026, 3, 3, 12, 0, tzinfo=rome), "done"),
    ]
    assert once[1] == [
        (one, dt.date(2026, 3, 2), "night", "Stazione Centrale"),
        (two, dt.date(2026, 3, 2), "night", "Stazione Centrale"),
        (two, dt.date(2026, 3, 4), "day", "Stazione Centrale"),
    ]


def test_one_session_per_day_zone_and_shift_marked_as_imported_without_a_team(
    database, clock, coordinator, registry, tmp_path
):
    run_import(database, clock, coordinator, CONTACTS, write(tmp_path, "a.csv", [HEADER, *GOOD]))
    later = [HEADER, ("AA-2", "2026-03-02", "visit", "", "", "")]
    later.append(("AA-1", "2026-03-04", "outreach", "", "Stazione Centrale", "day"))  # new person
    run_import(database, clock, coordinator, CONTACTS, write(tmp_path, "b.csv", later))
    with database.read() as session:
        sessions = session.scalars(select(OutreachSession).order_by(OutreachSession.day)).all()
        team = session.scalars(select(OutreachSessionStaff)).all()
        assert [(s.day, s.shift) for s in sessions] == [
            (dt.date(2026, 3, 2), "night"),
            (dt.date(2026, 3, 4), "day"),  # the second file's contact joined it
        ]
        night = sessions[0]
        assert night.starts_at.astimezone(ROME).time() == dt.time(20, 0)
        assert night.ends_at.astimezone(ROME) == dt.datetime(2026, 3, 3, 6, 0, tzinfo=ROME)
        assert night.note.startswith("[import] Imported from a spreadsheet")
        assert night.created_by_id == coordinator.staff_id
        assert team == []
        contacts = session.scalars(select(OutreachContact.session_id)).all()
        assert sorted(contacts) == sorted([sessions[0].id] * 2 + [sessions[1].id] * 2)


def test_a_contact_recorded_at_the_desk_is_already_there(
    database, clock, coordinator, registry, reception, tmp_path
):
    with database.write() as session:
        check_in(session, reception, clock, registry["AA-1"], ["medical"])
    today = [HEADER, ("AA-1", "10/03/2026", "visit", "", "", "")]
    outcome = run_import(database, clock, coordinator, CONTACTS, write(tmp_path, "t.csv", today))
    assert (outcome.new, outcome.existing) == (0, 1)


def test_a_visit_of_today_without_a_time_is_never_after_now(
    database, clock, coordinator, registry, tmp_path
):
    """At 10:30 noon has not come yet: the visit is dated now; a time given later than now
    is refused."""
    rows = [
        HEADER,
        ("AA-2", "10/03/2026", "visit", "", "", ""),
        ("AA-1", "10/03/2026", "visit", "18:00", "", ""),
    ]
    outcome = run_import(database, clock, coordinator, CONTACTS, write(tmp_path, "t.csv", rows))
    assert problems(outcome) == {(3, "time", "date_in_future")}
    assert _contacts(database)[0] == [(registry["AA-2"], clock.now(), "done")]


def test_the_import_is_audited_once_with_its_counts(
    database, clock, coordinator, registry, tmp_path
):
    rows = [HEADER, *GOOD, BAD[7][0]]
    before = audit_rows(database)
    run_import(database, clock, coordinator, CONTACTS, write(tmp_path, "a.xlsx", rows))
    assert audit_rows(database) == before + 1
    with database.read() as session:
        row = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert row is not None
        assert (row.action, row.fields) == (
            Action.IMPORT_CONTACTS.value,
            "existing:0,new:5,refused:1",
        )
