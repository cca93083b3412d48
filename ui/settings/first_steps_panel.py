"""The first steps of a brand-new clinic, above every page until done or dismissed.

Each line says what to do, ticks itself when the database shows it done
(`clinic.settings.first_steps`), and has a button to the place where it is done. The coordinator can
put the list away.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QSize
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic.common.permissions import Permission
from clinic.i18n.translator import N_
from clinic.settings.first_steps import FirstSteps, Step, dismiss_first_steps, first_steps
from ui.common import theme
from ui.context import DeskContext
from ui.operations import read_now, run_write

# What each step asks; the second wording is for a role that follows the step but does not do it.
STEP_WORDS = {
    Step.STAFF: N_("Create an account for each person of the team."),
    Step.VACCINE_LOTS: N_("Receive the first vaccine lots into the stock."),
    Step.FIRST_PERSON: N_("Register the first person."),
}
FOLLOWED_WORDS = {Step.FIRST_PERSON: N_("Reception registers the first person.")}
ICON_SIZE = 18

Place = tuple[str, Callable[[], object]]  # a button's text and what it does


class FirstStepsPanel(QFrame):
    def __init__(
        self, ctx: DeskContext, places: Mapping[Step, Place], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("firstSteps")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._ctx = ctx
        self._places = places
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(theme.SPACING)
        self._grid.setColumnStretch(1, 1)
        self.state: FirstSteps | None = None
        self.buttons: dict[Step, QPushButton] = {}
        self.ticks: dict[Step, QLabel] = {}
        self.dismiss_button = QPushButton(ctx.t.gettext("&Hide these steps"))
        self.dismiss_button.clicked.connect(self.dismiss)
        self._build()
        self.refresh()

    def _build(self) -> None:
        title = QLabel(self._ctx.t.gettext("First steps"))
        font = QFont(title.font())
        font.setBold(True)
        title.setFont(font)
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(theme.SPACING)
        layout.addLayout(top)
        layout.addLayout(self._grid)

    def refresh(self) -> None:
        """Read where the clinic stands; show the steps left, or nothing once done."""
        ctx = self._ctx
        # On a known error, a page will say what is wrong; this panel is only a help.
        state = read_now(ctx, self, lambda s: first_steps(s, ctx.actor), failed=lambda _e: None)
        self.state = state
        self.setVisible(state is not None and state.shown)
        if state is not None and state.shown:
            self._show(state)

    def _show(self, state: FirstSteps) -> None:
        for row, (step, done) in enumerate(state.steps):
            if step not in self.ticks:
                self._add_line(row, step)
            self._tick(step, done)
        self.dismiss_button.setVisible(state.may_dismiss)

    def _add_line(self, row: int, step: Step) -> None:
        t = self._ctx.t
        doer = step is not Step.FIRST_PERSON or self._ctx.actor.can(Permission.PERSON_CREATE)
        words = STEP_WORDS[step] if doer else FOLLOWED_WORDS[step]
        self.ticks[step] = QLabel()
        self._grid.addWidget(self.ticks[step], row, 0)
        self._grid.addWidget(QLabel(t.gettext(words)), row, 1)
        if step in self._places:
            text, go = self._places[step]
            button = QPushButton(text)
            button.clicked.connect(lambda _checked=False: self._go(go))
            self.buttons[step] = button
            self._grid.addWidget(button, row, 2)

    def _tick(self, step: Step, done: bool) -> None:
        """A tick and the word "Done" (not the colour alone), and no button, once done."""
        t = self._ctx.t
        icon = theme.icon(theme.ICONS["done"], theme.done_colour()) if done else None
        icon = icon or theme.icon(theme.ICONS["to_do"], theme.hint_colour())
        tick = self.ticks[step]
        tick.setPixmap(icon.pixmap(QSize(ICON_SIZE, ICON_SIZE)))
        tick.setToolTip(t.gettext("Done") if done else t.gettext("To do"))
        tick.setAccessibleName(tick.toolTip())
        if step in self.buttons:
            button = self.buttons[step]
            button.setText(t.gettext("Done") if done else self._places[step][0])
            button.setEnabled(not done)

    def _go(self, go: Callable[[], object]) -> None:
        go()
        self.refresh()

    def dismiss(self) -> None:
        ctx = self._ctx
        run_write(
            ctx,
            self,
            lambda s: dismiss_first_steps(s, ctx.actor, ctx.clock),
            lambda _done: self.refresh(),
        )
