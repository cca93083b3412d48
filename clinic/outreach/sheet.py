"""What the paper tally sheet offers to tick: the coordinator's zones and routes, and the items
the street team carries (those in stock at an active outreach bag or van), in the team's words."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from clinic.care.lists import list_entries
from clinic.care.vocabulary import CareList
from clinic.common.permissions import Actor, Permission, require
from clinic.i18n.translator import Translator
from clinic.materials import catalogue
from clinic.materials.stock import balances
from db.vocabulary.materials import PlaceKind


@dataclass(frozen=True)
class SheetChoices:
    zones: tuple[str, ...]
    items: tuple[str, ...]


def sheet_choices(session: Session, actor: Actor, t: Translator) -> SheetChoices:
    """The active zones in the coordinator's order; the active items held at an outreach
    place, in the catalogue's order."""
    require(session, actor, Permission.OUTREACH_READ)
    zones = list_entries(session, [CareList.OUTREACH_ZONE])[CareList.OUTREACH_ZONE]
    outreach = [p.id for p in catalogue.places(session, actor) if p.kind is PlaceKind.OUTREACH]
    held = {b.item_id for place in outreach for b in balances(session, actor, place) if b.quantity}
    items = [item.name(t) for item in catalogue.items(session, actor) if item.id in held]
    return SheetChoices(tuple(zone.text(t) for zone in zones), tuple(items))
