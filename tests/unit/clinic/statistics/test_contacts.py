"""Who counts in a year, who is new (reports.md, "Definitions Soglia should use"), on the
hand-built year of `street_year`: each expected number is counted by hand from its docstring."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from clinic.audit.transactions import writing
from clinic.statistics.contacts import (
    new_persons,
    person_facts,
    persons_counted,
    read_persons,
    tally_persons,
)
from clinic.statistics.tables import Period
from db.models.registry import Person
from db.models.staff import Staff
from db.models.vaccinations import Vaccination, VaccineProduct
from db.vocabulary.materials import AgeBand
from db.vocabulary.outreach import Region
from db.vocabulary.registry import Gender
from tests.conftest import NOW


def _counted(session, clock, year: int) -> set[int]:
    counted = persons_counted(clock, Period.year(year))
    return set(session.scalars(select(counted.c.person_id)))


def test_a_year_counts_every_kind_of_contact_once_per_person(database, clock, year_ids):
    ids = year_ids
    with database.read() as session:
        counted = _counted(session, clock, 2026)
    # 2026: A, B, D, F (by E's street contact too), H, I, J in the street; C and J at the desk;
    # H and K in the group; M by a hand-out. G is erased, L's only dose was entered in error,
    # E is merged into F: ten persons, F once.
    assert counted == {ids[c] for c in "ABCDFHIJKM"}


def test_new_is_a_first_contact_ever_in_the_year(database, clock, year_ids):
    ids = year_ids
    with database.read() as session:
        new = set(session.scalars(new_persons(clock, Period.year(2026))))
    # Not new: A (a visit in 2025), C (the street in 2025, the desk in 2026), D (the outing of
    # 31 Dec 2025 at 23:30, a day of 2025), F (the record merged into it, E, visited in 2024).
    # New: B, H, I, J, K, M, none of whom had a contact before 2026.
    assert new == {ids[c] for c in "BHIJKM"}


def test_the_new_years_eve_outing_belongs_to_the_old_year(database, clock, year_ids):
    ids = year_ids
    with database.read() as session:
        counted = _counted(session, clock, 2025)
        new = set(session.scalars(new_persons(clock, Period.year(2025))))
    # 2025: A's visit (1 Mar), C in the street (10 Nov), D at 23:30 on 31 Dec. E visited in
    # 2024 only. All three had their first contact in 2025.
    assert counted == new == {ids[c] for c in "ACD"}


def test_persons_split_by_gender_age_at_first_contact_and_region(database, clock, year_ids):
    with database.read() as session:
        persons = read_persons(
            session, clock, Period.year(2026), person_facts(clock, Period.year(2026))
        )
    counts = tally_persons(persons)
    assert (counts.persons, counts.new, counts.returning) == (10, 6, 4)
    # Women A, B, H, M; men C, D, K; trans women F, J; I not stated.
    assert counts.by_gender == {
        Gender.WOMAN: 4,
        Gender.MAN: 3,
        Gender.TRANS_WOMAN: 2,
        Gender.NOT_STATED: 1,
    }
    # At the first contact of 2026: J 17 (5 Jan, born 10 Feb 2008; 18 by the night of 5 Mar);
    # B 25 (1 Feb, born 15 Jun 2000); F 30 (1 Feb); H 36 (born in 1990: the year's age);
    # K 27 (10 Feb); M 36 (1 Apr); A 46 (1 Feb, born 1 Jan 1980); C 56 (15 Jan); D 65; I unknown.
    assert counts.by_age_band == {
        AgeBand.UNDER_18: 1,
        AgeBand.FROM_25: 3,
        AgeBand.FROM_35: 2,
        AgeBand.FROM_45: 1,
        AgeBand.FROM_55: 2,
        AgeBand.UNKNOWN: 1,
    }
    # RO, UA Eastern Europe; NG twice sub-Saharan; BR Latin America; IT three times and AL
    # Southern Europe (C, D, M, J); I none.
    assert counts.by_region == {
        Region.EASTERN_EUROPE: 2,
        Region.SUB_SAHARAN_AFRICA: 2,
        Region.LATIN_AMERICA: 1,
        Region.SOUTHERN_EUROPE: 4,
        Region.UNKNOWN: 1,
    }


def test_a_dose_given_here_counts_and_one_given_elsewhere_does_not(database, clock, year_ids):
    with writing(database, clock) as session:
        product = session.scalars(select(VaccineProduct).order_by(VaccineProduct.id)).first()
        here, elsewhere = (
            Person(
                code=f"STAT-{code}",
                gender="man",
                birth_date=dt.date(2008, 6, 2),
                engagement="not_stated",
                first_contact=dt.date(2026, 6, 1),
                contact_channel="self",
                created_at=NOW,
                updated_at=NOW,
            )
            for code in ("N", "O")
        )
        session.add_all([here, elsewhere])
        session.flush()
        for person, away in ((here, False), (elsewhere, True)):
            session.add(
                Vaccination(
                    person_id=person.id,
                    vaccine_group=product.vaccine_group,
                    product_id=product.id,
                    given_on=dt.date(2026, 6, 1),
                    given_elsewhere=away,
                    recorded_at=NOW,
                    recorded_by_id=_staff(session),
                )
            )
        ids = here.id, elsewhere.id
    with database.read() as session:
        facts = read_persons(
            session, clock, Period.year(2026), person_facts(clock, Period.year(2026))
        )
    by_id = {p.person_id: p for p in facts}
    # N: his dose of 1 Jun 2026 (a day, not an instant), the day before he turns 18. O's dose
    # was given elsewhere: no contact with the clinic, so O is not counted.
    assert by_id[ids[0]].new
    assert by_id[ids[0]].age_band is AgeBand.UNDER_18
    assert ids[1] not in by_id


def _staff(session) -> int:
    return session.scalars(select(Staff.id).order_by(Staff.id)).first()
