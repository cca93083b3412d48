"""What the person's file lets its reader do, by keyboard: write a consultation of a kind the
role may write, open a line to read it whole, and from there amend, add to or strike it out.
Each save reads the file again, so the list shows what was saved."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtWidgets import QDialog, QWidget

from clinic.care import consultations
from clinic.care.consultations import READ, WRITE, ConsultationView
from clinic.care.directory import Service, services
from clinic.care.lists import ListEntry
from clinic.care.rapid_tests import RecordedTest
from clinic.care.vocabulary import CareList, ConsultationKind
from clinic.care.words import CONSULTATION_KINDS, PATHWAY_KINDS
from clinic.common.permissions import Permission
from clinic.person_file.timeline import (
    SESSION_TYPES,
    Entry,
    PathwayLine,
    PersonFile,
    ReferralLine,
    open_person_file,
)
from clinic.protection import interviews
from clinic.protection.interviews import InterviewView
from ui.common import messages
from ui.context import DeskContext
from ui.operations import run_read, run_write
from ui.outreach.session_view_dialog import open_session
from ui.person_file.consultation_dialog import ConsultationDialog
from ui.person_file.consultation_view import ConsultationViewDialog
from ui.person_file.interview_dialog import InterviewDialog
from ui.person_file.pathway_forms import ClosePathwayDialog, OpenPathwayDialog, StageDialog
from ui.person_file.small_forms import OutcomeDialog, RapidTestDialog, ReferralDialog
from ui.person_file.timeline_panel import TimelinePanel

# The services a reactive test is referred to for confirmation, first found first offered.
CONFIRMING = ("sti_clinic", "hospital", "gynaecology")
# The kinds "New consultation" offers (the interview has its own key).
EVERYDAY = (ConsultationKind.MEDICAL, ConsultationKind.SOCIAL, ConsultationKind.PSYCHOLOGICAL)


class CareActions:
    def __init__(
        self,
        ctx: DeskContext,
        owner: QWidget,
        person_id: int,
        code: str,
        entries: Mapping[CareList, Sequence[ListEntry]],
        panel: TimelinePanel,
    ) -> None:
        self._ctx, self._owner = ctx, owner
        self.person_id, self.code, self.entries, self.panel = person_id, code, entries, panel
        panel.opened.connect(self.open_entry)

    def writable_kinds(self) -> list[ConsultationKind]:
        return [kind for kind in EVERYDAY if self._ctx.actor.can(WRITE[kind])]

    def new_consultation(self) -> None:
        """The form of the one kind this role writes; a question first if it writes several."""
        t, kinds = self._ctx.t, self.writable_kinds()
        if not kinds:
            return
        kind: ConsultationKind | None = kinds[0]
        if len(kinds) > 1:
            chosen = messages.choose(
                self._owner,
                t,
                t.gettext("Which consultation?"),
                [(k.value, t.gettext(CONSULTATION_KINDS[k])) for k in kinds],
            )
            kind = ConsultationKind(chosen) if chosen else None
        if kind is not None:
            self._write(kind, None)

    def new_interview(self, amending: InterviewView | None = None) -> None:
        dialog = InterviewDialog(
            self._ctx, self._owner, self.person_id, self.code, self.entries, amending
        )
        try:
            dialog.exec()
            recorded = dialog.recorded
        finally:
            dialog.deleteLater()
        if recorded is not None:
            if recorded.pathway_id is not None:
                t = self._ctx.t
                messages.show_info(
                    self._owner,
                    t,
                    t.gettext(
                        "The person accepted the programme: a social-protection pathway is open, "
                        "at its identification stage."
                    ),
                )
            self.reload()

    def new_test(self) -> None:
        """A rapid test; a reactive one is offered a referral for confirmation at once."""
        kinds = self.entries.get(CareList.TEST_KIND, ())
        dialog = RapidTestDialog(self._ctx, self._owner, self.person_id, self.code, kinds)
        try:
            dialog.exec()
            recorded: RecordedTest | None = dialog.saved
            kind = dialog.kind.currentText()
        finally:
            dialog.deleteLater()
        if recorded is None:
            return
        self.reload()
        t = self._ctx.t
        if recorded.needs_confirmation and messages.confirm(
            self._owner,
            t,
            t.format(
                t.gettext("The {test} test is reactive. Refer the person for confirmation now?"),
                test=kind,
            ),
            t.gettext("Refer now"),
            t.gettext("Later"),
        ):
            reason = t.format(t.gettext("Confirmation of a reactive {test} test."), test=kind)
            self.new_referral(test_id=recorded.id, reason=reason, preferred=CONFIRMING)

    def new_referral(
        self, test_id: int | None = None, reason: str = "", preferred: Sequence[str] = ()
    ) -> None:
        ctx = self._ctx
        run_read(
            ctx,
            self._owner,
            lambda s: services(s),
            lambda found: self._refer(found, test_id, reason, preferred),
        )

    def _refer(
        self,
        found: Sequence[Service],
        test_id: int | None,
        reason: str,
        preferred: Sequence[str],
    ) -> None:
        t = self._ctx.t
        if not found:
            messages.show_info(
                self._owner,
                t,
                t.gettext(
                    "There is no partner service in the directory yet. The coordinator adds "
                    "them under Administration."
                ),
            )
            return
        dialog = ReferralDialog(
            self._ctx, self._owner, self.person_id, self.code, found, reason, test_id, preferred
        )
        self._run(dialog)

    def record_outcome(self, entry: Entry | None = None) -> None:
        """The outcome of the referral on the chosen line (Enter on it, or Ctrl+U)."""
        entry = entry or self.panel.selected()
        if entry is None or not isinstance(entry.content, ReferralLine):
            return
        if not self._ctx.actor.can(Permission.REFERRAL_WRITE):
            return
        dialog = OutcomeDialog(self._ctx, self._owner, entry.record_id, entry.content.service)
        self._run(dialog)

    def new_pathway(self) -> None:
        self._run(OpenPathwayDialog(self._ctx, self._owner, self.person_id, self.code))

    def move_pathway(self, line: PathwayLine) -> None:
        """Enter on a pathway's line: its next stage, or its closing (asked which)."""
        t = self._ctx.t
        if not self._ctx.actor.can(Permission.PATHWAY_WRITE) or self._closed(line.pathway_id):
            return
        title = t.gettext(PATHWAY_KINDS[line.kind])
        chosen = messages.choose(
            self._owner,
            t,
            title,
            [("stage", t.gettext("Next stage...")), ("close", t.gettext("Close the pathway..."))],
        )
        if chosen == "stage":
            self._run(StageDialog(self._ctx, self._owner, line.pathway_id, title))
        elif chosen == "close":
            self._run(ClosePathwayDialog(self._ctx, self._owner, line.pathway_id, title))

    def _closed(self, pathway_id: int) -> bool:
        return any(
            isinstance(e.content, PathwayLine)
            and e.content.pathway_id == pathway_id
            and e.content.closed
            for e in self.panel.file.entries
        )

    def _run(self, dialog: QDialog) -> None:
        try:
            dialog.exec()
            saved = getattr(dialog, "saved", None)
        finally:
            dialog.deleteLater()
        if saved is not None:
            self.reload()

    def _write(self, kind: ConsultationKind, amending: ConsultationView | None) -> None:
        dialog = ConsultationDialog(
            self._ctx, self._owner, self.person_id, self.code, kind, self.entries, amending
        )
        try:
            dialog.exec()
            saved = dialog.saved_id is not None
        finally:
            dialog.deleteLater()
        if saved:
            self.reload()

    def open_entry(self, entry: Entry) -> None:
        """Enter on a line: a consultation this role reads opens whole (an audited view)."""
        ctx = self._ctx
        if isinstance(entry.content, ReferralLine):
            self.record_outcome(entry)
            return
        if isinstance(entry.content, PathwayLine):
            self.move_pathway(entry.content)
            return
        if entry.type in SESSION_TYPES.values():
            self.open_session(entry)
            return
        try:
            kind = ConsultationKind(entry.type.value)
        except ValueError:
            return
        if entry.neutral or not ctx.actor.can(READ[kind]):
            return
        if kind is ConsultationKind.IDENTIFICATION:
            run_write(
                ctx,
                self._owner,
                lambda s: interviews.read_interview(s, ctx.actor, ctx.clock, entry.record_id),
                lambda read: self._show(read.consultation, read),
            )
            return
        run_write(
            ctx,
            self._owner,
            lambda s: consultations.read_consultation(s, ctx.actor, ctx.clock, entry.record_id),
            self._show,
        )

    def open_session(self, entry: Entry) -> None:
        """A street or group session the person was met in, for a role that reads sessions
        (the others' line is neutral: kind and day, nothing to open)."""
        if entry.neutral or not self._ctx.actor.can(Permission.OUTREACH_READ):
            return
        open_session(self._ctx, self._owner, entry.record_id, self.reload)

    def _show(self, seen: ConsultationView, interview: InterviewView | None = None) -> None:
        dialog = ConsultationViewDialog(self._ctx, self._owner, seen, interview)
        try:
            dialog.exec()
            amend, changed = dialog.amend, dialog.changed
        finally:
            dialog.deleteLater()
        if amend and interview is not None:
            self.new_interview(interview)
        elif amend:
            self._write(seen.kind, seen)
        elif changed:
            self.reload()

    def reload(self) -> None:
        ctx, person_id = self._ctx, self.person_id
        run_write(
            ctx,
            self._owner,
            lambda s: open_person_file(s, ctx.actor, ctx.clock, person_id),
            self._reloaded,
        )

    def _reloaded(self, file: PersonFile) -> None:
        self.panel.show_file(file)
