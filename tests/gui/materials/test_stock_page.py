"""The Stock page (issue 13), driven by keyboard on the real window: the coordinator receives,
fills the outreach bag and counts the dispensary, and the balances read as a person reads
them; a nurse receives a vaccine lot that the dose dialog then offers; reception reads the
balances with no keeping keys; a bad entry stays in its form with its message."""

from __future__ import annotations

import dataclasses
import datetime as dt

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from clinic.audit.transactions import writing
from clinic.materials.consumption import consumption_csv, consumption_xlsx
from clinic.materials.hand_out import HandOutForm, hand_out
from clinic.staff.vocabulary import Role
from clinic.vaccinations.stock import list_lots
from db.models.materials import StockItem
from tests.gui.conftest import activate, press, settle
from tests.unit.clinic.materials.conftest import receive
from ui.materials.stock_dialogs import ReceiveDialog, TransferDialog
from ui.materials.stocktake_dialog import StocktakeDialog

CTRL = Qt.KeyboardModifier.ControlModifier


def _keys(page, key) -> None:
    """Ctrl+`key` in the page's window, made active again as after a dialog closed."""
    activate(page)
    QTest.keyClick(page, key, CTRL)


def _stock(qtbot, window):
    page = window.stock_page
    window.show_page(page)
    settle(qtbot, window)
    return page


def _held(page, item: str, place: str) -> str:
    """The In stock cell of an item's row at a place, as the table shows it."""
    model = page.balances.view.model()
    for row in range(model.rowCount()):
        cells = [model.index(row, c).data() for c in range(model.columnCount())]
        if cells[0] == item and cells[2] == place:
            return cells[4]
    raise AssertionError(f"no row for {item} at {place}")


def _choose(box, text: str) -> None:
    """A combo's entry chosen by typing its first letters, as by keyboard."""
    box.setFocus()
    box.setCurrentIndex(box.findText(text))
    assert box.currentText() == text


def _type(qtbot, field, text: str) -> None:
    field.setFocus()
    qtbot.keyClicks(field, text)


def _enter(qtbot, dialog, field) -> None:
    """Enter in a field saves; wait for the write to be over."""
    QTest.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.saving.busy)


def test_the_coordinator_receives_fills_the_outreach_bag_and_counts(
    qtbot, make_window, on_next_dialog
):
    window = make_window(Role.ADMIN)
    page = _stock(qtbot, window)
    assert _held(page, "Condom", "Dispensary") == "0 pieces"

    def receive(dialog):
        assert isinstance(dialog, ReceiveDialog)
        _choose(dialog.item, "Condom")
        _choose(dialog.place, "Dispensary")
        _type(qtbot, dialog.quantity, "500")
        _type(qtbot, dialog.source, "ASL Lucca")
        _enter(qtbot, dialog, dialog.source)

    handled = on_next_dialog(receive)
    _keys(page, Qt.Key.Key_R)
    assert handled
    assert _held(page, "Condom", "Dispensary") == "500 pieces"

    def transfer(dialog):
        assert isinstance(dialog, TransferDialog)
        _choose(dialog.item, "Condom")
        assert dialog.from_place.currentText() == "Dispensary"
        assert dialog.to_place.currentText() == "Outreach bag"  # where a transfer mostly goes
        _type(qtbot, dialog.quantity, "120")
        _enter(qtbot, dialog, dialog.quantity)

    handled = on_next_dialog(transfer)
    _keys(page, Qt.Key.Key_T)
    assert handled
    assert _held(page, "Condom", "Dispensary") == "380 pieces"
    assert _held(page, "Condom", "Outreach bag") == "120 pieces"

    asked: list[str] = []

    def write_them(box):
        asked.append(box.text())
        press(box, "Write them")

    def count(dialog):
        assert isinstance(dialog, StocktakeDialog)
        _choose(dialog.place, "Dispensary")
        [condom] = [k for k, words in dialog._labels.items() if words == "Condom"]
        _type(qtbot, dialog.counts[condom], "372")
        on_next_dialog(write_them, QMessageBox)
        _enter(qtbot, dialog, dialog.counts[condom])

    handled = on_next_dialog(count)
    _keys(page, Qt.Key.Key_K)
    assert handled
    assert "Condom: 380 → 372" in asked[0]
    assert _held(page, "Condom", "Dispensary") == "372 pieces"  # 8 were missing
    assert _held(page, "Lubricant sachet", "Dispensary") == "0 pieces"  # not counted: as it was
    page.tabs.setCurrentWidget(page.movements)
    settle(qtbot, window)
    model = page.movements.view.model()
    newest = [model.index(0, c).data() for c in range(model.columnCount())]
    assert newest[1:6] == ["Adjusted", "Condom", "", "Dispensary", "-8"]
    assert "Stocktake correction" in newest[7]


