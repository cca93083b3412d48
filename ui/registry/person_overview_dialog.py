"""The person's file: what Enter opens at the desk. The person at a glance on the left; on the
right, for the roles that have one, everything that happened with them, newest first
(`ui.person_file`), and the care this role writes (Ctrl+K a consultation, Ctrl+I an
identification interview).

Nothing in the summary can be typed into. Editing is an explicit step (Ctrl+E, reception), as
are checking in (F2) and the vaccinations (Ctrl+Shift+V, nurses); each closes the file and the
desk does it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from clinic.care.lists import ListEntry
from clinic.care.vocabulary import CareList
from clinic.common.permissions import Permission
from clinic.desk.vocabulary import QueueState
from clinic.desk.words import STATES, reasons_text
from clinic.person_file.overview import PastVisit, PersonOverview
from clinic.person_file.timeline import PersonFile
from clinic.registry.vocabulary import ConsentStatus
from clinic.registry.words import gender_text
from clinic.vaccinations.words import status_text
from ui.common.desk_buttons import DeskButtons
from ui.context import DeskContext
from ui.materials.hand_out_dialog import open_hand_out
from ui.person_file.care_actions import CareActions
from ui.person_file.timeline_panel import TimelinePanel
from ui.registry.person_dialog import code_label


class OverviewAction(Enum):
    EDIT = "edit"
    CHECK_IN = "check_in"
    VACCINATIONS = "vaccinations"


class PersonOverviewDialog(QDialog):
    """After `exec()`, `chosen` is what the desk was asked to do next (None: just closed)."""

    def __init__(
        self,
        ctx: DeskContext,
        overview: PersonOverview,
        parent: QWidget | None,
        file: PersonFile | None = None,
        entries: Mapping[CareList, Sequence[ListEntry]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.overview = overview
        self.chosen: OverviewAction | None = None
        self.setWindowTitle(ctx.t.format(ctx.t.gettext("Person {code}"), code=overview.code))
        self.code = code_label()
        self.code.setText(overview.code)
        self.rows: dict[str, QLabel] = {}
        self.timeline: TimelinePanel | None = None
        self.care: CareActions | None = None
        summary = QVBoxLayout()
        summary.addWidget(self.code)
        summary.addLayout(self._facts())
        summary.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(summary)
        if file is not None and file.types:
            self.timeline = TimelinePanel(ctx, file, self)
            self.care = CareActions(
                ctx, self, overview.id, overview.code, entries or {}, self.timeline
            )
            body.addWidget(self.timeline, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(self._buttons())
        self.setMinimumWidth(520)
        if self.timeline is not None:
            self.resize(1100, 620)
            self.timeline.view.setFocus()

    # ----- what is shown ----------------------------------------------------------------------

    def _facts(self) -> QFormLayout:
        t, o = self._ctx.t, self.overview
        _ = t.gettext
        form = QFormLayout()
        facts: list[tuple[str, str, str | None]] = [
            ("alias", _("Alias"), o.alias or _("None given")),
            ("gender", _("Gender"), gender_text(t, o.gender)),
            ("age", _("Age"), self._age()),
            ("country", _("Country of origin"), t.country(o.country) or _("Not given")),
            ("languages", _("Languages"), self._languages()),
            ("consent", _("Consent"), self._consent()),
            ("visits", self._visits_title(), self._visits()),
            ("vaccines", _("Next vaccines"), self._vaccines()),
        ]
        for name, title, text in facts:
            if text is None:  # not for this role
                continue
            self.rows[name] = _plain(text)
            form.addRow(title, self.rows[name])
        return form

    def _age(self) -> str:
        t, o = self._ctx.t, self.overview
        if o.age is None:
            return t.gettext("Not given")
        if o.birth_date is not None:
            return t.format(
                t.gettext("{age} (born {date})"), age=o.age, date=t.short_date(o.birth_date)
            )
        return t.format(t.gettext("{age} this year (born in {year})"), age=o.age, year=o.birth_year)

    def _languages(self) -> str:
        t = self._ctx.t
        names = sorted(t.language_name(code) for code in self.overview.languages)
        return ", ".join(names) or t.gettext("Not given")

    def _consent(self) -> str:
        t, o = self._ctx.t, self.overview
        if o.consent is ConsentStatus.GIVEN:
            return t.format(t.gettext("Given on {date}"), date=t.short_date(o.consent_date))
        if o.consent is ConsentStatus.NOT_ASKED:
            return t.gettext("Not asked yet")
        return t.gettext("Not recorded")

    def _visits_title(self) -> str:
        t, count = self._ctx.t, self.overview.visit_count
        if not count:
            return t.gettext("Last visits")
        return t.format(t.gettext("Last visits ({n} in all)"), n=count)

    def _visits(self) -> str | None:
        visits = self.overview.last_visits
        if visits is None:
            return None
        return "\n".join(self._visit_line(v) for v in visits) or self._ctx.t.gettext("None yet")

    def _visit_line(self, visit: PastVisit) -> str:
        """`03/03/2026  ·  Medical, Material`; the state only where it tells something: today's
        visit still open, or a day the person left without being seen."""
        t, clock = self._ctx.t, self._ctx.clock
        day = visit.arrival_at.astimezone(clock.zone).date()
        line = f"{t.short_date(day)}  ·  {reasons_text(t, visit.reasons)}"
        open_today = day == clock.today() and visit.state is not QueueState.DONE
        if open_today or visit.state is QueueState.LEFT:
            line += f"  ·  {t.gettext(STATES[visit.state])}"
        return line

    def _vaccines(self) -> str | None:
        due = self.overview.vaccines_due
        if due is None:
            return None
        today = self._ctx.clock.today()
        lines = [status_text(self._ctx.t, status, today) for status in due]
        return "\n".join(lines) or self._ctx.t.gettext("Nothing due")

    # ----- what can be done next --------------------------------------------------------------

    def _buttons(self) -> QHBoxLayout:
        _ = self._ctx.t.gettext
        self.desk_buttons = DeskButtons(self._ctx.actor, self)
        choose = self._choose
        self.edit_button = self.desk_buttons.add(
            _("&Edit"), "Ctrl+E", lambda: choose(OverviewAction.EDIT), Permission.PERSON_UPDATE
        )
        self.check_in_button = self.desk_buttons.add(
            _("Check &in"), "F2", lambda: choose(OverviewAction.CHECK_IN), Permission.VISIT_CREATE
        )
        self.vaccinations_button = self.desk_buttons.add(
            _("&Vaccinations"),
            "Ctrl+Shift+V",
            lambda: choose(OverviewAction.VACCINATIONS),
            Permission.VACCINATION_READ,
        )
        add = self.desk_buttons.add
        care = self.care
        self.consultation_button = add(
            _("New &consultation"),
            "Ctrl+K",
            care.new_consultation if care else lambda: None,
            Permission.CARE_SEEN,
        )
        self.consultation_button.setVisible(bool(care and care.writable_kinds()))
        self.interview_button = add(
            _("&Identification interview"),
            "Ctrl+I",
            care.new_interview if care else lambda: None,
            Permission.INTERVIEW_WRITE,
        )
        self.interview_button.setVisible(care is not None and self.interview_button.isEnabled())
        self.test_button = add(
            _("Rapid &test"),
            "Ctrl+T",
            care.new_test if care else lambda: None,
            Permission.TEST_WRITE,
        )
        self.referral_button = add(
            _("&Referral"),
            "Ctrl+R",
            care.new_referral if care else lambda: None,
            Permission.REFERRAL_WRITE,
        )
        self.outcome_button = add(
            _("&Outcome"),
            "Ctrl+U",
            care.record_outcome if care else lambda: None,
            Permission.REFERRAL_WRITE,
        )
        self.pathway_button = add(
            _("&Pathway"),
            "Ctrl+P",
            care.new_pathway if care else lambda: None,
            Permission.PATHWAY_WRITE,
        )
        self.hand_out_button = add(_("&Hand out"), "F9", self.hand_out, Permission.HAND_OUT)
        for button in (
            self.test_button,
            self.referral_button,
            self.outcome_button,
            self.pathway_button,
        ):
            button.setVisible(care is not None and button.isEnabled())
        self.close_button = add(_("Close"), "Esc", self.reject, Permission.PERSON_READ)
        row = QHBoxLayout()
        for button in (
            self.consultation_button,
            self.interview_button,
            self.test_button,
            self.referral_button,
            self.outcome_button,
            self.pathway_button,
            self.hand_out_button,
            self.edit_button,
            self.check_in_button,
            self.vaccinations_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        self.close_button.setDefault(self.timeline is None)  # else Enter opens the line
        self.close_button.setFocus()
        return row

    def hand_out(self) -> None:
        """Material for this person (F9); the file shows it once handed out."""
        care = self.care
        open_hand_out(
            self._ctx,
            self,
            self.overview.id,
            self.overview.code,
            lambda _handed: care.reload() if care is not None else None,
        )

    def _choose(self, action: OverviewAction) -> None:
        self.chosen = action
        self.accept()


def _plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # an alias is never markup
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label
