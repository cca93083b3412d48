"""The protection section of the activity report (issue 15): identification interviews and
the protection and exit programmes (pathways), as anti-trafficking desks report them (Lucca:
interviews, persons referred by third parties, persons taken into protection programmes by
gender).

An interview is an identification interview's answers (`identification_interview`) with its
consultation, written in the period and not entered in error; read from the answers, a few
thousand rows, not from the year's consultations, whose index does not hold their kind.
Pathways are dated by days: opened
in the period, closed in it, or open at its end (opened before its end and not closed by then)
at the stage they stood at on its last day (their latest step begun before its end). Every
pathway table has a column per programme (protection, exit).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, distinct, func, or_, select
from sqlalchemy.orm import aliased

from clinic.care.vocabulary import Referrer
from clinic.care.words import (
    CLOSING_REASONS,
    CONCLUSIONS,
    PATHWAY_KINDS,
    PATHWAY_STAGES,
    PROGRAMME_OFFERS,
    REFERRERS,
)
from clinic.i18n.translator import N_
from clinic.registry.words import GENDERS
from clinic.statistics.contacts import counted_key, not_erased
from clinic.statistics.scope import Counts, Scope
from clinic.statistics.sections.care import written_in
from clinic.statistics.sections.counting import (
    NOT_RECORDED,
    Cells,
    Texts,
    both_cells,
    by_column,
    count_persons,
    grid,
    table,
    vocabulary_lines,
    word_lines,
)
from clinic.statistics.tables import Period, Section, Table
from db.models.care import Consultation, IdentificationInterview, Pathway, PathwayStep
from db.models.registry import Person

# Who sends a person to an interview from outside the clinic (Lucca's "persons referred by
# third parties"): not the person, nor the clinic's own reception or outreach team.
THIRD_PARTIES = frozenset(
    {
        Referrer.COMMISSION,
        Referrer.POLICE,
        Referrer.PREFECTURE,
        Referrer.COURT,
        Referrer.ORGANISATION,
        Referrer.LANDING,
    }
)

PROTECTION: Texts = (
    N_("Identification and protection"),
    N_(
        "Identification interviews held in the period (not entered in error), the persons "
        "interviewed, and those of them sent to an interview by someone outside the clinic "
        "(a commission, the police, a prefecture, a court, another organisation, a "
        "landing-site team). A merged record counts as its survivor, an erased person not at "
        "all."
    ),
)
PROTECTION_LINES = {
    "interviews": N_("Identification interviews"),
    "persons_interviewed": N_("Persons interviewed"),
    "persons_referred_by_third_parties": N_("Persons referred by third parties"),
}
BY_CONCLUSION: Texts = (
    N_("Identification interviews by conclusion"),
    N_("Identification interviews held in the period, by the interviewer's conclusion."),
)
BY_REFERRER: Texts = (
    N_("Identification interviews by who sent the person"),
    N_("Identification interviews held in the period, by who sent the person to it."),
)
BY_OFFER: Texts = (
    N_("Identification interviews by programme offered"),
    N_(
        "Identification interviews held in the period, by the programme offer and the "
        "person's answer as recorded when the report is made."
    ),
)
PATHWAYS: Texts = (
    N_("Programmes opened, open and closed"),
    N_(
        "Pathways of a social-protection or exit programme opened in the period, open at its "
        "end (opened before it ended and not closed by then), and closed in it."
    ),
)
PATHWAY_LINES = {
    "opened": N_("Opened in the period"),
    "open_at_end": N_("Open at the end of the period"),
    "closed": N_("Closed in the period"),
}
BY_STAGE: Texts = (
    N_("Programmes open at the end of the period, by stage"),
    N_(
        "Pathways open at the end of the period, by the stage they stood at on its last day "
        "(their latest stage begun before its end)."
    ),
)
BY_REASON: Texts = (
    N_("Programmes closed in the period, by reason"),
    N_("Pathways closed in the period, by the reason recorded."),
)
BY_GENDER: Texts = (
    N_("Persons taken into a programme, by gender"),
    N_(
        "Persons whose pathway opened in the period, by gender as recorded, once per "
        "programme (a merged record counts as its survivor, an erased person not at all)."
    ),
)
NO_CONCLUSION = {NOT_RECORDED: N_("No conclusion recorded yet")}


def section(scope: Scope) -> Section:
    """Section "protection": interviews, then the programmes' pathways."""
    return Section(
        "protection",
        scope.t.gettext(PROTECTION[0]),
        (*_interview_tables(scope), *_pathway_tables(scope)),
    )


# --- interviews -------------------------------------------------------------------------------


def _interview_tables(scope: Scope) -> tuple[Table, ...]:
    t = scope.t
    found = [_interviews(scope, period) for period in (scope.period, scope.previous)]
    persons = scope.both(lambda period: _interviewed(scope, period))
    figures = [{"interviews": sum(n.values()), **p} for n, p in zip(found, persons, strict=True)]

    def split(at: int) -> tuple[Counts, Counts]:
        counted: list[dict[str, int]] = [{} for _ in found]
        for into, answers in zip(counted, found, strict=True):
            for key, n in answers.items():
                into[key[at]] = into.get(key[at], 0) + n
        return counted[0], counted[1]

    conclusions = {**_values(CONCLUSIONS), **NO_CONCLUSION}
    return (
        table("protection", PROTECTION, t, word_lines(PROTECTION_LINES, t), _pair(figures)),
        table(
            "protection.by_conclusion",
            BY_CONCLUSION,
            t,
            word_lines(conclusions, t),
            split(0),
            whole=True,
        ),
        table(
            "protection.by_referrer",
            BY_REFERRER,
            t,
            vocabulary_lines(REFERRERS, t),
            split(1),
            whole=True,
        ),
        table(
            "protection.by_offer",
            BY_OFFER,
            t,
            vocabulary_lines(PROGRAMME_OFFERS, t),
            split(2),
            whole=True,
        ),
    )


