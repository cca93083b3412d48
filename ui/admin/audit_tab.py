"""The audit trail (the coordinator): today's events on opening, who did what to whom in words,
filters, older events page by page, the chain check and a CSV export.

Pages are read in the background: a filter without a day can walk much of a trail that holds
millions of rows.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from clinic.audit.anchor import Anchor, every_anchor
from clinic.audit.chain import ChainReport
from clinic.audit.chain_words import report_lines
from clinic.audit.log import (
    AuditCursor,
    AuditFilter,
    AuditPage,
    AuditRow,
    audit_csv,
    audit_rows,
    check_chain,
)
from clinic.audit.trail import Action
from clinic.audit.words import action_text, fields_text, record_text, who_text
from clinic.common.dates import parse_date
from clinic.common.errors import ErrorCode, FieldError, KnownError
from clinic.i18n.messages import error_text
from clinic.staff.members import active_staff
from ui.common import messages, theme
from ui.common.field_row import FieldWithError
from ui.common.jobs import Job
from ui.common.row_table_model import Column, RowTableModel
from ui.common.table_view import row_table
from ui.context import DeskContext
from ui.operations import read_now, run_read, run_write


def audit_model(ctx: DeskContext) -> RowTableModel[AuditRow]:
    t = ctx.t
    _ = t.gettext
    zone = ctx.clock.zone
    columns: list[Column[AuditRow]] = [
        Column(
            lambda: _("When"), lambda r: t.datetime(r.at, zone), lambda r: (r.at, r.id), width=16
        ),
        Column(lambda: _("Who"), who_text, width=30),
        Column(lambda: _("What"), lambda r: action_text(t, r.action), width=22),
        Column(lambda: _("About"), lambda r: record_text(t, r), width=40),
        Column(lambda: _("Details"), lambda r: fields_text(t, r), width=24),
    ]
    return RowTableModel(columns)


class AuditTab(QWidget):
    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self._ctx = ctx
        _ = ctx.t.gettext
        self.person_code = QLineEdit()
        self.staff = QComboBox()
        self.action = QComboBox()
        self.since = QLineEdit()
        self.until = QLineEdit()
        for edit in (self.since, self.until):  # today's events, unless the coordinator asks
            edit.setPlaceholderText(ctx.t.date_hint())
            edit.setText(ctx.t.short_date(ctx.clock.today()))
        self.rows = {
            name: FieldWithError(w) for name, w in (("since", self.since), ("until", self.until))
        }
        self._fill_choices()
        self.model = audit_model(ctx)
        self.view, _proxy = row_table(self.model, "audit")
        self.chain = QLabel()
        self._pages = _Pages()
        self.chain.setWordWrap(True)
        self.count = QLabel()
        self.more_button = QPushButton(_("Show &more"))
        self.more_button.setEnabled(False)
        self.more_button.clicked.connect(self.show_more)
        self._lay_out()

    def _lay_out(self) -> None:
        _ = self._ctx.t.gettext
        form = QFormLayout()
        form.addRow(_("Person's &code"), self.person_code)
        form.addRow(_("&Staff"), self.staff)
        form.addRow(_("&Action"), self.action)
        form.addRow(_("&From"), self.rows["since"])
        form.addRow(_("&To"), self.rows["until"])
        buttons = QHBoxLayout()
        for text, slot in (
            (_("S&how"), self.show_rows),
            (_("Check the &chain"), self.check),
            (_("&Export as CSV..."), self.export),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        below = QHBoxLayout()
        below.addWidget(self.count, 1)
        below.addWidget(self.more_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.chain)
        layout.addWidget(self.view)
        layout.addLayout(below)

    def showEvent(self, event: QShowEvent) -> None:
        """The first time the tab is shown, today's events, without pressing Show."""
        super().showEvent(event)
        if not self._pages.asked:
            self.show_rows()

    def _fill_choices(self) -> None:
        t = self._ctx.t
        self.staff.addItem(t.gettext("Anyone"), None)
        # On a known error the list stays short; the rows themselves still show.
        members = read_now(self._ctx, self, active_staff, failed=lambda _error: None)
        for member in members or []:
            self.staff.addItem(member.display_name, member.id)
        self.action.addItem(t.gettext("Any action"), None)
        for action in Action:
            self.action.addItem(action_text(t, action.value), action.value)

    def filters(self) -> AuditFilter | None:
        """The filters as typed, or None after showing why a date is refused."""
        locale = self._ctx.t.locale_name
        dates = {}
        problems: dict[str, FieldError] = {}
        for name, edit in (("since", self.since), ("until", self.until)):
            value, error = parse_date(edit.text(), name, locale)
            dates[name] = value
            if error:
                problems[name] = error
        for name, row in self.rows.items():
            row.set_error(error_text(self._ctx.t, problems[name]) if name in problems else None)
        if problems:
            return None
        return AuditFilter(
            self.person_code.text(),
            self.staff.currentData(),
            self.action.currentData(),
            dates["since"],
            dates["until"],
        )

    def show_rows(self) -> Job | None:
        """The newest page matching the filters; None when a date is refused."""
        filters = self.filters()
        return None if filters is None else self._load(filters, None)

    def show_more(self) -> Job | None:
        """The next, older page of what is shown."""
        if self._pages.filters is None or self._pages.next is None:
            return None
        return self._load(self._pages.filters, self._pages.next)

    def _load(self, filters: AuditFilter, after: AuditCursor | None) -> Job:
        ctx = self._ctx
        request = self._pages.ask()

        return run_read(
            ctx,
            self,
            lambda s: audit_rows(s, ctx.actor, ctx.clock, filters, after),
            lambda page: self._loaded(request, filters, after, page),
        )

    def _loaded(
        self, request: int, filters: AuditFilter, after: AuditCursor | None, page: AuditPage
    ) -> None:
        if request != self._pages.asked:
            return  # the coordinator asked for something else meanwhile
        rows = [*self.model.rows(), *page.rows] if after is not None else list(page.rows)
        self.model.set_rows(rows)
        self._pages.filters, self._pages.next = filters, page.next
        self.more_button.setEnabled(page.next is not None)
        t = self._ctx.t
        shown = t.ngettext("{n} event shown.", "{n} events shown.", len(rows)).format(n=len(rows))
        older = t.gettext("There are older ones: Show more.") if page.next else ""
        self.count.setText(f"{shown} {older}".strip())

    def check(self) -> Job:
        """Walk the whole chain in the background (it reads every row of the trail), and
        compare its end with the anchors kept beside the keys and with the backups."""
        ctx = self._ctx
        self.chain.setPalette(self.palette())
        self.chain.setText(ctx.t.gettext("Checking the audit trail..."))

        return run_read(
            ctx, self, lambda s: check_chain(s, ctx.actor, _anchors(ctx)), self._checked
        )

    def _checked(self, report: ChainReport) -> None:
        ctx = self._ctx
        self.chain.setText("\n".join(report_lines(ctx.t, report, ctx.clock.zone)))
        palette = self.chain.palette()
        colour = theme.done_colour() if report.intact else theme.error_colour()
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        self.chain.setPalette(palette)

    def export(self) -> None:
        ctx, filters = self._ctx, self.filters()
        if filters is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self, ctx.t.gettext("Export the audit trail"), "soglia-audit.csv", "CSV (*.csv)"
        )
        if name:
            self.export_to(Path(name), filters)

    def export_to(self, path: Path, filters: AuditFilter) -> Job:
        """Write the CSV in the background (the export is audited)."""
        ctx = self._ctx

        def work(session: Session) -> Path:
            text = audit_csv(session, ctx.actor, ctx.clock, filters)
            try:  # in the transaction: an export that failed is not audited as made
                path.write_text(text, encoding="utf-8-sig")  # Excel reads UTF-8 with its mark
            except OSError:
                raise KnownError(ErrorCode.EXPORT_FAILED) from None
            return path

        job = run_write(ctx, self, work, self._exported)
        assert job is not None  # None only for a form already saving
        return job

    def _exported(self, path: Path) -> None:
        t = self._ctx.t
        messages.show_info(self, t, t.format(t.gettext("Saved in {path}."), path=str(path)))


def _anchors(ctx: DeskContext) -> list[Anchor]:
    """Every anchor of the trail's end outside the database (none for a desk without keys)."""
    if ctx.keys is None:
        return []
    second = ctx.clinic.second_backup_folder
    return every_anchor(ctx.folder, ctx.keys.key, Path(second) if second else None)


class _Pages:
    """What the table shows: the filters, where the next page starts, the last request made."""

    def __init__(self) -> None:
        self.filters: AuditFilter | None = None
        self.next: AuditCursor | None = None
        self.asked = 0

    def ask(self) -> int:
        self.asked += 1
        return self.asked
