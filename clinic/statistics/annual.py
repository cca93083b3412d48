"""The annual activity report (issue 15), assembled: every section counted over the period and
the one before it, in the report's language, for one reader.

Who may read it: the roles with STATISTICS. A role that may not read a kind of record (a
psychologist and doses, a nurse and street sessions) still sees its section, but always with
small counts hidden (`Report.always_hidden`), whatever the report's own choice: the
coordinator, whose report it is, has every section as chosen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.common.clock import Clock
from clinic.common.permissions import Actor, Permission, require
from clinic.i18n.translator import translator
from clinic.settings.configuration import load_settings
from clinic.staff.vocabulary import Role
from clinic.statistics.scope import Scope
from clinic.statistics.sections import (
    care,
    coverage,
    material,
    outreach,
    persons,
    protection,
    vaccinations,
    visits,
)
from clinic.statistics.suppression import publish_all
from clinic.statistics.tables import Period, Published, Report, Section

DEFAULT_SUPPRESSION = 5  # reports.md: counts from 1 to 4 are shown as "<5"

SectionsOf = Callable[[Scope], tuple[Section, ...]]


def _one(build: Callable[[Scope], Section]) -> SectionsOf:
    return lambda scope: (build(scope),)


# In the report's order, with what a reader must be allowed to read to see small counts.
SECTIONS: tuple[tuple[SectionsOf, Permission], ...] = (
    (_one(persons.section), Permission.VISIT_READ),
    (_one(visits.section), Permission.VISIT_READ),
    (outreach.sections, Permission.OUTREACH_READ),
    (_one(care.consultations_section), Permission.CARE_SEEN),
    (_one(care.tests_section), Permission.TEST_READ),
    (_one(care.referrals_section), Permission.REFERRAL_READ),
    (_one(protection.section), Permission.PATHWAY_READ),
    (_one(vaccinations.section), Permission.VACCINATION_READ),
    (_one(material.section), Permission.HAND_OUT),
    (_one(coverage.section), Permission.CARE_SEEN),
)


@dataclass(frozen=True)
class ReportChoice:
    """What the person asking for the report chose."""

    period: Period
    language: str
    suppress_below: int | None = DEFAULT_SUPPRESSION  # None: nothing hidden, internal use
    narratives: Mapping[str, str] = field(default_factory=dict)  # by section key, as typed


def annual_report(
    session: Session,
    actor: Actor,
    clock: Clock,
    choice: ReportChoice,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Every section of the report for `choice.period` beside the period before it.
    `progress(done, of)` is told after each part (the page and the PDF show it)."""
    require(session, actor, Permission.STATISTICS)
    period = choice.period
    scope = Scope(session, clock, translator(choice.language), period, period.before())
    sections: list[Section] = []
    always_hidden: set[str] = set()
    for done, (build, reads) in enumerate(SECTIONS, start=1):
        for built in build(scope):
            narrative = choice.narratives.get(built.key, "")
            sections.append(Section(built.key, built.title, built.tables, narrative))
            if not _reads(actor, reads):
                always_hidden.add(built.key)
        if progress is not None:
            progress(done, len(SECTIONS))
    return Report(
        clinic=load_settings(session).name,
        language=scope.t.language,
        period=period,
        previous=scope.previous,
        sections=tuple(sections),
        suppress_below=choice.suppress_below,
        made_at=clock.now(),
        always_hidden=frozenset(always_hidden),
    )


def publish_report(report: Report) -> dict[str, Published]:
    """Every table as it may leave the clinic (`suppression.publish_all`): small counts hidden
    below the report's k, and below the default in the sections this reader may not read."""
    chosen = [t for s in report.sections if s.key not in report.always_hidden for t in s.tables]
    kept = [t for s in report.sections if s.key in report.always_hidden for t in s.tables]
    published = publish_all(chosen, report.suppress_below)
    published |= publish_all(kept, report.suppress_below or DEFAULT_SUPPRESSION)
    return published


def note_report_made(session: Session, actor: Actor, clock: Clock, choice: ReportChoice) -> None:
    """The audit row of a report made (shown, printed or exported), saying when small counts
    were shown: a coordinator's choice for internal use, on the record."""
    require(session, actor, Permission.STATISTICS)
    shown = ("small_counts_shown",) if choice.suppress_below is None else ()
    trail.record(session, actor, clock, Action.REPORT_MADE, "report", None, shown)


def _reads(actor: Actor, permission: Permission) -> bool:
    return actor.role is Role.ADMIN or actor.can(permission)
