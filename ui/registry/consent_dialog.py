"""The consent question, asked once (`clinic.registry.persons.consent_to_ask` says when and why).

Two answers: the date the person agreed (today, unless typed otherwise), or "not asked", said
explicitly. "Back" decides nothing: the form, or the desk, is as it was.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clinic.common.errors import ErrorCode, ValidationError
from clinic.registry.person_form import validate_consent
from ui.common.field_row import FieldWithError, show_field_errors
from ui.context import DeskContext


class ConsentDialog(QDialog):
    """After `exec()`, `answer` is (date typed, not asked) or None when the desk went back."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None, who: str | None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.answer: tuple[str, bool] | None = None
        _ = ctx.t.gettext
        self.setWindowTitle(_("Consent"))
        self.date = QLineEdit(ctx.t.short_date(ctx.clock.today()))
        self.date.setPlaceholderText(ctx.t.date_hint())
        self.date_row = FieldWithError(self.date)
        layout = QVBoxLayout(self)
        if who:
            layout.addWidget(_plain(who))
        layout.addWidget(_plain(_question(ctx, registered=who is not None)))
        form = QFormLayout()
        label = QLabel(_("Consent given &on"))
        label.setBuddy(self.date)
        form.addRow(label, self.date_row)
        layout.addLayout(form)
        layout.addWidget(self._buttons())
        self.date.setFocus()
        self.date.selectAll()

    def _buttons(self) -> QDialogButtonBox:
        _ = self._ctx.t.gettext
        box = QDialogButtonBox()
        self.given_button = box.addButton(
            _("Consent &given"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.given_button.setDefault(True)
        self.given_button.clicked.connect(self._given)
        self.not_asked_button = box.addButton(
            _("&Not asked"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.not_asked_button.clicked.connect(self._not_asked)
        back = box.addButton(_("&Back"), QDialogButtonBox.ButtonRole.RejectRole)
        back.clicked.connect(self.reject)
        return box

    def _given(self) -> None:
        t, today = self._ctx.t, self._ctx.clock.today()
        try:
            status, _date = validate_consent(self.date.text(), False, t.locale_name, today)
            if status is None:
                raise ValidationError.single(ErrorCode.CONSENT_REQUIRED, "consent_date")
        except ValidationError as error:
            show_field_errors(t, {"consent_date": self.date_row}, error)
            self.date.setFocus()
            return
        self.answer = (self.date.text(), False)
        self.accept()

    def _not_asked(self) -> None:
        self.answer = ("", True)
        self.accept()


def _question(ctx: DeskContext, *, registered: bool) -> str:
    _ = ctx.t.gettext
    ask = _(
        "Consent to keep this record was not recorded. "
        "Ask the person now whether the clinic may keep it."
    )
    if registered:
        refused = _("If they refuse, the record should not be kept: tell the coordinator.")
    else:
        refused = _(
            "If they refuse, go back and close the form without saving: "
            "the visit can still be counted as a walk-in."
        )
    return f"{ask}\n\n{refused}"


def _plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # a code or an alias is never markup
    label.setWordWrap(True)
    return label
