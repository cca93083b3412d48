"""The coordinator keeps the care lists and the partner services (issue 12), by keyboard on the
real Administration page, and what the desks offer changes with them."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from clinic.audit.transactions import writing
from clinic.care.consultation_form import ConsultationForm
from clinic.care.consultations import read_consultation, write_consultation
from clinic.care.directory import ServiceForm, add_service, services, update_service
from clinic.care.lists import list_entries
from clinic.care.vocabulary import CareList, ConsultationKind
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.staff.management import KeyAccess
from clinic.staff.vocabulary import Role
from db.keyslots import KeyStore
from tests.conftest import NOW
from tests.gui.common.test_keys_help import press_f1
from tests.gui.conftest import activate, loaded, settle
from tests.unit.clinic.use_cases import FAST, STRONG
from ui.admin.care_lists_tab import CareListsTab, EntryDialog
from ui.admin.service_dialog import ServiceDialog
from ui.admin.services_tab import ServicesTab
from ui.person_file.consultation_fields import ConsultationFields
from ui.person_file.consultation_view import ConsultationViewDialog

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
# Typed key by key (QTest types ASCII only); the rest is pasted, as such text would be.
TYPED_NAME = "<b>Casa</b> =cmd|' /C calc'!A0"
PASTED_NAME = " دار الأمان 你好 👩🏽‍⚕️"
CONTACT = "Via Roma 1, Lucca\n<script>alert('x')</script>\n=HYPERLINK(\"http://x\")\nمرحبا 🏳️‍⚧️"


@pytest.fixture
def admin_window(make_window, data_folder, key):
    store = KeyStore(data_folder.keys, kdf=FAST)
    store.set_password("desk-admin", key, STRONG)
    store.save()
    window = make_window(Role.ADMIN, keys=KeyAccess(store, key))
    window.show_page(window.admin_page)
    return window


def _tab(qtbot, window, title: str) -> QWidget:
    """Click the Administration page's tab `title`, and wait for its list."""
    tabs = window.admin_page.tabs
    titles = [tabs.tabText(index) for index in range(tabs.count())]
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(titles.index(title)).center())
    tab = tabs.currentWidget()
    loaded(qtbot, tab)
    tab.view.setFocus()
    return tab


def _care_list(qtbot, window, care_list: CareList) -> CareListsTab:
    tab = _tab(qtbot, window, "Care &lists")
    assert isinstance(tab, CareListsTab)
    tab.lists.setFocus()
    while tab.care_list() is not care_list:  # down the lists, as a person does with the arrows
        QTest.keyClick(tab.lists, Qt.Key.Key_Down)
    loaded(qtbot, tab)
    tab.view.setFocus()
    return tab


def _cells(tab: QWidget) -> list[list[str]]:
    model = tab.view.model()
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def _select(tab: QWidget, first_cell: str) -> None:
    [row] = [number for number, cells in enumerate(_cells(tab)) if cells[0] == first_cell]
    tab.view.selectRow(row)


def _selected_cells(tab: QWidget) -> list[str]:
    [index] = tab.view.selectionModel().selectedRows()
    return _cells(tab)[index.row()]


def _offered(database, window, kind: ConsultationKind) -> list[str]:
    """The entries a consultation form of `kind` offers, read again as the person's file does."""
    with database.read() as session:
        entries = list_entries(session, list(CareList))
    fields = ConsultationFields(window.ctx, kind, entries)
    try:
        return [box.text() for box in fields.items.values()]
    finally:
        fields.deleteLater()


