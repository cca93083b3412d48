"""The catalogue's two dialogs: an item (its names in every language, category, unit, lots,
limits) and a place (its name and kind). Each saves by Enter, shows a refusal under its field
with what was typed kept, and asks before Escape throws typing away."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from clinic.i18n.translator import LANGUAGES, Translator, translator
from clinic.materials import keeping
from clinic.materials.catalogue import Item, Place
from clinic.materials.keeping import ItemForm, PlaceForm
from clinic.materials.words import CATEGORIES, ITEM_NAMES, PLACE_KINDS, PLACE_NAMES, UNITS
from db.vocabulary.materials import ItemCategory
from ui.common import messages, theme
from ui.common.field_row import FieldWithError
from ui.common.form_saving import form_dialog_layout
from ui.common.jobs import Job
from ui.context import DeskContext
from ui.operations import Form, run_write


def _hint(text: str) -> QLabel:
    hint = QLabel(text)
    hint.setWordWrap(True)
    palette = hint.palette()
    palette.setColor(QPalette.ColorRole.WindowText, theme.hint_colour())
    hint.setPalette(palette)
    return hint


class ItemDialog(QDialog):
    """A new item, or one changed. After `exec()`, `saved_id` is the item saved (None if
    nothing was)."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None, item: Item | None) -> None:
        super().__init__(parent)
        self._ctx, self._item = ctx, item
        self.saved_id: int | None = None
        t = ctx.t
        _ = t.gettext
        self.setWindowTitle(
            _("New item") if item is None else t.format(_("Change “{item}”"), item=item.name(t))
        )
        self.form_layout = QFormLayout()
        self.rows: dict[str, FieldWithError] = {}
        self.names = self._name_fields()
        self.category = self._categories()
        self.unit = QComboBox()
        self.unit.addItem("", "")
        for unit, words in UNITS.items():
            self.unit.addItem(_(words), unit.value)
        self.tracks_lots = QCheckBox(_("&Lots and expiry dates tracked"))
        self.contact_limit = _limit_field(t)
        self.weekly_limit = _limit_field(t)
        self._add_row("category", _("Ca&tegory:"), self.category)
        self._add_row("unit", _("&Unit:"), self.unit)
        self.form_layout.addRow("", self.tracks_lots)
        self._add_row("contact_limit", _("Limit per &contact:"), self.contact_limit)
        self._add_row("weekly_limit", _("Limit per person per &week:"), self.weekly_limit)
        if item is not None:
            self._fill(item)
        self._typed = self.form()
        self.saving = Form(self.rows, [form_dialog_layout(self, self.form_layout, self.save)], self)
        self.setMinimumWidth(520)

    def _add_row(self, name: str, label: str, field: QWidget) -> None:
        self.rows[name] = FieldWithError(field)
        self.form_layout.addRow(label, self.rows[name])

    def _name_fields(self) -> dict[str, QLineEdit]:
        """A name per language, the user's own first (the one required), each labelled with
        the language's name in the user's language; a blank one shows in grey what the item
        reads as in that language."""
        t = self._ctx.t
        own = t.language
        own_label, other_label = t.gettext("&Name in {language}:"), t.gettext("Name in {language}:")
        fields: dict[str, QLineEdit] = {}
        for language in (own, *(code for code in LANGUAGES if code != own)):
            field = QLineEdit()
            field.setMaxLength(keeping.NAME_MAX)
            field.setPlaceholderText(self._default_name(language))
            label = own_label if language == own else other_label
            name = t.language_name(language, in_sentence=True)
            self._add_row(f"name_{language}", label.format(language=name), field)
            fields[language] = field
        self.form_layout.addRow("", _hint(self._names_hint()))
        return fields

    def _default_name(self, language: str) -> str:
        """What a name left blank reads as: Soglia's own words, or the vaccine's product."""
        item = self._item
        if item is None:
            return ""
        if item.code is not None and item.code in ITEM_NAMES:
            return translator(language).gettext(ITEM_NAMES[item.code])
        return item.product or ""

    def _names_hint(self) -> str:
        _ = self._ctx.t.gettext
        if self._item is not None and (self._item.code is not None or self._item.product):
            return _("A language left blank reads as the name shown in grey.")
        return _(
            "The other languages may be left blank: the item then reads in one that has a name."
        )

    def _categories(self) -> QComboBox:
        """Vaccines come from the vaccine products: not offered for another item; a vaccine's
        category is fixed."""
        _ = self._ctx.t.gettext
        box = QComboBox()
        vaccine = self._item is not None and self._item.category is ItemCategory.VACCINES
        if not vaccine:
            box.addItem("", "")
        for category, words in CATEGORIES.items():
            if (category is ItemCategory.VACCINES) == vaccine:
                box.addItem(_(words), category.value)
        box.setEnabled(not vaccine)
        return box

    def _fill(self, item: Item) -> None:
        for language, name in item.names:
            if language in self.names:
                self.names[language].setText(name)
        self.category.setCurrentIndex(max(self.category.findData(item.category.value), 0))
        self.unit.setCurrentIndex(max(self.unit.findData(item.unit.value), 0))
        self.tracks_lots.setChecked(item.tracks_lots)
        self.tracks_lots.setEnabled(False)
        self.tracks_lots.setToolTip(
            self._ctx.t.gettext(
                "Chosen when the item was added: the lots already received depend on it."
            )
        )
        for field, value in (
            (self.contact_limit, item.contact_limit),
            (self.weekly_limit, item.weekly_limit),
        ):
            field.setText("" if value is None else str(value))

    def form(self) -> ItemForm:
        return ItemForm(
            self._ctx.t.language,
            {language: field.text() for language, field in self.names.items()},
            self.category.currentData() or "",
            self.unit.currentData() or "",
            self.tracks_lots.isChecked(),
            self.contact_limit.text(),
            self.weekly_limit.text(),
        )

    def save(self) -> Job | None:
        ctx, form, item = self._ctx, self.form(), self._item
        if item is None:
            return run_write(
                ctx,
                self,
                lambda s: keeping.add_item(s, ctx.actor, ctx.clock, form),
                self._saved,
                form=self.saving,
            )
        return run_write(
            ctx,
            self,
            lambda s: keeping.change_item(s, ctx.actor, ctx.clock, item.id, form),
            lambda _none: self._saved(item.id),
            form=self.saving,
        )

    def _saved(self, item_id: int) -> None:
        self.saved_id = item_id
        self.accept()

    def reject(self) -> None:
        if self.form() != self._typed and not messages.close_without_saving(self, self._ctx.t):
            return
        super().reject()


