"""The Sessions page as the street team uses it: the outings of the last 30 days, filtered by
shift and kind; Enter opens one (an audited read) and says it in words; Ctrl+P saves the paper
tally sheet. A person met has a line in their file: where and what for the outreach worker,
kind and day for the nurse and reception, who cannot open it; nobody sees the note there."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import shiboken6
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QLabel, QPushButton, QWidget
from sqlalchemy import select

from clinic.audit.transactions import writing
from clinic.outreach.sessions import record_session
from clinic.staff.vocabulary import Role
from db.models.audit import AuditEvent
from db.models.staff import Staff
from tests.gui.conftest import activate, press_save, settle
from tests.unit.clinic.outreach.test_sessions import _night_out
from ui.outreach.session_view_dialog import SessionViewDialog
from ui.registry.person_overview_dialog import PersonOverviewDialog
from ui.vaccinations import card_printing

NOTE = "Quiet night, police nearby."


def _record(database, clock, actors, form) -> int:
    with writing(database, clock) as session:
        return record_session(session, actors[Role.OUTREACH], clock, form, "it_IT")


def _outings(database, clock, actors, street) -> dict[str, int]:
    """A night out on the 9th and a day outing on the 10th, both in the Stazione zone."""
    night = _night_out(actors, street)
    day = dataclasses.replace(
        night, day="10/03/2026", start="08:00", end="09:00", material={}, note=""
    )
    return {
        "night": _record(database, clock, actors, night),
        "day": _record(database, clock, actors, day),
    }


def _page(qtbot, window):
    page = window.sessions_page
    assert page is not None
    window.show_page(page)
    settle(qtbot, window)
    return page


def _cells(page) -> list[tuple[str, ...]]:
    model = page.model
    return [
        tuple(model.text(row, column) for column in range(model.columnCount()))
        for row in range(model.rowCount())
    ]


def _team_name(database, actors) -> str:
    with database.read() as session:
        return session.get(Staff, actors[Role.OUTREACH].staff_id).display_name


def _words(dialog: QWidget) -> str:
    words = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]
    words += [w.text() for w in dialog.findChildren(QAbstractButton) if w.isVisible()]
    return "\n".join(words)


def test_the_page_lists_the_outings_and_filters_them_by_shift_and_kind(
    qtbot,
    make_window,
    database,
    clock,
    actors,
    street,
):
    _outings(database, clock, actors, street)
    window = make_window(Role.OUTREACH)
    assert window.desk_pages.pages[0].icon == "sessions"  # the outreach worker's daily page
    page = _page(qtbot, window)

    without_team = [row[:5] + row[6:] for row in _cells(page)]
    assert without_team == [
        ("10/03/2026", "08:00–09:00", "Street session", "Stazione Centrale", "Day", "3", "12"),
        ("09/03/2026", "22:00–02:30", "Street session", "Stazione Centrale", "Night", "3", "12"),
    ]
    assert {row[5] for row in _cells(page)} == {_team_name(database, actors)}

    page.shift.setCurrentIndex(page.shift.findData("night"))
    settle(qtbot, window)
    assert [row[0] for row in _cells(page)] == ["09/03/2026"]

    page.shift.setCurrentIndex(0)
    page.kind.setCurrentIndex(page.kind.findData("group"))
    settle(qtbot, window)
    assert _cells(page) == []


def test_enter_opens_the_session_in_words_and_the_read_is_audited(
    qtbot,
    make_window,
    database,
    clock,
    actors,
    street,
    on_next_dialog,
):
    ids = _outings(database, clock, actors, street)
    window = make_window(Role.OUTREACH)
    page = _page(qtbot, window)
    page.view.selectRow(1)  # the night out
    shown: list[str] = []

    def read(dialog: QWidget) -> None:
        assert isinstance(dialog, SessionViewDialog)
        shown.append(_words(dialog))
        shown.append(dialog.note.toPlainText())
        shown.append(dialog.amend_button.toolTip() if not dialog.amend_button.isEnabled() else "")
        dialog.reject()

    handled = on_next_dialog(read, SessionViewDialog)
    page.view.setFocus()
    QTest.keyClick(page.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)

    words, note, why_not = shown
    assert "CODE1: Information\nCODE2: Information\nCODE3: Information" in words
    assert "09/03/2026, 22:00–02:30 (Night)" in words
    assert "Street, Bar or club" in words
    assert "Information 10, Referral 1" in words
    assert "Male condom × 40" in words or "× 40" in words
    assert "Not registered: 12" in words
    assert note == NOTE
    assert why_not == ""  # recorded today by this worker: amendable
    assert not shiboken6.isValid(handled[0]) or not handled[0].isVisible()
    with database.read() as session:
        opened = session.scalars(
            select(AuditEvent.action).where(
                AuditEvent.record_type == "outreach_session", AuditEvent.record_id == ids["night"]
            )
        ).all()
    assert "outreach_session.view" in opened


def test_the_tally_sheet_is_saved_from_the_page_with_the_zones(
    qtbot,
    make_window,
    database,
    clock,
    actors,
    street,
    on_next_dialog,
    monkeypatch,
    tmp_path,
):
    saved = tmp_path / "sheet.pdf"

    class SaveDialog:  # the system's file dialog, answered with a file of the test's
        @staticmethod
        def getSaveFileName(_parent, _title, _path, _filter):
            return str(saved), ""

    monkeypatch.setattr(card_printing, "QFileDialog", SaveDialog)
    window = make_window(Role.OUTREACH)
    page = _page(qtbot, window)

    def save_as_pdf(box):
        [button] = [b for b in box.findChildren(QPushButton) if b.text() == "&Save as PDF…"]
        button.click()

    handled = on_next_dialog(save_as_pdf)
    activate(page)
    QTest.keyClick(page, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert handled
    qtbot.waitUntil(saved.exists, timeout=60_000)  # laid out in the background

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(saved.read_bytes())).pages)
    assert "tally sheet" in text.lower()
    assert "Stazione Centrale" in text  # the clinic's zone, a box to tick


def _file_lines(qtbot, window, person_id, on_next_dialog, then=None) -> list[str]:
    """The person's file opened from the desk: its lines' cells as the screen shows them."""
    seen: list[str] = []

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, PersonOverviewDialog)
        assert dialog.timeline is not None
        model = dialog.timeline.model
        seen.extend(
            "  |  ".join(model.text(row, c) for c in range(model.columnCount()))
            for row in range(model.rowCount())
        )
        seen.append(_words(dialog))
        if then is not None:
            then(dialog)
        dialog.reject()

    handled = on_next_dialog(look, PersonOverviewDialog)
    window.show_page(window.reception)
    window.reception.open_person(person_id)
    qtbot.waitUntil(lambda: bool(seen), timeout=20_000)
    qtbot.waitUntil(lambda: not shiboken6.isValid(handled[0]) or not handled[0].isVisible())
    return seen


def test_the_file_shows_where_to_the_outreach_worker_and_only_when_to_the_nurse(
    qtbot,
    make_window,
    database,
    clock,
    actors,
    street,
    on_next_dialog,
):
    _record(database, clock, actors, _night_out(actors, street, material={}))
    person = street["persons"][0]
    outreach = _file_lines(qtbot, make_window(Role.OUTREACH), person, on_next_dialog)
    assert any(
        line.startswith("09/03/2026  |  Met in the street  |  ")
        and line.endswith("Stazione Centrale  ·  Information")
        for line in outreach
    )
    nurse = _file_lines(qtbot, make_window(Role.NURSE), person, on_next_dialog)
    assert "09/03/2026  |  Met in the street  |    |  " in nurse
    for seen in (outreach, nurse):
        assert not any(NOTE in line for line in seen)
    assert not any("Stazione" in line for line in nurse)


def test_reception_cannot_open_the_session_from_the_file(
    qtbot,
    make_window,
    database,
    clock,
    actors,
    street,
    on_next_dialog,
):
    _record(database, clock, actors, _night_out(actors, street, material={}))
    window = make_window(Role.RECEPTION)

    def press_enter(dialog: QWidget) -> None:
        timeline = dialog.timeline
        [row] = [n for n, e in enumerate(timeline.model.rows()) if e.type.value == "street"]
        timeline.view.selectRow(row)
        timeline.view.setFocus()
        QTest.keyClick(timeline.view, Qt.Key.Key_Return)  # a neutral line: nothing to open

    seen = _file_lines(qtbot, window, street["persons"][0], on_next_dialog, press_enter)
    assert "09/03/2026  |  Met in the street  |    |  " in seen
    assert not any(NOTE in line or "Stazione" in line for line in seen)
    with database.read() as session:
        opened = session.scalars(
            select(AuditEvent.id).where(AuditEvent.action == "outreach_session.view")
        ).all()
    assert opened == []  # nothing was read for reception


def test_a_session_typed_from_the_page_is_listed_and_opens_filled_to_amend(
    qtbot, make_window, database, clock, actors, street, on_next_dialog
):
    """Ctrl+N on the page opens the street form; saved, the outing is listed; Enter reads it
    and Ctrl+E there opens the same form with what was saved."""
    from ui.outreach.street_dialog import StreetDialog  # the page opens it as it does

    window = make_window(Role.OUTREACH)
    page = _page(qtbot, window)
    assert _cells(page) == []

    def type_outing(dialog: QWidget) -> None:
        assert isinstance(dialog, StreetDialog)
        # Last night's outing, typed this morning: the date over today's, then the times.
        last_night = window.ctx.t.short_date(window.ctx.clock.today() - dt.timedelta(days=1))
        for field, text in (
            (dialog.day, last_night),
            (dialog.start, "21:30"),
            (dialog.end, "00:45"),
        ):
            field.setFocus()
            field.selectAll()
            QTest.keyClicks(field, text)
        dialog.zone_box.setCurrentIndex(dialog.zone_box.findData(street["zone"]))
        press_save(qtbot, dialog)
        refused = [row.error.text() for row in dialog.rows.values() if row.error.text()]
        if dialog.isVisible():
            dialog.done(0)  # refused: closed without asking, the test then says why
        assert refused == []

    on_next_dialog(type_outing, StreetDialog)
    activate(page)
    QTest.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(_cells(page)) == 1, timeout=20_000)
    [row] = _cells(page)
    assert row[1:5] == ("21:30–00:45", "Street session", "Stazione Centrale", "Night")

    amended: list[tuple[str, str, object]] = []

    def amend_form(dialog: QWidget) -> None:
        assert isinstance(dialog, StreetDialog)
        amended.append((dialog.start.text(), dialog.end.text(), dialog.zone_box.currentData()))
        dialog.done(0)

    def read(dialog: QWidget) -> None:
        assert isinstance(dialog, SessionViewDialog)
        assert dialog.amend_button.isEnabled(), dialog.amend_button.toolTip()
        on_next_dialog(amend_form, StreetDialog)
        activate(dialog)
        QTest.keyClick(dialog, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)

    on_next_dialog(read, SessionViewDialog)
    page.view.selectRow(0)
    page.view.setFocus()
    QTest.keyClick(page.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(amended), timeout=20_000)
    assert amended == [("21:30", "00:45", street["zone"])]
