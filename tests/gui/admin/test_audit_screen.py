"""The coordinator opens the audit trail and reads today's events at once, in words: codes and
staff names instead of ids, fields as the forms name them, older events page by page."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from clinic.audit.log import PAGE_SIZE
from clinic.common.clock import Clock
from clinic.desk.checkin import check_in, set_queue_state
from clinic.desk.vocabulary import QueueState
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import get_person, register_person
from clinic.staff.management import KeyAccess
from clinic.staff.vocabulary import Role
from db.keyslots import KeyStore
from tests.conftest import NOW, ROME
from tests.gui.conftest import finish
from tests.unit.clinic.use_cases import FAST, STRONG

CODE = "OSIAR230519852"


@pytest.fixture
def person_seen_today(database, clock, actors) -> int:
    """Registered yesterday as "Maria"; today checked in and taken in by reception."""
    reception = actors[Role.RECEPTION]
    yesterday = Clock(ROME, NOW - dt.timedelta(days=1))
    record = validate_person(PersonForm(alias="Maria", birth="1985"), "it_IT", NOW.date())
    with database.write() as session:
        person_id = register_person(session, reception, yesterday, record, CODE).id
        visit_id = check_in(session, reception, clock, person_id, ["medical"]).visit_id
        set_queue_state(session, reception, clock, visit_id, QueueState.IN_PROGRESS)
    return person_id


@pytest.fixture
def open_audit_tab(qtbot, make_window, data_folder, key):
    """The coordinator's window, on the Administration page, the audit trail tab clicked."""

    def open_tab(language: str = "en"):
        store = KeyStore(data_folder.keys, kdf=FAST)
        store.set_password("desk-admin", key, STRONG)
        store.save()
        window = make_window(Role.ADMIN, language, keys=KeyAccess(store, key))
        window.show_page(window.admin_page)
        return _click_audit_tab(qtbot, window)

    return open_tab


def _click_audit_tab(qtbot, window):
    page = window.admin_page
    tabs = page.tabs.tabBar()
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(1).center())
    assert page.tabs.currentWidget() is page.audit
    return page.audit


def _grid(audit) -> list[list[str]]:
    model = audit.view.model()
    return [
        [model.index(row, col).data() for col in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_todays_events_open_in_words_without_pressing_show(
    qtbot, open_audit_tab, person_seen_today
):
    audit = open_audit_tab()
    qtbot.waitUntil(lambda: audit.model.rowCount() > 0, timeout=30_000)
    assert (audit.since.text(), audit.until.text()) == ("10/03/2026", "10/03/2026")
    grid = [row[1:] for row in _grid(audit)]  # the time aside
    assert grid == [
        [
            "Desk (reception) (desk-reception)",
            "Queue changed",
            f"Visit of {CODE}",
            "Seen by, Queue state",
        ],
        ["Desk (reception) (desk-reception)", "Checked in", f"Visit of {CODE}", ""],
    ]  # yesterday's registration is not today's
    assert audit.count.text() == "2 events shown."
    assert not audit.more_button.isEnabled()
    assert not any("Maria" in cell for row in _grid(audit) for cell in row)  # codes, no alias


def test_the_italian_coordinator_reads_the_same_in_italian(
    qtbot, open_audit_tab, person_seen_today
):
    audit = open_audit_tab("it")
    qtbot.waitUntil(lambda: audit.model.rowCount() > 0, timeout=30_000)
    assert _grid(audit)[0][2:] == [
        "Coda modificata",
        f"Visita di {CODE}",
        "Seguita da, Stato in coda",
    ]
    assert audit.since.placeholderText() == "GG/MM/AAAA"


def test_older_events_come_with_show_more(
    qtbot, open_audit_tab, database, clock, actors, person_seen_today
):
    with database.write() as session:
        for _ in range(PAGE_SIZE):
            get_person(session, actors[Role.NURSE], clock, person_seen_today)
    audit = open_audit_tab()
    qtbot.waitUntil(lambda: audit.model.rowCount() > 0, timeout=30_000)
    assert audit.model.rowCount() == PAGE_SIZE
    assert audit.count.text() == f"{PAGE_SIZE} events shown. There are older ones: Show more."
    qtbot.mouseClick(audit.more_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: audit.model.rowCount() == PAGE_SIZE + 2, timeout=30_000)
    assert not audit.more_button.isEnabled()
    assert [row[2] for row in _grid(audit)[-2:]] == ["Queue changed", "Checked in"]


def test_a_code_typed_as_filter_lists_that_persons_events_of_the_days_asked(
    qtbot, open_audit_tab, person_seen_today
):
    audit = open_audit_tab()
    qtbot.waitUntil(lambda: audit.model.rowCount() > 0, timeout=30_000)
    audit.since.clear()
    qtbot.keyClicks(audit.since, "09/03/2026")
    qtbot.keyClicks(audit.person_code, CODE.lower())
    finish(qtbot, audit.show_rows())
    assert [row[2:4] for row in _grid(audit)] == [
        ["Queue changed", f"Visit of {CODE}"],
        ["Checked in", f"Visit of {CODE}"],
        ["Person registered", CODE],
    ]
