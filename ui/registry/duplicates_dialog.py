"""Before saving a new person: "is this someone we already know?" The receptionist decides."""

from __future__ import annotations

from enum import Enum, auto

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic.registry.registration import CodeProposal
from ui.context import DeskContext
from ui.registry.person_results_model import person_results_model


class Decision(Enum):
    BACK = auto()
    SAME_PERSON = auto()
    DIFFERENT_PERSON = auto()


class DuplicatesDialog(QDialog):
    def __init__(self, ctx: DeskContext, proposal: CodeProposal, parent: QWidget | None) -> None:
        super().__init__(parent)
        _ = ctx.t.gettext
        self.setWindowTitle(_("Possible duplicate"))
        self.decision = Decision.BACK
        self.chosen_person_id: int | None = None
        people = [*proposal.same_code, *proposal.similar]
        if proposal.same_code:
            text = ctx.t.format(
                _("The code {code} is already used. Is this the same person?"), code=proposal.code
            )
        else:
            text = _("These registered persons have a similar code. Is one of them this person?")
        intro = QLabel(text)
        intro.setWordWrap(True)
        self.model = person_results_model(ctx)
        self.model.set_rows(people)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.selectRow(0)
        self.table.doubleClicked.connect(self._same)
        buttons = QDialogButtonBox()
        self.same_button = QPushButton(_("&Same person: open their file"))
        different = (
            _("&Different person: save with a suffix")
            if proposal.same_code
            else _("&Different person: save")
        )
        self.different_button = QPushButton(different)
        self.back_button = QPushButton(_("&Back to the form"))
        buttons.addButton(self.same_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.different_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.back_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.same_button.clicked.connect(self._same)
        self.different_button.clicked.connect(self._different)
        self.back_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(720, 320)
        self.table.setFocus()

    def _same(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.chosen_person_id = self.model.row(rows[0].row()).id
            self.decision = Decision.SAME_PERSON
            self.accept()

    def _different(self) -> None:
        self.decision = Decision.DIFFERENT_PERSON
        self.accept()
