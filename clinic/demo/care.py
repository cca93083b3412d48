"""A demo clinic's care records (issue 12): consultations, rapid tests, referrals to the
partner-service directory, identification interviews and protection pathways.

Planned from the visits already written, in arrival order, so that what a record depends on has
happened before it (a follow-up flag is answered by a later consultation; a person is
interviewed at their first visit with a social worker). Each record falls on the day of its
visit, between the moment the person was called in and the moment they left; what comes later
(an outcome, a pathway's stages) never after now. Written with Core bulk inserts, a few hundred
thousand visits per transaction, like the visits themselves.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic.care.consultations import WRITE
from clinic.care.vocabulary import CareList, ConsultationKind
from clinic.common.clock import Clock
from clinic.common.permissions import ALLOWED, SEES_PEOPLE, Permission
from clinic.demo.care_words import LANGUAGES
from clinic.demo.consultations import KIND_OF, CareSetting, DemoConsultations
from clinic.demo.protection import DemoProtection
from clinic.demo.rapid_tests import DemoTests
from clinic.demo.referrals import DemoReferrals, service_rows
from clinic.demo.rows import insert_rows
from clinic.demo.served import Later, ServedVisit, served_visits
from clinic.registry.vocabulary import Gender
from clinic.staff.vocabulary import Role
from db.engine import Database
from db.models.care import (
    CareListItem,
    Consultation,
    ConsultationAddendum,
    ConsultationItem,
    FollowUp,
    IdentificationInterview,
    InterviewIndicator,
    PartnerService,
    Pathway,
    PathwayStep,
    RapidTest,
    Referral,
)
from db.models.desk import Visit
from db.models.registry import Person, PersonLanguage

Progress = Callable[[str, int, int], None]

CONSULTATION_SHARE = 0.93  # of the visits the care team served: the rest left no note
VISITS_PER_TRANSACTION = 250_000
_MAY_BE_PREGNANT = (Gender.WOMAN, Gender.TRANS_MAN, Gender.NON_BINARY)


@dataclass(frozen=True)
class CareSummary:
    consultations: int = 0
    tests: int = 0
    referrals: int = 0
    interviews: int = 0
    pathways: int = 0


class _Planner:
    """Every care record of a demo clinic, visit after visit."""

    def __init__(
        self,
        rng: random.Random,
        later: Later,
        session: Session,
        staff: Mapping[Role, list[int]],
        host: tuple[str, str],
    ) -> None:
        self._rng = rng
        setting = _setting(session, rng, staff, host[1])
        services = service_rows()
        insert_rows(session, PartnerService, services)
        colleagues = [i for role in SEES_PEOPLE for i in staff[role]]
        social = [i for role in ALLOWED[Permission.PATHWAY_WRITE] for i in staff[role]]
        self.consultations = DemoConsultations(rng, later, setting)
        self.tests = DemoTests(
            rng, _test_kinds(setting), _may_be_pregnant(session), setting.languages
        )
        self.referrals = DemoReferrals(rng, later, services, setting.languages, colleagues)
        self.protection = DemoProtection(rng, later, _countries(session), host[0], social)
        self.referral_count = 0

    def visit(self, visit: ServedVisit) -> None:
        kind = KIND_OF[visit.role]
        interviewed = kind is not ConsultationKind.MEDICAL and (
            self.protection.first_social_visit(visit, self.consultations, self.referrals)
        )
        if not interviewed and self._rng.random() < CONSULTATION_SHARE:
            self.consultations.write(visit, kind)
            self.referrals.after_consultation(visit, kind)
        if visit.role is Role.NURSE:
            for reactive in self.tests.visit(visit):
                self.referrals.confirm(visit, reactive.test_id, reactive.code)

    def insert(self, session: Session, *, last: bool = False) -> None:
        """Everything planned so far, parents before the rows that point at them."""
        consultations, items, addenda, follow_ups = self.consultations.take()
        if last:
            follow_ups += self.consultations.still_open()
        protection = self.protection.take()
        referrals = self.referrals.take()
        self.referral_count += len(referrals)
        insert_rows(session, Consultation, consultations)
        insert_rows(session, ConsultationItem, items)
        insert_rows(session, ConsultationAddendum, addenda)
        insert_rows(session, FollowUp, follow_ups)
        insert_rows(session, IdentificationInterview, protection.interviews)
        insert_rows(session, InterviewIndicator, protection.indicators)
        insert_rows(session, RapidTest, self.tests.take())
        insert_rows(session, Referral, referrals)
        insert_rows(session, Pathway, protection.pathways)
        insert_rows(session, PathwayStep, protection.steps)

    def summary(self) -> CareSummary:
        return CareSummary(
            consultations=self.consultations.count,
            tests=self.tests.count,
            referrals=self.referral_count,
            interviews=self.protection.interviews,
            pathways=self.protection.pathway_count,
        )


def write_care(
    database: Database,
    rng: random.Random,
    clock: Clock,
    staff: Mapping[Role, list[int]],
    host: tuple[str, str],
    report: Progress,
) -> CareSummary:
    """The care records of the visits written so far; `host` is the clinic's country and
    language (a mediator is there for the person's other languages)."""
    roles = {i: role for role in KIND_OF for i in staff[role]}
    with database.write() as session:
        planner = _Planner(rng, Later.of(clock), session, staff, host)
        total = int(session.scalar(select(func.max(Visit.id))) or 0)
    after: int | None = 0
    while after is not None:
        with database.write() as session:
            after = _plan(session, planner, roles, after, lambda done: report("care", done, total))
    report("care", total, total)
    return planner.summary()


def _plan(
    session: Session,
    planner: _Planner,
    roles: Mapping[int, Role],
    after: int,
    report: Callable[[int], None],
) -> int | None:
    """A transaction's worth of the visits after id `after`, planned and inserted: the last
    visit done, or None once every visit is."""
    first = after
    while after - first < VISITS_PER_TRANSACTION:
        chunk = list(served_visits(session, roles, after))
        if not chunk:
            planner.insert(session, last=True)
            return None
        for visit in chunk:
            planner.visit(visit)
        planner.insert(session)
        after = chunk[-1].id
        report(after)
    return after


def _setting(
    session: Session, rng: random.Random, staff: Mapping[Role, list[int]], host_language: str
) -> CareSetting:
    """The seeded entries by code, each author's writing language (mostly the host's), who may
    write each kind, and each person's languages besides the host's."""
    items = {
        (CareList(care_list), code): item_id
        for item_id, care_list, code in session.execute(
            select(CareListItem.id, CareListItem.list, CareListItem.code)
        )
        if code is not None
    }
    home = host_language if host_language in LANGUAGES else "en"
    written = [home, *(language for language in LANGUAGES if language != home)]
    languages = {
        staff_id: rng.choices(written, [6, 3, 1])[0] for ids in staff.values() for staff_id in ids
    }
    writers = {
        kind: [i for role in ALLOWED[WRITE[kind]] for i in staff[role]] for kind in ConsultationKind
    }
    foreign: dict[int, list[str]] = {}
    for person_id, language in session.execute(
        select(PersonLanguage.person_id, PersonLanguage.language).where(
            PersonLanguage.language != host_language
        )
    ):
        foreign.setdefault(person_id, []).append(language)
    return CareSetting(items, languages, writers, foreign)


def _test_kinds(setting: CareSetting) -> dict[str, int]:
    return {
        code: i for (care_list, code), i in setting.items.items() if care_list is CareList.TEST_KIND
    }


def _may_be_pregnant(session: Session) -> set[int]:
    genders = [gender.value for gender in _MAY_BE_PREGNANT]
    return set(session.scalars(select(Person.id).where(Person.gender.in_(genders))))


def _countries(session: Session) -> dict[int, str]:
    return {
        person_id: country or ""
        for person_id, country in session.execute(select(Person.id, Person.country))
    }
