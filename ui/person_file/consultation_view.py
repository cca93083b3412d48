"""One consultation, whole, as its readers see it: what was ticked and written, its addenda and
earlier versions; and from here, by keyboard, amend it (its author, on its day), add an addendum,
or strike it out as entered in error."""

from __future__ import annotations

import functools
from collections.abc import Callable

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

from clinic.care import consultations
from clinic.care.consultations import WRITE, ConsultationView
from clinic.care.vocabulary import ProgrammeOffer
from clinic.care.words import (
    CONCLUSIONS,
    CONSULTATION_KINDS,
    FOLLOW_UPS,
    PROGRAMME_OFFERS,
    REFERRERS,
)
from clinic.common.permissions import Permission
from clinic.i18n.translator import Translator
from clinic.protection import interviews
from clinic.protection.indicators import DIMENSIONS, INDICATORS
from clinic.protection.interviews import InterviewView
from ui.common.desk_buttons import DeskButtons
from ui.context import DeskContext
from ui.operations import run_write
from ui.person_file.text_dialog import TextDialog


class ConsultationViewDialog(QDialog):
    """After `exec()`, `amend` is True if its author asked to amend it; `changed` if an addendum
    or a correction was saved (the file is read again)."""

    def __init__(
        self,
        ctx: DeskContext,
        parent: QWidget | None,
        seen: ConsultationView,
        interview: InterviewView | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx, self.seen, self._interview = ctx, seen, interview
        self.amend = False
        self.changed = False
        t = ctx.t
        _ = t.gettext
        when = ctx.clock.local(seen.written_at)
        self.setWindowTitle(f"{_(CONSULTATION_KINDS[seen.kind])} · {t.short_date(when.date())}")
        facts = QFormLayout()
        facts.addRow(
            _("Written by"), _plain(f"{seen.author}, {t.short_date(when.date())} {when:%H:%M}")
        )
        if seen.entered_in_error:
            facts.addRow(_("Entered in error"), _plain(seen.error_reason or ""))
        if interview is not None:
            _interview_rows(t, facts, interview)
        if seen.items:
            facts.addRow(_("Ticked"), _plain(", ".join(item.text(t) for item in seen.items)))
        if seen.duration_min:
            facts.addRow(_("Duration"), _plain(t.format(_("{n} min"), n=seen.duration_min)))
        if seen.mediator:
            language = t.language_name(seen.mediator_language) if seen.mediator_language else ""
            facts.addRow(_("Mediator"), _plain(language or _("Present")))
        if seen.follow_ups:
            needs = ", ".join(_(FOLLOW_UPS[n]) for n in sorted(seen.follow_ups))
            facts.addRow(_("Follow-up"), _plain(needs))
        if seen.revisions:
            facts.addRow(
                _("Amended"),
                _plain(
                    t.format(
                        t.ngettext(
                            "once on its day; the earlier version is kept",
                            "{n} times on its day; the earlier versions are kept",
                            len(seen.revisions),
                        ),
                        n=len(seen.revisions),
                    )
                ),
            )
        self.note = QPlainTextEdit(seen.note)
        self.note.setReadOnly(True)
        self.note.setObjectName("note")
        layout = QVBoxLayout(self)
        layout.addLayout(facts)
        layout.addWidget(self.note, 1)
        for added in seen.addenda:
            when = ctx.clock.local(added.written_at)
            title = t.format(
                _("Addendum by {name}, {date}"), name=added.author, date=t.short_date(when.date())
            )
            layout.addWidget(QLabel(title))
            layout.addWidget(_plain(added.note))
        layout.addLayout(self._buttons())
        self.resize(640, 520)

    def _buttons(self) -> QHBoxLayout:
        _ = self._ctx.t.gettext
        seen, permission = self.seen, WRITE[self.seen.kind]
        buttons = DeskButtons(self._ctx.actor, self)
        row = QHBoxLayout()
        if seen.amendable:
            row.addWidget(buttons.add(_("&Amend"), "Ctrl+E", self._amend, permission))
        if not seen.entered_in_error:
            row.addWidget(buttons.add(_("A&ddendum"), "Ctrl+D", self._addendum, permission))
            row.addWidget(
                buttons.add(_("Entered in &error..."), "Ctrl+Shift+Del", self._in_error, permission)
            )
        interview = self._interview
        if interview is not None and interview.offer is ProgrammeOffer.OFFERED:
            for text, keys, answer in (
                (_("Programme acce&pted"), "Ctrl+Shift+A", ProgrammeOffer.ACCEPTED),
                (_("Programme re&fused"), "Ctrl+Shift+F", ProgrammeOffer.REFUSED),
            ):
                slot = functools.partial(self._answer, answer)
                row.addWidget(buttons.add(text, keys, slot, Permission.INTERVIEW_WRITE))
        row.addStretch(1)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        close.setDefault(True)
        row.addWidget(close)
        return row

    def _answer(self, offer: ProgrammeOffer) -> None:
        """The person's answer to the programme offered: accepted opens the pathway."""
        ctx, seen = self._ctx, self.seen
        run_write(
            ctx,
            self,
            lambda s: interviews.answer_offer(s, ctx.actor, ctx.clock, seen.id, offer),
            lambda _recorded: self._changed(),
        )

    def _changed(self) -> None:
        self.changed = True
        self.accept()

    def _amend(self) -> None:
        self.amend = True
        self.accept()

    def _addendum(self) -> None:
        ctx, seen = self._ctx, self.seen
        _ = ctx.t.gettext
        self._text_dialog(
            _("Addendum"),
            _(
                "Added under the consultation, with your name and today's date. It cannot be "
                "changed afterwards."
            ),
            "addendum",
            lambda s, text: consultations.add_addendum(s, ctx.actor, ctx.clock, seen.id, text),
        )

    def _in_error(self) -> None:
        ctx, seen = self._ctx, self.seen
        _ = ctx.t.gettext
        self._text_dialog(
            _("Entered in error"),
            _(
                "Why was this consultation entered in error? It stays in the file, struck out, "
                "with your reason."
            ),
            "reason",
            lambda s, text: consultations.mark_consultation_in_error(
                s, ctx.actor, ctx.clock, seen.id, text
            ),
        )

    def _text_dialog(
        self, title: str, label: str, field: str, write: Callable[[Session, str], object]
    ) -> None:
        dialog = TextDialog(self._ctx, self, title, label, field, write)
        try:
            dialog.exec()
            saved = dialog.saved
        finally:
            dialog.deleteLater()
        if saved:
            self.changed = True
            self.accept()


def _interview_rows(t: Translator, facts: QFormLayout, seen: InterviewView) -> None:
    _ = t.gettext
    facts.addRow(_("Referred by"), _plain(_(REFERRERS[seen.referred_by])))
    found = [_(i.text) for i in INDICATORS if i.code in seen.indicators]
    facts.addRow(_("Indicators found"), _plain("\n".join(found) or _("none")))
    met = [_(name) for dimension, name in DIMENSIONS.items() if dimension in seen.met]
    facts.addRow(_("Met under the ILO's rule"), _plain(", ".join(met) or _("none")))
    conclusion = _(CONCLUSIONS[seen.conclusion]) if seen.conclusion else _("Not yet determined")
    facts.addRow(_("Conclusion"), _plain(conclusion))
    facts.addRow(_("Programme"), _plain(_(PROGRAMME_OFFERS[seen.offer])))


def _plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label
