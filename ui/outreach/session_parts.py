"""Pieces the street and group session forms share: the choices read when a form opens, ticked
lists of staff and entries, the times with the shift they make, the codes found as you type,
the rows of people counted together, the material from a place, and the dialog around them
(scrolling when taller than the screen, saved through `ui.operations`, Escape asking before
typed text is thrown away)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QIntValidator, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from clinic.care.lists import ListEntry, list_entries
from clinic.care.vocabulary import CareList
from clinic.materials import catalogue
from clinic.materials.catalogue import Item, Place
from clinic.materials.words import UNITS
from clinic.outreach.forms import MAX_QUANTITY, NightHours, TallyRow, shift_of
from clinic.outreach.regions import region_name
from clinic.outreach.sessions import Form as SessionFormAny
from clinic.outreach.sessions import amend_session, night_hours, record_session
from clinic.outreach.view import SessionView
from clinic.outreach.vocabulary import Region
from clinic.outreach.words import AGE_BANDS, MET_BEFORE, SHIFTS, TALLY_GENDER_WORDS, TALLY_GENDERS
from clinic.registry.persons import PersonSummary
from clinic.registry.search import QUERY_MAX, find_persons
from clinic.settings.configuration import clock_time
from clinic.staff.members import StaffSummary, active_staff
from db.vocabulary.materials import PlaceKind
from ui.common import messages
from ui.common.field_row import FieldWithError
from ui.common.jobs import Job
from ui.common.shortcuts import shortcut
from ui.context import DeskContext
from ui.operations import Form, read_now, run_write

SEARCH_DELAY_MS = 150
SHOWN_MATCHES = 5
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
DEFAULT_NIGHT = NightHours(dt.time(20), dt.time(6))  # a form whose choices could not be read


# A message under the short date and time fields wraps at this width, not at the field's.
_TIME_ERROR_WIDTH = 240


@dataclass(frozen=True)
class SessionChoices:
    """What a session form offers, read when it opens (small lists: staff, the coordinator's
    entries, the catalogue), with the night hours that name the shift."""

    staff: tuple[StaffSummary, ...]
    entries: Mapping[CareList, tuple[ListEntry, ...]]
    items: tuple[Item, ...]
    places: tuple[Place, ...]
    night: NightHours


def read_choices(
    session: Session, ctx: DeskContext, lists: Sequence[CareList], editing: SessionView | None
) -> SessionChoices:
    """The active choices; an amended session's own retired entries are offered again."""
    entries = {name: list(found) for name, found in list_entries(session, lists).items()}
    if editing is not None:
        for entry in (editing.place, *editing.topics):
            if entry is not None and entry.list in entries and entry not in entries[entry.list]:
                entries[entry.list].append(entry)
    items = [i for i in catalogue.items(session, ctx.actor) if i.product is None]
    return SessionChoices(
        staff=tuple(active_staff(session)),
        entries={name: tuple(found) for name, found in entries.items()},
        items=tuple(items),
        places=tuple(catalogue.places(session, ctx.actor)),
        night=night_hours(session),
    )


class CheckList(QListWidget):
    """Names to tick, each standing for a value (a staff id, an entry id, a code): Space ticks."""

    def __init__(self, choices: Iterable[tuple[str, object]], rows_shown: int = 4) -> None:
        super().__init__()
        for text, value in choices:
            item = QListWidgetItem(text, self)
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        if self.count():
            self.setCurrentRow(0)
        height = self.sizeHintForRow(0) if self.count() else 20
        self.setFixedHeight(height * min(max(self.count(), 1), rows_shown) + 2 * self.frameWidth())

    def chosen(self) -> frozenset[Any]:
        return frozenset(
            self.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.count())
            if self.item(row).checkState() == Qt.CheckState.Checked
        )

    def set_chosen(self, values: Iterable[object]) -> None:
        wanted = set(values)
        for row in range(self.count()):
            item = self.item(row)
            ticked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)


def time_field() -> QLineEdit:
    field = QLineEdit()
    field.setPlaceholderText("HH:MM")
    field.setMaxLength(5)
    field.setMaximumWidth(80)
    return field


