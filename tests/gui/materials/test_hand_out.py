"""Handing out at the desk (issue 13), by keyboard on real widgets: reception gives 10 condoms
and 2 lubricants from a queue row, the stock drops, the person's file shows it; the next
basket past a weekly limit is refused next to its item, and a nurse goes past it with a
reason, kept in the audit trail."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from clinic.audit.trail import Action
from clinic.desk.checkin import check_in
from clinic.staff.vocabulary import Role
from db.models.audit import AuditEvent
from db.models.materials import Distribution, StockThreshold
from tests.gui.conftest import activate, settle
from tests.gui.person_file.test_person_file import _open_file
from tests.unit.clinic.materials.conftest import item_id, on_hand, place_id, receive
from ui.materials.hand_out_dialog import HandOutDialog
from ui.person_file.lines import details_text, type_text
from ui.registry.person_overview_dialog import PersonOverviewDialog


def _type_and_tab(text: str) -> None:
    """Type into the field that has the focus, then Tab to the next, as a person does."""
    focused = QApplication.focusWidget()
    assert focused is not None
    if text:
        QTest.keyClicks(focused, text)
    QTest.keyClick(focused, Qt.Key.Key_Tab)


def test_reception_hands_out_from_a_queue_row_and_the_file_shows_it(
    qtbot, make_window, database, clock, actors, joy, on_next_dialog
):
    receive(database, clock, actors, "male_condom", 100)
    receive(database, clock, actors, "lubricant", 20)
    receive(database, clock, actors, "wet_wipes", 10)
    with database.write() as session:
        check_in(session, actors[Role.RECEPTION], clock, joy, ["material"])
        dispensary = place_id(session)
        condom = item_id(session, "male_condom")
        session.add(StockThreshold(place_id=dispensary, item_id=condom, minimum=95))
    window = make_window(Role.RECEPTION)
    window.show_page(window.reception)
    window.reception.reload_queue()
    settle(qtbot, window)
    seen: dict[str, object] = {}

    def basket(dialog: QWidget) -> None:
        assert isinstance(dialog, HandOutDialog)
        seen["title"] = dialog.windowTitle()
        activate(dialog)  # as the window manager does when the dialog opens
        # The first item has the focus: condoms 10, internal condoms none, lubricant 2,
        # dental dams none, wet wipes 1; then Enter saves.
        for text in ("10", "", "2", "", "1"):
            _type_and_tab(text)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    view = window.reception.queue_view
    activate(window)
    view.setFocus()
    view.selectRow(0)
    handled = on_next_dialog(basket, HandOutDialog)
    QTest.keyClick(view, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: bool(handled) and not handled[0].isVisible())
    settle(qtbot, window)
    with database.read() as session:
        assert (
            on_hand(session, "male_condom"),
            on_hand(session, "lubricant"),
            on_hand(session, "wet_wipes"),
        ) == (90, 18, 9)
    assert seen["title"] == "Hand out · JOY1999"
    # The desk warns: 90 left is under the 95 asked for; 10 in 8 weeks is 90 / (10/56) days.
    qtbot.waitUntil(lambda: window.reception.stock_alerts.isVisible())
    assert window.reception.stock_alerts.text() == (
        "Stock: Condom at Dispensary: 90 left (about 504 days)."
    )

    # The next basket the same day: a pack of wipes a week is the limit.
    refused: dict[str, object] = {}

    def again(dialog: QWidget) -> None:
        assert isinstance(dialog, HandOutDialog)
        with database.read() as session:
            wipes = item_id(session, "wet_wipes")
        activate(dialog)
        dialog.quantities[wipes].setFocus()
        QTest.keyClicks(dialog.quantities[wipes], "1")
        QTest.keyClick(dialog.quantities[wipes], Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(dialog.rows[f"item_{wipes}"].error.text()))
        refused["message"] = dialog.rows[f"item_{wipes}"].error.text()
        refused["kept"] = dialog.quantities[wipes].text()
        refused["open"] = dialog.isVisible()
        refused["reason shown"] = dialog.reason.isVisibleTo(dialog)
        dialog.done(0)

    handled = on_next_dialog(again, HandOutDialog)
    activate(window)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: bool(handled) and "open" in refused)
    assert refused == {
        "message": "At most 1 a week for one person; 1 already handed out in the last 7 days.",
        "kept": "1",
        "open": True,
        "reason shown": False,  # reception cannot go past a limit
    }

    # A nurse, from the person's file: past the limit, with a reason; the file shows both.
    nurse = make_window(Role.NURSE)
    lines: list[tuple[str, str]] = []

    def past_the_limit(dialog: QWidget) -> None:
        assert isinstance(dialog, HandOutDialog)
        with database.read() as session:
            wipes = item_id(session, "wet_wipes")
        activate(dialog)
        dialog.quantities[wipes].setFocus()
        QTest.keyClicks(dialog.quantities[wipes], "2")
        dialog.reason.setFocus()
        QTest.keyClicks(dialog.reason, "Skin infection, needs more this week")
        QTest.keyClick(dialog.reason, Qt.Key.Key_Return)

    def file(dialog: QWidget) -> None:
        assert isinstance(dialog, PersonOverviewDialog)
        assert dialog.timeline is not None
        on_next_dialog(past_the_limit, HandOutDialog)
        activate(dialog)
        QTest.keyClick(dialog, Qt.Key.Key_F9)
        qtbot.waitUntil(
            lambda: sum(e.type.value == "material" for e in dialog.timeline.model.rows()) == 2
        )
        lines.extend(
            (type_text(nurse.ctx.t, e.type), details_text(nurse.ctx.t, e))
            for e in dialog.timeline.model.rows()
            if e.type.value == "material"
        )
        dialog.reject()

    _open_file(qtbot, nurse, joy, on_next_dialog, file)
    assert lines == [
        ("Material", "Wet wipes × 2  ·  past a limit or the stock"),
        ("Material", "Condom × 10, Lubricant sachet × 2, Wet wipes × 1"),
    ]
    with database.read() as session:
        assert on_hand(session, "wet_wipes") == 7
        audited = session.scalars(
            select(AuditEvent.action).where(AuditEvent.record_type == "distribution")
        ).all()
    assert audited.count(Action.HAND_OUT_OVERRIDE) == 1


def test_outreach_hands_out_to_a_group_from_its_bag_without_a_record(
    qtbot, make_window, database, clock, actors, on_next_dialog
):
    receive(database, clock, actors, "male_condom", 200, place="outreach_bag")
    window = make_window(Role.OUTREACH)
    window.show_page(window.reception)
    shown: dict[str, object] = {}

    def group(dialog: QWidget) -> None:
        assert isinstance(dialog, HandOutDialog)
        activate(dialog)
        shown["place"] = dialog.place.currentText()
        shown["asks how many"] = dialog.contacts.isVisibleTo(dialog)
        dialog.gender.setCurrentIndex(dialog.gender.findData("woman"))
        dialog.contacts.setFocus()
        dialog.contacts.selectAll()
        QTest.keyClicks(dialog.contacts, "5")
        first = next(iter(dialog.quantities.values()))
        first.setFocus()
        QTest.keyClicks(first, "150")  # past one person's 50, within five people's
        QTest.keyClick(first, Qt.Key.Key_Return)

    handled = on_next_dialog(group, HandOutDialog)
    activate(window)
    QTest.keyClick(window.reception.search, Qt.Key.Key_F9)  # nobody chosen: without a record
    qtbot.waitUntil(lambda: bool(handled) and not handled[0].isVisible())
    settle(qtbot, window)
    assert shown == {"place": "Outreach bag", "asks how many": True}
    with database.read() as session:
        row = session.scalars(select(Distribution)).one()
        assert (row.person_id, row.contacts, row.gender) == (None, 5, "woman")
        assert on_hand(session, "male_condom", "outreach_bag") == 50
