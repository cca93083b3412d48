"""First start: the clinic, its first coordinator, and the recovery key, checked as noted.

Nothing is written before the last page: the form is validated whole (`validate_setup`), the
recovery key shown, and part of it typed back, so that it was really noted. Then the database
is made (or, in a folder from before staff accounts, its key wrapped) and the coordinator is in.
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import available_timezones

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from clinic.common.clock import Clock
from clinic.common.errors import ValidationError
from clinic.i18n.messages import error_text, field_errors
from clinic.i18n.translator import LANGUAGES, Translator
from clinic.settings.configuration import system_time_zone
from clinic.staff.accounts import SetUp, SetUpForm, validate_setup
from clinic.staff.opening import OpenClinic, set_up
from db.errors import DatabaseOpenError
from db.folder import DataFolder
from db.keyslots import new_recovery_key
from reports.recovery_key import RecoverySheet
from ui.common.field_row import FieldWithError, show_field_errors
from ui.common.form_saving import Form
from ui.common.searchable_combo import searchable_combo
from ui.common.waiting import Waiting
from ui.login.password_dialog import password_field
from ui.login.recovery_key_output import PRINT, SAVE, output_recovery_key

CHECKED_GROUPS = (2, 7)  # which groups of the recovery key are typed back (1-based)


class SetupWizard(QWizard):
    """After `exec()`, `opened` is the clinic set up and opened for its first coordinator."""

    def __init__(
        self, folder: DataFolder, t: Translator, clock: Clock, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._folder, self._t, self._clock = folder, t, clock
        self.opened: OpenClinic | None = None
        self.open_failure: DatabaseOpenError | None = None
        self.recovery_key = new_recovery_key()
        self.setup: SetUp | None = None
        _ = t.gettext
        self.setWindowTitle(_("Set up Soglia"))
        self.clinic_page = _ClinicPage(t)
        self.account_page = _AccountPage(self, t)
        self.key_page = _RecoveryKeyPage(self, t, clock)
        self.check_page = _CheckPage(self, t)
        for page in (self.clinic_page, self.account_page, self.key_page, self.check_page):
            self.addPage(page)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)

    def form(self) -> SetUpForm:
        clinic, account = self.clinic_page, self.account_page
        return SetUpForm(
            clinic.name.text(),
            clinic.time_zone.currentText().strip(),
            str(clinic.language.currentData()),
            account.username.text(),
            account.display_name.text(),
            account.password.text(),
            account.password_again.text(),
        )

    def accept(self) -> None:
        """Create everything on a worker; on failure the wizard stays open with a message on its
        last page."""
        if self.setup is None or not self.validateCurrentPage():  # Qt's accept() checks this
            return
        folder, setup, clock = self._folder, self.setup, self._clock
        recovery_key = self.recovery_key
        held = [
            self.check_page.group_a,
            self.check_page.group_b,
            *(self.button(which) for which in _BUTTONS),
        ]
        self.check_page.waiting.run(
            Form(self.check_page.rows, held, self),
            self._t.gettext("Creating the clinic's encrypted database..."),
            lambda: _set_up(folder, setup, recovery_key, clock),
            self._created,
            lambda error: self.check_page.rows["group_a"].set_error(error_text(self._t, error)),
        )

    def _created(self, result: OpenClinic | DatabaseOpenError) -> None:
        if isinstance(result, DatabaseOpenError):
            self.open_failure = result
            self.reject()
            return
        self.opened = result
        super().accept()


_BUTTONS = (
    QWizard.WizardButton.BackButton,
    QWizard.WizardButton.FinishButton,
    QWizard.WizardButton.CancelButton,
)


def _set_up(
    folder: DataFolder, setup: SetUp, recovery_key: str, clock: Clock
) -> OpenClinic | DatabaseOpenError:
    """On the worker: the clinic set up and opened, or why its database cannot be."""
    try:
        return set_up(folder, setup, recovery_key, clock)
    except DatabaseOpenError as failure:
        return failure


class _ClinicPage(QWizardPage):
    def __init__(self, t: Translator) -> None:
        super().__init__()
        _ = t.gettext
        self.setTitle(_("Welcome to Soglia"))
        explanation = _wrapped(
            _("First, the clinic. Everything can be changed later under Settings.")
        )
        self.name = QLineEdit()
        self.time_zone = searchable_combo((z, z) for z in sorted(available_timezones()))
        self.time_zone.setCurrentText(system_time_zone())
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(t.language), 0))
        self.rows = {
            "clinic_name": FieldWithError(self.name),
            "time_zone": FieldWithError(self.time_zone),
            "language": FieldWithError(self.language),
        }
        form = QFormLayout(self)
        form.addRow(explanation)
        form.addRow(_("&Name of the clinic"), self.rows["clinic_name"])
        form.addRow(_("&Time zone"), self.rows["time_zone"])
        form.addRow(_("&Language"), self.rows["language"])


class _AccountPage(QWizardPage):
    def __init__(self, wizard: SetupWizard, t: Translator) -> None:
        super().__init__()
        self._wizard, self._t = wizard, t
        _ = t.gettext
        self.setTitle(_("The first coordinator"))
        explanation = _wrapped(
            _(
                "This account manages the others. Its password, with the recovery key, is what "
                "opens the encrypted database: choose one that only you know."
            )
        )
        self.username = QLineEdit()
        self.display_name = QLineEdit()
        self.password = password_field()
        self.password_again = password_field()
        self.rows = {
            "username": FieldWithError(self.username),
            "display_name": FieldWithError(self.display_name),
            "password": FieldWithError(self.password),
            "password_again": FieldWithError(self.password_again),
        }
        form = QFormLayout(self)
        form.addRow(explanation)
        form.addRow(_("&User name"), self.rows["username"])
        form.addRow(_("&Full name or initials"), self.rows["display_name"])
        form.addRow(_("&Password"), self.rows["password"])
        form.addRow(_("&Again"), self.rows["password_again"])

    def validatePage(self) -> bool:
        wizard, t = self._wizard, self._t
        pages = {**wizard.clinic_page.rows, **self.rows}
        try:
            wizard.setup = validate_setup(
                wizard.form(), frozenset(available_timezones()), frozenset(LANGUAGES)
            )
        except ValidationError as error:
            show_field_errors(t, pages, error)
            if set(field_errors(error)) & set(wizard.clinic_page.rows):
                wizard.back()
            return False
        return True


class _RecoveryKeyPage(QWizardPage):
    saved = Signal(object)  # the Path where the key's PDF was written

    def __init__(self, wizard: SetupWizard, t: Translator, clock: Clock) -> None:
        super().__init__()
        self._wizard, self._t, self._clock = wizard, t, clock
        _ = t.gettext
        self.setTitle(_("The recovery key"))
        explanation = _wrapped(
            _(
                "If every coordinator's password is lost, only this key opens the database. "
                "Print it or write it down now, and keep it in the clinic's safe. It is shown "
                "only this once."
            )
        )
        self.key = QLabel(wizard.recovery_key)
        self.key.setObjectName("recoveryKey")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.key.setFont(font)
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.print_button = QPushButton(_("&Print..."))
        self.print_button.clicked.connect(lambda: self._output(PRINT))
        self.save_button = QPushButton(_("&Save as PDF…"))
        self.save_button.clicked.connect(lambda: self._output(SAVE))
        self.saved_note = _wrapped("")
        self.saved_note.hide()
        self.noted = QCheckBox(_("I have &noted the recovery key, and it will be kept safe"))
        self.registerField("noted*", self.noted)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.key)
        layout.addLayout(buttons)
        layout.addWidget(self.saved_note)
        layout.addWidget(self.noted)

    def _output(self, how: str) -> None:
        """Print the key or save it as a PDF: the same sheet either way."""
        wizard = self._wizard
        name = wizard.setup.clinic_name if wizard.setup else wizard.clinic_page.name.text()
        sheet = RecoverySheet(name, wizard.recovery_key, self._clock.today(), self._t.language)
        for button in (self.print_button, self.save_button):
            button.setEnabled(False)  # until the sheet is laid out and handed over
        self.job = output_recovery_key(self, self._t, sheet, how, self._saved)
        self.job.done.connect(self._enable_buttons)
        self.job.failed.connect(self._enable_buttons)

    def _enable_buttons(self) -> None:
        for button in (self.print_button, self.save_button):
            button.setEnabled(True)

    def _saved(self, path: Path) -> None:
        text = self._t.gettext(
            "Saved as {file}. Print it, put the sheet in the safe, then delete the file: "
            "a copy on this computer opens the database for anyone who finds it."
        )
        self.saved_note.setText(text.format(file=str(path)))
        self.saved_note.show()
        self.saved.emit(path)


class _CheckPage(QWizardPage):
    def __init__(self, wizard: SetupWizard, t: Translator) -> None:
        super().__init__()
        self._wizard, self._t = wizard, t
        _ = t.gettext
        self.setTitle(_("Check the recovery key"))
        a, b = CHECKED_GROUPS
        explanation = _wrapped(
            t.format(
                _("To be sure it was noted, type group {a} and group {b} of the recovery key."),
                a=a,
                b=b,
            )
        )
        self.group_a = QLineEdit()
        self.group_b = QLineEdit()
        for edit in (self.group_a, self.group_b):
            edit.setMaxLength(12)
        self.rows = {
            "group_a": FieldWithError(self.group_a),
            "group_b": FieldWithError(self.group_b),
        }
        form = QFormLayout(self)
        form.addRow(explanation)
        form.addRow(t.format(_("Group {n}"), n=a), self.rows["group_a"])
        form.addRow(t.format(_("Group {n}"), n=b), self.rows["group_b"])
        self.waiting = Waiting()
        form.addRow(self.waiting)
        self.setFinalPage(True)

    def validatePage(self) -> bool:
        groups = self._wizard.recovery_key.split("-")
        ok = True
        edits = ((self.group_a, self.rows["group_a"]), (self.group_b, self.rows["group_b"]))
        for (edit, row), number in zip(edits, CHECKED_GROUPS, strict=True):
            wrong = "".join(edit.text().split()).upper() != groups[number - 1]
            row.set_error(self._t.gettext("This is not that group of the key.") if wrong else None)
            ok = ok and not wrong
        return ok


def _wrapped(text: str) -> QLabel:
    """An explanation that wraps (a wizard's subtitle would be cut in some styles)."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label
