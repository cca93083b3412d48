"""The person's fields, shared by "New person" and "Edit person"; keeps what was typed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from clinic.registry.person_form import ALIAS_MAX, PersonForm
from clinic.registry.vocabulary import country_codes
from clinic.registry.words import CHANNELS, ENGAGEMENTS, GENDERS, WORK_SETTINGS
from ui.common.field_row import FieldWithError
from ui.common.language_picker import LanguagePicker
from ui.common.searchable_combo import searchable_combo
from ui.context import DeskContext


class PersonFormWidget(QWidget):
    """Gathers a `PersonForm`; `rows` hold each field with its error under it."""

    changed = Signal()

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        _ = ctx.t.gettext
        self.alias = QLineEdit()
        self.alias.setMaxLength(ALIAS_MAX)  # the limit clinic/ checks, felt while typing
        self.alias.setPlaceholderText(_("Optional: the name the person wants to be called"))
        self.gender = self._combo({k.value: _(v) for k, v in GENDERS.items()})
        self.birth = QLineEdit()
        self.birth.setPlaceholderText(
            ctx.t.format(_("{example}, or only the year"), example=ctx.t.date_hint())
        )
        self.country = self._country_combo()
        self.languages = LanguagePicker(ctx)
        self.work_settings = {k.value: QCheckBox(_(v)) for k, v in WORK_SETTINGS.items()}
        self.engagement = self._combo({k.value: _(v) for k, v in ENGAGEMENTS.items()})
        self.first_contact = QLineEdit()
        self.contact_channel = self._combo({k.value: _(v) for k, v in CHANNELS.items()})
        self.consent_date = QLineEdit()
        self.consent_date.setPlaceholderText(ctx.t.date_hint())
        self.consent_not_asked = QCheckBox(_("or &not asked"))
        self.rows: dict[str, FieldWithError] = {}
        self._layout_fields()
        # A new person starts from the form's defaults: nothing assumed, first contact today.
        self.set_form(PersonForm(first_contact=ctx.t.short_date(ctx.clock.today())))
        for edit in (self.alias, self.birth, self.first_contact, self.consent_date):
            edit.textChanged.connect(self.changed)
        self.gender.currentIndexChanged.connect(self.changed)
        self.consent_not_asked.toggled.connect(self.changed)

    def _combo(self, items: dict[str, str]) -> QComboBox:
        combo = QComboBox()
        for value, text in items.items():
            combo.addItem(text, value)
        return combo

    def _country_combo(self) -> QComboBox:
        t = self._ctx.t
        names = sorted((t.country(code), code) for code in country_codes())
        return searchable_combo([("", ""), *names])

    def _layout_fields(self) -> None:
        _ = self._ctx.t.gettext
        form = QFormLayout(self)
        settings = QWidget()
        settings_layout = QHBoxLayout(settings)
        settings_layout.setContentsMargins(0, 0, 0, 0)
        for box in self.work_settings.values():
            settings_layout.addWidget(box)
        consent = QWidget()
        consent_layout = QHBoxLayout(consent)
        consent_layout.setContentsMargins(0, 0, 0, 0)
        consent_layout.addWidget(self.consent_date, 1)
        consent_layout.addWidget(self.consent_not_asked)
        consent.setFocusProxy(self.consent_date)
        fields: list[tuple[str, str, QWidget]] = [
            ("alias", _("&Alias"), self.alias),
            ("gender", _("&Gender"), self.gender),
            ("birth", _("&Born"), self.birth),
            ("country", _("Country of &origin"), self.country),
            ("languages", _("&Languages"), self.languages),
            ("work_settings", _("Work settings"), settings),
            ("engagement", _("Sex work is"), self.engagement),
            ("first_contact", _("&First contact"), self.first_contact),
            ("contact_channel", _("How they &came"), self.contact_channel),
            ("consent_date", _("Consent given on"), consent),
        ]
        for name, label, widget in fields:
            self.rows[name] = FieldWithError(widget)
            form.addRow(label, self.rows[name])

    def form(self) -> PersonForm:
        return PersonForm(
            alias=self.alias.text(),
            gender=self.gender.currentData(),
            birth=self.birth.text(),
            country=self._country_value(),
            languages=self.languages.chosen(),
            work_settings=tuple(k for k, box in self.work_settings.items() if box.isChecked()),
            engagement=self.engagement.currentData(),
            first_contact=self.first_contact.text(),
            contact_channel=self.contact_channel.currentData(),
            consent_date=self.consent_date.text(),
            consent_not_asked=self.consent_not_asked.isChecked(),
        )

    def _country_value(self) -> str:
        text = self.country.currentText().strip()
        index = self.country.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return str(self.country.itemData(index))
        return text  # unknown: validation explains, and the text stays where it was typed

    def set_form(self, form: PersonForm) -> None:
        self.alias.setText(form.alias)
        self._select(self.gender, form.gender)
        self.birth.setText(form.birth)
        index = self.country.findData(form.country)
        self.country.setCurrentIndex(max(index, 0))
        self.languages.set_chosen(form.languages)
        for key, box in self.work_settings.items():
            box.setChecked(key in form.work_settings)
        self._select(self.engagement, form.engagement)
        self.first_contact.setText(form.first_contact)
        self._select(self.contact_channel, form.contact_channel)
        self.consent_date.setText(form.consent_date)
        self.consent_not_asked.setChecked(form.consent_not_asked)

    @staticmethod
    def _select(combo: QComboBox, value: str) -> None:
        combo.setCurrentIndex(max(combo.findData(value), 0))
