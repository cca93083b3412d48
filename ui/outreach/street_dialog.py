"""A street session, typed from the paper tally sheet (`reports.tally_sheet`) in its order: date
and times (the shift shown as it will be stored), volunteers, team, zone, places visited, the
known persons by code with what was done with each, the anonymous contacts a line each,
what was done with them, the material and the note. Keyboard first: Tab walks the sheet,
Enter adds a code in the code field and saves elsewhere, Ctrl+Shift+N adds a contact line."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from clinic.care.vocabulary import CareList
from clinic.common.permissions import Permission
from clinic.outreach.forms import SessionForm, TallyRow
from clinic.outreach.view import SessionView
from clinic.outreach.words import ACTIONS, SETTINGS
from clinic.registry.persons import PersonSummary, person_summaries
from ui.common.shortcuts import key_text, shortcut
from ui.context import DeskContext
from ui.operations import read_now
from ui.outreach.session_parts import (
    DEFAULT_NIGHT,
    CheckList,
    MaterialBox,
    MetList,
    PersonFinder,
    SessionChoices,
    SessionDialog,
    TallyTable,
    choice_combo,
    count_field,
    entry_names,
    read_choices,
    section,
    set_combo,
    staff_names,
)
from ui.registry.person_dialog import PersonDialog

BLANK_LINES = 3  # contact lines offered at first, as a sheet has empty lines


class StreetDialog(SessionDialog):
    """A new street session, or `editing` amended (on its day, by its team)."""

    def __init__(
        self, ctx: DeskContext, parent: QWidget | None, editing: SessionView | None = None
    ) -> None:
        super().__init__(ctx, parent, editing)
        t = ctx.t
        _ = t.gettext
        self.setWindowTitle(_("Street session"))
        read = read_now(
            ctx, self, lambda s: read_choices(s, ctx, [CareList.OUTREACH_ZONE], editing)
        )
        self.choices = choices = read or SessionChoices((), {}, (), (), DEFAULT_NIGHT)
        self.day, self.start, self.end = self.day_and_times(editing)
        self.shift = self.times_row(self.day, self.start, self.end)
        self.times(self.start, self.end, self.shift, choices.night)
        self.volunteers = count_field(str(editing.volunteers) if editing else "0")
        self.add_row("volunteers", _("Volunteers"), self.volunteers)
        self.team = CheckList(staff_names(choices))
        self.team.set_chosen(
            [m.staff_id for m in editing.staff] if editing else [ctx.actor.staff_id]
        )
        self.add_row("team", _("Team"), self.team)
        zones = entry_names(ctx, choices.entries.get(CareList.OUTREACH_ZONE, ()))
        self.zone_box = choice_combo([("", None), *zones])
        self.add_row("zone", _("Zone"), self.zone_box)
        self.settings = CheckList([(_(w), s.value) for s, w in SETTINGS.items()], len(SETTINGS))
        self.add_row("settings", _("Places visited"), self.settings)
        self._known(editing)
        self._anonymous(editing)
        self._material(editing)
        self.note = QPlainTextEdit(editing.note if editing else "")
        self.note.setPlaceholderText(_("No names"))
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(70)
        self.add_row("note", _("Note (no names)"), self.note)
        if editing is not None:
            set_combo(self.zone_box, editing.place.id if editing.place else None)
            self.settings.set_chosen(s.value for s in editing.settings)
        shortcut("Ctrl+Shift+N", self, self.new_line, _("Add a contact line"))
        self.finish()
        self.day.setFocus()

    # ----- the sheet's parts ------------------------------------------------------------------

    def _known(self, editing: SessionView | None) -> None:
        t = self._ctx.t
        _ = t.gettext
        self.body.addRow(section(_("Known persons (code)")))
        boxes = [(_(words), action.value) for action, words in ACTIONS.items()]
        self.met = MetList(self._ctx, boxes, self.rows, self.relink)
        self.finder = PersonFinder(self._ctx, self._met_person)
        line = QWidget()
        row = QHBoxLayout(line)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.finder, 1)
        self.register = QPushButton(_("New person"))
        self.register.clicked.connect(self.register_person)
        self.register.setVisible(self._ctx.actor.can(Permission.PERSON_CREATE))
        row.addWidget(self.register)
        label = QLabel(_("Code"))
        label.setBuddy(self.finder.field)
        self.body.addRow(label, line)
        self.body.addRow(self.met)
        for met in editing.contacts if editing else ():
            self.met.add(met.person_id, met.code, (a.value for a in met.actions))

    def _anonymous(self, editing: SessionView | None) -> None:
        t = self._ctx.t
        _ = t.gettext
        self.body.addRow(section(_("Anonymous contacts (one row each)")))
        self.tally = TallyTable(self._ctx, self.rows, self.relink, street=True)
        self.body.addRow(self.tally)
        kept = [
            TallyRow(str(x.count), x.gender.value, x.age_band.value, x.region.value, x.met_before)
            for x in (editing.tallies if editing else ())
        ]
        for row in kept or [TallyRow()] * BLANK_LINES:
            self.tally.add_line(row)
        words = _("Add a contact line")
        self.new_line_button = QPushButton(f"{words}  ({key_text('Ctrl+Shift+N')})")
        self.new_line_button.clicked.connect(self.new_line)
        self.body.addRow(self.new_line_button)
        self.body.addRow(section(_("What was done with the anonymous contacts (how many)")))
        self.counted: dict[str, QLineEdit] = {}
        done = editing.actions if editing else {}
        for action, words in ACTIONS.items():
            field = count_field(str(done.get(action, "")) if done.get(action) else "")
            self.counted[action.value] = field
            self.add_row(f"action_{action.value}", _(words), field)

    def _material(self, editing: SessionView | None) -> None:
        _ = self._ctx.t.gettext
        self.body.addRow(section(_("Material handed out (how many)")))
        self.material = MaterialBox(self._ctx, self.choices, self.rows)
        if editing is not None:
            self.material.set_material(editing.material, editing.stock_place_id)
        self.body.addRow(self.material)

    # ----- keys -------------------------------------------------------------------------------

    def new_line(self) -> None:
        first = self.tally.add_line()
        self.relink()
        first.setFocus()

    def _met_person(self, person: PersonSummary) -> None:
        self.met.add(person.id, person.code)

    def register_person(self) -> None:
        """Someone met for the first time, registered with the usual minimum, then listed."""
        ctx = self._ctx
        dialog = PersonDialog(ctx, self)
        try:
            person_id = dialog.person_id if dialog.exec() else None
        finally:
            dialog.deleteLater()
        if person_id is None:
            return
        found = read_now(ctx, self, lambda s: person_summaries(s, ctx.actor, [person_id]))
        for person in found or ():
            self._met_person(person)
        self.finder.field.setFocus()

    # ----- the form ---------------------------------------------------------------------------

    def focus_chain(self) -> list[QWidget]:
        return [
            self.day,
            self.start,
            self.end,
            self.volunteers,
            self.team,
            self.zone_box,
            self.settings,
            self.finder.field,
            self.register,
            *self.met.focus_chain(),
            *self.tally.focus_chain(),
            self.new_line_button,
            *self.counted.values(),
            *self.material.focus_chain(),
            self.note,
        ]

    def form(self) -> SessionForm:
        zone = self.zone_box.currentData()
        return SessionForm(
            day=self.day.text(),
            start=self.start.text(),
            end=self.end.text(),
            team=frozenset(int(s) for s in self.team.chosen()),
            volunteers=self.volunteers.text(),
            zone_id=int(zone) if zone is not None else None,
            settings=frozenset(str(s) for s in self.settings.chosen()),
            contacts=self.met.ticked(),
            tallies=self.tally.tallies(),
            actions={name: field.text() for name, field in self.counted.items() if field.text()},
            material=self.material.material(),
            place_id=self.material.place_id(),
            note=self.note.toPlainText(),
        )