def count_field(text: str = "", width: int = 70) -> QLineEdit:
    """A count typed as digits; anything else is kept as typed, and the form says why not."""
    field = QLineEdit(text)
    field.setMaxLength(6)
    field.setMaximumWidth(width)
    return field


def shift_text(ctx: DeskContext, start: str, end: str, night: NightHours) -> str:
    """The shift the times make, as the session will be stored; past midnight said."""
    t = ctx.t
    begins, ends = clock_time(start), clock_time(end)
    if begins is None:
        return ""
    shift = t.gettext(SHIFTS[shift_of(begins, night)])
    if ends is not None and ends < begins:
        return t.format(t.gettext("Shift: {shift}, ending the next day"), shift=shift)
    return t.format(t.gettext("Shift: {shift}"), shift=shift)


class TypedChoice(QComboBox):
    """A combo whose choice is typed: the start of a name chooses it, spaces included
    ("Eastern E" is Eastern Europe; Qt's own search stops at a space and opens the list).
    A pause longer than the platform's typing interval starts a new search."""

    def __init__(self) -> None:
        super().__init__()
        self._typed = ""
        self._since = QElapsedTimer()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        searching = self._since.isValid() and (
            self._since.elapsed() < QApplication.keyboardInputInterval()
        )
        if not text or not text.isprintable() or (text == " " and not searching):
            super().keyPressEvent(event)  # Space alone opens the list, as in any combo
            return
        self._typed = (self._typed if searching else "") + text
        self._since.start()
        wanted = self._typed.casefold()
        for row in range(self.count()):
            if self.itemText(row).casefold().startswith(wanted):
                self.setCurrentIndex(row)
                break
        event.accept()


def choice_combo(choices: Iterable[tuple[str, object]]) -> QComboBox:
    """A combo chosen by typing the start of a name (`TypedChoice`)."""
    combo = TypedChoice()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    combo.setMinimumWidth(120)
    for text, value in choices:
        combo.addItem(text, value)
    return combo


