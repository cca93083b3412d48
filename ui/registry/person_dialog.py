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

from clinic.audit.transactions import reading, writing
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
from clinic.registry.registration import new_card_code, preview_code, propose_code
from clinic.registry.vocabulary import CodeScheme, ConsentStatus
from ui.common import messages
from ui.common.field_row import FieldWithError
from ui.common.row_table_model import Column, RowTableModel
from ui.common.shortcuts import key_text, shortcut
from ui.context import DeskContext
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
        layout.addWidget(self._buttons())
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
        ctx = self._ctx
        try:
            with reading(ctx.database, ctx.clock) as session:
                self._card_code = new_card_code(session, ctx.actor)
        except KnownError as error:
            self._card_code = None
            self.code_preview.setText(error_text(ctx.t, error))
            return
        self.code_preview.setText(self._card_code)

    # ----- closing ----------------------------------------------------------------------------

    def _snapshot(self) -> tuple[PersonForm, str, str]:
        return self.fields.form(), self.family_name.text(), self.given_name.text()

    def reject(self) -> None:
        if (
            self.editable
            and self._snapshot() != self._saved_form
            and not messages.confirm(
                self,
                self._ctx.t,
                self._ctx.t.gettext("Close without saving? What you typed will be lost."),
                self._ctx.t.gettext("Close without saving"),
                self._ctx.t.gettext("Keep editing"),
            )
        ):
            return
        super().reject()

    # ----- saving -----------------------------------------------------------------------------

    def _save(self, *, check_in: bool) -> None:
        ctx = self._ctx
        self._show_validation(None)
        try:
            record = validate_person(self.fields.form(), ctx.t.locale_name, ctx.clock.today())
            if self._detail is None and record.consent is None:
                if not self._ask_consent():
                    return
                record = validate_person(self.fields.form(), ctx.t.locale_name, ctx.clock.today())
            saved = self._register(record) if self._detail is None else self._update(record)
        except ValidationError as error:
            self._show_validation(error)
            return
        except KnownError as error:
            messages.show_error(self, ctx.t, error)
            if isinstance(error, ConflictError) and self._card_code is not None:
                self._draw_card_code()  # the card code was taken meanwhile: offer another
            return
        if saved:
            self.check_in_requested = check_in
            self.accept()

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

    def _show_validation(self, error: ValidationError | None) -> None:
        texts: dict[str, str] = {}
        if error is not None:
            texts = {f: error_text(self._ctx.t, e) for f, e in field_errors(error).items() if f}
        for name, row in self._answer_rows.items():
            row.set_error(texts.get(name))
        self.fields.show_errors(texts)
        if set(texts) & set(self._answer_rows):
            self.family_name.setFocus()

    def _register(self, record: PersonRecord) -> bool:
        ctx = self._ctx
        if self._card_code is not None:
            code, shared = self._card_code, False
        else:
            answers = CodeAnswers(self.family_name.text(), self.given_name.text())
            with reading(ctx.database, ctx.clock) as session:
                proposal = propose_code(session, ctx.actor, ctx.clinic.code_scheme, record, answers)
            code, shared = proposal.code, False
            if proposal.needs_decision:
                dialog = DuplicatesDialog(ctx, proposal, self)
                dialog.exec()
                dialog.deleteLater()
                if dialog.decision is Decision.BACK:
                    return False
                if dialog.decision is Decision.SAME_PERSON:
                    self.person_id = dialog.chosen_person_id
                    self.chose_existing = True
                    return True
                shared = bool(proposal.same_code)
        with writing(ctx.database, ctx.clock) as session:
            person = register_person(
                session, ctx.actor, ctx.clock, record, code, shared_code_ok=shared
            )
        self.person_id = person.id
        return True

    def _update(self, record: PersonRecord) -> bool:
        assert self._detail is not None
        ctx = self._ctx
        with writing(ctx.database, ctx.clock) as session:
            edit_person(
                session, ctx.actor, ctx.clock, self._detail.id, self._detail.revision, record
            )
        return True


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
