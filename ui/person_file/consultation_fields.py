"""The fields every consultation form shares (issue 12): the ticked list entries, duration,
mediator and language, the free note, the follow-up flags. The identification interview adds
its own fields around them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from clinic.care.consultation_form import LISTS, ConsultationForm
from clinic.care.lists import ListEntry
from clinic.care.vocabulary import CareList, ConsultationKind
from clinic.care.words import CARE_LISTS, FOLLOW_UPS
from clinic.registry.vocabulary import language_codes
from db.models.care import NOTE_LIMIT
from ui.common.field_row import FieldWithError
from ui.common.searchable_combo import searchable_combo
from ui.context import DeskContext

COLUMNS = 3  # checkboxes per row in a list's box


class ConsultationFields(QWidget):
    """The shared part of a consultation form; `form()` reads it, `set_form()` fills it."""

    changed = Signal()

    def __init__(
        self,
        ctx: DeskContext,
        kind: ConsultationKind,
        entries: Mapping[CareList, Sequence[ListEntry]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx, self._kind = ctx, kind
        t = ctx.t
        _ = t.gettext
        self.items: dict[int, QCheckBox] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for care_list in LISTS[kind]:
            layout.addWidget(self._list_box(care_list, entries.get(care_list, ())))
        self.duration = QLineEdit()
        self.duration.setMaximumWidth(80)
        self.mediator = QCheckBox(_("An interpreter or cultural &mediator was present"))
        names = sorted((t.language_name(code), code) for code in language_codes())
        self.language = searchable_combo([("", ""), *names])
        self.language.setEnabled(False)
        self.mediator.toggled.connect(self.language.setEnabled)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)  # Tab leaves the note; a tab is pasted, not typed
        self.note.setMinimumHeight(160)
        self.count = QLabel()
        self.note.textChanged.connect(self._count)
        self.follow_ups = {need: QCheckBox(_(text)) for need, text in FOLLOW_UPS.items()}
        retired = QWidget()  # entries retired since, still ticked in an amendment
        self._retired = QHBoxLayout(retired)
        self._retired.setContentsMargins(0, 0, 0, 0)
        self.rows = {
            "items": FieldWithError(retired),
            "duration": FieldWithError(self.duration),
            "mediator_language": FieldWithError(self.language),
            "note": FieldWithError(self.note),
            "follow_ups": FieldWithError(self._follow_up_row()),
        }
        form = QFormLayout()
        for name, text in (
            ("duration", _("&Duration (minutes):")),
            ("mediator_language", _("&Language of the mediation:")),
            ("note", _("&Note:")),
            ("follow_ups", _("Follow-up:")),
        ):
            label = QLabel(text)
            label.setBuddy(self.rows[name].field)
            if name == "mediator_language":
                form.addRow("", self.mediator)
            form.addRow(label, self.rows[name])
        form.addRow("", self.count)
        layout.addWidget(self.rows["items"])
        layout.addLayout(form)
        for signal in (self.duration.textChanged, self.note.textChanged):
            signal.connect(self.changed)
        for box in [*self.items.values(), *self.follow_ups.values(), self.mediator]:
            box.toggled.connect(self.changed)
        self.language.currentIndexChanged.connect(self.changed)
        self._count()

    def _list_box(self, care_list: CareList, entries: Sequence[ListEntry]) -> QGroupBox:
        t = self._ctx.t
        box = QGroupBox(t.gettext(CARE_LISTS[care_list]))
        grid = QGridLayout(box)
        for number, entry in enumerate(entries):
            check = QCheckBox(entry.text(t))
            self.items[entry.id] = check
            grid.addWidget(check, number // COLUMNS, number % COLUMNS)
        return box

    def _follow_up_row(self) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        for box in self.follow_ups.values():
            line.addWidget(box)
        line.addStretch(1)
        return row

    def _count(self) -> None:
        t = self._ctx.t
        used = len(self.note.toPlainText())
        self.count.setText(
            t.format(
                t.gettext("{used} of {limit} characters"),
                used=t.number(used),
                limit=t.number(NOTE_LIMIT),
            )
        )

    def form(self) -> ConsultationForm:
        return ConsultationForm(
            kind=self._kind.value,
            items=frozenset(i for i, box in self.items.items() if box.isChecked()),
            duration=self.duration.text(),
            mediator=self.mediator.isChecked(),
            mediator_language=self.language.currentData() or "",
            note=self.note.toPlainText(),
            follow_ups=frozenset(n.value for n, box in self.follow_ups.items() if box.isChecked()),
        )

    def set_form(self, form: ConsultationForm, retired: Sequence[ListEntry] = ()) -> None:
        """Fill the fields (an amendment); an entry retired since stays, ticked, at the end."""
        for entry in retired:
            if entry.id not in self.items:
                check = QCheckBox(entry.text(self._ctx.t))
                self.items[entry.id] = check
                check.toggled.connect(self.changed)
                self._retired.addWidget(check)
        for item, box in self.items.items():
            box.setChecked(item in form.items)
        self.duration.setText(form.duration)
        self.mediator.setChecked(form.mediator)
        self.language.setCurrentIndex(max(0, self.language.findData(form.mediator_language)))
        self.note.setPlainText(form.note)
        for need, box in self.follow_ups.items():
            box.setChecked(need.value in form.follow_ups)


def focus_first(fields: ConsultationFields) -> None:
    """Where typing starts: the first entry of the first list, else the duration."""
    first = next(iter(fields.items.values()), None)
    (first or fields.duration).setFocus(Qt.FocusReason.OtherFocusReason)