def test_a_bad_receipt_stays_in_its_form_with_its_message(qtbot, make_window, on_next_dialog):
    window = make_window(Role.ADMIN)
    page = _stock(qtbot, window)
    seen: list[tuple[str, str, bool]] = []

    def receive(dialog):
        _choose(dialog.item, "Pregnancy test")
        _type(qtbot, dialog.quantity, "twelve")
        _type(qtbot, dialog.source, "Donor")
        _enter(qtbot, dialog, dialog.source)
        rows = dialog.rows
        seen.append(
            (
                rows["quantity"].error.text(),
                rows["lot_number"].error.text(),
                dialog.isVisible(),
            )
        )
        assert dialog.quantity.text() == "twelve"
        assert dialog.source.text() == "Donor"
        dialog.quantity.selectAll()
        _type(qtbot, dialog.quantity, "12")
        _type(qtbot, dialog.lot_number, "PT-1")
        _type(qtbot, dialog.expiry, "31/12/2027")
        _enter(qtbot, dialog, dialog.expiry)

    on_next_dialog(receive)
    _keys(page, Qt.Key.Key_R)
    [(quantity, lot, still_open)] = seen
    assert quantity == "Give a whole number between 1 and 1000000."
    assert lot == "This cannot be left empty."
    assert still_open
    page.balances.search.setText("Pregnancy")
    model = page.balances.view.model()
    cells = [[model.index(r, c).data() for c in (0, 2, 3, 4)] for r in range(model.rowCount())]
    assert ["    Lot PT-1", "Dispensary", "31/12/2027", "12 pieces"] in cells


def test_a_nurse_receives_a_vaccine_lot_that_the_dose_dialog_offers(
    qtbot, make_window, on_next_dialog, database, actors
):
    window = make_window(Role.NURSE)
    page = _stock(qtbot, window)
    offered: list[list[str]] = []

    def receive(dialog):
        names = [dialog.item.itemText(i) for i in range(dialog.item.count())]
        offered.append(names)
        dialog.item.setFocus()
        dialog.item.setCurrentIndex(0)
        _type(qtbot, dialog.lot_number, "VX-42")
        _type(qtbot, dialog.expiry, "30/06/2027")
        _type(qtbot, dialog.quantity, "10")
        _enter(qtbot, dialog, dialog.quantity)

    on_next_dialog(receive)
    _keys(page, Qt.Key.Key_R)
    assert offered[0]
    assert "Condom" not in offered[0]  # a nurse keeps the vaccines, not the rest
    assert not page.stocktake_button.isVisible()
    with database.read() as session:
        lots = list_lots(session, actors[Role.NURSE])
    assert [(lot.product, lot.lot_number, lot.quantity) for lot in lots] == [
        (offered[0][0], "VX-42", 10)
    ]


def test_reception_reads_the_balances_without_keeping_keys(qtbot, make_window):
    window = make_window(Role.RECEPTION)
    page = _stock(qtbot, window)
    assert _held(page, "Condom", "Outreach bag") == "0 pieces"
    for button in (
        page.receive_button,
        page.transfer_button,
        page.adjust_button,
        page.stocktake_button,
        page.minimum_button,
    ):
        assert not button.isVisible()
    _keys(page, Qt.Key.Key_R)
    assert QApplication.activeModalWidget() is None  # the key does nothing here


