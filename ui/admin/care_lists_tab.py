"""The care lists (the coordinator): the entries each consultation or test form offers.

Left, the lists; right, the chosen list's entries in the order the forms show them, retired
ones too. Soglia's own entries read in the coordinator's language, those the clinic added as
they were written. An entry is added at the end (Ctrl+N), retired (Ctrl+R or Del: no longer
offered, records keep it) or offered again (Ctrl+Shift+R); nothing is deleted.
"""

from __future__ import annotations

from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from clinic.care.consultation_form import LISTS
from clinic.care.lists import NAME_MAX, ListEntry, add_entry, list_entries, set_entry_active
from clinic.care.vocabulary import CareList
from clinic.care.words import CARE_LISTS, CONSULTATION_KINDS
from clinic.common.errors import KnownError
from clinic.common.permissions import Permission
from clinic.i18n.translator import Translator
from ui.admin.offered_rows import (
    OfferedRowsModel,
    selected_offered,
    show_rows_keeping,
    state_column,
    watch_selection,
)
from ui.common import messages, theme
from ui.common.desk_buttons import DeskButtons
from ui.common.field_row import FieldWithError
from ui.common.form_saving import form_dialog_layout
from ui.common.jobs import Job
from ui.common.row_table_model import Column
from ui.common.shortcuts import shortcut
from ui.common.table_view import row_table
from ui.context import DeskContext
from ui.operations import Form, Loader, run_write


def entries_model(ctx: DeskContext) -> OfferedRowsModel[ListEntry]:
    t = ctx.t
    return OfferedRowsModel(
        [
            Column(lambda: t.gettext("Entry"), lambda e: e.text(t), width=30, stretch=True),
            state_column(t),
        ]
    )


def used_in_text(t: Translator, care_list: CareList) -> str:
    """Which forms offer the list, so the coordinator knows what an entry changes."""
    if care_list is CareList.TEST_KIND:
        return t.gettext("Offered when a rapid test is recorded.")
    if care_list is CareList.OUTREACH_ZONE:
        return t.gettext("Offered when a street session is recorded.")
    if care_list in (CareList.GROUP_VENUE, CareList.GROUP_TOPIC):
        return t.gettext("Offered when a group session is recorded.")
    kinds = [kind for kind, lists in LISTS.items() if care_list in lists]
    forms = ", ".join(t.gettext(CONSULTATION_KINDS[kind]) for kind in kinds)
    return t.format(t.gettext("Offered in: {forms}."), forms=forms)


