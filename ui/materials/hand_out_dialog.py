"""Hand out (F9): a compact list of the active items, a quantity field each, filled by keyboard
alone: type a number, Tab to the next, Enter saves. "Same as last time" fills the person's last
basket. For someone without a record, gender and age band only. A refusal (a limit, a short
stock) is shown next to its item and what was typed stays; a nurse or the coordinator may then
go past it with a reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from clinic.common.permissions import Permission
from clinic.materials import catalogue
from clinic.materials.catalogue import Item, Place
from clinic.materials.hand_out import MAX_AT_ONCE, HandedOut, HandOutForm, hand_out, last_basket
from clinic.materials.words import UNITS
from clinic.registry.words import GENDERS
from db.vocabulary.materials import AgeBand, PlaceKind
from ui.common import messages
from ui.common.field_row import FieldWithError
from ui.common.form_saving import form_dialog_layout
from ui.common.jobs import Job
from ui.common.shortcuts import key_text, shortcut
from ui.context import DeskContext
from ui.operations import Form, run_read, run_write

AGE_BANDS = {
    AgeBand.UNDER_18: "<18",
    AgeBand.FROM_18: "18–24",
    AgeBand.FROM_25: "25–34",
    AgeBand.FROM_35: "35–44",
    AgeBand.FROM_45: "45–54",
    AgeBand.FROM_55: "55+",
}


@dataclass(frozen=True)
class HandOutChoices:
    """What the dialog offers, read before it opens: the items, the places, the last basket."""

    items: tuple[Item, ...]
    places: tuple[Place, ...]
    last: Mapping[int, int]


def read_choices(session: Session, ctx: DeskContext, person_id: int | None) -> HandOutChoices:
    actor = ctx.actor
    items = [i for i in catalogue.items(session, actor) if i.product is None]
    places = catalogue.places(session, actor)
    last = last_basket(session, actor, person_id) if person_id is not None else {}
    return HandOutChoices(tuple(items), tuple(places), last)


def open_hand_out(
    ctx: DeskContext,
    parent: QWidget,
    person_id: int | None,
    title: str,
    done: Callable[[HandedOut], object] = lambda _handed: None,
    walk_in_visit_id: int | None = None,
) -> None:
    """Read what to offer in the background, then the dialog; `done` after a save."""

    def show(choices: HandOutChoices) -> None:
        dialog = HandOutDialog(ctx, parent, person_id, title, choices, walk_in_visit_id)
        try:
            dialog.exec()
            handed = dialog.handed
        finally:
            dialog.deleteLater()
        if handed is not None:
            done(handed)

    run_read(ctx, parent, lambda s: read_choices(s, ctx, person_id), show)


class HandOutDialog(QDialog):
    """After `exec()`, `handed` says what was handed out (None if cancelled)."""

    def __init__(
        self,
        ctx: DeskContext,
        parent: QWidget | None,
        person_id: int | None,
        title: str,
        choices: HandOutChoices,
        walk_in_visit_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx, self._person_id, self._choices = ctx, person_id, choices
        self._walk_in = walk_in_visit_id
        self.handed: HandedOut | None = None
        t = ctx.t
        _ = t.gettext
        self.setWindowTitle(t.format(_("Hand out · {person}"), person=title))
        self.quantities: dict[int, QLineEdit] = {}
        self.rows: dict[str, FieldWithError] = {}
        form = QFormLayout()
        self.place = QComboBox()
        for place in choices.places:
            self.place.addItem(place.name(t), place.id)
        self._default_place()
        self._add(form, "place", _("&Place:"), self.place)
        if len(choices.places) < 2:
            self.place.setVisible(False)
            form.labelForField(self.rows["place"]).setVisible(False)
        self.gender, self.age_band, self.contacts = QComboBox(), QComboBox(), QLineEdit("1")
        if person_id is None:
            self._anonymous_rows(form)
        items = QFormLayout()
        for item in choices.items:
            field = QLineEdit()
            field.setValidator(QIntValidator(0, MAX_AT_ONCE, field))
            field.setMaximumWidth(90)
            field.setAccessibleName(item.name(t))
            self.quantities[item.id] = field
            self._add(items, f"item_{item.id}", self._item_label(item), field)
        self.rows["items"] = FieldWithError(QLabel())
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.addLayout(items)
        holder_layout.addWidget(self.rows["items"])
        scroll = QScrollArea()
        scroll.setWidget(holder)
        scroll.setWidgetResizable(True)
        form.addRow(scroll)
        same = _("&Same as last time")
        self.same = QPushButton(f"{same}  ({key_text('Ctrl+R')})")
        self.same.clicked.connect(self.same_as_last_time)
        self.same.setEnabled(bool(choices.last))
        form.addRow(self.same)
        self.reason = QLineEdit()
        if ctx.actor.can(Permission.STOCK_OVERRIDE):
            self._add(form, "override_reason", _("Reason, to go past a &limit:"), self.reason)
        buttons = form_dialog_layout(self, form, self.save, _("Hand out"))
        shortcut("Ctrl+S", self, self.save, _("Hand out"))
        shortcut("Ctrl+R", self, self.same_as_last_time, _("Same as last time"))
        self.saving = Form(self.rows, [buttons], self)
        self._typed = self.form()
        self.resize(520, 640)
        first = next(iter(self.quantities.values()), None)
        if first is not None:
            first.setFocus()

    def _add(self, form: QFormLayout, name: str, text: str, field: QWidget) -> None:
        self.rows[name] = FieldWithError(field)
        label = QLabel(text)
        label.setBuddy(field)
        form.addRow(label, self.rows[name])

    def _item_label(self, item: Item) -> str:
        t = self._ctx.t
        text = f"{item.name(t)} ({t.gettext(UNITS[item.unit])})"
        if item.contact_limit is not None:
            text += " · " + t.format(t.gettext("at most {n}"), n=item.contact_limit)
        return text

    def _default_place(self) -> None:
        """Outreach workers hand out from their bag; everyone else from the dispensary."""
        if self._ctx.actor.role.value != "outreach":
            return
        for index, place in enumerate(self._choices.places):
            if place.kind is PlaceKind.OUTREACH:
                self.place.setCurrentIndex(index)
                return

    def _anonymous_rows(self, form: QFormLayout) -> None:
        t = self._ctx.t
        _ = t.gettext
        self.gender.addItem("", "")
        for gender, words in GENDERS.items():
            self.gender.addItem(_(words), gender.value)
        self.age_band.addItem("", "")
        for band, words in AGE_BANDS.items():
            self.age_band.addItem(words, band.value)
        self.age_band.addItem(_("Not known"), AgeBand.UNKNOWN.value)
        self.contacts.setValidator(QIntValidator(1, 1000, self.contacts))
        self.contacts.setMaximumWidth(90)
        self._add(form, "gender", _("&Gender:"), self.gender)
        self._add(form, "age_band", _("&Age:"), self.age_band)
        self._add(form, "contacts", _("People &met:"), self.contacts)
        self._contacts_label = form.labelForField(self.rows["contacts"])
        self.place.currentIndexChanged.connect(lambda _index: self._show_contacts())
        self._show_contacts()

    def _show_contacts(self) -> None:
        """A group counted together is met in the street: asked only from an outreach place."""
        index = self.place.currentIndex()
        places = self._choices.places
        outreach = 0 <= index < len(places) and places[index].kind is PlaceKind.OUTREACH
        self.rows["contacts"].setVisible(outreach)
        if self._contacts_label is not None:
            self._contacts_label.setVisible(outreach)
        if not outreach:
            self.contacts.setText("1")

    def same_as_last_time(self) -> None:
        for item_id, field in self.quantities.items():
            quantity = self._choices.last.get(item_id)
            field.setText(str(quantity) if quantity else "")

    def form(self) -> HandOutForm:
        return HandOutForm(
            quantities={item: field.text() for item, field in self.quantities.items()},
            person_id=self._person_id,
            place_id=self.place.currentData(),
            gender=self.gender.currentData() or "",
            age_band=self.age_band.currentData() or "",
            contacts=self.contacts.text() if self._person_id is None else "1",
            override_reason=self.reason.text(),
            walk_in_visit_id=self._walk_in,
        )

    def save(self) -> Job | None:
        ctx, form = self._ctx, self.form()
        return run_write(
            ctx,
            self,
            lambda s: hand_out(s, ctx.actor, ctx.clock, form),
            self._saved,
            form=self.saving,
        )

    def _saved(self, handed: HandedOut) -> None:
        self.handed = handed
        self.accept()

    def reject(self) -> None:
        if self.form() != self._typed and not messages.close_without_saving(self, self._ctx.t):
            return
        super().reject()
