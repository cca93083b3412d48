"""A protection or exit pathway from the person's file: opened by hand (an exit programme, or a
protection pathway that began elsewhere), moved on to its next dated stage, or closed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget
from sqlalchemy.orm import Session

from clinic.care.vocabulary import PathwayKind, PathwayStage
from clinic.care.words import CLOSING_REASONS, PATHWAY_KINDS, PATHWAY_STAGES
from clinic.protection import pathways
from ui.context import DeskContext
from ui.person_file.small_forms import SmallForm, combo


class _Dated(SmallForm):
    def _day(self) -> QLineEdit:
        t = self._ctx.t
        day = QLineEdit(t.short_date(self._ctx.clock.today()))
        day.setPlaceholderText(t.date_hint())
        return day


class OpenPathwayDialog(_Dated):
    def __init__(self, ctx: DeskContext, parent: QWidget | None, person_id: int, code: str) -> None:
        _ = ctx.t.gettext
        words = _("New pathway")
        super().__init__(ctx, parent, f"{words} · {code}")
        self._person_id = person_id
        self.kind = combo([(_(text), k.value) for k, text in PATHWAY_KINDS.items()])
        self.kind.setCurrentIndex(self.kind.findData(PathwayKind.EXIT.value))
        self.stage = combo([(_(text), s.value) for s, text in PATHWAY_STAGES.items()])
        self.day = self._day()
        self.add_row("kind", _("&Programme:"), self.kind)
        self.add_row("stage", _("&First stage:"), self.stage)
        self.add_row("opened_on", _("&Opened on:"), self.day)
        self.finish()
        self.kind.setFocus()

    def snapshot(self) -> object:
        return (self.kind.currentData(), self.stage.currentData(), self.day.text())

    def work(self) -> Callable[[Session], int]:
        ctx, person_id = self._ctx, self._person_id
        kind, stage = PathwayKind(self.kind.currentData()), PathwayStage(self.stage.currentData())
        day = self.day.text()
        return lambda s: pathways.open_pathway(
            s, ctx.actor, ctx.clock, person_id, kind, stage, day, ctx.t.locale_name
        )


class StageDialog(_Dated):
    def __init__(
        self, ctx: DeskContext, parent: QWidget | None, pathway_id: int, title: str
    ) -> None:
        _ = ctx.t.gettext
        words = _("Next stage")
        super().__init__(ctx, parent, f"{words} · {title}")
        self._pathway_id = pathway_id
        self.stage = combo([(_(text), s.value) for s, text in PATHWAY_STAGES.items()], blank=True)
        self.day = self._day()
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(100)
        self.add_row("stage", _("&Stage:"), self.stage)
        self.add_row("started_on", _("&From:"), self.day)
        self.add_row("note", _("&Note:"), self.note)
        self.finish()
        self.stage.setFocus()

    def snapshot(self) -> object:
        return (self.stage.currentData(), self.day.text(), self.note.toPlainText())

    def work(self) -> Callable[[Session], None]:
        ctx, pathway_id = self._ctx, self._pathway_id
        stage, day, note = self.stage.currentData() or "", self.day.text(), self.note.toPlainText()
        return lambda s: pathways.add_stage(
            s, ctx.actor, ctx.clock, pathway_id, stage, day, note, ctx.t.locale_name
        )


class ClosePathwayDialog(_Dated):
    def __init__(
        self, ctx: DeskContext, parent: QWidget | None, pathway_id: int, title: str
    ) -> None:
        _ = ctx.t.gettext
        words = _("Close the pathway")
        super().__init__(ctx, parent, f"{words} · {title}")
        self._pathway_id = pathway_id
        self.reason = combo([(_(text), r.value) for r, text in CLOSING_REASONS.items()], blank=True)
        self.day = self._day()
        self.add_row("reason", _("&Reason:"), self.reason)
        self.add_row("closed_on", _("&Closed on:"), self.day)
        self.finish()
        self.reason.setFocus()

    def snapshot(self) -> object:
        return (self.reason.currentData(), self.day.text())

    def work(self) -> Callable[[Session], None]:
        ctx, pathway_id = self._ctx, self._pathway_id
        reason, day = self.reason.currentData() or "", self.day.text()
        return lambda s: pathways.close_pathway(
            s, ctx.actor, ctx.clock, pathway_id, reason, day, ctx.t.locale_name
        )