def _answer(text: str):
    def click(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        [button] = [b for b in box.buttons() if b.text() == text]
        button.click()

    return click


@pytest.fixture
def joy(database, clock, actors) -> int:
    form = PersonForm(alias="Joy", gender="woman", birth="1999", consent_date="01/03/2026")
    with writing(database, clock) as session:
        record = validate_person(form, "it_IT", NOW.date())
        return register_person(session, actors[Role.RECEPTION], clock, record, "JOY1999").id


def test_an_entry_added_by_keyboard_is_offered_in_the_consultation_forms(
    qtbot, admin_window, database, on_next_dialog
):
    tab = _care_list(qtbot, admin_window, CareList.SOCIAL_TOPIC)
    assert tab.used_in.text() == (
        "Offered in: Social consultation, Psychological session, Identification interview."
    )

    def name_it(dialog: QWidget) -> None:
        assert isinstance(dialog, EntryDialog)
        assert dialog.windowTitle() == "New entry in “Topics”"
        QTest.keyClicks(dialog.name, "Rent arrears")
        QTest.keyClick(dialog.name, Qt.Key.Key_Return)

    on_next_dialog(name_it)
    QTest.keyClick(tab.view, Qt.Key.Key_N, CTRL)
    loaded(qtbot, tab)

    assert _cells(tab)[-1] == ["Rent arrears", "Offered"]  # at the end of the list
    assert _selected_cells(tab) == ["Rent arrears", "Offered"]
    assert _cells(tab)[0] == ["Housing", "Offered"]  # Soglia's own, in the coordinator's words
    assert "Rent arrears" in _offered(database, admin_window, ConsultationKind.SOCIAL)
    assert "Rent arrears" not in _offered(database, admin_window, ConsultationKind.MEDICAL)


def test_a_retired_entry_is_greyed_no_longer_offered_and_still_named_by_old_records(
    qtbot, admin_window, database, clock, actors, joy, on_next_dialog
):
    social = actors[Role.SOCIAL]
    with database.read() as session:
        topics = list_entries(session, [CareList.SOCIAL_TOPIC])[CareList.SOCIAL_TOPIC]
    [debts] = [entry.id for entry in topics if entry.code == "debts"]
    form = ConsultationForm(kind="social", items=frozenset({debts}), note="Before the change")
    with writing(database, clock) as session:
        written = write_consultation(session, social, clock, joy, form)

    tab = _care_list(qtbot, admin_window, CareList.SOCIAL_TOPIC)
    _select(tab, "Debts")
    asked: list[str] = []

    def retire(box: QWidget) -> None:
        asked.append(box.text())
        _answer("Retire")(box)

    on_next_dialog(retire)
    QTest.keyClick(tab.view, Qt.Key.Key_Delete)
    settle(qtbot, admin_window)

    assert asked == [
        "Retire “Debts”? It will no longer be offered in new records; the records that name it "
        "keep it. You can offer it again later."
    ]
    assert _selected_cells(tab) == ["Debts", "Retired"]  # still there, said so, still chosen
    model = tab.view.model()
    grey = QPalette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    debts_row = tab.view.selectionModel().selectedRows()[0].row()
    assert model.index(debts_row, 0).data(Qt.ItemDataRole.ForegroundRole) == grey
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None  # Housing, offered
    assert not tab.retire_button.isEnabled()
    assert tab.offer_button.isEnabled()
    assert "Debts" not in _offered(database, admin_window, ConsultationKind.SOCIAL)

    with writing(database, clock) as session:
        seen = read_consultation(session, social, clock, written)
    dialog = ConsultationViewDialog(replace(admin_window.ctx, actor=social), None, seen)
    qtbot.addWidget(dialog)
    assert "Debts" in [label.text() for label in dialog.findChildren(QLabel)]

    activate(admin_window)
    QTest.keyClick(tab.view, Qt.Key.Key_R, CTRL | SHIFT)
    settle(qtbot, admin_window)
    assert _selected_cells(tab) == ["Debts", "Offered"]
    assert "Debts" in _offered(database, admin_window, ConsultationKind.SOCIAL)


def test_an_entry_the_list_already_has_is_refused_under_its_field_with_the_text_kept(
    qtbot, admin_window, on_next_dialog
):
    tab = _care_list(qtbot, admin_window, CareList.SOCIAL_TOPIC)
    seen: list[object] = []

    def twice(dialog: QWidget) -> None:
        QTest.keyClicks(dialog.name, "  HOUSING ")
        QTest.keyClick(dialog.name, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.saving.busy)
        seen.extend([dialog.rows["name"].error.text(), dialog.name.text(), dialog.isVisible()])
        on_next_dialog(_answer("Close without saving"))
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    on_next_dialog(twice)
    QTest.keyClick(tab.view, Qt.Key.Key_N, CTRL)
    assert seen == ["The list already has this entry.", "  HOUSING ", True]
    assert [cells[0] for cells in _cells(tab)].count("Housing") == 1
    assert QApplication.activeModalWidget() is None


def test_a_service_with_hostile_text_reads_back_unchanged(
    qtbot, admin_window, database, on_next_dialog
):
    tab = _services(qtbot, admin_window)
    name = TYPED_NAME + PASTED_NAME
    shown: list[tuple[str, str]] = []

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, ServiceDialog)
        QTest.keyClicks(dialog.name, TYPED_NAME)
        dialog.name.insert(PASTED_NAME)
        dialog.kind.setCurrentIndex(dialog.kind.findData("shelter"))
        dialog.contact.setFocus()
        dialog.contact.insertPlainText(CONTACT)
        activate(dialog)
        QTest.keyClick(dialog, Qt.Key.Key_S, CTRL)

    def read_back(dialog: QWidget) -> None:
        shown.append((dialog.name.text(), dialog.contact.toPlainText()))
        QTest.keyClick(dialog, Qt.Key.Key_Escape)  # nothing changed: closes without a question

    on_next_dialog(fill)
    QTest.keyClick(tab.view, Qt.Key.Key_N, CTRL)
    loaded(qtbot, tab)

    contact_line = (
        "Via Roma 1, Lucca  ·  <script>alert('x')</script>  ·  =HYPERLINK(\"http://x\")  ·  "
        "مرحبا 🏳️‍⚧️"
    )
    assert _cells(tab) == [[name, "Emergency shelter", "Offered", contact_line]]
    with database.read() as session:
        [service] = services(session)
    assert (service.name, service.contact) == (name, CONTACT)
    on_next_dialog(read_back)
    QTest.keyClick(tab.view, Qt.Key.Key_Return)  # Enter edits the service chosen
    assert shown == [(name, CONTACT)]
    assert QApplication.activeModalWidget() is None


