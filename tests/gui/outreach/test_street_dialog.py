"""The street session form (issue 14), by keyboard on real widgets: an outreach educator enters
a night outing from the paper sheet (three codes, twelve anonymous contacts, forty condoms from
the bag); bad input is shown next to its field and kept; an amendment opens with what was saved."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from clinic.audit.transactions import writing
from clinic.care.vocabulary import CareList
from clinic.materials.stock import balances
from clinic.outreach.sessions import read_session
from clinic.outreach.vocabulary import Action
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.staff.vocabulary import Role
from db.models.care import CareListItem
from db.models.outreach import OutreachContact
from tests.conftest import NOW
from tests.gui.conftest import activate, press_save
from tests.unit.clinic.materials.conftest import item_id, place_id, receive
from ui.outreach.street_dialog import StreetDialog


@pytest.fixture
def street(database, clock, actors):
    """A zone, three registered persons and 100 condoms in the outreach bag."""
    receive(database, clock, actors, "male_condom", 100, place="outreach_bag")
    with writing(database, clock) as session:
        session.add(CareListItem(list=CareList.OUTREACH_ZONE.value, name="Porta Nuova"))
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


def _bag_holds(database, actors, street) -> int:
    """The bag's condoms, as the stock screens read them."""
    with database.read() as session:
        return sum(
            b.quantity
            for b in balances(session, actors[Role.ADMIN], street["bag"])
            if b.item_id == street["condom"]
        )


def _type(text: str) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    QTest.keyClicks(focused, text)