def _limit_field(t: Translator) -> QLineEdit:
    field = QLineEdit()
    field.setPlaceholderText(t.gettext("No limit"))
    field.setMaxLength(6)
    return field


class PlaceDialog(QDialog):
    """A new place with its kind, or a place renamed. After `exec()`, `saved_id` is the place
    saved (None if nothing was)."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None, place: Place | None) -> None:
        super().__init__(parent)
        self._ctx, self._place = ctx, place
        self.saved_id: int | None = None
        t = ctx.t
        _ = t.gettext
        self.setWindowTitle(
            _("New place")
            if place is None
            else t.format(_("Rename “{place}”"), place=place.name(t))
        )
        self.name = QLineEdit()
        self.name.setMaxLength(keeping.PLACE_NAME_MAX)
        self.kind = QComboBox()
        self.kind.addItem("", "")  # chosen on purpose: the desk's stock is kept at a dispensary
        for kind, words in PLACE_KINDS.items():
            self.kind.addItem(_(words), kind.value)
        self.rows = {"name": FieldWithError(self.name), "kind": FieldWithError(self.kind)}
        form = QFormLayout()
        form.addRow(_("&Name:"), self.rows["name"])
        if place is None:
            form.addRow(_("&Kind:"), self.rows["kind"])
        else:
            self._fill(place, form)
        self._typed = self._values()
        self.saving = Form(self.rows, [form_dialog_layout(self, form, self.save)], self)
        self.setMinimumWidth(440)

    def _fill(self, place: Place, form: QFormLayout) -> None:
        """A place's own name; Soglia's places, left blank, read in each desk's language."""
        self.name.setText(place.given_name or "")
        if place.code is not None:
            t = self._ctx.t
            self.name.setPlaceholderText(t.gettext(PLACE_NAMES.get(place.code, place.code)))
            form.addRow("", _hint(t.gettext("Left blank, the place reads as Soglia names it.")))

    def _values(self) -> tuple[str, str]:
        return self.name.text(), self.kind.currentData() or ""

    def save(self) -> Job | None:
        ctx, (name, kind), place = self._ctx, self._values(), self._place
        if place is None:
            return run_write(
                ctx,
                self,
                lambda s: keeping.add_place(s, ctx.actor, ctx.clock, PlaceForm(name, kind)),
                self._saved,
                form=self.saving,
            )
        return run_write(
            ctx,
            self,
            lambda s: keeping.rename_place(s, ctx.actor, ctx.clock, place.id, name),
            lambda _none: self._saved(place.id),
            form=self.saving,
        )

    def _saved(self, place_id: int) -> None:
        self.saved_id = place_id
        self.accept()

    def reject(self) -> None:
        if self._values() != self._typed and not messages.close_without_saving(self, self._ctx.t):
            return
        super().reject()
