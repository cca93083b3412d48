"""One street or group session, read as a person reads it: who went, where, whom they met (by
code) and what they did, the anonymous contacts as a small table, the material, the note and
its addenda. Opening it is audited ("opened"). From here, by keyboard: amend it (Ctrl+E, on the
day it was recorded, by its team or recorder; otherwise the button's tooltip says why not) or,
after that day, add an addendum (Ctrl+Shift+A).

`open_session` is the one way in, from the Sessions page and from a person's file alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from clinic.common.permissions import Permission
from clinic.i18n.translator import Translator
from clinic.materials import catalogue
from clinic.outreach.forms import Tally
from clinic.outreach.regions import region_name
from clinic.outreach.sessions import add_session_addendum, read_session
from clinic.outreach.view import SessionView
from clinic.outreach.vocabulary import Action, SessionKind, StaffPart
from clinic.outreach.words import (
    ACTIONS,
    AGE_BANDS,
    MET_BEFORE,
    SESSION_KINDS,
    SETTINGS,
    SHIFTS,
    STAFF_PARTS,
    TALLY_GENDER_WORDS,
)
from ui.common.desk_buttons import DeskButtons
from ui.common.row_table_model import Column, RowTableModel
from ui.common.table_view import row_table
from ui.context import DeskContext
from ui.operations import run_write
from ui.person_file.text_dialog import TextDialog

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class SessionRead:
    """The session, and the names of its material and stock place in the reader's words."""

    view: SessionView
    items: Mapping[int, str]
    stock_place: str


def open_session(
    ctx: DeskContext, parent: QWidget, session_id: int, changed: Callable[[], object]
) -> None:
    """Read the session (audited) and show it; `changed()` after an amendment or addendum."""
    t = ctx.t

    def work(session: Session) -> SessionRead:
        view = read_session(session, ctx.actor, ctx.clock, session_id)
        items = {i.id: i.name(t) for i in catalogue.items(session, ctx.actor, active_only=False)}
        places = {p.id: p.name(t) for p in catalogue.places(session, ctx.actor, active_only=False)}
        return SessionRead(view, items, places.get(view.stock_place_id or 0, ""))

    run_write(ctx, parent, work, lambda read: _show(ctx, parent, read, changed))


def _show(
    ctx: DeskContext, parent: QWidget, read: SessionRead, changed: Callable[[], object]
) -> None:
    dialog = SessionViewDialog(ctx, parent, read)
    try:
        dialog.exec()
        amend, added = dialog.amend, dialog.changed
    finally:
        dialog.deleteLater()
    if added or (amend and _amended(ctx, parent, read.view)):
        changed()


def _amended(ctx: DeskContext, parent: QWidget, view: SessionView) -> bool:
    """The session's own form, filled with what it holds (built beside this dialog)."""
    if view.kind is SessionKind.GROUP:
        from ui.outreach.group_dialog import GroupDialog

        form: QDialog = GroupDialog(ctx, parent, editing=view)
    else:
        from ui.outreach.street_dialog import StreetDialog

        form = StreetDialog(ctx, parent, editing=view)
    try:
        return bool(form.exec())
    finally:
        form.deleteLater()


