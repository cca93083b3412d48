"""A group information session: date and times, venue, the languages spoken, the mediators and
facilitators, the topics, the participants (lines of gender and region, or one total alone),
the codes of those who have one (each may have asked for an interview), how many asked for an
interview in all, the material and the note. Keyboard first, as the street form."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QWidget

from clinic.care.vocabulary import CareList
from clinic.outreach.forms import GroupForm, TallyRow
from clinic.outreach.view import SessionView
from clinic.outreach.vocabulary import StaffPart
from clinic.registry.persons import PersonSummary
from ui.common.language_picker import LanguagePicker
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

ASKED = "asked"  # the one box of a linked code
BLANK_LINES = 2


class GroupDialog(SessionDialog):
    """A new group session, or `editing` amended (on its day, by its staff)."""

    def __init__(
        self, ctx: DeskContext, parent: QWidget | None, editing: SessionView | None = None
    ) -> None:
        super().__init__(ctx, parent, editing)
        _ = ctx.t.gettext
        self.setWindowTitle(_("Group information session"))
        lists = [CareList.GROUP_VENUE, CareList.GROUP_TOPIC]
        read = read_now(ctx, self, lambda s: read_choices(s, ctx, lists, editing))
        self.choices = choices = read or SessionChoices((), {}, (), (), DEFAULT_NIGHT)
        self.day, self.start, self.end = self.day_and_times(editing)
        self.shift = self.times_row(self.day, self.start, self.end)
        self.times(self.start, self.end, self.shift, choices.night)
        venues = entry_names(ctx, choices.entries.get(CareList.GROUP_VENUE, ()))
        self.venue = choice_combo([("", None), *venues])
        self.add_row("venue", _("Venue"), self.venue)
        self.languages = LanguagePicker(ctx)
        self.add_row("languages", _("Languages"), self.languages)
        staff = staff_names(choices)
        self.mediators = CheckList(staff)
        self.add_row("mediators", _("Cultural mediators"), self.mediators)
        self.facilitators = CheckList(staff)
        self.facilitators.set_chosen([] if editing else [ctx.actor.staff_id])
        self.add_row("facilitators", _("Facilitators"), self.facilitators)
        topics = entry_names(ctx, choices.entries.get(CareList.GROUP_TOPIC, ()))
        self.topics = CheckList(topics, 5)
        self.add_row("topics", _("Topics"), self.topics)
        self._participants(editing)
        self.material = MaterialBox(ctx, choices, self.rows)
        self.body.addRow(section(_("Material handed out (how many)")))
        self.body.addRow(self.material)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(_("No names"))
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(70)
        self.add_row("note", _("Note (no names)"), self.note)
        self._fill(editing)
        shortcut("Ctrl+Shift+N", self, self.new_line, _("Add a participants line"))
        self.finish()
        self.day.setFocus()

    def _participants(self, editing: SessionView | None) -> None:
        ctx = self._ctx
        _ = ctx.t.gettext
        self.body.addRow(section(_("Participants")))
        self.body.addRow(QLabel(_("A line per group of participants, or the total alone.")))
        self.tally = TallyTable(ctx, self.rows, self.relink, street=False)
        self.body.addRow(self.tally)
        kept = [
            TallyRow(str(x.count), x.gender.value, region=x.region.value)
            for x in (editing.tallies if editing else ())
        ]
        for row in kept or [TallyRow()] * BLANK_LINES:
            self.tally.add_line(row)
        words = _("Add a participants line")
        self.new_line_button = QPushButton(f"{words}  ({key_text('Ctrl+Shift+N')})")
        self.new_line_button.clicked.connect(self.new_line)
        self.body.addRow(self.new_line_button)
        self.met = MetList(ctx, [(_("Asked for an interview"), ASKED)], self.rows, self.relink)
        self.finder = PersonFinder(ctx, self._linked)
        label = QLabel(_("Code"))
        label.setBuddy(self.finder.field)
        self.body.addRow(section(_("Participants with a code")))
        self.body.addRow(label, self.finder)
        self.body.addRow(self.met)
        self.requests = count_field("0")
        self.add_row("interview_requests", _("Interview requests"), self.requests)

    def _fill(self, editing: SessionView | None) -> None:
        if editing is None:
            return
        set_combo(self.venue, editing.place.id if editing.place else None)
        self.languages.set_chosen(tuple(sorted(editing.languages)))
        self.mediators.set_chosen(m.staff_id for m in editing.staff if m.part is StaffPart.MEDIATOR)
        self.facilitators.set_chosen(
            m.staff_id for m in editing.staff if m.part is StaffPart.FACILITATOR
        )
        self.topics.set_chosen(entry.id for entry in editing.topics)
        for met in editing.contacts:
            self.met.add(met.person_id, met.code, [ASKED] if met.asked_interview else [])
        self.requests.setText(str(editing.interview_requests))
        self.material.set_material(editing.material, editing.stock_place_id)
        self.note.setPlainText(editing.note)

    def new_line(self) -> None:
        first = self.tally.add_line()
        self.relink()
        first.setFocus()

    def _linked(self, person: PersonSummary) -> None:
        self.met.add(person.id, person.code)

    def focus_chain(self) -> list[QWidget]:
        return [
            self.day,
            self.start,
            self.end,
            self.venue,
            self.languages.filter,
            self.languages.list,
            self.mediators,
            self.facilitators,
            self.topics,
            *self.tally.focus_chain(),
            self.new_line_button,
            self.finder.field,
            *self.met.focus_chain(),
            self.requests,
            *self.material.focus_chain(),
            self.note,
        ]

    def form(self) -> GroupForm:
        venue = self.venue.currentData()
        return GroupForm(
            day=self.day.text(),
            start=self.start.text(),
            end=self.end.text(),
            venue_id=int(venue) if venue is not None else None,
            languages=frozenset(self.languages.chosen()),
            mediators=frozenset(int(s) for s in self.mediators.chosen()),
            facilitators=frozenset(int(s) for s in self.facilitators.chosen()),
            topics=frozenset(int(s) for s in self.topics.chosen()),
            tallies=self.tally.tallies(),
            linked={person: ASKED in boxes for person, boxes in self.met.ticked().items()},
            interview_requests=self.requests.text(),
            material=self.material.material(),
            place_id=self.material.place_id(),
            note=self.note.toPlainText(),
        )
