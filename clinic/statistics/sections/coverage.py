"""The coverage section of the activity report (issue 15): UNAIDS Global AIDS Monitoring's
"coverage of HIV prevention programmes among sex workers", counted from the clinic's records.

The indicator: persons who received at least two of {condoms and lubricant, counselling on
condom use and safe sex, an STI test}, disaggregated by sex (female, male, transgender) and age
(< 25, 25+). Its survey version asks about "the past three months"; a clinic's records answer
the programme version instead, over the report's period: persons counted in the period
(`contacts.persons_counted`: registered, a contact of any kind in it) who received two of the
three in the period. A year's share is therefore higher than a three-month survey's, and is
compared with the clinic's own previous period, not with surveys. Anonymous hand-outs and tally
contacts have no person to follow and are not in it.

What counts as each of the three, decided from Soglia's vocabularies:
- **Condoms and lubricant**: a hand-out to the person of any item of the category
  `sexual_health` (the catalogue's condoms, internal condoms, lubricant and dental dams, and
  whatever the coordinator adds to that category). Either condoms or lubricant is enough: the
  two are handed out together when the stock allows, and requiring both would count the
  stock, not the person.
- **Counselling**: a medical consultation whose reason is health information, PEP or PrEP, or
  contraception, or that ticks condoms as contraception (the consultations in which safe sex
  is the subject); or a rapid test with counselling recorded before or after it (HIV and STI
  testing counselling covers condom use and safe sex). Social and psychological consultations
  and group sessions are not counselling in this sense.
- **An STI test**: a rapid test of any kind but pregnancy (HIV, HCV, syphilis, HBsAg, and the
  kits the coordinator adds, nearly always STIs at a drop-in), or a medical consultation whose
  reason is STI screening (the test ordered there). An HIV self-test handed out is material,
  not a test done.

Sex as UNAIDS splits it: female (women), male (men), transgender (trans women and trans men
together, as the indicator's third column); non-binary, other and not stated persons are a
fourth row, so that the rows add up to everyone counted. Age at the person's first contact in
the period (`contacts.read_persons`), unknown where the record has no birth year.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import aliased

from clinic.care.vocabulary import CareList, ConsultationKind
from clinic.i18n.translator import N_
from clinic.statistics.contacts import (
    CountedPerson,
    counted_key,
    not_erased,
)
from clinic.statistics.scope import Counts, Scope
from clinic.statistics.sections.care import read_in, written_in
from clinic.statistics.sections.counting import Cells, Texts, grid, table, word_lines
from clinic.statistics.tables import Period, Section
from db.models.care import CareListItem, Consultation, ConsultationItem, RapidTest
from db.models.materials import Distribution, StockItem, StockMovement
from db.models.registry import Person
from db.vocabulary.materials import AgeBand, ItemCategory, MovementKind
from db.vocabulary.registry import Gender

CONDOMS, COUNSELLING, STI_TEST = "condoms_lubricant", "counselling", "sti_test"
# The ticked entries that make a medical consultation counselling, or an STI test ordered.
COUNSELLING_ENTRIES = (
    (CareList.MEDICAL_REASON, "health_information"),
    (CareList.MEDICAL_REASON, "pep_prep"),
    (CareList.MEDICAL_REASON, "contraception"),
    (CareList.CONTRACEPTION, "condom"),
)
TEST_ENTRIES = ((CareList.MEDICAL_REASON, "sti_screening"),)
NOT_AN_STI_TEST = (CareList.TEST_KIND, "pregnancy")

SEXES: Mapping[Gender, str] = {
    Gender.WOMAN: "female",
    Gender.MAN: "male",
    Gender.TRANS_WOMAN: "transgender",
    Gender.TRANS_MAN: "transgender",
    Gender.NON_BINARY: "other",
    Gender.OTHER: "other",
    Gender.NOT_STATED: "other",
}
SEX_LINES = {
    "female": N_("Female"),
    "male": N_("Male"),
    "transgender": N_("Transgender (trans women and trans men)"),
    "other": N_("Non-binary, other or not stated"),
}
UNDER_25 = frozenset({AgeBand.UNDER_18, AgeBand.FROM_18})
AGE_LINES = {"under_25": N_("Under 25"), "25_plus": N_("25 and over"), "unknown": N_("Unknown")}

COVERAGE: Texts = (
    N_("Coverage of HIV prevention (UNAIDS)"),
    N_(
        "Persons counted in the period (registered, a contact of any kind in it) who received "
        "in it at least two of: condoms or lubricant, counselling on safe sex (a medical "
        "consultation for health information, PEP or PrEP, or contraception, or a rapid test "
        "with counselling), an STI test (a rapid test other than pregnancy, or a medical "
        "consultation for STI screening); and how many received each."
    ),
)
COVERAGE_LINES = {
    "covered": N_("Persons who received at least two of the three"),
    "persons": N_("Persons counted"),
    CONDOMS: N_("Received condoms or lubricant"),
    COUNSELLING: N_("Received counselling on safe sex"),
    STI_TEST: N_("Had an STI test"),
}
COVERED: Texts = (
    N_("Persons reached by prevention, by sex and age"),
    N_(
        "Persons counted in the period who received at least two of the three in it, by sex "
        "(trans women and trans men together as transgender) and age at their first contact "
        "in the period."
    ),
)
COUNTED: Texts = (
    N_("Persons counted, by sex and age"),
    N_(
        "Persons counted in the period, split as the persons reached are: the denominator of "
        "the coverage."
    ),
)


@dataclass(frozen=True)
class Coverage:
    """One period's figures: everyone counted, and who received which of the three."""

    persons: tuple[CountedPerson, ...]
    received: Mapping[int, frozenset[str]]  # survivor's id → the components they received

    def covered(self) -> tuple[CountedPerson, ...]:
        return tuple(p for p in self.persons if len(self.received.get(p.person_id, ())) >= 2)

    def figures(self) -> Counts:
        components: Counter[str] = Counter()
        for person in self.persons:
            components.update(self.received.get(person.person_id, ()))
        return {
            "covered": len(self.covered()),
            "persons": len(self.persons),
            **{part: components[part] for part in (CONDOMS, COUNSELLING, STI_TEST)},
        }


