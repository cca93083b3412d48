"""What the care team records in a few fields, from the person's file: a rapid test, a referral
to a partner service, a referral's outcome. Each is one form saved through `ui.operations`,
with every refusal under its field and what was typed kept."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from sqlalchemy.orm import Session

from clinic.care import rapid_tests, referrals
from clinic.care.directory import Service
from clinic.care.lists import ListEntry
from clinic.care.rapid_tests import RapidTestForm, RecordedTest
from clinic.care.referrals import ReferralForm
from clinic.care.vocabulary import Urgency
from clinic.care.words import REFERRAL_OUTCOMES, SERVICE_KINDS, TEST_RESULTS, URGENCIES
from ui.common import messages
from ui.common.field_row import FieldWithError
from ui.common.form_saving import form_dialog_layout
from ui.common.jobs import Job
from ui.common.shortcuts import shortcut
from ui.context import DeskContext
from ui.operations import Form, run_write


class SmallForm(QDialog):
    """A titled form of labelled rows; `saved` holds what the save returned."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.saved: Any = None
        self.setWindowTitle(title)
        self.rows: dict[str, FieldWithError] = {}
        self.layout_rows = QFormLayout()

    def add_row(self, name: str, text: str, field: QWidget) -> None:
        self.rows[name] = FieldWithError(field)
        label = QLabel(text)
        label.setBuddy(field)
        self.layout_rows.addRow(label, self.rows[name])

    def finish(self) -> None:
        buttons = form_dialog_layout(self, self.layout_rows, self.save)
        shortcut("Ctrl+S", self, self.save, self._ctx.t.gettext("Save"))
        self.saving = Form(self.rows, [buttons], self)
        self._typed = self.snapshot()
        self.setMinimumWidth(520)

    def snapshot(self) -> object:
        raise NotImplementedError

    def work(self) -> Callable[[Session], object]:
        raise NotImplementedError

    def save(self) -> Job | None:
        return run_write(self._ctx, self, self.work(), self._done, form=self.saving)

    def _done(self, result: object) -> None:
        self.saved = result if result is not None else True
        self.accept()

    def reject(self) -> None:
        if self.snapshot() != self._typed and not messages.close_without_saving(self, self._ctx.t):
            return
        super().reject()


def combo(items: Sequence[tuple[str, object]], *, blank: bool = False) -> QComboBox:
    combo = QComboBox()
    if blank:
        combo.addItem("", None)
    for text, value in items:
        combo.addItem(text, value)
    return combo


class RapidTestDialog(SmallForm):
    """After `exec()`, `saved` is the `RecordedTest` (None if cancelled)."""

    def __init__(
        self,
        ctx: DeskContext,
        parent: QWidget | None,
        person_id: int,
        code: str,
        kinds: Sequence[ListEntry],
    ) -> None:
        t = ctx.t
        _ = t.gettext
        words = _("Rapid test")
        super().__init__(ctx, parent, f"{words} · {code}")
        self._person_id = person_id
        self.kind = combo([(entry.text(t), entry.id) for entry in kinds], blank=True)
        self.reading = combo([(_(text), r.value) for r, text in TEST_RESULTS.items()], blank=True)
        self.read_on = QLineEdit(t.short_date(ctx.clock.today()))
        self.read_on.setPlaceholderText(t.date_hint())
        self.kit = QLineEdit()
        self.lot = QLineEdit()
        self.before = QCheckBox(_("Counselling &before the test"))
        self.after = QCheckBox(_("Counselling &after the result"))
        self.add_row("kind", _("&Test:"), self.kind)
        self.add_row("result", _("&Result:"), self.reading)
        self.add_row("read_on", _("Read &on:"), self.read_on)
        self.add_row("kit", _("&Kit:"), self.kit)
        self.add_row("lot", _("&Lot:"), self.lot)
        self.layout_rows.addRow("", self.before)
        self.layout_rows.addRow("", self.after)
        self.finish()
        self.kind.setFocus()

    def form(self) -> RapidTestForm:
        return RapidTestForm(
            kind_id=self.kind.currentData(),
            kit=self.kit.text(),
            lot=self.lot.text(),
            result=self.reading.currentData() or "",
            read_on=self.read_on.text(),
            counselled_before=self.before.isChecked(),
            counselled_after=self.after.isChecked(),
        )

    snapshot = form

    def work(self) -> Callable[[Session], RecordedTest]:
        ctx, person_id, form = self._ctx, self._person_id, self.form()
        return lambda s: rapid_tests.record_rapid_test(
            s, ctx.actor, ctx.clock, person_id, form, ctx.t.locale_name
        )