def _services(qtbot, window) -> ServicesTab:
    tab = _tab(qtbot, window, "Partner ser&vices")
    assert isinstance(tab, ServicesTab)
    return tab


def _add_service(database, clock, actors, name: str, kind: str, contact: str = "") -> int:
    """A service another desk added."""
    with writing(database, clock) as session:
        return add_service(session, actors[Role.ADMIN], clock, ServiceForm(name, kind, contact))


def test_a_service_name_in_the_directory_is_refused_under_its_field_with_the_text_kept(
    qtbot, admin_window, database, clock, actors, on_next_dialog
):
    _add_service(database, clock, actors, "Casa Rifugio", "shelter")
    tab = _services(qtbot, admin_window)
    seen: list[object] = []

    def twice(dialog: QWidget) -> None:
        QTest.keyClicks(dialog.name, "casa  rifugio")
        activate(dialog)
        QTest.keyClick(dialog, Qt.Key.Key_S, CTRL)  # no kind chosen either
        qtbot.waitUntil(lambda: not dialog.saving.busy)
        seen.append(dialog.rows["kind"].error.text())
        dialog.kind.setCurrentIndex(dialog.kind.findData("legal_aid"))
        activate(dialog)
        QTest.keyClick(dialog, Qt.Key.Key_S, CTRL)
        qtbot.waitUntil(lambda: not dialog.saving.busy)
        seen.extend([dialog.rows["name"].error.text(), dialog.name.text(), dialog.isVisible()])
        on_next_dialog(_answer("Close without saving"))
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    on_next_dialog(twice)
    QTest.keyClick(tab.view, Qt.Key.Key_N, CTRL)
    assert seen == [
        "Choose one of the options offered.",
        "The directory already has a service with this name (perhaps no longer offered).",
        "casa  rifugio",
        True,
    ]
    settle(qtbot, admin_window)
    assert [cells[0] for cells in _cells(tab)] == ["Casa Rifugio"]