def section(scope: Scope) -> Section:
    """Section "coverage": the headline figures, those reached by sex × age, and everyone
    counted by the same split (the denominator, so that a share can be shown)."""
    t = scope.t
    found = [coverage(scope, period) for period in (scope.period, scope.previous)]
    lines = (word_lines(SEX_LINES, t), word_lines(AGE_LINES, t))
    return Section(
        "coverage",
        t.gettext(COVERAGE[0]),
        (
            table(
                "coverage",
                COVERAGE,
                t,
                word_lines(COVERAGE_LINES, t),
                (found[0].figures(), found[1].figures()),
            ),
            grid(
                "coverage.covered_by_sex_age",
                COVERED,
                t,
                lines,
                (_split(found[0].covered()), _split(found[1].covered())),
                whole=True,
                total_key="coverage.covered",
            ),
            grid(
                "coverage.counted_by_sex_age",
                COUNTED,
                t,
                lines,
                (_split(found[0].persons), _split(found[1].persons)),
                whole=True,
                total_key="coverage.persons",
            ),
        ),
    )


def coverage(scope: Scope, period: Period) -> Coverage:
    """Everyone counted in the period, and the components each received: two queries."""
    persons = scope.persons(period)  # read once, shared with the persons section
    received: dict[int, set[str]] = {}
    query = select(_received(scope, period).subquery("received")).distinct()
    for person_id, component in scope.session.execute(query):
        received.setdefault(person_id, set()).add(component)
    return Coverage(persons, {key: frozenset(parts) for key, parts in received.items()})


def _split(persons: Iterable[CountedPerson]) -> Cells:
    """Persons by (sex as UNAIDS splits it, UNAIDS age group)."""
    return Counter((SEXES[p.gender], _age_group(p.age_band)) for p in persons)


def _age_group(band: AgeBand) -> str:
    if band is AgeBand.UNKNOWN:
        return "unknown"
    return "under_25" if band in UNDER_25 else "25_plus"


def _received(scope: Scope, period: Period) -> Any:
    """The distinct (survivor's id, component) pairs of the period, erased persons left out.
    Each record's pairs are made distinct before the persons are joined: a year gives some
    hundred thousand records for a few tens of thousands of persons."""
    given = select(_components(scope, period).subquery("records")).distinct().subquery("given")
    recorded, survivor = aliased(Person), aliased(Person)
    key = counted_key(recorded)
    return (
        select(key.label("person_id"), given.c.component)
        .select_from(given)
        .join(recorded, recorded.id == given.c.person_id)
        .join(survivor, survivor.id == key)
        .where(not_erased(recorded), not_erased(survivor))
        .distinct()
    )


def _components(scope: Scope, period: Period) -> CompoundSelect[Any]:
    """Every record of the period that gives a component, as (person_id, component)."""
    tests = (
        select(
            RapidTest.person_id,
            RapidTest.kind_id,
            or_(RapidTest.counselled_before, RapidTest.counselled_after).label("counselled"),
        )
        .where(*read_in(scope, period))
        .cte("tests")
    )
    return union_all(
        _condoms(scope, period),
        _consultations_ticking(scope, period, COUNSELLING_ENTRIES, COUNSELLING),
        select(tests.c.person_id, literal(COUNSELLING)).where(tests.c.counselled),
        _consultations_ticking(scope, period, TEST_ENTRIES, STI_TEST),
        select(tests.c.person_id, literal(STI_TEST)).where(
            tests.c.kind_id.not_in(_entries((NOT_AN_STI_TEST,)))
        ),
    )


def _condoms(scope: Scope, period: Period) -> Any:
    """Hand-outs of the period to a registered person with an item of the sexual health
    category, found by their movements (dated with the hand-out, and indexed by kind and
    instant, which the hand-outs are not)."""
    start, end = period.instants(scope.clock)
    sexual_health = select(StockItem.id).where(
        StockItem.category == ItemCategory.SEXUAL_HEALTH.value
    )
    return (
        select(Distribution.person_id, literal(CONDOMS).label("component"))
        .select_from(StockMovement)
        .join(Distribution, Distribution.id == StockMovement.distribution_id)
        .where(
            StockMovement.kind == MovementKind.DISTRIBUTION.value,
            StockMovement.at >= start,
            StockMovement.at < end,
            StockMovement.item_id.in_(sexual_health),
            Distribution.person_id.is_not(None),
        )
    )


def _consultations_ticking(
    scope: Scope, period: Period, entries: tuple[tuple[CareList, str], ...], component: str
) -> Any:
    """Medical consultations of the period that ticked one of `entries`."""
    return (
        select(Consultation.person_id, literal(component))
        .join(ConsultationItem, ConsultationItem.consultation_id == Consultation.id)
        .where(
            *written_in(scope, period),
            Consultation.kind == ConsultationKind.MEDICAL.value,
            ConsultationItem.item_id.in_(_entries(entries)),
        )
    )


def _entries(entries: tuple[tuple[CareList, str], ...]) -> Any:
    """The ids of Soglia's own list entries (by list and code)."""
    return select(CareListItem.id).where(
        or_(
            *(
                (CareListItem.list == care_list.value) & (CareListItem.code == code)
                for care_list, code in entries
            )
        )
    )
