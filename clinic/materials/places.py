"""Where stock is kept. The dispensary is where the desk's own stock is: what is received
without saying where, and the vaccine fridge, are there."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models.materials import StockPlace
from db.vocabulary.materials import PlaceKind


def dispensary_id(session: Session) -> int:
    """The clinic's first active dispensary (Soglia makes one; the coordinator may add more)."""
    found = session.scalar(
        select(StockPlace.id)
        .where(StockPlace.kind == PlaceKind.DISPENSARY.value, StockPlace.active)
        .order_by(StockPlace.position, StockPlace.id)
        .limit(1)
    )
    if found is None:  # the migration makes one and a dispensary cannot be retired
        raise LookupError("no active dispensary")
    return found