def set_combo(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


class PersonFinder(QWidget):
    """A code typed finds the person as in reception; Enter adds the best match (an exact code
    first) through `add`, and the field is emptied for the next code. The matches are named by
    code, with the alias that reception shows the same roles."""

    def __init__(self, ctx: DeskContext, add: Callable[[PersonSummary], object]) -> None:
        super().__init__()
        self._ctx, self._add = ctx, add
        self._found: list[PersonSummary] = []
        self._searched = ""  # the text whose matches are shown
        self.field = QLineEdit()
        self.field.setMaxLength(QUERY_MAX)
        self.field.setPlaceholderText(ctx.t.gettext("Type a code, then Enter"))
        self.field.setClearButtonEnabled(True)
        self.matches = QLabel()
        self.matches.setWordWrap(True)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search)
        self.field.textEdited.connect(lambda _text: self._timer.start())
        self.field.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addWidget(self.matches)
        self.setFocusProxy(self.field)

    def search(self) -> None:
        self._timer.stop()
        ctx, query = self._ctx, self.field.text()
        self._searched = query
        found = read_now(ctx, self, lambda s: find_persons(s, ctx.actor, query, SHOWN_MATCHES))
        self._found = found or []
        self.matches.setText(", ".join(_person_words(p) for p in self._found))
        if query.strip() and not self._found:
            self.matches.setText(ctx.t.gettext("Nobody found. Check the spelling."))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter adds (and does not reach the dialog's Save)."""
        if (
            watched is self.field
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in _ENTER
        ):
            self.take_best()
            return True
        return super().eventFilter(watched, event)

    def take_best(self) -> None:
        if not self.field.text().strip():
            return
        if self._timer.isActive() or self._searched != self.field.text():
            self.search()  # else the matches shown are this text's already
        if self._found:
            self._add(self._found[0])
            self.field.clear()
            self.matches.clear()


def _person_words(person: PersonSummary) -> str:
    return f"{person.code} ({person.alias})" if person.alias else person.code


class MetList(QWidget):
    """The registered people met, by code, each with boxes to tick (the actions done with them,
    or whether they asked for an interview) and a button to take them off the list."""

    def __init__(
        self,
        ctx: DeskContext,
        boxes: Sequence[tuple[str, str]],
        rows: dict[str, FieldWithError],
        changed: Callable[[], object],
    ) -> None:
        super().__init__()
        self._ctx, self._boxes, self._rows, self._changed = ctx, boxes, rows, changed
        self.people: dict[int, tuple[str, dict[str, QCheckBox], QPushButton, QWidget]] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def add(self, person_id: int, code: str, ticked: Iterable[str] = ()) -> None:
        if person_id in self.people:
            return
        line = QWidget()
        row = QHBoxLayout(line)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel(code)
        label.setMinimumWidth(110)
        row.addWidget(label)
        checks = {}
        wanted = set(ticked)
        for text, value in self._boxes:
            box = QCheckBox(text)
            box.setChecked(value in wanted)
            box.setAccessibleDescription(code)
            checks[value] = box
            row.addWidget(box)
        remove = QPushButton(self._ctx.t.gettext("Remove"))
        remove.setAutoDefault(False)
        remove.setAccessibleDescription(code)
        remove.clicked.connect(lambda: self.remove(person_id))
        row.addWidget(remove)
        row.addStretch(1)
        wrapped = FieldWithError(line)
        self._rows[f"contact_{person_id}"] = wrapped
        self._layout.addWidget(wrapped)
        if self.isVisible():
            wrapped.show()
        self.people[person_id] = (code, checks, remove, wrapped)
        self._changed()

    def remove(self, person_id: int) -> None:
        _code, _checks, _remove, wrapped = self.people.pop(person_id)
        self._rows.pop(f"contact_{person_id}", None)
        wrapped.hide()
        wrapped.deleteLater()
        self._changed()

    def ticked(self) -> dict[int, frozenset[str]]:
        return {
            person: frozenset(value for value, box in checks.items() if box.isChecked())
            for person, (_code, checks, _remove, _wrapped) in self.people.items()
        }

    def codes(self) -> list[str]:
        return [code for code, *_rest in self.people.values()]

    def focus_chain(self) -> list[QWidget]:
        return [
            widget
            for _code, checks, remove, _wrapped in self.people.values()
            for widget in (*checks.values(), remove)
        ]


class TallyTable(QWidget):
    """People counted together, a line each as on the paper sheet: gender, age band, region,
    met before (a street session's) and how many. Blank lines are unused lines of the sheet."""

    def __init__(
        self,
        ctx: DeskContext,
        rows: dict[str, FieldWithError],
        changed: Callable[[], object],
        *,
        street: bool,
    ) -> None:
        super().__init__()
        self._ctx, self._rows, self._changed, self._street = ctx, rows, changed, street
        t = ctx.t
        _ = t.gettext
        self.lines: list[dict[str, QWidget]] = []
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        headings = [_("Gender")]
        if street:
            headings.append(_("Age band"))
        headings.append(_("Region of origin"))
        if street:
            headings.append(_("Met before"))
        headings.append(_("How many"))
        for column, text in enumerate(headings):
            self._grid.addWidget(QLabel(text), 0, column)
        self._grid.setColumnStretch(len(headings), 1)

    def _combos(self) -> dict[str, QComboBox]:
        t = self._ctx.t
        combos = {
            "gender": choice_combo(
                (t.gettext(TALLY_GENDER_WORDS[g]), g.value) for g in TALLY_GENDERS
            )
        }
        unknown = TallyRow()
        set_combo(combos["gender"], unknown.gender)
        if self._street:
            combos["age_band"] = choice_combo(
                (t.gettext(words), band.value) for band, words in AGE_BANDS.items()
            )
            set_combo(combos["age_band"], unknown.age_band)
        combos["region"] = choice_combo((region_name(t, r), r.value) for r in Region)
        set_combo(combos["region"], unknown.region)
        if self._street:
            combos["met_before"] = choice_combo(
                (t.gettext(words), met.value) for met, words in MET_BEFORE.items()
            )
            set_combo(combos["met_before"], unknown.met_before)
        return combos

    def add_line(self, row: TallyRow | None = None) -> QWidget:
        """A new line at the bottom; its first field is returned (to be given the focus)."""
        n = len(self.lines)
        widgets: dict[str, QWidget] = {}
        for column, (name, combo) in enumerate(self._combos().items()):
            if row is not None:
                set_combo(combo, getattr(row, name))
            wrapped = FieldWithError(combo)
            self._rows[f"tally_{n}_{name}"] = wrapped
            self._grid.addWidget(wrapped, n + 1, column, Qt.AlignmentFlag.AlignTop)
            widgets[name] = combo
        count = count_field(row.count if row is not None else "")
        count.setAccessibleName(self._ctx.t.gettext("How many"))
        wrapped = FieldWithError(count)
        self._rows[f"tally_{n}_count"] = wrapped
        self._grid.addWidget(wrapped, n + 1, len(widgets), Qt.AlignmentFlag.AlignTop)
        widgets["count"] = count
        self.lines.append(widgets)
        if self.isVisible():  # a line added on screen, shown now so that it takes the focus
            for widget in widgets.values():
                if (wrapped_field := widget.parentWidget()) is not None:
                    wrapped_field.show()
        self._changed()
        return widgets["gender"]

    def tallies(self) -> tuple[TallyRow, ...]:
        rows = []
        for line in self.lines:
            values = {
                name: widget.currentData()
                for name, widget in line.items()
                if isinstance(widget, QComboBox)
            }
            count = line["count"]
            assert isinstance(count, QLineEdit)
            rows.append(TallyRow(count=count.text(), **values))
        return tuple(rows)

    def focus_chain(self) -> list[QWidget]:
        return [widget for line in self.lines for widget in line.values()]


class MaterialBox(QWidget):
    """Material handed out in the session: where from (the first outreach place unless the
    session says otherwise), and a quantity per active item, as the hand-out dialog asks."""

    def __init__(
        self, ctx: DeskContext, choices: SessionChoices, rows: dict[str, FieldWithError]
    ) -> None:
        super().__init__()
        t = ctx.t
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.place = QComboBox()
        self.place.setMaximumWidth(320)
        for place in choices.places:
            self.place.addItem(place.name(t), place.id)
        outreach = [p for p in choices.places if p.kind is PlaceKind.OUTREACH]
        if outreach:
            set_combo(self.place, outreach[0].id)
        rows["place"] = FieldWithError(self.place)
        label = QLabel(t.gettext("Place"))
        label.setBuddy(self.place)
        form.addRow(label, rows["place"])
        self.quantities: dict[int, QLineEdit] = {}
        for item in choices.items:
            field = QLineEdit()
            field.setValidator(QIntValidator(0, MAX_QUANTITY, field))
            field.setMaximumWidth(90)
            field.setAccessibleName(item.name(t))
            self.quantities[item.id] = field
            rows[f"item_{item.id}"] = FieldWithError(field)
            name = QLabel(f"{item.name(t)} ({t.gettext(UNITS[item.unit])})")
            name.setBuddy(field)
            form.addRow(name, rows[f"item_{item.id}"])

    def material(self) -> dict[int, str]:
        return {item: field.text() for item, field in self.quantities.items() if field.text()}

    def place_id(self) -> int | None:
        value = self.place.currentData()
        return int(value) if value is not None else None

    def set_material(self, material: Mapping[int, int], place_id: int | None) -> None:
        if place_id is not None:
            set_combo(self.place, place_id)
        for item, quantity in material.items():
            if item in self.quantities:
                self.quantities[item].setText(str(quantity))

    def focus_chain(self) -> list[QWidget]:
        return [self.place, *self.quantities.values()]


def staff_names(choices: SessionChoices) -> list[tuple[str, object]]:
    return [(member.display_name, member.id) for member in choices.staff]


def entry_names(ctx: DeskContext, entries: Iterable[ListEntry]) -> list[tuple[str, object]]:
    return [(entry.text(ctx.t), entry.id) for entry in entries]


def section(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class SessionDialog(QDialog):
    """A session form in a scroll area above Save and Cancel: `saved_id` after a save; Enter
    saves (outside the code finder), Escape asks before what was typed is lost.

    Subclasses lay out `self.body` (a form layout), fill `self.rows` and give `form()` and
    `focus_chain()`; `finish()` makes the buttons and the keys."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None, editing: SessionView | None):
        super().__init__(parent)
        self._ctx, self._editing = ctx, editing
        self.saved_id: int | None = None
        self.rows: dict[str, FieldWithError] = {}
        self._laid_out = False  # rows added while the form is built are linked by `finish`
        self.holder = QWidget()
        self.body = QFormLayout(self.holder)
        self.body.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

    def finish(self) -> None:
        t = self._ctx.t
        scroll = QScrollArea()
        scroll.setWidget(self.holder)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroller = scroll
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        for button in self.holder.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter saves, wherever it is pressed
        buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        shortcut("Ctrl+S", self, self.save, t.gettext("Save"))
        shortcut("Ctrl+Return", self, self.save, t.gettext("Save"))
        self.saving = Form(self.rows, [buttons], self)
        self._laid_out = True
        self.relink()
        self._typed = self.form()
        screen = self.screen().availableGeometry()
        self.resize(min(980, screen.width()), min(900, screen.height() - 40))

    def relink(self) -> None:
        """Tab follows the paper sheet, top to bottom, rows added later included."""
        if not self._laid_out:
            return
        chain = [w for w in self.focus_chain() if w.focusPolicy() != Qt.FocusPolicy.NoFocus]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def focus_chain(self) -> list[QWidget]:
        raise NotImplementedError

    def form(self) -> SessionFormAny:
        raise NotImplementedError

    def save(self) -> Job | None:
        ctx, form, editing = self._ctx, self.form(), self._editing
        locale = ctx.t.locale_name
        if editing is None:
            return run_write(
                ctx,
                self,
                lambda s: record_session(s, ctx.actor, ctx.clock, form, locale),
                self._saved,
                form=self.saving,
            )
        return run_write(
            ctx,
            self,
            lambda s: amend_session(
                s, ctx.actor, ctx.clock, editing.id, editing.revision, form, locale
            ),
            lambda _none: self._saved(editing.id),
            form=self.saving,
        )

    def _saved(self, session_id: int) -> None:
        self.saved_id = session_id
        self.accept()

    def reject(self) -> None:
        if self.form() != self._typed and not messages.close_without_saving(self, self._ctx.t):
            return
        super().reject()

    def times(self, start: QLineEdit, end: QLineEdit, shift: QLabel, night: NightHours) -> None:
        """Keep the shift line under the times in step with them."""

        def show() -> None:
            shift.setText(shift_text(self._ctx, start.text(), end.text(), night))

        start.textChanged.connect(lambda _text: show())
        end.textChanged.connect(lambda _text: show())
        show()

    def day_and_times(self, editing: SessionView | None) -> tuple[QLineEdit, ...]:
        """The date (today unless amended), start and end as typed, in the desk's language."""
        ctx = self._ctx
        t, zone = ctx.t, ctx.clock.zone
        day = QLineEdit(t.short_date(editing.day if editing else ctx.clock.today()))
        day.setPlaceholderText(t.date_hint())
        day.setMaximumWidth(130)
        start, end = time_field(), time_field()
        if editing is not None:
            start.setText(t.time(editing.starts_at, zone))
            end.setText(t.time(editing.ends_at, zone))
        return day, start, end

    def add_row(self, name: str, text: str, field: QWidget) -> FieldWithError:
        wrapped = FieldWithError(field)
        self.rows[name] = wrapped
        label = QLabel(text)
        label.setBuddy(field)
        self.body.addRow(label, wrapped)
        return wrapped

    def times_row(self, day: QLineEdit, start: QLineEdit, end: QLineEdit) -> QLabel:
        """Date, start and end on one line as on the sheet, the shift under them."""
        t = self._ctx.t
        line = QWidget()
        row = QHBoxLayout(line)
        row.setContentsMargins(0, 0, 0, 0)
        for name, text, field in (
            ("day", t.gettext("Date"), day),
            ("start", t.gettext("Start"), start),
            ("end", t.gettext("End"), end),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            label.setMinimumHeight(field.sizeHint().height())  # beside its field, not below
            self.rows[name] = FieldWithError(field)
            self.rows[name].error.setMinimumWidth(_TIME_ERROR_WIDTH)  # not a word a line
            row.addWidget(label, 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(self.rows[name], 0, Qt.AlignmentFlag.AlignTop)
        row.addStretch(1)
        self.body.addRow(line)
        shift = QLabel()
        self.body.addRow(shift)
        return shift
