"""New person (code questions, code preview, duplicate check), and a person's record.

Reception registers and edits; other roles see the record read-only. Whatever happens on save
(a field refused, a code taken meanwhile, a full disk), the form keeps what was typed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic.audit.words import PERSON_FIELDS
from clinic.common.errors import ConflictError, KnownError, ValidationError
from clinic.common.permissions import Permission
from clinic.i18n.messages import error_text, field_errors
from clinic.person_file.editing import edit_person
from clinic.registry.person_form import (
    NAME_MAX,
    CodeAnswers,
    PersonForm,
    PersonRecord,
    validate_person,
)
from clinic.registry.persons import Change, PersonDetail, register_person
from clinic.registry.registration import CodeProposal, new_card_code, preview_code, propose_code
from clinic.registry.vocabulary import CodeScheme, ConsentStatus
from ui.common import messages
from ui.common.field_row import FieldWithError, show_field_errors
from ui.common.row_table_model import Column, RowTableModel
from ui.common.shortcuts import key_text, shortcut
from ui.context import DeskContext
from ui.operations import Form, Work, read_now, run_write
from ui.registry.consent_dialog import ConsentDialog
from ui.registry.duplicates_dialog import Decision, DuplicatesDialog
from ui.registry.person_form_widget import PersonFormWidget


def form_from_detail(ctx: DeskContext, detail: PersonDetail) -> PersonForm:
    r = detail.record
    t = ctx.t
    return PersonForm(
        alias=r.alias or "",
        gender=r.gender.value,
        birth=t.short_date(r.birth_date) if r.birth_date else str(r.birth_year or ""),
        country=r.country or "",
        languages=r.languages,
        work_settings=tuple(s.value for s in r.work_settings),
        engagement=r.engagement.value,
        first_contact=t.short_date(r.first_contact),
        contact_channel=r.contact_channel.value,
        consent_date=t.short_date(r.consent_date),
        consent_not_asked=r.consent is ConsentStatus.NOT_ASKED,
    )


class PersonDialog(QDialog):
    """`detail=None` registers a new person; otherwise shows `detail` (editable by reception).

    After `exec()`, `person_id` is the saved (or chosen existing) person and `check_in_requested`
    says whether the receptionist asked to check them in straight away.
    """

    def __init__(
        self,
        ctx: DeskContext,
        parent: QWidget | None,
        detail: PersonDetail | None = None,
        history: list[Change] | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._detail = detail
        self.person_id: int | None = detail.id if detail else None
        self.chose_existing = False  # "same person": person_id is someone already registered
        self.check_in_requested = False
        self.editable = ctx.actor.can(
            Permission.PERSON_CREATE if detail is None else Permission.PERSON_UPDATE
        )
        _ = ctx.t.gettext
        self.setWindowTitle(
            _("New person")
            if detail is None
            else ctx.t.format(_("Person {code}"), code=detail.code)
        )
        self.fields = PersonFormWidget(ctx)
        self.code_preview = code_label()
        self.family_name = QLineEdit()
        self.given_name = QLineEdit()
        self._answer_rows: dict[str, FieldWithError] = {}
        self._card_code: str | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self._code_box())
        layout.addWidget(self.fields)
        if history:
            layout.addWidget(self._history_box(history))
        buttons = self._buttons()
        layout.addWidget(buttons)
        rows = {**self._answer_rows, **self.fields.rows}
        self.saving = Form(rows, buttons.buttons(), self)
        if detail is not None:
            self.fields.set_form(form_from_detail(ctx, detail))
        self.fields.setEnabled(self.editable)
        self._saved_form = self._snapshot()
        self.fields.changed.connect(self._update_preview)
        self._update_preview()
        self._focus_first()

    # ----- layout -----------------------------------------------------------------------------

    def _code_box(self) -> QWidget:
        _ = self._ctx.t.gettext
        if self._detail is not None:
            self.code_preview.setText(self._detail.code)
            return self.code_preview
        if self._ctx.clinic.code_scheme is CodeScheme.CARD:
            return self._card_box()
        box = QGroupBox(_("Questions for the code"))
        form = QFormLayout(box)
        note = QLabel(
            _(
                "Ask the names the person gives each time. "
                "They are only used to make the code and are never saved."
            )
        )
        note.setWordWrap(True)
        form.addRow(note)
        for name, label, edit in (
            ("family_name", _("Famil&y name"), self.family_name),
            ("given_name", _("Gi&ven name"), self.given_name),
        ):
            edit.setMaxLength(NAME_MAX)  # the limit clinic/ checks, felt while typing
            edit.textChanged.connect(self._update_preview)
            self._answer_rows[name] = FieldWithError(edit)
            form.addRow(label, self._answer_rows[name])
        form.addRow(_("Code"), self.code_preview)
        form.addRow(QLabel(_("Gender and birth date below are part of the code too.")))
        return box

    def _card_box(self) -> QGroupBox:
        _ = self._ctx.t.gettext
        box = QGroupBox(_("Card code"))
        form = QFormLayout(box)
        note = QLabel(_("Write this code on the person's card before saving."))
        note.setWordWrap(True)
        form.addRow(note)
        form.addRow(_("Code"), self.code_preview)
        self._draw_card_code()
        return box

    def _history_box(self, history: list[Change]) -> QGroupBox:
        box = QGroupBox(self._ctx.t.gettext("Changes to this record"))
        self.history = history_model(self._ctx)
        self.history.set_rows(list(reversed(history)))
        view = QTableView()
        view.setObjectName("history")
        view.setModel(self.history)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        view.horizontalHeader().setStretchLastSection(True)
        view.setMaximumHeight(140)
        QVBoxLayout(box).addWidget(view)
        return box

    def _buttons(self) -> QDialogButtonBox:
        _ = self._ctx.t.gettext
        buttons = QDialogButtonBox()
        if not self.editable:
            close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
            close.clicked.connect(self.reject)
            return buttons
        save = _("&Save")
        self.save_button = QPushButton(f"{save}  ({key_text('Ctrl+S')})")
        self.save_button.setDefault(True)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.clicked.connect(lambda: self._save(check_in=False))
        shortcut("Ctrl+S", self, lambda: self._save(check_in=False))
        if self._ctx.actor.can(Permission.VISIT_CREATE):
            save_check_in = _("Save and &check in")
            self.save_check_in_button = QPushButton(f"{save_check_in}  ({key_text('Ctrl+Enter')})")
            buttons.addButton(self.save_check_in_button, QDialogButtonBox.ButtonRole.ActionRole)
            self.save_check_in_button.clicked.connect(lambda: self._save(check_in=True))
            for keys in ("Ctrl+Return", "Ctrl+Enter"):
                shortcut(keys, self, lambda: self._save(check_in=True))
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.clicked.connect(self.reject)
        return buttons

    def _focus_first(self) -> None:
        if self._detail is None and self._answer_rows:
            self.family_name.setFocus()
        else:
            self.fields.alias.setFocus()

    # ----- code -------------------------------------------------------------------------------

    def _update_preview(self) -> None:
        if self._detail is not None or self._ctx.clinic.code_scheme is not CodeScheme.SLK581:
            return
        form = self.fields.form()
        code = preview_code(
            CodeAnswers(self.family_name.text(), self.given_name.text()),
            form.birth,
            form.gender,
            self._ctx.t.locale_name,
            self._ctx.clock.today(),
        )
        self.code_preview.setText(code or self._ctx.t.gettext("(needs the birth year)"))

    def _draw_card_code(self) -> None:
        """A card code to write on the card; a failed draw says why in its place."""
        ctx = self._ctx
        self._card_code = read_now(
            ctx,
            self,
            lambda s: new_card_code(s, ctx.actor),
            failed=lambda error: self.code_preview.setText(error_text(ctx.t, error)),
        )
        if self._card_code is not None:
            self.code_preview.setText(self._card_code)

    # ----- closing ----------------------------------------------------------------------------

    def _snapshot(self) -> tuple[PersonForm, str, str]:
        return self.fields.form(), self.family_name.text(), self.given_name.text()

    def reject(self) -> None:
        if (
            self.editable
            and self._snapshot() != self._saved_form
            and not messages.close_without_saving(self, self._ctx.t)
        ):
            return
        super().reject()

    # ----- saving -----------------------------------------------------------------------------

    def _save(self, *, check_in: bool) -> None:
        if self.saving.busy:
            return  # Ctrl+S while saving: no second question, no second person
        show_field_errors(self._ctx.t, self.saving.rows, None)
        record = self._checked_record()
        if record is None:
            return
        if self._detail is None:
            self._register(record, check_in=check_in)
        else:
            self._update(record, check_in=check_in)

    def _checked_record(self) -> PersonRecord | None:
        """The form as a record, or None once the person has been shown what is missing."""
        ctx = self._ctx
        try:
            record = validate_person(self.fields.form(), ctx.t.locale_name, ctx.clock.today())
            if self._detail is None and record.consent is None:
                if not self._ask_consent():
                    return None
                record = validate_person(self.fields.form(), ctx.t.locale_name, ctx.clock.today())
        except ValidationError as error:
            self._show_refusal(error)
            return None
        return record

    def _ask_consent(self) -> bool:
        """Ask once, before a new person is saved without an answer; the answer goes into the
        form, so a save that fails later (a duplicate, a full disk) does not ask again."""
        dialog = ConsentDialog(self._ctx, self, None)
        try:
            answer = dialog.answer if dialog.exec() else None
        finally:
            dialog.deleteLater()
        if answer is None:
            self.fields.consent_date.setFocus()
            return False
        self.fields.consent_date.setText(answer[0])
        self.fields.consent_not_asked.setChecked(answer[1])
        return True

    def _show_refusal(self, error: KnownError) -> None:
        """Under the fields it concerns, with the focus on the first of them; in a message box
        when it concerns none of them."""
        self.saving.failed(self._ctx.t, self)(error)
        names = set(field_errors(error)) if isinstance(error, ValidationError) else {error.field}
        if names & self._answer_rows.keys():
            self.family_name.setFocus()  # the code's questions come first, family name first
            return
        refused = [row.field for name, row in self.fields.rows.items() if name in names]
        if refused:
            refused[0].setFocus()

    def _register(self, record: PersonRecord, *, check_in: bool) -> None:
        if self._card_code is not None:
            self._write_new(record, self._card_code, shared=False, check_in=check_in)
            return
        proposal = self._proposal(record)
        if proposal is None:
            return
        if not proposal.needs_decision:
            self._write_new(record, proposal.code, shared=False, check_in=check_in)
            return
        dialog = DuplicatesDialog(self._ctx, proposal, self)
        dialog.exec()
        dialog.deleteLater()
        if dialog.decision is Decision.SAME_PERSON and dialog.chosen_person_id is not None:
            self.chose_existing = True
            self._close_on(dialog.chosen_person_id, check_in=check_in)
        elif dialog.decision is Decision.DIFFERENT_PERSON:
            shared = bool(proposal.same_code)
            self._write_new(record, proposal.code, shared=shared, check_in=check_in)

    def _proposal(self, record: PersonRecord) -> CodeProposal | None:
        """The code the answers make and who already has it (or one close to it)."""
        ctx = self._ctx
        scheme = ctx.clinic.code_scheme
        answers = CodeAnswers(self.family_name.text(), self.given_name.text())
        return read_now(
            ctx,
            self,
            lambda s: propose_code(s, ctx.actor, scheme, record, answers),
            failed=self._show_refusal,
        )

    def _write_new(self, record: PersonRecord, code: str, *, shared: bool, check_in: bool) -> None:
        ctx = self._ctx
        self._write(
            lambda s: register_person(s, ctx.actor, ctx.clock, record, code, shared_code_ok=shared),
            check_in=check_in,
        )

    def _update(self, record: PersonRecord, *, check_in: bool) -> None:
        ctx, detail = self._ctx, self._detail
        assert detail is not None
        self._write(
            lambda s: edit_person(s, ctx.actor, ctx.clock, detail.id, detail.revision, record),
            check_in=check_in,
        )

    def _write(self, work: Work[PersonDetail], *, check_in: bool) -> None:
        """On the writer thread, the buttons held meanwhile; the dialog closes once saved."""
        run_write(
            self._ctx,
            self,
            work,
            lambda saved: self._close_on(saved.id, check_in=check_in),
            form=self.saving,
            failed=self._refused,
        )

    def _refused(self, error: KnownError) -> None:
        self._show_refusal(error)
        if isinstance(error, ConflictError) and self._card_code is not None:
            self._draw_card_code()  # the card code was taken meanwhile: offer another

    def _close_on(self, person_id: int, *, check_in: bool) -> None:
        self.person_id = person_id
        self.check_in_requested = check_in
        self.accept()


def code_label() -> QLabel:
    """The person's code, large and selectable: what the desk reads out and copies."""
    label = QLabel()
    label.setObjectName("code")
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    label.setFont(font)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def history_model(ctx: DeskContext) -> RowTableModel[Change]:
    """When, who and which field: the values themselves stay out of sight."""
    t = ctx.t
    _ = t.gettext
    zone = ctx.clock.zone
    columns: list[Column[Change]] = [
        Column(lambda: _("When"), lambda c: t.datetime(c.changed_at, zone), lambda c: c.changed_at),
        Column(lambda: _("Who"), lambda c: c.staff_name),
        Column(lambda: _("What changed"), lambda c: _(PERSON_FIELDS.get(c.field, c.field))),
    ]
    return RowTableModel(columns)
