"""The nurse's worklist: who is due today, overdue, or due in the next days, by keyboard.

Enter opens the person's vaccinations, Ctrl+O their whole file (as from any list); Ctrl+D records
the dose straight away; Ctrl+B books it. The list reads the stored forecasts
(`clinic.vaccinations.forecasts`) in the background, page by page: the first PAGE_ROWS rows and the
counts of the whole list, then the next page when the table is scrolled to its end (tens of
thousands of rows at the planned size, which the screen would otherwise take in at once). A click
on a header sorts the list in its query and reads its first page again. The table keeps the rows it
shows until the new ones arrive.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from clinic.common.permissions import Permission
from clinic.desk.words import STATES
from clinic.i18n.translator import N_, Translator
from clinic.vaccinations.records import PersonVaccinations
from clinic.vaccinations.status import FORECAST_GROUPS
from clinic.vaccinations.words import groups_by_name, vaccine_group_text
from clinic.vaccinations.worklist import (
    Urgency,
    WorklistFilter,
    WorklistOrder,
    WorklistRow,
    WorklistSort,
    WorklistSummary,
    worklist,
    worklist_first_page,
)
from ui.common.row_table_model import Column, RowTableModel
from ui.common.shortcuts import key_text, shortcut
from ui.common.table_view import row_table, selected_row
from ui.common.theme import Status
from ui.context import DeskContext
from ui.operations import Loader, run_read
from ui.vaccinations.appointment_dialog import AppointmentDialog
from ui.vaccinations.dose_dialog import dose_dialog_for
from ui.vaccinations.vaccination_dialog import load_vaccinations, open_vaccinations

PAGE_ROWS = 200  # a page of the list: shown in one go, fitted and painted in a few ms
Shown = tuple[WorklistFilter, WorklistOrder]
Columns = list[tuple[Column[WorklistRow], WorklistSort]]

URGENCY_WORDS = {
    Urgency.OVERDUE: N_("Overdue"),
    Urgency.DUE: N_("Due now"),
    Urgency.UPCOMING: N_("Coming up"),
}
# The row's tint says what its Status column says in words (for colour-blind users too).
URGENCY_STATUS = {
    Urgency.OVERDUE: Status.OVERDUE,
    Urgency.DUE: Status.DUE,
    Urgency.UPCOMING: Status.UPCOMING,
}


def worklist_model(ctx: DeskContext, columns: Columns | None = None) -> RowTableModel[WorklistRow]:
    """The worklist's columns (`worklist_columns`), each row tinted by its urgency."""
    shown = worklist_columns(ctx) if columns is None else columns
    return RowTableModel([column for column, _sort in shown], lambda r: URGENCY_STATUS[r.urgency])


def worklist_columns(ctx: DeskContext) -> Columns:
    """Each column of the worklist and what the list's query sorts by for it; the alias and
    today's queue only for a role that may see them."""
    t = ctx.t
    _ = t.gettext
    date = t.short_date
    who: list[tuple[Column[WorklistRow], WorklistSort]] = [
        (Column(lambda: _("Code"), lambda r: r.code, width=16), WorklistSort.CODE)
    ]
    if ctx.actor.can(Permission.PERSON_READ):
        who.append(
            (Column(lambda: _("Alias"), lambda r: r.alias or "", width=14), WorklistSort.ALIAS)
        )
    if ctx.actor.can(Permission.VISIT_READ):
        queue: Column[WorklistRow] = Column(
            lambda: _("Queue today"),
            lambda r: _(STATES[r.queue_today]) if r.queue_today else "",
            width=14,
        )
        who.append((queue, WorklistSort.QUEUE))
    return [
        *who,
        (
            Column(lambda: _("Vaccine"), lambda r: vaccine_group_text(t, r.vaccine_group)),
            WorklistSort.VACCINE,
        ),
        (
            Column(lambda: _("Dose"), lambda r: str(r.dose_number or ""), width=5),
            WorklistSort.DOSE,
        ),
        (
            # As wide as its longest word: a sorted first page may hold only one of them.
            Column(
                lambda: _("Status"),
                lambda r: _(URGENCY_WORDS[r.urgency]),
                width=max(len(_(words)) for words in URGENCY_WORDS.values()),
            ),
            WorklistSort.URGENCY,
        ),
        (Column(lambda: _("From"), lambda r: date(r.earliest)), WorklistSort.EARLIEST),
        (Column(lambda: _("Best on"), lambda r: date(r.recommended)), WorklistSort.RECOMMENDED),
        (Column(lambda: _("Late from"), lambda r: date(r.past_due)), WorklistSort.PAST_DUE),
        (Column(lambda: _("Last dose"), lambda r: date(r.last_dose_on)), WorklistSort.LAST_DOSE),
        (Column(lambda: _("Appointment"), lambda r: date(r.appointment)), WorklistSort.APPOINTMENT),
    ]