class SessionViewDialog(QDialog):
    """After `exec()`, `amend` is True if the reader asked to amend it; `changed` if an
    addendum was saved."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None, read: SessionRead) -> None:
        super().__init__(parent)
        self._ctx, self.seen = ctx, read.view
        self.amend = False
        self.changed = False
        t, seen = ctx.t, read.view
        _ = t.gettext
        self.setWindowTitle(f"{_(SESSION_KINDS[seen.kind])} · {t.short_date(seen.day)}")
        self.facts = QFormLayout()
        for label, text in session_facts(ctx, read):
            self.facts.addRow(label, plain(text))
        self.tally = tally_table(t, seen.tallies)
        self.note = QPlainTextEdit(seen.note)
        self.note.setReadOnly(True)
        self.note.setObjectName("note")
        self.note.setTabChangesFocus(True)
        layout = QVBoxLayout(self)
        layout.addLayout(self.facts)
        if seen.tallies:
            count = t.format(_("Not registered: {n}"), n=t.number(seen.anonymous))
            layout.addWidget(QLabel(count))
            layout.addWidget(self.tally)
        layout.addWidget(QLabel(_("Note")))
        layout.addWidget(self.note, 1)
        for added in seen.addenda:
            title = t.format(
                _("Addendum by {name}, {date}"),
                name=added.author,
                date=t.datetime(added.written_at, ctx.clock.zone),
            )
            layout.addWidget(QLabel(title))
            layout.addWidget(plain(added.note))
        layout.addLayout(self._buttons())
        self.resize(760, 640)

    def _buttons(self) -> QHBoxLayout:
        ctx, seen = self._ctx, self.seen
        _ = ctx.t.gettext
        buttons = DeskButtons(ctx.actor, self)
        write = Permission.OUTREACH_WRITE
        self.amend_button = buttons.add(_("&Amend"), "Ctrl+E", self._amend, write)
        self.addendum_button = buttons.add(_("A&ddendum"), "Ctrl+Shift+A", self._addendum, write)
        day_over = ctx.clock.local(seen.created_at).date() != ctx.clock.today()
        if not seen.amendable:
            self.amend_button.setEnabled(False)
            self.amend_button.setToolTip(
                _("Only on the day it was recorded: add an addendum instead.")
                if day_over
                else _("Only a member of its team, or who recorded it, may amend it.")
            )
        if not day_over:
            self.addendum_button.setEnabled(False)
            self.addendum_button.setToolTip(
                _("On the day it was recorded, the session is amended instead.")
            )
        row = QHBoxLayout()
        row.addWidget(self.amend_button)
        row.addWidget(self.addendum_button)
        row.addStretch(1)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        close.setDefault(True)
        row.addWidget(close)
        return row

    def _amend(self) -> None:
        self.amend = True
        self.accept()

    def _addendum(self) -> None:
        ctx, session_id = self._ctx, self.seen.id
        _ = ctx.t.gettext
        dialog = TextDialog(
            ctx,
            self,
            _("Addendum"),
            _(
                "Added under the session, with your name and today's date. It cannot be "
                "changed afterwards. Write no names."
            ),
            "addendum",
            lambda s, text: add_session_addendum(s, ctx.actor, ctx.clock, session_id, text),
        )
        try:
            dialog.exec()
            saved = dialog.saved
        finally:
            dialog.deleteLater()
        if saved:
            self.changed = True
            self.accept()


def session_facts(ctx: DeskContext, read: SessionRead) -> list[tuple[str, str]]:
    """The session in words, one (label, text) a line, in the order of its form."""
    t, seen, zone = ctx.t, read.view, ctx.clock.zone
    _ = t.gettext
    hours = t.format(
        _("{day}, {start}–{end} ({shift})"),
        day=t.short_date(seen.day),
        start=t.time(seen.starts_at, zone),
        end=t.time(seen.ends_at, zone),
        shift=_(SHIFTS[seen.shift]),
    )
    facts = [(_("When"), hours), (_("Team"), _team(t, seen))]
    if seen.volunteers:
        facts.append((_("Volunteers"), t.number(seen.volunteers)))
    street = seen.kind is SessionKind.STREET
    place = seen.place.text(t) if seen.place else ""
    facts.append((_("Zone or route") if street else _("Venue"), place))
    if street:
        settings = [_(SETTINGS[s]) for s in SETTINGS if s in seen.settings]
        facts.append((_("Places visited"), ", ".join(settings)))
    else:
        facts.append((_("Topics"), ", ".join(topic.text(t) for topic in seen.topics)))
        languages = sorted(t.language_name(code) for code in seen.languages)
        facts.append((_("Languages"), ", ".join(languages)))
        facts.append((_("Interview requests"), t.number(seen.interview_requests)))
    facts.append((_("Registered persons met"), _known(t, seen) or _("none")))
    if seen.actions:
        facts.append((_("Done with the others"), _counted(t, seen.actions)))
    if seen.material:
        facts.append((_("Material"), _material(t, read)))
    recorded = t.format(
        _("{name}, {when}"), name=seen.recorded_by, when=t.datetime(seen.created_at, zone)
    )
    facts.append((_("Recorded by"), recorded))
    if seen.revision > 1:
        amended = t.ngettext("once, on its day", "{n} times, on its day", seen.revision - 1)
        facts.append((_("Amended"), t.format(amended, n=seen.revision - 1)))
    return facts


def _team(t: Translator, seen: SessionView) -> str:
    """ "Ada, Bea" for a street team; "Ada (facilitator), Bea (cultural mediator)" for a group."""
    names = []
    for member in seen.staff:
        if member.part is StaffPart.TEAM:
            names.append(member.name)
        else:
            names.append(f"{member.name} ({t.gettext(STAFF_PARTS[member.part])})")
    return ", ".join(names)


def _known(t: Translator, seen: SessionView) -> str:
    """One person a line: "CODE1: Information, Material; asked for an interview"."""
    lines = []
    for met in seen.contacts:
        done = [t.gettext(ACTIONS[a]) for a in Action if a in met.actions]
        if met.asked_interview:
            done.append(t.gettext("asked for an interview"))
        lines.append(f"{met.code}: {', '.join(done)}" if done else met.code)
    return "\n".join(lines)


def _counted(t: Translator, actions: Mapping[Action, int]) -> str:
    return ", ".join(
        f"{t.gettext(ACTIONS[a])} {t.number(actions[a])}" for a in Action if a in actions
    )


def _material(t: Translator, read: SessionRead) -> str:
    handed = ", ".join(
        t.format(t.gettext("{item} × {n}"), item=read.items.get(item, f"#{item}"), n=t.number(n))
        for item, n in sorted(read.view.material.items())
    )
    if read.stock_place:
        return t.format(
            t.gettext("{material}, from {place}"), material=handed, place=read.stock_place
        )
    return handed


def tally_table(t: Translator, tallies: tuple[Tally, ...]) -> QWidget:
    """The anonymous contacts, one counted row of the sheet a line."""
    _ = t.gettext
    model: RowTableModel[Tally] = RowTableModel(
        [
            Column(lambda: _("Gender"), lambda r: _(TALLY_GENDER_WORDS[r.gender]), width=14),
            Column(lambda: _("Age"), lambda r: _(AGE_BANDS[r.age_band]), width=8),
            Column(lambda: _("Region of origin"), lambda r: region_name(t, r.region), width=18),
            Column(lambda: _("Met before"), lambda r: _(MET_BEFORE[r.met_before]), width=10),
            Column(lambda: _("Number"), lambda r: t.number(r.count), align=RIGHT, width=6),
        ]
    )
    model.set_rows(tallies)
    view, _proxy = row_table(model, "tally")
    view.setSortingEnabled(False)
    rows = min(len(tallies), 6)  # more scroll
    row_height = view.verticalHeader().defaultSectionSize()
    frame = 2 * view.frameWidth()
    view.setFixedHeight(view.horizontalHeader().sizeHint().height() + row_height * rows + frame)
    return view


def plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label