def _key(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    QTest.keyClick(focused, key, modifier)


def _tab(times: int = 1) -> None:
    for _n in range(times):
        _key(Qt.Key.Key_Tab)


def _open(qtbot, make_window, language: str = "en", editing=None) -> StreetDialog:
    window = make_window(Role.OUTREACH, language)
    dialog = StreetDialog(window.ctx, window, editing=editing)
    dialog.show()
    qtbot.waitExposed(dialog)
    activate(dialog)
    return dialog


def _fill_the_night_sheet(dialog: StreetDialog) -> None:
    """Last night's sheet, top to bottom, by keyboard the next morning: the date first (the
    form offers today's), then the night's 22:00 to 02:30."""
    assert QApplication.focusWidget() is dialog.day
    ctx = dialog.parentWidget().ctx
    assert dialog.day.text() == ctx.t.short_date(ctx.clock.today())
    _key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    _type(ctx.t.short_date(ctx.clock.today() - dt.timedelta(days=1)))
    _tab()
    _type("22:00")
    _tab()
    _type("02:30")
    _tab()
    _key(Qt.Key.Key_Backspace)
    _type("2")  # volunteers
    _tab(2)  # the team: the educator is ticked already
    _type("Staz")  # the zone, chosen by typing its start
    _tab(2)  # places visited: none ticked
    for code in ("CODE1", "CODE2", "CODE3"):
        _type(code)
        _key(Qt.Key.Key_Return)
    # Each code's line: Information ticked (Space), then past the other actions and Remove.
    assert QApplication.focusWidget() is dialog.finder.field
    _tab()  # past "New person"
    for _code in range(3):
        _tab()
        _key(Qt.Key.Key_Space)
        _tab(5)
    # The contact lines: gender, age band, region, met before, how many.
    _tab()
    for gender, age, region, met, count in (
        ("W", "25", "Sub", "Y", "7"),  # women, 25-34, sub-Saharan Africa, met before
        ("Tr", "18", "Lat", "N", "3"),
        ("M", "N", "Nor", "N", "1"),  # Northern Africa
    ):
        for text in (gender, age, region, met, count):
            _type(text)
            _tab()
    _key(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    _tab(4)
    _type("1")  # a fourth line, added as the sheet had three
    _tab(2)  # past "Add a contact line"
    _type("10")  # information given to ten of the twelve
    _tab(5)  # past the other actions to the place: the outreach bag already


def test_an_educator_enters_a_night_outing_from_the_sheet(
    qtbot, make_window, database, clock, actors, street
):
    dialog = _open(qtbot, make_window)
    _fill_the_night_sheet(dialog)
    _tab()
    assert QApplication.focusWidget() is dialog.material.quantities[street["condom"]]
    _type("40")
    assert "Night" in dialog.shift.text()  # 22:00 starts in the night hours
    assert "next day" in dialog.shift.text()
    _key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.saved_id is not None)
    assert dialog.saved_id is not None
    assert _bag_holds(database, actors, street) == 60  # 100 - 40
    with database.read() as session:
        met = session.scalars(
            select(OutreachContact.person_id).where(OutreachContact.session_id == dialog.saved_id)
        ).all()
        seen = read_session(session, actors[Role.OUTREACH], clock, dialog.saved_id)
    assert sorted(met) == sorted(street["persons"])
    assert all(m.actions == {Action.INFORMATION} for m in seen.contacts)
    assert [(t.count, t.gender.value, t.region.value) for t in seen.tallies] == [
        (7, "woman", "202"),
        (3, "trans_woman", "419"),
        (1, "man", "015"),
        (1, "not_stated", "unknown"),
    ]
    assert seen.anonymous == 12
    assert {a.value: n for a, n in seen.actions.items()} == {"information": 10}
    assert seen.volunteers == 2
    assert seen.place is not None
    assert seen.place.name == "Stazione Centrale"
    assert seen.ends_at - seen.starts_at == dt.timedelta(hours=4, minutes=30)


def _error(dialog: StreetDialog, name: str) -> str:
    row = dialog.rows[name]
    return row.error.text() if row.error.isVisible() else ""


def test_bad_input_is_shown_next_to_its_field_and_kept(
    qtbot, make_window, database, actors, street
):
    dialog = _open(qtbot, make_window)
    dialog.start.setFocus()
    _type("22:00")  # tonight's: not started yet at 10:30
    _tab()
    _type("25:00")
    dialog.zone_box.setFocus()
    _type("Staz")
    first = dialog.tally.lines[0]["count"]
    first.setFocus()
    _type("abc")
    dialog.material.quantities[street["condom"]].setFocus()
    _type("200")  # the bag holds 100
    press_save(qtbot, dialog)
    assert dialog.saved_id is None
    assert _error(dialog, "end")  # 25:00 is no time of day
    assert _error(dialog, "tally_0_count")
    assert not _error(dialog, "start")
    assert (dialog.end.text(), first.text()) == ("25:00", "abc")  # kept as typed
    dialog.end.setText("02:30")
    first.setText("12")
    press_save(qtbot, dialog)
    assert dialog.saved_id is None
    assert "not started yet" in _error(dialog, "day")  # today's date on last night's sheet
    assert (dialog.start.text(), dialog.end.text()) == ("22:00", "02:30")
    dialog.day.setText(dialog.parentWidget().ctx.t.short_date(dt.date(2026, 3, 9)))
    press_save(qtbot, dialog)
    assert dialog.saved_id is None
    assert "100" in _error(dialog, f"item_{street['condom']}")  # what the bag holds
    assert not _error(dialog, "end")
    assert dialog.material.quantities[street["condom"]].text() == "200"
    assert _bag_holds(database, actors, street) == 100


def test_an_amendment_opens_with_what_was_saved(
    qtbot, make_window, database, clock, actors, street
):
    dialog = _open(qtbot, make_window)
    _fill_the_night_sheet(dialog)
    _tab()
    _type("40")
    _key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.saved_id is not None)
    with database.read() as session:
        seen = read_session(session, actors[Role.OUTREACH], clock, dialog.saved_id)
    window = dialog.parentWidget()
    again = StreetDialog(window.ctx, window, editing=seen)
    assert (again.start.text(), again.end.text(), again.volunteers.text()) == (
        "22:00",
        "02:30",
        "2",
    )
    assert again.zone_box.currentText() == "Stazione Centrale"
    assert sorted(again.met.codes()) == ["CODE1", "CODE2", "CODE3"]
    assert [t.count for t in again.tally.tallies()] == ["7", "3", "1", "1"]
    assert again.counted["information"].text() == "10"
    assert again.material.quantities[street["condom"]].text() == "40"
    again.volunteers.setText("3")
    press_save(qtbot, again)
    assert again.saved_id == seen.id
    with database.read() as session:
        amended = read_session(session, actors[Role.OUTREACH], clock, seen.id)
    assert amended.volunteers == 3
    assert amended.revision == seen.revision + 1
    assert _bag_holds(database, actors, street) == 60  # the same 40, not taken twice


def test_a_region_is_chosen_by_typing_its_name_spaces_and_all(qtbot, make_window, street):
    """Qt's own search stops at a space and opens the list; the tally's combos go on:
    "Eastern E" is Eastern Europe, "Eastern A" Eastern Asia."""
    dialog = _open(qtbot, make_window)
    chosen = []
    for line, typed in zip(dialog.tally.lines, ("Eastern E", "Eastern A"), strict=False):
        region = line["region"]
        region.setFocus()
        QTest.keyClicks(region, typed)
        chosen.append(region.currentText())
    assert chosen == ["Eastern Europe", "Eastern Asia"]
    assert QApplication.activePopupWidget() is None  # the space did not open the list
    dialog.done(0)
