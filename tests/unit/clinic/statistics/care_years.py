"""Two hand-built years of care in Rome, 2025 and 2026 (rows written as the use cases leave
them), so that every figure of the care, protection and coverage sections can be counted by
hand. Days are Rome's; "31 Dec 23:30" is still that year's clinic day.

Persons (code: gender, born):
- P: woman, 1 Jun 2003.   - Q: man, 1 Jan 1980.   - R: trans woman, 1 Mar 2001.
- S: trans man, born in 1990 (year only).         - T: not stated, no birth.
- U: woman, merged into V.  - V: woman, 1 Jan 1985 (U's survivor).   - W: woman, erased.
- X: woman, 1 Jan 1995: only a rapid test, no contact of any kind.

Consultations (kind, day, ticked; * entered in error):
- 2026: c1 P medical 10 Jan (sti_screening, condom as contraception); c2 P medical 5 Feb
  (health_information); c3 Q social 12 Jan (housing, documents); c4* Q medical 20 Mar
  (sti_screening); c5 R psychological 15 Feb (violence); c6 U medical 1 Apr (pep_prep); c7 V
  social 2 Apr (housing, and the coordinator's own topic "Sex work and the law"); c8 W medical
  3 May (sti_screening); c9 S identification 6 Jun; c10 T identification 7 Jul; c11 Q
  identification 31 Dec 23:30; c12 P medical 1 Jan 2027 00:30 (the next year).
- 2025: p1 Q medical 10 Mar (sti_screening); p2 V social 1 Jan 00:30 (documents); p3 S
  identification 1 Feb.
Interviews (referred by, conclusion, offer): c9 police, presumed victim, accepted; c10 self,
none yet, not offered; c11 organisation, not identified, offered; p3 commission, undetermined,
offered.

Rapid tests (kind, result, counselled; * in error): 2026: t1 P hiv non-reactive 10 Jan
(before); t2 P syphilis reactive 10 Jan; t3 R pregnancy non-reactive 15 Feb (after); t4 X hiv
non-reactive 1 Mar (before); t5 U hcv invalid 1 Apr; t6* Q hiv reactive 20 Mar; t7 W hiv
reactive 3 May. 2025: t8 Q hiv non-reactive 10 Mar (before); t9 Q hbsag reactive 10 Mar.

Referrals (service kind, day, outcome; * in error): 2026: r1 P STI clinic A 11 Jan attended;
r2 P shelter 5 Feb none yet; r3 U STI clinic A 1 Apr not attended; r4 W hospital 3 May unknown;
r5* Q STI clinic A 20 Mar; r6 Q STI clinic B 31 Dec none yet. 2025: r7 Q hospital 10 Mar
attended.

Pathways (kind, person, steps, closing): pw1 protection S opened 6 Jun 2026: identification
6 Jun, emergency shelter 1 Jul 2026, first reception 10 Jan 2027. pw2 protection P opened
1 Mar 2025: identification 1 Mar 2025, first reception 1 Jun 2025, second reception 1 Feb
2026; closed 30 Jun 2026, completed. pw3 exit U opened 1 Apr 2026: training or job 1 Apr 2026.
pw4 protection W opened 3 May 2026: identification; closed 4 May 2026, left. pw5 protection R
opened 31 Dec 2025: identification; closed 1 Jan 2026, voluntary return. pw6 protection V
opened 10 Dec 2026: identification.

Hand-outs (item): 2026: d1 P 10 Jan male condoms; d2 Q 12 Jan wet wipes; d3 R 15 Feb
lubricant; d4 U 1 Apr male condoms; d5 someone without a record 1 Apr male condoms; d6 T 7 Jul
a leaflet. 2025: d7 Q 10 Mar male condoms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models.care import (
    CareListItem,
    Consultation,
    ConsultationItem,
    IdentificationInterview,
    PartnerService,
    Pathway,
    PathwayStep,
    RapidTest,
    Referral,
)
from db.models.materials import Distribution, StockItem, StockMovement, StockPlace
from db.models.registry import Person
from tests.unit.clinic.statistics.street_year import local

OWN_TOPIC = "Sex work and the law"

_PERSONS: Mapping[str, tuple[str, dt.date | None, int | None, str]] = {
    "P": ("woman", dt.date(2003, 6, 1), 2003, "active"),
    "Q": ("man", dt.date(1980, 1, 1), 1980, "active"),
    "R": ("trans_woman", dt.date(2001, 3, 1), 2001, "active"),
    "S": ("trans_man", None, 1990, "active"),
    "T": ("not_stated", None, None, "active"),
    "U": ("woman", dt.date(1985, 1, 1), 1985, "merged"),
    "V": ("woman", dt.date(1985, 1, 1), 1985, "active"),
    "W": ("woman", dt.date(1990, 1, 1), 1990, "erased"),
    "X": ("woman", dt.date(1995, 1, 1), 1995, "active"),
}

REASON, PREVENT, TOPIC = "medical_reason", "contraception", "social_topic"
Ticked = tuple[tuple[str, str], ...]  # (list, code or OWN_TOPIC)
# code, person, kind, (y, m, d, h, min), ticked, in error
_CONSULTATIONS: Sequence[tuple[str, str, str, tuple[int, ...], Ticked, bool]] = (
    ("c1", "P", "medical", (2026, 1, 10), ((REASON, "sti_screening"), (PREVENT, "condom")), False),
    ("c2", "P", "medical", (2026, 2, 5), ((REASON, "health_information"),), False),
    ("c3", "Q", "social", (2026, 1, 12), ((TOPIC, "housing"), (TOPIC, "documents")), False),
    ("c4", "Q", "medical", (2026, 3, 20), ((REASON, "sti_screening"),), True),
    ("c5", "R", "psychological", (2026, 2, 15), ((TOPIC, "violence"),), False),
    ("c6", "U", "medical", (2026, 4, 1), ((REASON, "pep_prep"),), False),
    ("c7", "V", "social", (2026, 4, 2), ((TOPIC, "housing"), (TOPIC, OWN_TOPIC)), False),
    ("c8", "W", "medical", (2026, 5, 3), ((REASON, "sti_screening"),), False),
    ("c9", "S", "identification", (2026, 6, 6), (), False),
    ("c10", "T", "identification", (2026, 7, 7), (), False),
    ("c11", "Q", "identification", (2026, 12, 31, 23, 30), (), False),
    ("c12", "P", "medical", (2027, 1, 1, 0, 30), ((REASON, "sti_screening"),), False),
    ("p1", "Q", "medical", (2025, 3, 10), ((REASON, "sti_screening"),), False),
    ("p2", "V", "social", (2025, 1, 1, 0, 30), ((TOPIC, "documents"),), False),
    ("p3", "S", "identification", (2025, 2, 1), (), False),
)  # fmt: skip
_INTERVIEWS = {
    "c9": ("police", "presumed_victim", "accepted"),
    "c10": ("self", None, "not_offered"),
    "c11": ("organisation", "not_identified", "offered"),
    "p3": ("commission", "undetermined", "offered"),
}
# person, kind code, result, day, counselled before, after, in error
_TESTS: Sequence[tuple[str, str, str, tuple[int, ...], bool, bool, bool]] = (
    ("P", "hiv", "non_reactive", (2026, 1, 10), True, False, False),
    ("P", "syphilis", "reactive", (2026, 1, 10), False, False, False),
    ("R", "pregnancy", "non_reactive", (2026, 2, 15), False, True, False),
    ("X", "hiv", "non_reactive", (2026, 3, 1), True, False, False),
    ("U", "hcv", "invalid", (2026, 4, 1), False, False, False),
    ("Q", "hiv", "reactive", (2026, 3, 20), False, False, True),
    ("W", "hiv", "reactive", (2026, 5, 3), False, False, False),
    ("Q", "hiv", "non_reactive", (2025, 3, 10), True, False, False),
    ("Q", "hbsag", "reactive", (2025, 3, 10), False, False, False),
)
_SERVICES = {
    "STI clinic A": "sti_clinic",
    "STI clinic B": "sti_clinic",
    "Shelter": "shelter",
    "Hospital": "hospital",
}
# person, service, day, outcome, in error
_REFERRALS: Sequence[tuple[str, str, dt.date, str | None, bool]] = (
    ("P", "STI clinic A", dt.date(2026, 1, 11), "attended", False),
    ("P", "Shelter", dt.date(2026, 2, 5), None, False),
    ("U", "STI clinic A", dt.date(2026, 4, 1), "not_attended", False),
    ("W", "Hospital", dt.date(2026, 5, 3), "unknown", False),
    ("Q", "STI clinic A", dt.date(2026, 3, 20), None, True),
    ("Q", "STI clinic B", dt.date(2026, 12, 31), None, False),
    ("Q", "Hospital", dt.date(2025, 3, 10), "attended", False),
)
# kind, person, steps (stage, day), closed (day, reason)
_PATHWAYS: Sequence[
    tuple[str, str, tuple[tuple[str, dt.date], ...], tuple[dt.date, str] | None]
] = (
    (
        "protection",
        "S",
        (
            ("identification", dt.date(2026, 6, 6)),
            ("emergency_shelter", dt.date(2026, 7, 1)),
            ("first_reception", dt.date(2027, 1, 10)),
        ),
        None,
    ),
    (
        "protection",
        "P",
        (
            ("identification", dt.date(2025, 3, 1)),
            ("first_reception", dt.date(2025, 6, 1)),
            ("second_reception", dt.date(2026, 2, 1)),
        ),
        (dt.date(2026, 6, 30), "completed"),
    ),
    ("exit", "U", (("training_or_job", dt.date(2026, 4, 1)),), None),
    (
        "protection",
        "W",
        (("identification", dt.date(2026, 5, 3)),),
        (dt.date(2026, 5, 4), "left"),
    ),
    (
        "protection",
        "R",
        (("identification", dt.date(2025, 12, 31)),),
        (dt.date(2026, 1, 1), "voluntary_return"),
    ),
    ("protection", "V", (("identification", dt.date(2026, 12, 10)),), None),
)
# person (None: no record), item code, day
_HAND_OUTS: Sequence[tuple[str | None, str, tuple[int, ...]]] = (
    ("P", "male_condom", (2026, 1, 10)),
    ("Q", "wet_wipes", (2026, 1, 12)),
    ("R", "lubricant", (2026, 2, 15)),
    ("U", "male_condom", (2026, 4, 1)),
    (None, "male_condom", (2026, 4, 1)),
    ("T", "leaflet_it", (2026, 7, 7)),
    ("Q", "male_condom", (2025, 3, 10)),
)


def build(session: Session, staff_id: int) -> dict[str, int]:
    """Write the two years above; returns each person's id by code."""
    ids = {code: _person(session, code, *facts) for code, facts in _PERSONS.items()}
    session.get_one(Person, ids["U"]).merged_into_id = ids["V"]
    _consultations(session, ids, staff_id)
    _tests(session, ids, staff_id)
    _referrals(session, ids, staff_id)
    _pathways(session, ids, staff_id)
    _hand_outs(session, ids, staff_id)
    session.flush()
    return ids


