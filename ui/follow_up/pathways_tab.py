"""The open protection and exit pathways, and the stage each one stands at, the longest open
first. Enter opens the person's file."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from clinic.care.words import PATHWAY_KINDS, PATHWAY_STAGES
from clinic.protection.pathways import OpenPathway, open_pathways
from ui.common.row_table_model import Column, RowTableModel
from ui.common.table_view import row_table, selected_row
from ui.context import DeskContext
from ui.operations import Loader


class PathwaysTab(QWidget):
    person_wanted = Signal(int)

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self._ctx = ctx
        t = ctx.t
        _ = t.gettext
        self.model: RowTableModel[OpenPathway] = RowTableModel(
            [
                Column(lambda: _("Code"), lambda p: p.code, width=16),
                Column(lambda: _("Alias"), lambda p: p.alias or "", width=14),
                Column(lambda: _("Programme"), lambda p: _(PATHWAY_KINDS[p.kind]), width=20),
                Column(
                    lambda: _("Opened on"),
                    lambda p: t.short_date(p.opened_on),
                    lambda p: p.opened_on,
                ),
                Column(lambda: _("Stage"), lambda p: _(PATHWAY_STAGES[p.stage]), stretch=True),
                Column(
                    lambda: _("Since"),
                    lambda p: t.short_date(p.stage_since),
                    lambda p: p.stage_since,
                ),
            ]
        )
        self.view, _proxy = row_table(self.model, "pathways")
        self.summary = QLabel()
        self.loader = Loader(ctx, self, self._show)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        self.view.activated.connect(lambda _index: self.open_selected())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    def reload(self) -> None:
        ctx = self._ctx

        def work(session: Session) -> list[OpenPathway]:
            return open_pathways(session, ctx.actor)

        self.loader.load(work)

    def _show(self, rows: list[OpenPathway]) -> None:
        self.model.set_rows(rows)
        t = self._ctx.t
        self.summary.setText(
            t.format(t.ngettext("{n} open pathway", "{n} open pathways", len(rows)), n=len(rows))
        )

    def open_selected(self) -> None:
        row = selected_row(self.view)
        if isinstance(row, OpenPathway):
            self.person_wanted.emit(row.person_id)