def summary_text(t: Translator, summary: WorklistSummary) -> str:
    """`3 overdue, 5 due now, 2 coming up; 1 person in today's queue`."""
    counts, here = summary.counts, summary.here
    text = t.format(
        t.gettext("{overdue} overdue, {due} due now, {upcoming} coming up"),
        overdue=counts[Urgency.OVERDUE],
        due=counts[Urgency.DUE],
        upcoming=counts[Urgency.UPCOMING],
    )
    if not here:
        return text
    queue = t.ngettext("{count} person in today's queue", "{count} people in today's queue", here)
    return f"{text}; {queue.format(count=here)}"


class WorklistTab(QWidget):
    person_wanted = Signal(int)  # Ctrl+O on a row: the desk opens that person's file

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self._ctx = ctx
        _ = ctx.t.gettext
        self.group_boxes: dict[str, QCheckBox] = {}
        self.urgency_boxes: dict[Urgency, QCheckBox] = {}
        self.days = QSpinBox()
        self.days.setRange(0, 365)
        self.days.setValue(14)
        self.days.setSuffix(" " + _("days"))
        columns = worklist_columns(ctx)
        self.model = worklist_model(ctx, columns)
        self._sorts = [sort for _column, sort in columns]
        self._order = WorklistOrder()  # asked for by a click on a header
        # In the order the list comes in: its query sorts it (`_sort_by`).
        self.view, self.proxy = row_table(self.model, "worklist", sorted_elsewhere=self._sort_by)
        self.followed = QSpinBox()
        self.followed.setRange(0, 240)
        self.followed.setValue(24)
        self.followed.setSuffix(" " + _("months"))
        self.followed.setSpecialValueText(_("any time"))
        self.summary = QLabel()
        self.loader = Loader(ctx, self, self._show_rows)
        # The filters and order of the rows shown: the next pages follow them.
        self._shown = (WorklistFilter(), WorklistOrder())
        # Which list the rows shown belong to: a page read for an older one is dropped.
        self._list_number = 0
        self.model.fetch_next = self._read_next_page
        self._build()

    def _build(self) -> None:
        t = self._ctx.t
        _ = t.gettext
        filters = QHBoxLayout()
        for group in FORECAST_GROUPS:
            box = QCheckBox(vaccine_group_text(t, group))
            box.setChecked(True)
            box.toggled.connect(lambda _on: self.reload())
            self.group_boxes[group] = box
            filters.addWidget(box)
        filters.addSpacing(24)
        for urgency, words in URGENCY_WORDS.items():
            box = QCheckBox(_(words))
            box.setChecked(True)
            box.toggled.connect(lambda _on: self.reload())
            self.urgency_boxes[urgency] = box
            filters.addWidget(box)
        ahead = QLabel(_("Coming up &within:"))
        ahead.setBuddy(self.days)
        filters.addWidget(ahead)
        filters.addWidget(self.days)
        followed = QLabel(_("Last dose &within:"))
        followed.setBuddy(self.followed)
        followed.setToolTip(_("People whose last dose is older have probably stopped coming."))
        filters.addWidget(followed)
        filters.addWidget(self.followed)
        filters.addStretch(1)
        self.days.valueChanged.connect(lambda _v: self.reload())
        self.followed.valueChanged.connect(lambda _v: self.reload())
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        words = _("&Vaccinations")
        vaccinations = QPushButton(f"{words}  ({key_text('Return')})")
        vaccinations.clicked.connect(lambda _c=False: self.open_selected())
        buttons.addWidget(vaccinations)  # Enter is the table's own (`activated`, below)
        for text, keys, slot in (
            (_("Person's &file"), "Ctrl+O", self.open_file),
            (_("Record a &dose"), "Ctrl+D", self.record_dose),
            (_("&Book"), "Ctrl+B", self.book),
            (_("&Refresh"), "F5", self.reload),
        ):
            button = QPushButton(f"{text}  ({key_text(keys)})")
            button.clicked.connect(lambda _c=False, s=slot: s())
            shortcut(keys, self.view, slot, text)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.view.activated.connect(lambda _index: self.open_selected())

    def filters(self) -> WorklistFilter:
        return WorklistFilter(
            days_ahead=self.days.value(),
            groups=frozenset(g for g, box in self.group_boxes.items() if box.isChecked()),
            urgencies=frozenset(u for u, box in self.urgency_boxes.items() if box.isChecked()),
            followed_months=self.followed.value() or None,
        )

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again after work elsewhere (a dose at the desk): read the list afresh."""
        super().showEvent(event)
        self.reload()

    def reload(self) -> None:
        """Read the first page for the filters and order asked for, and the counts of the whole
        list, in the background."""
        ctx, asked = self._ctx, (self.filters(), self._order)

        def work(session: Session) -> tuple[Shown, list[WorklistRow], str]:
            filters, order = asked
            rows, summary = worklist_first_page(
                session, ctx.actor, ctx.clock, filters, PAGE_ROWS + 1, order
            )
            return asked, rows, summary_text(ctx.t, summary)

        self.loader.load(work)

    def _sort_by(self, column: int, order: Qt.SortOrder) -> None:
        """A click on a header: the list sorted by that column in its query, from its start."""
        vaccines = groups_by_name(self._ctx.t, FORECAST_GROUPS)
        descending = order == Qt.SortOrder.DescendingOrder
        self._order = WorklistOrder(self._sorts[column], descending, vaccines)
        self.reload()

    def _show_rows(self, loaded: tuple[Shown, list[WorklistRow], str]) -> None:
        shown, rows, summary = loaded
        self._shown = shown
        self._list_number += 1
        self.model.more = len(rows) > PAGE_ROWS
        self.model.set_rows(rows[:PAGE_ROWS])
        self.summary.setText(summary)

    def _read_next_page(self) -> None:
        """The next PAGE_ROWS rows after those shown, for the filters and order shown."""
        ctx, (filters, order), start = self._ctx, self._shown, self.model.rowCount()
        number = self._list_number

        def work(session: Session) -> list[WorklistRow]:
            return worklist(
                session,
                ctx.actor,
                ctx.clock,
                filters,
                order=order,
                start=start,
                count=PAGE_ROWS + 1,
            )

        run_read(ctx, self, work, lambda rows: self._add_page(number, rows))

    def _add_page(self, number: int, rows: list[WorklistRow]) -> None:
        if number != self._list_number:  # the filters changed while it was read
            return
        self.model.more = len(rows) > PAGE_ROWS
        self.model.add_rows(rows[:PAGE_ROWS])

    def selected(self) -> WorklistRow | None:
        row: WorklistRow | None = selected_row(self.view)
        return row

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            open_vaccinations(self._ctx, self, row.person_id, self.reload)

    def open_file(self) -> None:
        row = self.selected()
        if row is not None:
            self.person_wanted.emit(row.person_id)

    def record_dose(self) -> None:
        row = self.selected()
        if row is not None:
            load_vaccinations(self._ctx, self, row.person_id, lambda f: self._record(f, row))

    def _record(self, file: PersonVaccinations, row: WorklistRow) -> None:
        dialog = dose_dialog_for(self._ctx, self, file, row.vaccine_group)
        if dialog.exec():
            self.reload()
        dialog.deleteLater()

    def book(self) -> None:
        row = self.selected()
        if row is not None:
            load_vaccinations(self._ctx, self, row.person_id, lambda f: self._book(f, row))

    def _book(self, file: PersonVaccinations, row: WorklistRow) -> None:
        dialog = AppointmentDialog(
            self._ctx, self, row.person_id, row.code, file.groups, row.vaccine_group
        )
        if dialog.exec():
            self.reload()
        dialog.deleteLater()