def _person(
    session: Session, code: str, gender: str, born: dt.date | None, year: int | None, status: str
) -> int:
    now = local(2025, 1, 1)
    person = Person(
        code=f"CARE-{code}",
        gender=gender,
        birth_date=born,
        birth_year=year,
        engagement="not_stated",
        first_contact=dt.date(2025, 1, 1),
        contact_channel="self",
        status=status,
        created_at=now,
        updated_at=now,
    )
    session.add(person)
    session.flush()
    return person.id


def _entry(session: Session, care_list: str, code: str) -> int:
    if code == OWN_TOPIC:
        return session.scalars(select(CareListItem.id).where(CareListItem.name == code)).one()
    found = select(CareListItem.id).where(CareListItem.list == care_list, CareListItem.code == code)
    return session.scalars(found).one()


def _consultations(session: Session, ids: Mapping[str, int], staff_id: int) -> None:
    session.add(CareListItem(list="social_topic", name=OWN_TOPIC, position=100))
    session.flush()
    for code, person, kind, when, ticked, in_error in _CONSULTATIONS:
        row = Consultation(
            person_id=ids[person],
            kind=kind,
            author_id=staff_id,
            written_at=local(*when),
            entered_in_error=in_error,
            error_reason="wrong person" if in_error else None,
        )
        session.add(row)
        session.flush()
        for care_list, entry in ticked:
            item = _entry(session, care_list, entry)
            session.add(ConsultationItem(consultation_id=row.id, item_id=item))
        if code in _INTERVIEWS:
            referred_by, conclusion, offer = _INTERVIEWS[code]
            session.add(
                IdentificationInterview(
                    consultation_id=row.id,
                    referred_by=referred_by,
                    conclusion=conclusion,
                    offer=offer,
                )
            )