class CareListsTab(QWidget):
    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._keep: int | None = None  # the entry to select once the list is read again
        self.lists = QListWidget()
        self.lists.setObjectName("careLists")
        self.lists.addItems([ctx.t.gettext(words) for words in CARE_LISTS.values()])
        self.used_in = QLabel()
        self.used_in.setWordWrap(True)
        self.model = entries_model(ctx)
        self.view, self.proxy = row_table(self.model, "careListEntries")
        self.view.setSortingEnabled(False)  # the order the forms show
        self.loader = Loader(ctx, self, self._show_rows)
        self._lay_out(self._buttons())
        self.lists.currentRowChanged.connect(lambda _row: self._list_chosen())
        self.lists.setCurrentRow(0)

    def _buttons(self) -> QHBoxLayout:
        ctx = self._ctx
        _ = ctx.t.gettext
        may = Permission.CARE_LISTS
        buttons = DeskButtons(ctx.actor, self)
        self.add_button = buttons.add(_("&Add an entry..."), "Ctrl+N", self.add_entry, may)
        self.retire_button = buttons.add(_("&Retire..."), "Ctrl+R", self.retire, may)
        shortcut("Del", self, self.retire, _("&Retire..."), enabled=ctx.actor.can(may))
        self.offer_button = buttons.add(_("&Offer again"), "Ctrl+Shift+R", self.offer_again, may)
        self._update_buttons = watch_selection(self.view, self.retire_button, self.offer_button)
        row = QHBoxLayout()
        for button in (self.add_button, self.retire_button, self.offer_button):
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _lay_out(self, buttons: QHBoxLayout) -> None:
        left = QVBoxLayout()
        left.addWidget(QLabel(self._ctx.t.gettext("Lists")))
        left.addWidget(self.lists, 1)
        right = QVBoxLayout()
        right.addWidget(self.used_in)
        right.addWidget(self.view, 1)
        both = QHBoxLayout()
        both.addLayout(left)
        both.addLayout(right, 1)
        layout = QVBoxLayout(self)  # the buttons below both: the tab fits a narrow screen
        layout.addLayout(both, 1)
        layout.addLayout(buttons)
        # Every list's name whole, in any language ("Durchgeführte Behandlung").
        room = self.lists.sizeHintForColumn(0) + 2 * self.lists.frameWidth() + theme.SPACING
        self.lists.setMinimumWidth(room)

    def care_list(self) -> CareList:
        """The list chosen on the left (they are shown in `CARE_LISTS`'s order)."""
        return list(CARE_LISTS)[max(self.lists.currentRow(), 0)]

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again: the lists as they are now (another desk may have changed them)."""
        super().showEvent(event)
        self.reload()

    def _list_chosen(self) -> None:
        self._keep = None
        self.used_in.setText(used_in_text(self._ctx.t, self.care_list()))
        self.reload()

    def reload(self) -> None:
        """The chosen list's entries, offered and retired, read in the background."""
        care_list = self.care_list()
        self.loader.load(lambda s: list_entries(s, [care_list], retired=True)[care_list])

    def _show_rows(self, rows: tuple[ListEntry, ...]) -> None:
        show_rows_keeping(self.view, self.model, rows, self._keep)
        self._keep = None
        self._update_buttons()

    def selected(self) -> ListEntry | None:
        entry = selected_offered(self.view)
        return entry if isinstance(entry, ListEntry) else None

    def add_entry(self) -> None:
        dialog = EntryDialog(self._ctx, self, self.care_list())
        try:
            dialog.exec()
            saved = dialog.saved_id
        finally:
            dialog.deleteLater()
        if saved is not None:
            self._keep = saved
            self.reload()

    def retire(self) -> None:
        entry, t = self.selected(), self._ctx.t
        if entry is None or not entry.active:
            return
        question = t.format(
            t.gettext(
                "Retire “{entry}”? It will no longer be offered in new records; the records "
                "that name it keep it. You can offer it again later."
            ),
            entry=entry.text(t),
        )
        if messages.confirm(self, t, question, t.gettext("Retire"), t.gettext("Keep it")):
            self._set_active(entry, active=False)

    def offer_again(self) -> None:
        entry = self.selected()
        if entry is not None and not entry.active:
            self._set_active(entry, active=True)

    def _set_active(self, entry: ListEntry, *, active: bool) -> Job | None:
        ctx = self._ctx
        self._keep = entry.id
        return run_write(
            ctx,
            self,
            lambda s: set_entry_active(s, ctx.actor, ctx.clock, entry.id, active=active),
            lambda _none: self.reload(),
            failed=self._refused,
        )

    def _refused(self, error: KnownError) -> None:
        messages.show_error(self, self._ctx.t, error)
        self.reload()


class EntryDialog(QDialog):
    """A new entry's name. After `exec()`, `saved_id` is the entry added (None if cancelled)."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None, care_list: CareList) -> None:
        super().__init__(parent)
        self._ctx, self._list = ctx, care_list
        self.saved_id: int | None = None
        t = ctx.t
        _ = t.gettext
        self.setWindowTitle(t.format(_("New entry in “{list}”"), list=_(CARE_LISTS[care_list])))
        self.name = QLineEdit()
        self.name.setMaxLength(NAME_MAX)
        self.rows = {"name": FieldWithError(self.name)}
        hint = QLabel(_("In your own words: it is shown as you write it, in every language."))
        hint.setWordWrap(True)
        palette = hint.palette()
        palette.setColor(QPalette.ColorRole.WindowText, theme.hint_colour())
        hint.setPalette(palette)
        form = QFormLayout()
        form.addRow(_("&Name:"), self.rows["name"])
        form.addRow("", hint)
        self.saving = Form(self.rows, [form_dialog_layout(self, form, self.save)], self)
        self.setMinimumWidth(420)

    def save(self) -> Job | None:
        ctx, care_list, name = self._ctx, self._list, self.name.text()
        return run_write(
            ctx,
            self,
            lambda s: add_entry(s, ctx.actor, ctx.clock, care_list, name, ctx.t),
            self._saved,
            form=self.saving,
        )

    def _saved(self, entry_id: int) -> None:
        self.saved_id = entry_id
        self.accept()

    def reject(self) -> None:
        if self.name.text().strip() and not messages.close_without_saving(self, self._ctx.t):
            return
        super().reject()
