"""Record a dose: product, lot from the fridge (or one given elsewhere), date, amount, route, site.

Sensible defaults make the common case two keys: today, the product's usual amount, the lot that
expires first, the next dose number, leaflet given today. Whatever is refused (an expired lot, a
date in the future, the same vaccine twice today) is shown under its field; the form stays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from babel.numbers import get_decimal_symbol
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)
from sqlalchemy.orm import Session

from clinic.i18n.translator import N_, Translator
from clinic.vaccinations.form import DoseForm
from clinic.vaccinations.records import PersonVaccinations, record_dose
from clinic.vaccinations.status import FORECAST_GROUPS, accelerated_available, groups_of
from clinic.vaccinations.stock import Lot, Product, list_lots, list_products
from clinic.vaccinations.vocabulary import DoseUnit, InjectionSite, Route, VaccineSchedule
from clinic.vaccinations.words import ROUTES, SCHEDULES, SITES, vaccine_group_text
from ui.common.field_row import FieldWithError
from ui.common.form_saving import form_dialog_layout
from ui.common.jobs import Job
from ui.context import DeskContext
from ui.operations import Form, read_now, run_write

_UNITS = {DoseUnit.MILLILITRE: N_("ml"), DoseUnit.DOSE: N_("dose")}
E = TypeVar("E", bound=StrEnum)


class DoseDialog(QDialog):
    """After `exec()`, `saved_file` holds the person's file as saved (None if cancelled)."""

    def __init__(
        self,
        ctx: DeskContext,
        parent: QWidget | None,
        person_id: int,
        code: str,
        *,
        product_id: int | None = None,
        schedule: VaccineSchedule | None = None,
        next_doses: Mapping[str, int] | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._person_id = person_id
        self.saved_file: PersonVaccinations | None = None
        _ = ctx.t.gettext
        self.setWindowTitle(ctx.t.format(_("Record a dose for {code}"), code=code))
        self._products, self._lots = read_now(ctx, parent, self._stock) or ([], [])
        self._wanted_schedule = schedule or VaccineSchedule.STANDARD
        self._next_doses = dict(next_doses or {})  # forecast group -> the number due next
        self._build(product_id, schedule)

    def _stock(self, session: Session) -> tuple[list[Product], list[Lot]]:
        """The products and the lots of the fridge to choose from: a few dozen rows."""
        return list_products(session, self._ctx.actor), list_lots(session, self._ctx.actor)

    def _build(self, product_id: int | None, schedule: VaccineSchedule | None) -> None:
        ctx, t = self._ctx, self._ctx.t
        _ = t.gettext
        self.product = QComboBox()
        for product in self._products:
            group = vaccine_group_text(t, product.vaccine_group)
            self.product.addItem(f"{product.name} — {group}", product.id)
        # The series in progress continues with its product; a new one is chosen, never guessed.
        self.product.setCurrentIndex(
            -1 if product_id is None else self.product.findData(product_id)
        )
        self.product.setPlaceholderText(_("Choose the vaccine"))
        self.elsewhere = QCheckBox(_("Given &elsewhere (from a card or another service)"))
        self.lot = QComboBox()
        self.lot_number = QLineEdit()
        self.lot_expiry = QLineEdit()
        self.lot_expiry.setPlaceholderText(t.date_hint())
        self.given_on = QLineEdit(t.short_date(ctx.clock.today()))
        self.given_on.setPlaceholderText(t.date_hint())
        self.dose_number = QLineEdit()
        self.amount = QLineEdit()
        self.unit = QComboBox()
        for unit, text in _UNITS.items():
            self.unit.addItem(_(text), unit.value)
        self.route = _combo(t, ROUTES, Route.INTRAMUSCULAR.value)
        self.site = _combo(t, SITES, InjectionSite.LEFT_DELTOID.value)
        self.leaflet_on = QLineEdit(t.short_date(ctx.clock.today()))
        self.leaflet_on.setPlaceholderText(t.date_hint())
        self.schedule = _combo(t, SCHEDULES, (schedule or VaccineSchedule.STANDARD).value)
        self.rows = {
            "product": FieldWithError(self.product),
            "lot": FieldWithError(self.lot),
            "lot_number": FieldWithError(self.lot_number),
            "lot_expiry": FieldWithError(self.lot_expiry),
            "given_on": FieldWithError(self.given_on),
            "dose_number": FieldWithError(self.dose_number),
            "amount": FieldWithError(self.amount),
            "unit": FieldWithError(self.unit),
            "route": FieldWithError(self.route),
            "site": FieldWithError(self.site),
            "leaflet_on": FieldWithError(self.leaflet_on),
            "schedule": FieldWithError(self.schedule),
        }
        form = QFormLayout()
        labels = {
            "product": _("&Vaccine:"),
            "lot": _("&Lot:"),
            "lot_number": _("Lot &number:"),
            "lot_expiry": _("Lot e&xpiry:"),
            "given_on": _("&Date given:"),
            "dose_number": _("Dose n&umber:"),
            "amount": _("&Amount:"),
            "unit": _("Unit:"),
            "route": _("&Route:"),
            "site": _("&Site:"),
            "leaflet_on": _("Information leaflet &given on:"),
            "schedule": _("Sc&hedule:"),
        }
        self._labels: dict[str, QLabel] = {}
        for name, row in self.rows.items():
            label = QLabel(labels[name])
            label.setBuddy(row.field)
            self._labels[name] = label
            form.addRow(label, row)
            if name == "product":
                form.addRow("", self.elsewhere)
        self.saving = Form(self.rows, [form_dialog_layout(self, form, self.save)], self)
        self.product.currentIndexChanged.connect(lambda _i: self._product_changed())
        self.schedule.activated.connect(lambda _i: self._schedule_chosen())
        self.elsewhere.toggled.connect(lambda _on: self._where_changed())
        self.route.currentIndexChanged.connect(lambda _i: self._route_changed())
        self._product_changed()
        self._where_changed()
        self.product.setFocus()

    # ----- follow the choices -----------------------------------------------------------------

    def _selected_product(self) -> Product | None:
        product_id = self.product.currentData()
        return next((p for p in self._products if p.id == product_id), None)

    def _product_changed(self) -> None:
        t = self._ctx.t
        product = self._selected_product()
        self.lot.clear()
        if product is None:
            return
        # Written as the language writes decimals (0,5 in Italian); both are accepted.
        self.amount.setText(product.amount.replace(".", get_decimal_symbol(t.locale)))
        due = [
            self._next_doses[g]
            for g in FORECAST_GROUPS
            if g in groups_of(product.cvx) and g in self._next_doses
        ]
        self.dose_number.setText(str(due[0]) if due else "")
        self.unit.setCurrentIndex(max(0, self.unit.findData(product.unit)))
        today = self._ctx.clock.today()
        usable = None
        for lot in (lot for lot in self._lots if lot.product_id == product.id):
            self.lot.addItem(_lot_text(t, lot, today), lot.id)
            if usable is None and not lot.expired_on(today):
                usable = self.lot.count() - 1
        self.lot.setCurrentIndex(usable if usable is not None else 0)  # expiring first, usable
        accelerated = accelerated_available(product.cvx, self._ctx.clinic.vaccine_profile)
        self.schedule.setEnabled(accelerated)
        wanted = self._wanted_schedule if accelerated else VaccineSchedule.STANDARD
        self.schedule.setCurrentIndex(self.schedule.findData(wanted.value))

    def _schedule_chosen(self) -> None:
        self._wanted_schedule = VaccineSchedule(self.schedule.currentData())

    def _where_changed(self) -> None:
        here = not self.elsewhere.isChecked()
        for name, visible in (("lot", here), ("lot_number", not here), ("lot_expiry", not here)):
            self.rows[name].setVisible(visible)
            self._labels[name].setVisible(visible)

    def _route_changed(self) -> None:
        injected = self.route.currentData() not in (Route.ORAL.value, Route.NASAL.value)
        self.site.setEnabled(injected)

    # ----- saving -----------------------------------------------------------------------------

    def form(self) -> DoseForm:
        return DoseForm(
            product_id=self.product.currentData(),
            given_on=self.given_on.text(),
            given_elsewhere=self.elsewhere.isChecked(),
            lot_id=self.lot.currentData(),
            lot_number=self.lot_number.text(),
            lot_expiry=self.lot_expiry.text(),
            dose_number=self.dose_number.text(),
            amount=self.amount.text(),
            unit=self.unit.currentData(),
            route=self.route.currentData(),
            site=self.site.currentData() if self.site.isEnabled() else "",
            leaflet_on=self.leaflet_on.text(),
            schedule=self.schedule.currentData(),
        )

    def save(self) -> Job | None:
        """Record the dose in the background; the dialog closes once it is saved."""
        ctx, form, person_id = self._ctx, self.form(), self._person_id
        return run_write(
            ctx,
            self,
            lambda s: record_dose(s, ctx.actor, ctx.clock, person_id, form, ctx.t.locale_name),
            self._saved,
            form=self.saving,
        )

    def _saved(self, file: PersonVaccinations) -> None:
        self.saved_file = file
        self.accept()


def _combo(t: Translator, labels: Mapping[E, str], current: str) -> QComboBox:
    combo = QComboBox()
    for value, text in labels.items():
        combo.addItem(t.gettext(text), value.value)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


def _lot_text(t: Translator, lot: Lot, today: dt.date) -> str:
    text = t.format(
        t.gettext("{lot} — expires {expiry} — {count} left"),
        lot=lot.lot_number,
        expiry=t.short_date(lot.expiry),
        count=lot.quantity,
    )
    if lot.expired_on(today):
        text += " — " + t.gettext("EXPIRED")
    return text


def dose_dialog_for(
    ctx: DeskContext, parent: QWidget | None, file: PersonVaccinations, group: str | None = None
) -> DoseDialog:
    """The dose dialog set for what comes next: the product, schedule and number of the series
    in progress (of `group`, from the worklist), so the usual case is the lot and Enter."""
    last = file.continuing(group)
    return DoseDialog(
        ctx,
        parent,
        file.person_id,
        file.code,
        product_id=last.product_id if last else None,
        schedule=last.schedule if last else None,
        next_doses=file.next_dose_numbers(),
    )
