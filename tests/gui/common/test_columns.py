"""Columns as wide as what they show: no "Wednesday, …" cut beside an empty wide column, the
free-text column taking the room left, and a width set by hand kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QTableView

from clinic.audit.transactions import writing
from clinic.care.directory import ServiceForm, add_service
from clinic.i18n.translator import Translator
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.staff.management import KeyAccess
from clinic.staff.vocabulary import Role
from clinic.vaccinations.appointments import AppointmentForm, book_appointment
from db.keyslots import KeyStore
from tests.conftest import NOW
from tests.gui.conftest import loaded
from tests.gui.reception.test_reception import maria  # noqa: F401 - a fixture
from tests.unit.clinic.use_cases import FAST, STRONG

MARGINS = 6  # the cell's own margins, left and right, in Fusion


def uncut(view: QTableView, column: int) -> list[str]:
    """Texts of the column that do not fit its width (what a person would see cut)."""
    model = view.model()
    width = view.horizontalHeader().sectionSize(column)
    room = width - MARGINS - (1 if view.showGrid() else 0)  # the grid line is in the cell
    metrics = QFontMetricsF(view.font())  # in fractions of a pixel, as the cell lays text out
    texts = [str(model.index(row, column).data() or "") for row in range(model.rowCount())]
    return [text for text in texts if metrics.horizontalAdvance(text) > room]


def _column(view: QTableView, title: str) -> int:
    model = view.model()
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return titles.index(title)


def test_a_long_day_in_italian_is_shown_whole(qtbot, make_window, database, clock, reception):
    record = validate_person(PersonForm(alias="Ana", birth="1990"), "it_IT", NOW.date())
    with database.write() as session:
        person = register_person(session, reception, clock, record, "ANAXX010119902").id
        form = AppointmentForm("HepB", NOW.date().strftime("%d/%m/%Y"), "10:30")
        book_appointment(
            session, reception, clock, person, form, "it_IT", accept_outside_window=True
        )
    window = make_window(Role.RECEPTION, language="it")
    window.show_page(window.vaccinations_page)
    tab = window.vaccinations_page.appointments
    tab.reload()
    loaded(qtbot, tab)
    day = _column(tab.view, Translator("it").gettext("Day"))
    [shown] = [tab.view.model().index(0, day).data()]
    assert shown == "mar 10/03/2026"  # Tuesday, the short weekday of the appointments list
    assert uncut(tab.view, day) == []


def test_a_long_role_is_shown_whole_and_the_name_takes_the_room(
    qtbot, make_window, data_folder, key
):
    store = KeyStore(data_folder.keys, kdf=FAST)
    store.set_password("desk-admin", key, STRONG)
    store.save()
    window = make_window(Role.ADMIN, language="it", keys=KeyAccess(store, key))
    window.resize(1400, 700)
    view = window.admin_page.staff.view
    qtbot.waitUntil(lambda: view.viewport().width() > 1000)
    italian = Translator("it")
    role = _column(view, italian.gettext("Role"))
    roles = {view.model().index(row, role).data() for row in range(view.model().rowCount())}
    assert italian.gettext("Outreach worker or mediator") in roles  # the longest
    assert uncut(view, role) == []
    header = view.horizontalHeader()
    locked = _column(view, italian.gettext("Locked until"))
    name = _column(view, italian.gettext("Name"))
    title = header.fontMetrics().horizontalAdvance(italian.gettext("Locked until"))
    assert header.sectionSize(locked) < title + 40  # empty: no wider than its title
    assert header.sectionSize(name) > header.sectionSize(role)  # the free text has the room
    right_edge = header.sectionViewportPosition(locked) + header.sectionSize(locked)
    assert right_edge >= view.viewport().width() - 1  # and the table is filled


def test_a_width_set_by_hand_is_kept_when_the_rows_change(qtbot, window, maria):  # noqa: F811
    reception = window.reception
    header = reception.results_view.horizontalHeader()
    qtbot.keyClicks(reception.search, "maria")
    qtbot.waitUntil(lambda: reception.results.rowCount() == 1)
    header.resizeSection(4, 41)  # as a drag on the header's edge does
    qtbot.keyClicks(reception.search, "x")  # nobody: the rows change
    qtbot.waitUntil(lambda: reception.results.rowCount() == 0)
    reception.search.clear()
    qtbot.keyClicks(reception.search, "1985")
    qtbot.waitUntil(lambda: reception.results.rowCount() == 1)
    assert header.sectionSize(4) == 41


def test_a_short_column_stays_short(qtbot, window, maria):  # noqa: F811
    reception = window.reception
    qtbot.keyClicks(reception.search, "maria")
    qtbot.waitUntil(lambda: reception.results.rowCount() == 1)
    header = reception.results_view.horizontalHeader()
    born = _column(reception.results_view, "Born")
    assert uncut(reception.results_view, born) == []
    assert header.sectionSize(born) < header.defaultSectionSize()  # "1985" needs little room


def test_a_text_a_fraction_of_a_pixel_wide_is_not_cut(
    qtbot, make_window, data_folder, key, database, clock, actors
):
    """ "Hébergement d'urgence" is 146.02 pixels wide: a column of 146 pixels of room cut it."""
    with writing(database, clock) as session:
        form = ServiceForm("Casa Rifugio", "shelter", "")
        add_service(session, actors[Role.ADMIN], clock, form)
    store = KeyStore(data_folder.keys, kdf=FAST)
    store.set_password("desk-admin", key, STRONG)
    store.save()
    window = make_window(Role.ADMIN, language="fr", keys=KeyAccess(store, key))
    window.show_page(window.admin_page)
    tabs = window.admin_page.tabs
    tabs.setCurrentIndex(tabs.count() - 1)
    tab = window.admin_page.services
    loaded(qtbot, tab)
    kind = _column(tab.view, Translator("fr").gettext("Kind"))
    assert tab.view.model().index(0, kind).data() == "Hébergement d'urgence"
    assert uncut(tab.view, kind) == []
