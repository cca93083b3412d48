"""The first steps of a brand-new clinic: staff accounts, vaccine lots, the first person.

A clinic fresh from the set-up wizard has one coordinator and nothing else, and every page is
empty. Each step ticks itself when the database shows it done; the list goes away when every
step of the person's role is done, or when the coordinator dismisses it for the whole clinic
(stored with the clinic's settings, so it survives restarts and backups).

Only yes/no facts are read here (does a lot exist?), never a record: every role may ask.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.common.clock import Clock
from clinic.common.permissions import Actor, Permission, require
from db.models.materials import StockItem, StockLot
from db.models.registry import Person
from db.models.settings import Setting
from db.models.staff import Staff

DISMISSED_KEY = "first_steps_dismissed"


class Step(StrEnum):
    STAFF = "staff"  # accounts for the team beyond the coordinator
    VACCINE_LOTS = "vaccine_lots"  # the first lot received into the vaccine stock
    FIRST_PERSON = "first_person"  # the first person registered


@dataclass(frozen=True)
class FirstSteps:
    """The steps that concern this person's role, in order, each with whether it is done."""

    steps: tuple[tuple[Step, bool], ...]
    dismissed: bool
    may_dismiss: bool

    @property
    def shown(self) -> bool:
        """Worth showing: a step is left, and nobody dismissed the list."""
        return not self.dismissed and any(not done for _step, done in self.steps)


def _concerns(actor: Actor) -> list[Step]:
    """The steps a role takes, or (the coordinator) follows."""
    steps = []
    if actor.can(Permission.STAFF_MANAGE):
        steps.append(Step.STAFF)
    if actor.can(Permission.VACCINE_STOCK):
        steps.append(Step.VACCINE_LOTS)
    if actor.can(Permission.PERSON_CREATE) or actor.can(Permission.STAFF_MANAGE):
        steps.append(Step.FIRST_PERSON)
    return steps


def _done(session: Session, step: Step) -> bool:
    if step is Step.STAFF:
        count = select(func.count()).select_from(Staff).where(Staff.active.is_(True))
        return (session.scalar(count) or 0) > 1
    if step is Step.VACCINE_LOTS:
        vaccine_lot = (
            select(StockLot.id)
            .join(StockItem, StockItem.id == StockLot.item_id)
            .where(StockItem.vaccine_product_id.is_not(None))
        )
        return bool(session.scalar(select(exists(vaccine_lot))))
    return bool(session.scalar(select(exists().select_from(Person))))


def first_steps(session: Session, actor: Actor) -> FirstSteps:
    """Where this clinic stands with its first steps, as far as `actor`'s role is concerned."""
    dismissed = session.get(Setting, DISMISSED_KEY)
    return FirstSteps(
        steps=tuple((step, _done(session, step)) for step in _concerns(actor)),
        dismissed=dismissed is not None and bool(json.loads(dismissed.value)),
        may_dismiss=actor.can(Permission.CONFIGURE_CLINIC),
    )


def dismiss_first_steps(session: Session, actor: Actor, clock: Clock) -> None:
    """The coordinator puts the list away for the whole clinic (audited as a settings change)."""
    require(session, actor, Permission.CONFIGURE_CLINIC)
    session.merge(Setting(key=DISMISSED_KEY, value=json.dumps(True)))
    trail.record(session, actor, clock, Action.SETTINGS_UPDATE, "settings", None, [DISMISSED_KEY])
