"""The group session form (issue 14), by keyboard: a session counted by its total alone, with
two participants linked by code, one of whom asked for an interview."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from clinic.audit.transactions import writing
from clinic.care.vocabulary import CareList
from clinic.outreach.sessions import read_session
from clinic.outreach.vocabulary import SessionKind
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.staff.vocabulary import Role
from db.models.care import CareListItem
from tests.conftest import NOW
from tests.gui.conftest import activate
from ui.outreach.group_dialog import GroupDialog


@pytest.fixture
def venue_and_two(database, clock, actors) -> int:
    with writing(database, clock) as session:
        venue = CareListItem(list=CareList.GROUP_VENUE.value, name="Casa delle donne")
        session.add(venue)
        session.flush()
        for n in (1, 2):
            record = validate_person(
                PersonForm(alias=f"G{n}", birth=f"0{n}/01/1995"), "it_IT", NOW.date()
            )
            register_person(session, actors[Role.OUTREACH], clock, record, f"GRP{n}")
        return venue.id


def _type(text: str) -> None:
    QTest.keyClicks(QApplication.focusWidget(), text)


def _key(key: Qt.Key) -> None:
    QTest.keyClick(QApplication.focusWidget(), key)


def test_a_group_session_counted_by_its_total_with_two_linked_codes(
    qtbot, make_window, database, clock, actors, venue_and_two
):
    window = make_window(Role.OUTREACH)
    dialog = GroupDialog(window.ctx, window)
    dialog.show()
    qtbot.waitExposed(dialog)
    activate(dialog)
    for text in ("", "08:00", "10:00"):  # the date stays today's: this morning's session
        _type(text)
        _key(Qt.Key.Key_Tab)
    _type("Casa")  # the venue
    dialog.tally.lines[0]["count"].setFocus()
    _type("15")  # the total alone: gender and region left "not known"
    dialog.finder.field.setFocus()
    for code in ("GRP1", "GRP2"):
        _type(code)
        _key(Qt.Key.Key_Return)
    _key(Qt.Key.Key_Tab)  # GRP1's "asked for an interview"
    _key(Qt.Key.Key_Space)
    dialog.requests.setFocus()
    dialog.requests.selectAll()
    _type("1")
    _key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.saved_id is not None)
    with database.read() as session:
        seen = read_session(session, actors[Role.OUTREACH], clock, dialog.saved_id)
    assert seen.kind is SessionKind.GROUP
    assert seen.anonymous == 15
    assert [(m.code, m.asked_interview) for m in seen.contacts] == [
        ("GRP1", True),
        ("GRP2", False),
    ]
    assert seen.interview_requests == 1
    assert seen.place is not None
    assert seen.place.name == "Casa delle donne"
