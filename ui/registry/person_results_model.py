"""Search results at the desk: code, alias, gender, birth year, origin, last visit (for roles that
read visits)."""

from __future__ import annotations

from clinic.common.permissions import Permission
from clinic.registry.persons import PersonSummary
from clinic.registry.words import gender_text
from ui.common.row_table_model import Column, RowTableModel
from ui.context import DeskContext

CODE, ALIAS, GENDER, BIRTH_YEAR, COUNTRY, LAST_VISIT = range(6)


def person_results_model(ctx: DeskContext) -> RowTableModel[PersonSummary]:
    t = ctx.t
    _ = t.gettext
    zone = ctx.clock.zone
    columns: list[Column[PersonSummary]] = [
        Column(lambda: _("Code"), lambda p: p.code, width=18),
        Column(lambda: _("Alias"), lambda p: p.alias or "", width=22, stretch=True),
        Column(lambda: _("Gender"), lambda p: gender_text(t, p.gender)),
        Column(
            lambda: _("Born"),
            lambda p: str(p.birth_year or ""),
            lambda p: p.birth_year or 0,
            width=6,
        ),
        Column(lambda: _("Origin"), lambda p: t.country(p.country), width=18),
    ]
    if ctx.actor.can(Permission.VISIT_READ):  # the coordinator: a column that is always empty
        columns.append(
            Column(
                lambda: _("Last visit"),
                lambda p: t.date(p.last_visit.astimezone(zone).date()) if p.last_visit else "",
                lambda p: p.last_visit.isoformat() if p.last_visit else "",
            )
        )
    return RowTableModel(columns)