def _values(words: Mapping[Any, str]) -> dict[str, str]:
    return {str(value): label for value, label in words.items()}


def _pair(counts: Sequence[Counts]) -> tuple[Counts, Counts]:
    return counts[0], counts[1]


def _interviews(scope: Scope, period: Period) -> Mapping[tuple[str, str, str], int]:
    """Interviews of the period by (conclusion, who sent the person, offer)."""
    conclusion = func.coalesce(IdentificationInterview.conclusion, NOT_RECORDED)
    answers = (conclusion, IdentificationInterview.referred_by, IdentificationInterview.offer)
    query = select(*answers, func.count()).where(*_held_in(scope, period)).group_by(*answers)
    return {(c, r, o): n for c, r, o, n in scope.session.execute(query)}


def _held_in(scope: Scope, period: Period) -> list[ColumnElement[bool]]:
    """The interviews held in the period: the answers joined to their consultation."""
    return [
        Consultation.id == IdentificationInterview.consultation_id,
        *written_in(scope, period),
    ]


def _interviewed(scope: Scope, period: Period) -> Counts:
    """Persons interviewed, and those sent by a third party (`THIRD_PARTIES`)."""
    held = select(Consultation.person_id).where(*_held_in(scope, period))
    sent = held.where(IdentificationInterview.referred_by.in_([r.value for r in THIRD_PARTIES]))
    return {
        "persons_interviewed": count_persons(scope.session, held),
        "persons_referred_by_third_parties": count_persons(scope.session, sent),
    }


# --- pathways ---------------------------------------------------------------------------------


def _pathway_tables(scope: Scope) -> tuple[Table, ...]:
    t = scope.t
    kinds = vocabulary_lines(PATHWAY_KINDS, t)
    opened = scope.both(lambda period: _opened(scope, period))
    stages = both_cells(scope, lambda period: _open_at_end(scope, period))
    reasons = both_cells(scope, lambda period: _closed(scope, period))
    genders = both_cells(scope, lambda period: _taken_in(scope, period))
    figures = tuple(
        {
            **{("opened", kind): n for kind, n in opened[at].items()},
            **{("open_at_end", kind): n for kind, n in by_column(stages[at]).items()},
            **{("closed", kind): n for kind, n in by_column(reasons[at]).items()},
        }
        for at in (0, 1)
    )
    return (
        grid(
            "protection.pathways",
            PATHWAYS,
            t,
            (word_lines(PATHWAY_LINES, t), kinds),
            (figures[0], figures[1]),
        ),
        grid(
            "protection.open_by_stage",
            BY_STAGE,
            t,
            (vocabulary_lines(PATHWAY_STAGES, t), kinds),
            stages,
            whole=True,
        ),
        grid(
            "protection.closed_by_reason",
            BY_REASON,
            t,
            (vocabulary_lines(CLOSING_REASONS, t), kinds),
            reasons,
            whole=True,
        ),
        grid(
            "protection.taken_in_by_gender",
            BY_GENDER,
            t,
            (vocabulary_lines(GENDERS, t), kinds),
            genders,
            whole=True,
        ),
    )


def _opened_in(period: Period) -> list[ColumnElement[bool]]:
    return [Pathway.opened_on >= period.since, Pathway.opened_on < period.until]


def _opened(scope: Scope, period: Period) -> Counts:
    query = select(Pathway.kind, func.count()).where(*_opened_in(period)).group_by(Pathway.kind)
    return dict(scope.session.execute(query).all())


def _closed(scope: Scope, period: Period) -> Cells:
    """Pathways closed in the period by (reason, kind)."""
    query = (
        select(Pathway.closing_reason, Pathway.kind, func.count())
        .where(Pathway.closed_on >= period.since, Pathway.closed_on < period.until)
        .group_by(Pathway.closing_reason, Pathway.kind)
    )
    return {(str(reason), kind): n for reason, kind, n in scope.session.execute(query)}


def _open_at_end(scope: Scope, period: Period) -> Cells:
    """Pathways open at the period's end by (stage on its last day, kind)."""
    later = aliased(PathwayStep)
    latest = (
        select(later.id)
        .where(later.pathway_id == Pathway.id, later.started_on < period.until)
        .order_by(later.started_on.desc(), later.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    query = (
        select(PathwayStep.stage, Pathway.kind, func.count())
        .select_from(Pathway)
        .join(PathwayStep, PathwayStep.id == latest)
        .where(
            Pathway.opened_on < period.until,
            or_(Pathway.closed_on.is_(None), Pathway.closed_on >= period.until),
        )
        .group_by(PathwayStep.stage, Pathway.kind)
    )
    return {(stage, kind): n for stage, kind, n in scope.session.execute(query)}


def _taken_in(scope: Scope, period: Period) -> Cells:
    """Distinct persons whose pathway opened in the period, by (their gender, kind)."""
    recorded, survivor = aliased(Person), aliased(Person)
    key = counted_key(recorded)
    query = (
        select(survivor.gender, Pathway.kind, func.count(distinct(key)))
        .select_from(Pathway)
        .join(recorded, recorded.id == Pathway.person_id)
        .join(survivor, survivor.id == key)
        .where(*_opened_in(period), not_erased(recorded), not_erased(survivor))
        .group_by(survivor.gender, Pathway.kind)
    )
    return {(gender, kind): n for gender, kind, n in scope.session.execute(query)}
