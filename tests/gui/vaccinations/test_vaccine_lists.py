"""A nurse reads the lists: the worklist with who each person is, tinted by urgency and marked
when they are in today's queue; the vaccine stock, with what expired or expires soon."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QTableView

from clinic.desk.checkin import check_in
from clinic.desk.vocabulary import VisitReason
from clinic.i18n.translator import translator
from clinic.registry.vocabulary import CodeScheme
from clinic.settings.configuration import ClinicSettings
from clinic.staff.vocabulary import Role
from clinic.vaccinations.stock import LotForm, list_products, receive_lot
from tests.conftest import NOW
from tests.gui.conftest import loaded
from tests.vaccination_steps import give_before, register
from ui.common.theme import Status, status_background
from ui.context import DeskContext
from ui.materials.stock_page import StockPage
from ui.vaccinations.worklist_tab import WorklistTab


def desk(database, data_folder, clock, actor, language: str = "en") -> DeskContext:
    clinic = ClinicSettings(CodeScheme.SLK581, "Europe/Rome")
    return DeskContext(database, data_folder, actor, clinic, clock, translator(language))


@pytest.fixture
def overdue_and_due(database, actors, clock, reception) -> dict[str, int]:
    """Ana had a first HPV dose on 10 November 2025: the second was past due from 1 March 2026
    (the reference's case 2024-0017), so she is overdue. Bea had a first hepatitis B dose on
    2 January 2026: the second is due from 30 January, with no past-due date."""
    nurse = actors[Role.NURSE]
    ana = register(database, reception, clock, "ANAHPV", "Ana", "03/11/1991")
    bea = register(database, reception, clock, "BEAHEPB", "Bea", "15/06/1988")
    give_before(database, nurse, clock, ana, "Gardasil", dt.date(2025, 11, 10))
    give_before(database, nurse, clock, bea, "Engerix", dt.date(2026, 1, 2))
    return {"ana": ana, "bea": bea}


def shown_worklist(
    qtbot, ctx: DeskContext, height: int, rows_in_sight: float | None = None
) -> WorklistTab:
    """The worklist on the screen, `height` pixels tall, once its first rows are shown.

    `rows_in_sight`: the table made exactly that many rows tall, whatever the font (no
    horizontal scroll bar at this width). Qt asks for the next page as soon as the last row
    shown so far is in sight, so "a page, and the next as the table scrolls" must not depend on
    how tall the font makes a row."""
    tab = WorklistTab(ctx)
    qtbot.addWidget(tab)
    if rows_in_sight is not None:
        view = tab.view
        row = view.verticalHeader().defaultSectionSize()
        header = view.horizontalHeader().sizeHint().height()
        frame = 2 * view.frameWidth()
        view.setFixedHeight(int(header + rows_in_sight * row) + frame)
    tab.resize(1400, height)
    tab.show()
    qtbot.waitExposed(tab)
    loaded(qtbot, tab)
    QApplication.processEvents()  # the view asks for more rows, if it will, on a 0 ms timer
    qtbot.waitUntil(lambda: ctx.workers.idle() and not tab.loader.loading())
    return tab


def row_of(view: QTableView, text: str, column: int = 0) -> int:
    model = view.model()
    return next(r for r in range(model.rowCount()) if model.index(r, column).data() == text)


def cells(view: QTableView, row: int) -> dict[str, str]:
    model = view.model()
    return {
        model.headerData(c, Qt.Orientation.Horizontal): model.index(row, c).data()
        for c in range(model.columnCount())
    }


def painted(view: QTableView, row: int, column: int) -> object:
    """The colour a person sees at the far right of a cell, away from its text."""
    rect = view.visualRect(view.model().index(row, column))
    image = view.viewport().grab().toImage()
    return image.pixelColor(QPoint(rect.right() - 3, rect.center().y()))


def test_the_worklist_shows_the_alias_tints_by_urgency_and_marks_who_is_here_today(
    qtbot, database, data_folder, actors, clock, reception, overdue_and_due
):
    with database.write() as session:
        check_in(session, reception, clock, overdue_and_due["ana"], [VisitReason.MEDICAL])
    tab = shown_worklist(qtbot, desk(database, data_folder, clock, actors[Role.NURSE]), 400)
    view = tab.view

    ana, bea = row_of(view, "ANAHPV"), row_of(view, "BEAHEPB")
    assert cells(view, ana) | {"Appointment": ""} == {
        "Code": "ANAHPV",
        "Alias": "Ana",
        "Queue today": "Waiting",
        "Vaccine": "HPV",
        "Dose": "2",
        "Status": "Overdue",
        "From": "08/12/2025",
        "Best on": "08/12/2025",
        "Late from": "01/03/2026",
        "Last dose": "10/11/2025",
        "Appointment": "",
    }
    assert cells(view, bea)["Alias"] == "Bea"
    assert cells(view, bea)["Status"] == "Due now"
    assert cells(view, bea)["Queue today"] == ""
    assert tab.summary.text() == "1 overdue, 1 due now, 0 coming up; 1 person in today's queue"
    assert painted(view, ana, 1) == status_background(Status.OVERDUE)
    assert painted(view, bea, 1) == status_background(Status.DUE)


def test_the_vaccine_stock_says_which_lot_expired_or_expires_soon_tinted(
    qtbot, database, data_folder, actors, clock, reception
):
    """On the Stock page, filtered to the vaccines as the first step "Vaccine stock" opens
    it: today is 10 March 2026 and the warning reaches 60 days ahead (the default setting).
    A lot used up is no longer listed: nothing is left to give or throw away."""
    nurse = actors[Role.NURSE]
    last_year = dataclasses.replace(clock, fixed=NOW - dt.timedelta(days=365))
    lots = (
        ("OLD", "01/03/2026", "5"),
        ("SOON", "24/03/2026", "5"),
        ("MAY", "15/05/2026", "5"),  # 66 days ahead
        ("NEW", "31/12/2027", "5"),
    )
    with database.write() as session:
        havrix = next(p for p in list_products(session, nurse) if p.name.startswith("Havrix"))
        for number, expiry, count in lots:
            form = LotForm(havrix.id, number, expiry, count)
            receive_lot(session, nurse, last_year, form, "en_GB")
    ana = register(database, reception, clock, "ANAHEPA", "Ana", "03/11/1991")
    give_before(database, nurse, clock, ana, "Havrix", dt.date(2026, 3, 1), lot_size="1")
    page = StockPage(desk(database, data_folder, clock, nurse))
    qtbot.addWidget(page)
    page.resize(1100, 400)
    page.show()
    qtbot.waitExposed(page)
    page.show_vaccines()
    view = page.balances.view

    assert lot_states(view) == {
        "OLD": "Expired",
        "SOON": "Expires soon",
        "MAY": "",
        "NEW": "",
    }
    state = list(cells(view, 0)).index("State")
    assert painted(view, row_of(view, "    Lot OLD"), state) == status_background(Status.OVERDUE)
    assert painted(view, row_of(view, "    Lot SOON"), state) == status_background(Status.WARNING)
    assert {cells(view, r)["Category"] for r in range(view.model().rowCount())} == {"Vaccines"}


def lot_states(view: QTableView) -> dict[str, str]:
    """Each Havrix lot's State cell, by lot number."""
    rows = [cells(view, r) for r in range(view.model().rowCount())]
    return {
        row["Item"].strip().removeprefix("Lot "): row["State"]
        for row in rows
        if row["Item"].startswith(" ") and row["Expires"]
    }


@pytest.fixture
def five_open_series(database, actors, clock, reception) -> list[str]:
    """Five people with a series started, due or overdue on different days."""
    nurse = actors[Role.NURSE]
    codes = []
    for number, (product, day) in enumerate(
        [
            ("Gardasil", dt.date(2025, 11, 10)),
            ("Engerix", dt.date(2026, 1, 2)),
            ("Gardasil", dt.date(2025, 12, 1)),
            ("Engerix", dt.date(2026, 1, 20)),
            ("Havrix", dt.date(2025, 6, 1)),
        ]
    ):
        code = f"PAGE{number}"
        person = register(database, reception, clock, code, f"P{number}", "03/11/1991")
        give_before(database, nurse, clock, person, product, day)
        codes.append(code)
    return codes


def test_the_worklist_arrives_page_by_page_in_the_order_of_the_whole_list(
    qtbot, database, data_folder, actors, clock, five_open_series, monkeypatch
):
    """At the planned size the list has tens of thousands of rows: the screen takes a page at a
    time as it is scrolled. Here a page is two rows: every row still arrives, once, in the
    order of the whole list, and the counts are those of the whole list from the first page."""
    from clinic.vaccinations.worklist import WorklistFilter, worklist, worklist_first_page
    from ui.vaccinations import worklist_tab

    nurse = actors[Role.NURSE]
    with database.read() as session:
        whole = worklist(session, nurse, clock, WorklistFilter())
    pages: list[tuple[int, int | None]] = []

    def counted(session, actor, clock, wanted, *, order, start=0, count=None):
        pages.append((start, count))
        return worklist(session, actor, clock, wanted, order=order, start=start, count=count)

    def first_counted(session, actor, clock, wanted, count, order):
        pages.append((0, count))
        return worklist_first_page(session, actor, clock, wanted, count, order)

    monkeypatch.setattr(worklist_tab, "PAGE_ROWS", 2)
    monkeypatch.setattr(worklist_tab, "worklist", counted)
    monkeypatch.setattr(worklist_tab, "worklist_first_page", first_counted)
    # One row in sight, two a page: the next page comes as the table scrolls.
    tab = shown_worklist(qtbot, desk(database, data_folder, clock, nurse), 120, 1.0)
    assert tab.model.rowCount() == 2
    overdue = sum(1 for row in whole if row.urgency.value == "overdue")
    due = sum(1 for row in whole if row.urgency.value == "due")
    assert tab.summary.text() == f"{overdue} overdue, {due} due now, 0 coming up"
    while tab.model.rowCount() < len(whole):
        tab.view.scrollToBottom()
        qtbot.waitUntil(lambda: tab._ctx.workers.idle())
    assert tab.model.rows() == whole
    assert len(whole) == 5
    assert pages[:2] == [(0, 3), (2, 3)]  # a page, plus one row to know whether more follow


def test_a_click_on_a_header_sorts_the_whole_list_page_by_page(
    qtbot, database, data_folder, actors, clock, five_open_series, monkeypatch
):
    """The list is sorted in its query, not the page on the screen: with two rows a page, the
    first page after a click on Code has the two first codes of all five, the next pages follow
    as the table scrolls, and a second click turns the order round."""
    from ui.vaccinations import worklist_tab

    monkeypatch.setattr(worklist_tab, "PAGE_ROWS", 2)
    tab = shown_worklist(qtbot, desk(database, data_folder, clock, actors[Role.NURSE]), 120, 1.0)
    header = tab.view.horizontalHeader()
    code = QPoint(header.sectionViewportPosition(0) + 5, header.height() // 2)

    def codes_after_a_click() -> list[str]:
        before = tab._list_number
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=code)
        qtbot.waitUntil(lambda: tab._list_number > before and tab._ctx.workers.idle())
        first_page = [tab.view.model().index(row, 0).data() for row in range(2)]
        while tab.model.rowCount() < len(five_open_series):
            tab.view.scrollToBottom()
            qtbot.waitUntil(lambda: tab._ctx.workers.idle())
        shown = [tab.view.model().index(row, 0).data() for row in range(tab.model.rowCount())]
        assert shown[:2] == first_page
        return shown

    assert codes_after_a_click() == sorted(five_open_series)
    assert codes_after_a_click() == sorted(five_open_series, reverse=True)


@pytest.mark.parametrize("language", ["fr", "it"])
def test_every_status_word_fits_its_column_whatever_rows_come_first(
    qtbot, database, data_folder, actors, clock, overdue_and_due, language
):
    """Sorted by code, the first page may hold only "overdue" rows; the longer words ("À faire
    maintenant") further down are still written whole, not cut."""
    from ui.vaccinations.worklist_tab import URGENCY_WORDS

    t = translator(language)
    tab = shown_worklist(
        qtbot, desk(database, data_folder, clock, actors[Role.NURSE], language), 300
    )
    header = tab.view.horizontalHeader()
    status = next(
        c
        for c in range(header.count())
        if tab.view.model().headerData(c, Qt.Orientation.Horizontal) == t.gettext("Status")
    )
    metrics = tab.view.fontMetrics()
    room = tab.view.columnWidth(status) - 8  # the cell's own margins
    for words in URGENCY_WORDS.values():
        assert metrics.horizontalAdvance(t.gettext(words)) <= room, t.gettext(words)
