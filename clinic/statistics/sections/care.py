"""The care sections of the activity report (issue 15): consultations, rapid tests and
referrals, over the period and the one before it.

Three sections in one module, one function each (`consultations_section`, `tests_section`,
`referrals_section`), because they share their rules (`sections.counting`): a record entered
in error never counts; an erased person's records still count, the person never does; a merged
record counts as its survivor. Each figure family is one query per period, grouped in the
database.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import ColumnElement, false, func, select

from clinic.care.vocabulary import CareList, TestResult
from clinic.care.words import CONSULTATION_KINDS, REFERRAL_OUTCOMES, SERVICE_KINDS, TEST_RESULTS
from clinic.i18n.translator import N_
from clinic.statistics.scope import Counts, Scope
from clinic.statistics.sections.counting import (
    NOT_RECORDED,
    Cells,
    Texts,
    both_cells,
    by_column,
    by_row,
    count_persons,
    entry_lines,
    grid,
    table,
    vocabulary_lines,
    word_lines,
)
from clinic.statistics.tables import Chart, Line, Period, Section, Table
from db.models.care import (
    CareListItem,
    Consultation,
    ConsultationItem,
    PartnerService,
    RapidTest,
    Referral,
)

# --- consultations ----------------------------------------------------------------------------

CONSULTATIONS: Texts = (
    N_("Consultations"),
    N_(
        "Consultations written in the period, not entered in error, and the persons who had "
        "at least one (a merged record counts as its survivor, an erased person not at all)."
    ),
)
CONSULTATION_LINES = {"total": N_("Consultations"), "persons": N_("Persons")}
BY_KIND: Texts = (
    N_("Consultations by kind"),
    N_(
        "Consultations written in the period, not entered in error, by kind; identification "
        "interviews are broken down in the protection section."
    ),
)
BY_REASON: Texts = (
    N_("Medical consultations by reason"),
    N_(
        "Medical consultations written in the period, not entered in error, by each reason "
        "ticked: a consultation may tick several reasons, or none."
    ),
)
BY_TOPIC: Texts = (
    N_("Social and psychological consultations by topic"),
    N_(
        "Social and psychological consultations and identification interviews written in the "
        "period, not entered in error, by each topic ticked: one may tick several, or none."
    ),
)
# The ticked lists the report shows: what consultations were for. Symptoms, contraception,
# treatments and actions taken are clinical detail, not a funder's question.
TOPIC_LISTS: Mapping[CareList, tuple[str, Texts]] = {
    CareList.MEDICAL_REASON: ("consultations.by_reason", BY_REASON),
    CareList.SOCIAL_TOPIC: ("consultations.by_topic", BY_TOPIC),
}


def consultations_section(scope: Scope) -> Section:
    """Section "consultations": how many and for how many persons, by kind, reason and topic."""
    t = scope.t
    by_kind = scope.both(lambda period: _by_kind(scope, period))
    persons = scope.both(lambda period: _consultation_persons(scope, period))
    figures = (_figures(by_kind[0], persons[0]), _figures(by_kind[1], persons[1]))
    return Section(
        "consultations",
        t.gettext(CONSULTATIONS[0]),
        (
            table("consultations", CONSULTATIONS, t, word_lines(CONSULTATION_LINES, t), figures),
            table(
                "consultations.by_kind",
                BY_KIND,
                t,
                vocabulary_lines(CONSULTATION_KINDS, t),
                by_kind,
                whole=True,
                chart=Chart.BARS,
            ),
            *_topic_tables(scope),
        ),
    )


def _figures(by_kind: Counts, persons: Counts) -> Counts:
    return {"total": sum(by_kind.values()), **persons}


def written_in(scope: Scope, period: Period) -> list[ColumnElement[bool]]:
    """Consultations written in the period, not entered in error."""
    start, end = period.instants(scope.clock)
    return [
        Consultation.written_at >= start,
        Consultation.written_at < end,
        Consultation.entered_in_error == false(),
    ]


def _by_kind(scope: Scope, period: Period) -> Counts:
    query = (
        select(Consultation.kind, func.count())
        .where(*written_in(scope, period))
        .group_by(Consultation.kind)
    )
    return dict(scope.session.execute(query).all())


def _consultation_persons(scope: Scope, period: Period) -> Counts:
    records = select(Consultation.person_id).where(*written_in(scope, period))
    return {"persons": count_persons(scope.session, records)}


def _topic_tables(scope: Scope) -> tuple[Table, ...]:
    """One table per list of `TOPIC_LISTS`, of the entries ticked in either period."""
    found = [_ticked(scope, period) for period in (scope.period, scope.previous)]
    lines, keys, lists = entry_lines(scope.session, {i for f in found for i in f}, scope.t)
    counts = [{keys[item]: n for item, n in period.items()} for period in found]
    return tuple(
        table(
            key,
            texts,
            scope.t,
            (line for line in lines if line.key in _keys_of(care_list, keys, lists)),
            (counts[0], counts[1]),
            chart=Chart.BARS,
        )
        for care_list, (key, texts) in TOPIC_LISTS.items()
    )


def _keys_of(care_list: CareList, keys: Mapping[int, str], lists: Mapping[int, str]) -> set[str]:
    return {key for item, key in keys.items() if lists[item] == care_list.value}


def _ticked(scope: Scope, period: Period) -> Mapping[int, int]:
    """Consultations of the period by each entry of `TOPIC_LISTS` they ticked."""
    wanted = [care_list.value for care_list in TOPIC_LISTS]
    query = (
        select(ConsultationItem.item_id, func.count())
        .join(Consultation, Consultation.id == ConsultationItem.consultation_id)
        .join(CareListItem, CareListItem.id == ConsultationItem.item_id)
        .where(*written_in(scope, period), CareListItem.list.in_(wanted))
        .group_by(ConsultationItem.item_id)
    )
    return dict(scope.session.execute(query).all())


# --- rapid tests ------------------------------------------------------------------------------

TESTS: Texts = (
    N_("Rapid tests"),
    N_(
        "Rapid tests read in the period, not entered in error; those reactive; the persons "
        "tested at least once (a merged record counts as its survivor, an erased person not "
        "at all)."
    ),
)
TEST_LINES = {"total": N_("Tests"), "reactive": N_("Reactive results"), "persons": N_("Persons")}
BY_TEST_KIND: Texts = (
    N_("Rapid tests by kind and result"),
    N_("Rapid tests read in the period, not entered in error, by kind of test and result."),
)


def tests_section(scope: Scope) -> Section:
    """Section "tests": tests done, reactive results and persons tested; kinds × results."""
    t = scope.t
    cells = both_cells(scope, lambda period: _tests(scope, period))
    persons = scope.both(lambda period: _tested(scope, period))
    figures = (_test_figures(cells[0], persons[0]), _test_figures(cells[1], persons[1]))
    kinds, keys, _ = entry_lines(scope.session, {int(r) for c in cells for r, _ in c}, t)
    by_key = tuple({(keys[int(r)], c): n for (r, c), n in found.items()} for found in cells)
    return Section(
        "tests",
        t.gettext(TESTS[0]),
        (
            table("tests", TESTS, t, word_lines(TEST_LINES, t), figures),
            grid(
                "tests.by_kind",
                BY_TEST_KIND,
                t,
                (kinds, vocabulary_lines(TEST_RESULTS, t)),
                (by_key[0], by_key[1]),
                whole=True,
            ),
        ),
    )


def read_in(scope: Scope, period: Period) -> list[ColumnElement[bool]]:
    """Rapid tests read in the period, not entered in error."""
    start, end = period.instants(scope.clock)
    return [
        RapidTest.read_at >= start,
        RapidTest.read_at < end,
        RapidTest.entered_in_error == false(),
    ]


def _tests(scope: Scope, period: Period) -> Cells:
    """Tests by (kind's entry id as text, result)."""
    query = (
        select(RapidTest.kind_id, RapidTest.result, func.count())
        .where(*read_in(scope, period))
        .group_by(RapidTest.kind_id, RapidTest.result)
    )
    return {(str(kind), result): n for kind, result, n in scope.session.execute(query)}


def _tested(scope: Scope, period: Period) -> Counts:
    records = select(RapidTest.person_id).where(*read_in(scope, period))
    return {"persons": count_persons(scope.session, records)}


def _test_figures(cells: Cells, persons: Counts) -> Counts:
    results = by_column(cells)
    return {
        "total": sum(results.values()),
        "reactive": results.get(TestResult.REACTIVE.value, 0),
        **persons,
    }


# --- referrals --------------------------------------------------------------------------------

REFERRALS: Texts = (
    N_("Referrals"),
    N_(
        "Referrals to partner services made in the period, not entered in error, and the "
        "persons referred at least once (a merged record counts as its survivor, an erased "
        "person not at all)."
    ),
)
REFERRAL_LINES = {"total": N_("Referrals"), "persons": N_("Persons")}
BY_DESTINATION: Texts = (
    N_("Referrals by destination"),
    N_(
        "Referrals made in the period, not entered in error, by the kind of service the "
        "person was sent to."
    ),
)
BY_OUTCOME: Texts = (
    N_("Referrals by outcome"),
    N_(
        "Referrals made in the period, not entered in error, by whether the person went, as "
        "recorded when the report is made."
    ),
)
OUTCOME_WORDS: Mapping[str, str] = {
    **{outcome.value: words for outcome, words in REFERRAL_OUTCOMES.items()},
    NOT_RECORDED: N_("No outcome recorded yet"),
}


def referrals_section(scope: Scope) -> Section:
    """Section "referrals": how many, for how many persons, by destination and by outcome.

    The destination is the partner's kind of service (hospital, STI clinic, shelter...), not
    the partner itself: a funder asks where people were sent, the kinds are the same in every
    clinic and every year while a directory's entries change, and a named small service may
    say too much about who went there."""
    t = scope.t
    cells = both_cells(scope, lambda period: _referrals(scope, period))
    persons = scope.both(lambda period: _referred(scope, period))
    figures = tuple({"total": sum(c.values()), **p} for c, p in zip(cells, persons, strict=True))
    by_kind = (by_row(cells[0]), by_row(cells[1]))
    by_outcome = (by_column(cells[0]), by_column(cells[1]))
    outcomes: tuple[Line, ...] = vocabulary_lines(OUTCOME_WORDS, t)
    return Section(
        "referrals",
        t.gettext(REFERRALS[0]),
        (
            table(
                "referrals", REFERRALS, t, word_lines(REFERRAL_LINES, t), (figures[0], figures[1])
            ),
            table(
                "referrals.by_destination",
                BY_DESTINATION,
                t,
                vocabulary_lines(SERVICE_KINDS, t),
                by_kind,
                whole=True,
                chart=Chart.BARS,
            ),
            table("referrals.by_outcome", BY_OUTCOME, t, outcomes, by_outcome, whole=True),
        ),
    )


def referred_in(period: Period) -> list[ColumnElement[bool]]:
    """Referrals made in the period (their day), not entered in error."""
    return [
        Referral.referred_on >= period.since,
        Referral.referred_on < period.until,
        Referral.entered_in_error == false(),
    ]


def _referrals(scope: Scope, period: Period) -> Cells:
    """Referrals by (the service's kind, the outcome or `NOT_RECORDED`)."""
    outcome = func.coalesce(Referral.outcome, NOT_RECORDED)
    query = (
        select(PartnerService.kind, outcome, func.count())
        .select_from(Referral)
        .join(PartnerService, PartnerService.id == Referral.service_id)
        .where(*referred_in(period))
        .group_by(PartnerService.kind, outcome)
    )
    return {(kind, result): n for kind, result, n in scope.session.execute(query)}


def _referred(scope: Scope, period: Period) -> Counts:
    records = select(Referral.person_id).where(*referred_in(period))
    return {"persons": count_persons(scope.session, records)}
