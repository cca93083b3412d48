"""The care team's follow-up page: referrals waiting for an outcome; open pathways for the
roles that read them. Tabs made when first shown."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from clinic.common.permissions import Actor, Permission
from ui.common.made_when_shown import Later, TabsMadeWhenShown
from ui.context import DeskContext
from ui.follow_up.follow_up_tab import FollowUpTab
from ui.follow_up.pathways_tab import PathwaysTab


def shown_to(actor: Actor) -> bool:
    return actor.can(Permission.REFERRAL_READ) or actor.can(Permission.PATHWAY_READ)


class FollowUpPage(QWidget):
    person_wanted = Signal(int)

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        _ = ctx.t.gettext
        self.tabs = TabsMadeWhenShown()
        self._referrals: Later[FollowUpTab] | None = None
        self._pathways: Later[PathwaysTab] | None = None
        if ctx.actor.can(Permission.REFERRAL_READ):
            self._referrals = Later(lambda: FollowUpTab(ctx))
            self._referrals.when_made(lambda tab: tab.person_wanted.connect(self.person_wanted))
            self.tabs.add_later(self._referrals, _("&Referrals to follow up"))
        if ctx.actor.can(Permission.PATHWAY_READ):
            self._pathways = Later(lambda: PathwaysTab(ctx))
            self._pathways.when_made(lambda tab: tab.person_wanted.connect(self.person_wanted))
            self.tabs.add_later(self._pathways, _("Open &pathways"))
        QVBoxLayout(self).addWidget(self.tabs)

    @property
    def referrals(self) -> FollowUpTab | None:
        return None if self._referrals is None else self._referrals.get()

    @property
    def pathways(self) -> PathwaysTab | None:
        return None if self._pathways is None else self._pathways.get()