def test_the_coordinator_reads_a_years_consumption_and_exports_it(
    qtbot, make_window, database, clock, actors, joy, tmp_path, on_next_dialog
):
    """Condoms handed out in January (two hand-outs) and March: the table and the chart say so
    by month, and the CSV and XLSX exports hold the same figures."""
    new_year = dataclasses.replace(clock, fixed=dt.datetime(2026, 1, 2, 9, tzinfo=dt.UTC))
    receive(database, new_year, actors, "male_condom", 100)
    nurse = actors[Role.NURSE]
    for month, quantity in ((1, "10"), (1, "5"), (3, "20")):
        then = dataclasses.replace(clock, fixed=dt.datetime(2026, month, 15, 10, tzinfo=dt.UTC))
        with writing(database, then) as session:
            form = HandOutForm({_condom(session): quantity}, person_id=joy)
            hand_out(session, nurse, then, form)
    window = make_window(Role.ADMIN)
    page = _stock(qtbot, window)
    assert page.consumption is not None
    page.tabs.setCurrentWidget(page.consumption)
    tab = page.consumption
    tab.year.setValue(2026)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    row = [tab.model.text(0, c) for c in range(tab.model.columnCount())]
    assert row[:5] == ["Condom", "Dispensary", "15", "", "20"]
    headers = [tab.model.headerData(c, Qt.Orientation.Horizontal) for c in (2, 4, 13)]
    assert headers == ["Jan", "Mar", "Dec"]
    assert row[-1] == "35"
    assert tab.chart.totals[:3] == (15, 0, 20)
    assert tab.summary.text() == "35 handed out or given in 2026"

    csv_file, xlsx_file = tmp_path / "c.csv", tmp_path / "c.xlsx"
    told: list[str] = []
    for path, make in ((csv_file, _csv), (xlsx_file, _xlsx)):
        handled = on_next_dialog(lambda box: told.append(box.text()) or box.accept(), QMessageBox)
        tab.export_to(path, make(window), 2026, None)
        qtbot.waitUntil(lambda handled=handled: bool(handled))
    assert told == [f"Saved in {csv_file}.", f"Saved in {xlsx_file}."]
    lines = csv_file.read_text(encoding="utf-8-sig").splitlines()
    assert lines[1] == "Condom,Dispensary,15,0,20,0,0,0,0,0,0,0,0,0,35"
    sheet = openpyxl.load_workbook(xlsx_file).active
    assert [cell.value for cell in sheet[2]] == ["Condom", "Dispensary", 15, 0, 20, *[0] * 9, 35]


def _condom(session) -> int:
    return session.scalars(select(StockItem.id).where(StockItem.code == "male_condom")).one()


def _csv(window):
    ctx = window.ctx
    return lambda s, year, place: consumption_csv(
        s, ctx.actor, ctx.clock, year, ctx.t, place
    ).encode("utf-8-sig")


def _xlsx(window):
    ctx = window.ctx
    return lambda s, year, place: consumption_xlsx(s, ctx.actor, ctx.clock, year, ctx.t, place)


def test_the_ledger_filtered_to_hand_outs_shows_them_alone(
    qtbot, make_window, database, clock, actors, joy
):
    """A receipt and a hand-out in the ledger; the Kind filter chosen by keyboard keeps the
    hand-out alone, and "All movements" brings the receipt back."""
    receive(database, clock, actors, "male_condom", 100)
    with writing(database, clock) as session:
        form = HandOutForm({_condom(session): "4"}, person_id=joy)
        hand_out(session, actors[Role.NURSE], clock, form)
    window = make_window(Role.ADMIN)
    page = _stock(qtbot, window)
    tab = page.movements
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)

    _choose(tab.kind, "Handed out")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert [tab.model.text(0, c) for c in (1, 2, 5)] == ["Handed out", "Condom", "-4"]
    _choose(tab.kind, "All movements")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    assert {tab.model.text(r, 1) for r in range(2)} == {"Handed out", "Received"}
