"""The identification interview (issue 12): who sent the person, the mediator and language, the
ILO–EC 2009 indicators found, the interviewer's conclusion and the programme offered.

Which dimensions the ILO's rule finds met is shown as the indicators are ticked, as a help; it
never fills the conclusion, which is the interviewer's to record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from clinic.care.lists import ListEntry
from clinic.care.vocabulary import CareList, ConsultationKind, ProgrammeOffer
from clinic.care.words import CONCLUSIONS, PROGRAMME_OFFERS, REFERRERS
from clinic.protection import interviews
from clinic.protection.indicators import (
    DIMENSIONS,
    INDICATORS,
    STRENGTHS,
    dimensions_met,
    possible_victim,
)
from clinic.protection.interviews import InterviewForm, InterviewView, Recorded
from ui.common import messages
from ui.common.field_row import FieldWithError
from ui.common.form_saving import form_dialog_layout
from ui.common.jobs import Job
from ui.common.shortcuts import shortcut
from ui.context import DeskContext
from ui.operations import Form, run_write
from ui.person_file.consultation_fields import ConsultationFields

MIN_SENTENCE_WIDTH = 160  # pixels: a few words a line, in a narrow window


class InterviewDialog(QDialog):
    """A new interview, or one amended by its interviewer on its day (`amending`). After
    `exec()`, `recorded` says what was saved (None if cancelled)."""

    def __init__(
        self,
        ctx: DeskContext,
        parent: QWidget | None,
        person_id: int,
        code: str,
        entries: Mapping[CareList, Sequence[ListEntry]],
        amending: InterviewView | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx, self._person_id, self._amending = ctx, person_id, amending
        self.recorded: Recorded | None = None
        t = ctx.t
        _ = t.gettext
        words = _("Identification interview")
        self.setWindowTitle(f"{words} · {code}")
        self.fields = ConsultationFields(ctx, ConsultationKind.IDENTIFICATION, entries, self)
        self.referred_by = self._combo({k.value: _(v) for k, v in REFERRERS.items()}, blank=True)
        self.conclusion = self._combo({k.value: _(v) for k, v in CONCLUSIONS.items()}, blank=True)
        self.offer = self._combo({k.value: _(v) for k, v in PROGRAMME_OFFERS.items()})
        self.indicators: dict[str, QCheckBox] = {}
        self.met = QLabel()
        self.met.setObjectName("dimensionsMet")
        self.met.setWordWrap(True)
        rows = {
            "referred_by": FieldWithError(self.referred_by),
            "indicators": FieldWithError(self._indicator_boxes()),
            "conclusion": FieldWithError(self.conclusion),
            "offer": FieldWithError(self.offer),
        }
        answers = QFormLayout()
        for name, text in (
            ("referred_by", _("&Referred by:")),
            ("conclusion", _("C&onclusion:")),
            ("offer", _("&Programme:")),
        ):
            label = QLabel(text)
            label.setBuddy(rows[name].field)
            answers.addRow(label, rows[name])
        left = QVBoxLayout()
        left.addLayout(answers)
        left.addWidget(self.fields)
        scroll = QScrollArea()
        scroll.setWidget(rows["indicators"])
        scroll.setWidgetResizable(True)
        # Up and down only: the sentences wrap to the pane's width (`_wrapping_check`).
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        narrowest = rows["indicators"].minimumSizeHint().width()
        scroll.setMinimumWidth(
            narrowest + scroll.verticalScrollBar().sizeHint().width() + 2 * scroll.frameWidth()
        )  # a narrow window keeps the sentences whole, a few words a line
        right = QVBoxLayout()
        right.addWidget(_wrapping_label(_("ILO–European Commission indicators (2009) found:")))
        right.addWidget(scroll, 1)
        right.addWidget(self.met)
        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(right, 3)  # the indicators' sentences are the longest lines here
        buttons = form_dialog_layout(self, body, self.save)
        shortcut("Ctrl+S", self, self.save, _("Save"))
        shortcut("Ctrl+Return", self, self.save, _("Save"))
        self.saving = Form({**self.fields.rows, **rows}, [buttons], self)
        if amending is not None:
            self._fill(amending)
        self._typed = self.form()
        self._show_met()
        self.resize(1200, 760)
        self.referred_by.setFocus()

    def _fill(self, seen: InterviewView) -> None:
        consultation = seen.consultation
        retired = [item for item in consultation.items if not item.active]
        self.fields.set_form(consultation.form(), retired)
        for combo, value in (
            (self.referred_by, seen.referred_by.value),
            (self.conclusion, seen.conclusion.value if seen.conclusion else ""),
            (self.offer, seen.offer.value),
        ):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        for code, box in self.indicators.items():
            box.setChecked(code in seen.indicators)

    def _combo(self, items: dict[str, str], *, blank: bool = False) -> QComboBox:
        combo = QComboBox()
        if blank:
            combo.addItem("", "")
        for value, text in items.items():
            combo.addItem(text, value)
        return combo

    def _indicator_boxes(self) -> QWidget:
        """The indicators under their dimension's heading. Headings and sentences wrap, so the
        pane can be as narrow as the consultation's fields leave it."""
        t = self._ctx.t
        holder = QWidget()
        layout = QVBoxLayout(holder)
        boxes: dict[object, QVBoxLayout] = {}
        for dimension, name in DIMENSIONS.items():
            heading = _wrapping_label(t.gettext(name))
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            layout.addWidget(heading)
            boxes[dimension] = QVBoxLayout()
            boxes[dimension].setContentsMargins(12, 0, 0, 8)
            layout.addLayout(boxes[dimension])
        for indicator in INDICATORS:
            text = f"{t.gettext(indicator.text)} ({t.gettext(STRENGTHS[indicator.strength])})"
            check, row = _wrapping_check(text)
            check.toggled.connect(self._show_met)
            self.indicators[indicator.code] = check
            boxes[indicator.dimension].addWidget(row)
        layout.addStretch(1)
        return holder

    def _show_met(self) -> None:
        t = self._ctx.t
        _ = t.gettext
        met = dimensions_met(c for c, box in self.indicators.items() if box.isChecked())
        names = [_(name) for dimension, name in DIMENSIONS.items() if dimension in met]
        text = t.format(
            _("Met under the ILO's rule (a help, not a conclusion): {dimensions}."),
            dimensions=", ".join(names) or _("none"),
        )
        if possible_victim(met):
            text += " " + _("Together they point to trafficking under the ILO's rule.")
        self.met.setText(text)

    def form(self) -> InterviewForm:
        return InterviewForm(
            consultation=self.fields.form(),
            referred_by=self.referred_by.currentData() or "",
            indicators=frozenset(c for c, box in self.indicators.items() if box.isChecked()),
            conclusion=self.conclusion.currentData() or "",
            offer=self.offer.currentData() or ProgrammeOffer.NOT_OFFERED.value,
        )

    def save(self) -> Job | None:
        ctx, form, person_id, amending = self._ctx, self.form(), self._person_id, self._amending
        if amending is None:
            return run_write(
                ctx,
                self,
                lambda s: interviews.record_interview(s, ctx.actor, ctx.clock, person_id, form),
                self._saved,
                form=self.saving,
            )
        seen = amending.consultation
        return run_write(
            ctx,
            self,
            lambda s: interviews.amend_interview(
                s, ctx.actor, ctx.clock, seen.id, seen.revision, form
            ),
            self._saved,
            form=self.saving,
        )

    def _saved(self, recorded: Recorded) -> None:
        self.recorded = recorded
        self.accept()

    def reject(self) -> None:
        if self.form() != self._typed and not messages.close_without_saving(self, self._ctx.t):
            return
        super().reject()


def _wrapping_check(text: str) -> tuple[QCheckBox, QWidget]:
    """A check box whose sentence wraps to the column rather than scrolling it sideways (a
    QCheckBox's own text never wraps); clicking the sentence ticks the box, as its own would."""
    check = QCheckBox()
    check.setAccessibleName(text)
    label = _ClickLabel(text, check)
    _wrap(label)
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(check, 0, Qt.AlignmentFlag.AlignTop)
    layout.addWidget(label, 1)
    return check, row


def _wrapping_label(text: str) -> QLabel:
    label = QLabel(text)
    _wrap(label)
    return label


def _wrap(label: QLabel) -> None:
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setMinimumWidth(MIN_SENTENCE_WIDTH)  # else a wrapped label asks for a wide line


class _ClickLabel(QLabel):
    def __init__(self, text: str, check: QCheckBox) -> None:
        super().__init__(text)
        self._check = check

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() is Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self._check.toggle()
            self._check.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mouseReleaseEvent(event)