def _tests(session: Session, ids: Mapping[str, int], staff_id: int) -> None:
    for person, kind, result, day, before, after, in_error in _TESTS:
        session.add(
            RapidTest(
                person_id=ids[person],
                kind_id=_entry(session, "test_kind", kind),
                result=result,
                read_at=local(*day),
                read_by_id=staff_id,
                counselled_before=before,
                counselled_after=after,
                recorded_at=local(*day),
                recorded_by_id=staff_id,
                entered_in_error=in_error,
            )
        )


def _referrals(session: Session, ids: Mapping[str, int], staff_id: int) -> None:
    services = {}
    for name, kind in _SERVICES.items():
        service = PartnerService(name=name, kind=kind)
        session.add(service)
        session.flush()
        services[name] = service.id
    for person, service_name, day, outcome, in_error in _REFERRALS:
        session.add(
            Referral(
                person_id=ids[person],
                service_id=services[service_name],
                reason="confirmatory test",
                referred_on=day,
                written_at=local(day.year, day.month, day.day),
                author_id=staff_id,
                outcome=outcome,
                outcome_on=None if outcome is None else day,
                entered_in_error=in_error,
            )
        )


def _pathways(session: Session, ids: Mapping[str, int], staff_id: int) -> None:
    for kind, person, steps, closed in _PATHWAYS:
        row = Pathway(
            person_id=ids[person],
            kind=kind,
            opened_on=steps[0][1],
            opened_by_id=staff_id,
            closed_on=closed[0] if closed else None,
            closing_reason=closed[1] if closed else None,
            closed_by_id=staff_id if closed else None,
        )
        session.add(row)
        session.flush()
        for stage, day in steps:
            session.add(
                PathwayStep(
                    pathway_id=row.id,
                    stage=stage,
                    started_on=day,
                    recorded_at=local(day.year, day.month, day.day),
                    recorded_by_id=staff_id,
                )
            )


def _hand_outs(session: Session, ids: Mapping[str, int], staff_id: int) -> None:
    place = session.scalars(select(StockPlace.id).where(StockPlace.code == "dispensary")).one()
    items = dict(session.execute(select(StockItem.code, StockItem.id)).all())
    for person, item, day in _HAND_OUTS:
        at = local(*day)
        row = Distribution(
            at=at, by_id=staff_id, place_id=place, person_id=ids[person] if person else None
        )
        if person is None:
            row.gender, row.age_band = "woman", "25_34"
        session.add(row)
        session.flush()
        session.add(
            StockMovement(
                at=at,
                by_id=staff_id,
                kind="distribution",
                place_id=place,
                item_id=items[item],
                quantity=-10,
                distribution_id=row.id,
                overdrawn=True,
            )
        )