class ReferralDialog(SmallForm):
    """After `exec()`, `saved` is the new referral's id (None if cancelled)."""

    def __init__(
        self,
        ctx: DeskContext,
        parent: QWidget | None,
        person_id: int,
        code: str,
        services: Sequence[Service],
        reason: str = "",
        test_id: int | None = None,
        preferred: Sequence[str] = (),
    ) -> None:
        t = ctx.t
        _ = t.gettext
        words = _("Referral")
        super().__init__(ctx, parent, f"{words} · {code}")
        self._person_id, self._test_id = person_id, test_id
        self.service = combo(
            [(f"{s.name} ({_(SERVICE_KINDS[s.kind])})", s.id) for s in services], blank=True
        )
        first = next((s for s in services if s.kind.value in preferred), None)
        if first is not None:
            self.service.setCurrentIndex(self.service.findData(first.id))
        self.reason = QPlainTextEdit(reason)
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(100)
        self.urgency = combo([(_(text), u.value) for u, text in URGENCIES.items()])
        self.accompanied = QCheckBox(_("Someone from the clinic &goes with the person"))
        self.persons_request = QCheckBox(_("The person &asked for it themselves"))
        self.referred_on = QLineEdit(t.short_date(ctx.clock.today()))
        self.referred_on.setPlaceholderText(t.date_hint())
        self.add_row("service", _("&Service:"), self.service)
        self.add_row("reason", _("&Reason:"), self.reason)
        self.add_row("urgency", _("&Urgency:"), self.urgency)
        self.add_row("referred_on", _("&Date:"), self.referred_on)
        self.layout_rows.addRow("", self.accompanied)
        self.add_row("persons_request", "", self.persons_request)
        self.finish()
        self.service.setFocus()

    def form(self) -> ReferralForm:
        return ReferralForm(
            service_id=self.service.currentData(),
            reason=self.reason.toPlainText(),
            urgency=self.urgency.currentData() or Urgency.ROUTINE.value,
            accompanied=self.accompanied.isChecked(),
            persons_request=self.persons_request.isChecked(),
            referred_on=self.referred_on.text(),
            test_id=self._test_id,
        )

    snapshot = form

    def work(self) -> Callable[[Session], int]:
        ctx, person_id, form = self._ctx, self._person_id, self.form()
        return lambda s: referrals.make_referral(
            s, ctx.actor, ctx.clock, person_id, form, ctx.t.locale_name
        )


class OutcomeDialog(SmallForm):
    """Whether the person went to the service they were referred to, and when."""

    def __init__(
        self, ctx: DeskContext, parent: QWidget | None, referral_id: int, service: str
    ) -> None:
        t = ctx.t
        _ = t.gettext
        words = _("Outcome of the referral")
        super().__init__(ctx, parent, f"{words} · {service}")
        self._referral_id = referral_id
        self.outcome = combo(
            [(_(text), o.value) for o, text in REFERRAL_OUTCOMES.items()], blank=True
        )
        self.outcome_on = QLineEdit(t.short_date(ctx.clock.today()))
        self.outcome_on.setPlaceholderText(t.date_hint())
        self.add_row("outcome", _("&Outcome:"), self.outcome)
        self.add_row("outcome_on", _("&Date:"), self.outcome_on)
        self.finish()
        self.outcome.setFocus()

    def snapshot(self) -> object:
        return (self.outcome.currentData(), self.outcome_on.text())

    def work(self) -> Callable[[Session], None]:
        ctx, referral_id = self._ctx, self._referral_id
        outcome, day = self.outcome.currentData() or "", self.outcome_on.text()
        return lambda s: referrals.record_outcome(
            s, ctx.actor, ctx.clock, referral_id, outcome, day, ctx.t.locale_name
        )