def test_an_edit_made_after_another_desks_is_refused_and_the_form_kept(
    qtbot, admin_window, database, clock, actors, on_next_dialog
):
    _add_service(database, clock, actors, "Sportello legale", "legal_aid", "Tuesdays")
    tab = _services(qtbot, admin_window)
    told: list[str] = []
    kept: list[object] = []

    def edit(dialog: QWidget) -> None:
        with writing(database, clock) as session:  # meanwhile, at another desk
            [read] = services(session)
            other = ServiceForm("Sportello legale", "legal_aid", "Tuesdays and Thursdays")
            update_service(session, actors[Role.ADMIN], clock, read, other)
        dialog.contact.setFocus()
        QTest.keyClick(dialog.contact, Qt.Key.Key_End, CTRL)
        QTest.keyClicks(dialog.contact, ", 9-12")
        on_next_dialog(lambda box: (told.append(box.text()), box.accept()))
        activate(dialog)
        QTest.keyClick(dialog, Qt.Key.Key_S, CTRL)
        qtbot.waitUntil(lambda: bool(told) and not dialog.saving.busy)
        kept.extend([dialog.contact.toPlainText(), dialog.isVisible()])
        on_next_dialog(_answer("Close without saving"))
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    on_next_dialog(edit)
    QTest.keyClick(tab.view, Qt.Key.Key_E, CTRL)
    assert told == [
        "Someone else changed this record while you were editing. Close it and open it again; "
        "what you typed is still in the form."
    ]
    assert kept == ["Tuesdays, 9-12", True]
    loaded(qtbot, tab)  # read again once closed: the other desk's version
    assert _cells(tab) == [["Sportello legale", "Legal aid", "Offered", "Tuesdays and Thursdays"]]


def test_a_retired_service_stays_in_the_directory_and_is_offered_again(
    qtbot, admin_window, database, clock, actors, on_next_dialog
):
    _add_service(database, clock, actors, "Ospedale", "hospital")
    shelter = _add_service(database, clock, actors, "Casa Rifugio", "shelter")
    tab = _services(qtbot, admin_window)
    assert [cells[0] for cells in _cells(tab)] == ["Casa Rifugio", "Ospedale"]  # by name
    _select(tab, "Casa Rifugio")
    on_next_dialog(_answer("Retire"))
    QTest.keyClick(tab.view, Qt.Key.Key_R, CTRL)
    settle(qtbot, admin_window)
    assert _selected_cells(tab) == ["Casa Rifugio", "Emergency shelter", "Retired", ""]
    with database.read() as session:
        assert shelter not in [s.id for s in services(session)]  # no new referrals to it
    activate(admin_window)
    QTest.keyClick(tab.view, Qt.Key.Key_R, CTRL | SHIFT)
    settle(qtbot, admin_window)
    assert _selected_cells(tab) == ["Casa Rifugio", "Emergency shelter", "Offered", ""]
    with database.read() as session:
        assert shelter in [s.id for s in services(session)]


@pytest.mark.parametrize("role", [role for role in Role if role is not Role.ADMIN])
def test_only_the_coordinator_keeps_the_lists(make_window, data_folder, key, role):
    window = make_window(role, keys=KeyAccess(KeyStore(data_folder.keys), key))
    assert window.admin_page is None
    for page in window.desk_pages.pages:  # every page this role has, made
        page.later.get()
    assert not window.findChildren(CareListsTab)
    assert not window.findChildren(ServicesTab)


def test_the_coordinator_finds_them_in_administration(admin_window):
    tabs = admin_window.admin_page.tabs
    assert [tabs.tabText(index) for index in range(tabs.count())] == [
        "&Staff accounts",
        "A&udit trail",
        "&Backups",
        "Care &lists",
        "Partner ser&vices",
    ]


def test_f1_lists_the_keys_of_each_tab(qtbot, admin_window):
    dialog = press_f1(qtbot, admin_window)
    rows = dialog.rows()
    dialog.close()
    for tab, keys, text in (
        ("Care lists", "Ctrl+N", "Add an entry..."),
        ("Care lists", "Del", "Retire..."),
        ("Partner services", "Ctrl+E", "Edit..."),
        ("Partner services", "Ctrl+Shift+R", "Offer again"),
    ):
        assert (f"Administration › {tab}", keys, text) in rows
