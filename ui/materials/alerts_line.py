"""The desk's line of stock warnings (issue 13): what runs low, and lots about to expire, in a
sentence; hidden when there is nothing to say. Read in the background when asked."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from sqlalchemy.orm import Session

from clinic.materials import catalogue
from clinic.materials.alerts import StockAlerts, stock_alerts
from clinic.materials.catalogue import Item, Place
from ui.common.theme import Status, status_background
from ui.context import DeskContext
from ui.operations import run_read

SHOWN = 3  # warnings named in full; the rest are counted


@dataclass(frozen=True)
class _Read:
    alerts: StockAlerts
    items: dict[int, Item]
    places: dict[int, Place]


class StockAlertLine(QLabel):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setObjectName("stockAlerts")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), status_background(Status.WARNING))
        self.setPalette(palette)
        self.setMargin(4)
        self.hide()

    def reload(self) -> None:
        ctx = self._ctx

        def read(session: Session) -> _Read:
            found = stock_alerts(session, ctx.actor, ctx.clock)
            items = {i.id: i for i in catalogue.items(session, ctx.actor, active_only=False)}
            places = {p.id: p for p in catalogue.places(session, ctx.actor, active_only=False)}
            return _Read(found, items, places)

        run_read(ctx, self, read, self._show)

    def _show(self, read: _Read) -> None:
        text = alerts_text(self._ctx, read.alerts, read.items, read.places)
        self.setText(text)
        self.setVisible(bool(text))


def alerts_text(
    ctx: DeskContext, alerts: StockAlerts, items: dict[int, Item], places: dict[int, Place]
) -> str:
    t = ctx.t
    parts = []
    for low in alerts.low:
        what = t.format(
            t.gettext("{item} at {place}: {n} left"),
            item=items[low.item_id].name(t),
            place=places[low.place_id].name(t),
            n=t.number(low.quantity),
        )
        if low.days_left is not None:
            what += " " + t.format(t.gettext("(about {days} days)"), days=low.days_left)
        parts.append(what)
    for lot in alerts.expiring:
        parts.append(
            t.format(
                t.gettext("lot {lot} of {item} expires {date}"),
                lot=lot.lot_number,
                item=items[lot.item_id].name(t),
                date=t.short_date(lot.expiry),
            )
        )
    if not parts:
        return ""
    shown = "; ".join(parts[:SHOWN])
    if len(parts) > SHOWN:
        shown += " " + t.format(
            t.ngettext("and {n} more", "and {n} more", len(parts) - SHOWN), n=len(parts) - SHOWN
        )
    return t.format(t.gettext("Stock: {warnings}."), warnings=shown)
