"""Settings: this computer's interface language, and the clinic's own settings (coordinator only).

The language is a per-user setting kept on this computer; the clinic's settings are kept in the
database, so they are backed up with it and the same at every desk.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from clinic.common.permissions import Permission
from clinic.i18n.translator import LANGUAGES
from clinic.registry.vocabulary import CodeScheme
from clinic.settings.configuration import save_settings, time_zones
from clinic.settings.words import CODE_SCHEMES
from clinic.vaccinations.words import VACCINE_PROFILE_NAMES
from ui.common.field_row import FieldWithError
from ui.common.searchable_combo import searchable_combo
from ui.common.ui_settings import UiSettings
from ui.context import DeskContext
from ui.operations import Form, run_write


class SettingsPage(QWidget):
    language_chosen = Signal(str)
    clinic_saved = Signal(object)  # ClinicSettings

    def __init__(self, ctx: DeskContext, ui_settings: UiSettings) -> None:
        super().__init__()
        self._ctx = ctx
        self._ui = ui_settings
        layout = QVBoxLayout(self)
        layout.addWidget(self._language_box())
        layout.addWidget(self._clinic_box())
        layout.addStretch(1)

    def _language_box(self) -> QGroupBox:
        _ = self._ctx.t.gettext
        box = QGroupBox(_("This computer"))
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(self._ctx.t.language))
        self.apply_language_button = QPushButton(_("&Apply"))
        self.apply_language_button.clicked.connect(self._apply_language)
        row = QHBoxLayout()
        row.addWidget(self.language, 1)
        row.addWidget(self.apply_language_button)
        form = QFormLayout(box)
        label = QLabel(_("Interface &language"))
        label.setBuddy(self.language)
        form.addRow(label, row)
        return box

    def _clinic_box(self) -> QGroupBox:
        _ = self._ctx.t.gettext
        clinic = self._ctx.clinic
        box = QGroupBox(_("The clinic (the same at every desk)"))
        self.code_scheme = QComboBox()
        for scheme, text in CODE_SCHEMES.items():
            self.code_scheme.addItem(_(text), scheme.value)
        self.code_scheme.setCurrentIndex(self.code_scheme.findData(clinic.code_scheme.value))
        may_change = self._ctx.actor.can(Permission.CONFIGURE_CLINIC)
        self.time_zone = _time_zone_combo(clinic.time_zone, may_change)
        self.lock_minutes = QSpinBox()
        self.lock_minutes.setRange(1, 240)
        self.lock_minutes.setValue(clinic.lock_minutes)
        self.lock_minutes.setSuffix(" min")
        self.follow_up_days = QSpinBox()
        self.follow_up_days.setRange(1, 365)
        self.follow_up_days.setValue(clinic.referral_follow_up_days)
        self.follow_up_days.setSuffix(" " + _("days"))
        self.expiry_days = QSpinBox()
        self.expiry_days.setRange(1, 365)
        self.expiry_days.setValue(clinic.stock_expiry_days)
        self.expiry_days.setSuffix(" " + _("days"))
        self.vaccine_profile = QComboBox()
        for profile, text in VACCINE_PROFILE_NAMES.items():
            self.vaccine_profile.addItem(_(text), profile)
        self.vaccine_profile.setCurrentIndex(self.vaccine_profile.findData(clinic.vaccine_profile))
        self.second_backup_folder = QLineEdit(clinic.second_backup_folder)
        self.second_backup_folder.setPlaceholderText(_("Optional: a USB stick or another disk"))
        self.rows = {
            "code_scheme": FieldWithError(self.code_scheme),
            "time_zone": FieldWithError(self.time_zone),
            "lock_minutes": FieldWithError(self.lock_minutes),
            "second_backup_folder": FieldWithError(self.second_backup_folder),
            "vaccine_profile": FieldWithError(self.vaccine_profile),
            "referral_follow_up_days": FieldWithError(self.follow_up_days),
            "stock_expiry_days": FieldWithError(self.expiry_days),
        }
        self.save_clinic_button = QPushButton(_("&Save the clinic's settings"))
        self.save_clinic_button.clicked.connect(self._save_clinic)
        self._saving = Form(self.rows, [self.save_clinic_button], self)
        form = QFormLayout(box)
        form.addRow(_("&Codes for new persons"), self.rows["code_scheme"])
        form.addRow(_("&Time zone"), self.rows["time_zone"])
        form.addRow(_("Lock the desk after &no input for"), self.rows["lock_minutes"])
        form.addRow(_("Second &backup folder"), self.rows["second_backup_folder"])
        form.addRow(_("&Vaccination rules"), self.rows["vaccine_profile"])
        form.addRow(_("Follow a &referral up after"), self.rows["referral_follow_up_days"])
        form.addRow(_("Flag lots e&xpiring within"), self.rows["stock_expiry_days"])
        form.addRow(self.save_clinic_button)
        if not may_change:
            for widget in (
                self.code_scheme,
                self.time_zone,
                self.lock_minutes,
                self.second_backup_folder,
                self.vaccine_profile,
                self.follow_up_days,
                self.expiry_days,
                self.save_clinic_button,
            ):
                widget.setEnabled(False)
            form.addRow(QLabel(_("Only the coordinator can change the clinic's settings.")))
        return box

    def _apply_language(self) -> None:
        self.language_chosen.emit(str(self.language.currentData()))

    def _save_clinic(self) -> None:
        ctx = self._ctx
        chosen = replace(
            ctx.clinic,
            code_scheme=CodeScheme(self.code_scheme.currentData()),
            time_zone=self.time_zone.currentText().strip(),
            lock_minutes=self.lock_minutes.value(),
            second_backup_folder=self.second_backup_folder.text().strip(),
            vaccine_profile=str(self.vaccine_profile.currentData()),
            referral_follow_up_days=self.follow_up_days.value(),
            stock_expiry_days=self.expiry_days.value(),
        )
        run_write(
            ctx,
            self,
            lambda s: save_settings(s, ctx.actor, ctx.clock, chosen),
            lambda _done: self.clinic_saved.emit(chosen),
            form=self._saving,
        )


def _time_zone_combo(current: str, may_change: bool) -> QComboBox:
    """Every IANA zone, typed with completion (`rome` finds Europe/Rome); only the clinic's own
    for a desk that may not change it (filling the list costs some 40 ms)."""
    zones = time_zones() if may_change else (current,)
    combo = searchable_combo((zone, zone) for zone in zones)
    combo.setCurrentText(current)
    return combo
