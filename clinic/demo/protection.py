"""Demo identification interviews and protection pathways, for one person in sixty or so.

At a person's first visit with a social worker or the psychologist, a few are interviewed
instead of a plain social consultation (more often women from the countries the anti-trafficking
desks see most, such as Nigeria, Romania and Albania; rarely someone from the host country). The
ILO indicators marked follow a few believable patterns (`clinic.protection.indicators`): most
interviews find every element of trafficking, some only part of it, some hardly anything; the
interviewer's conclusion mostly, not always, agrees with the ILO's rule. An accepted programme
opens a protection pathway, whose stages follow over months and years; some end early. A few
persons follow an exit programme like dropIn's, opened by hand.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from clinic.care.vocabulary import (
    ClosingReason,
    Conclusion,
    ConsultationKind,
    PathwayKind,
    PathwayStage,
    ProgrammeOffer,
    Referrer,
    ServiceKind,
    Urgency,
)
from clinic.demo.consultations import DemoConsultations
from clinic.demo.referrals import DemoReferrals
from clinic.demo.registry import Weighted
from clinic.demo.rows import Row
from clinic.demo.served import Later, ServedVisit
from clinic.protection.indicators import (
    INDICATORS,
    Dimension,
    dimensions_met,
    possible_victim,
)

INTERVIEW_SHARE = 0.018  # of persons at their first social visit, before the country's weight
EXIT_SHARE = 0.006
INTERVIEW_MEDIATOR_SHARE = 0.7
LEAVE_SHARE = 0.08  # of pathways, at each stage
_COUNTRY_WEIGHT = {"NG": 4.0, "RO": 2.0, "AL": 2.0, "BG": 2.0, "MD": 2.0, "XK": 2.0, "UA": 1.5}
_HOST_WEIGHT = 0.1

_REFERRERS = Weighted.of(
    [
        (Referrer.OUTREACH, 20),
        (Referrer.ORGANISATION, 20),
        (Referrer.RECEPTION, 15),
        (Referrer.COMMISSION, 15),
        (Referrer.SELF, 10),
        (Referrer.LANDING, 7),
        (Referrer.POLICE, 5),
        (Referrer.PREFECTURE, 5),
        (Referrer.COURT, 3),
    ]
)
_VICTIM = Weighted.of([(Conclusion.PRESUMED_VICTIM, 80), (Conclusion.UNDETERMINED, 15), (None, 5)])
_NOT_MET = Weighted.of(
    [
        (Conclusion.NOT_IDENTIFIED, 50),
        (Conclusion.UNDETERMINED, 35),
        (Conclusion.PRESUMED_VICTIM, 10),
        (None, 5),
    ]
)
_OFFERS: Mapping[Conclusion | None, Weighted[ProgrammeOffer]] = {
    Conclusion.PRESUMED_VICTIM: Weighted.of(
        [(ProgrammeOffer.ACCEPTED, 60), (ProgrammeOffer.REFUSED, 20), (ProgrammeOffer.OFFERED, 20)]
    ),
    Conclusion.UNDETERMINED: Weighted.of(
        [
            (ProgrammeOffer.NOT_OFFERED, 50),
            (ProgrammeOffer.OFFERED, 40),
            (ProgrammeOffer.ACCEPTED, 10),
        ]
    ),
    Conclusion.NOT_IDENTIFIED: Weighted.of(
        [(ProgrammeOffer.NOT_OFFERED, 90), (ProgrammeOffer.OFFERED, 10)]
    ),
    None: Weighted.of([(ProgrammeOffer.NOT_OFFERED, 90), (ProgrammeOffer.OFFERED, 10)]),
}
_RECRUITMENT = (
    Dimension.DECEPTIVE_RECRUITMENT,
    Dimension.COERCIVE_RECRUITMENT,
    Dimension.VULNERABLE_RECRUITMENT,
)
_AT_DESTINATION = (Dimension.COERCION, Dimension.VULNERABILITY)
# A protection programme's stages, each some days after the one before (min, max).
_PROTECTION = (
    (PathwayStage.EMERGENCY_SHELTER, (0, 10)),
    (PathwayStage.FIRST_RECEPTION, (20, 90)),
    (PathwayStage.SECOND_RECEPTION, (90, 240)),
    (PathwayStage.TRAINING_OR_JOB, (90, 240)),
    (PathwayStage.HOUSING_AUTONOMY, (120, 300)),
)
_EXIT = (
    (PathwayStage.TRAINING_OR_JOB, (30, 120)),
    (PathwayStage.HOUSING_AUTONOMY, (120, 365)),
)


@dataclass
class ProtectionRows:
    interviews: list[Row]
    indicators: list[Row]
    pathways: list[Row]
    steps: list[Row]


class DemoProtection:
    """Interviews (consultations of their own kind, with their answers) and pathways."""

    def __init__(
        self,
        rng: random.Random,
        later: Later,
        countries: Mapping[int, str],
        host_country: str,
        social_workers: Sequence[int],
    ) -> None:
        self._rng = rng
        self._later = later
        self._countries = countries
        self._host = host_country
        self._social_workers = social_workers
        self._seen: set[int] = set()  # persons past their first social visit
        self.interviews = 0
        self.pathway_count = 0
        self.rows = ProtectionRows([], [], [], [])

    def first_social_visit(
        self, visit: ServedVisit, consultations: DemoConsultations, referrals: DemoReferrals
    ) -> bool:
        """At a person's first social or psychological visit, perhaps an interview (True: the
        consultation is written) or an exit programme."""
        person = visit.person_id
        if person in self._seen:
            return False
        self._seen.add(person)
        country = self._countries[person]
        weight = _HOST_WEIGHT if country == self._host else _COUNTRY_WEIGHT.get(country, 1.0)
        roll = self._rng.random()
        if roll < INTERVIEW_SHARE * weight:
            self._interview(visit, consultations, referrals)
            return True
        if roll > 1 - EXIT_SHARE:
            day = self._later.day_of(visit.called)
            self._pathway(person, PathwayKind.EXIT, day, visit.staff_id, None)
        return False

    def take(self) -> ProtectionRows:
        taken, self.rows = self.rows, ProtectionRows([], [], [], [])
        return taken

    def _interview(
        self, visit: ServedVisit, consultations: DemoConsultations, referrals: DemoReferrals
    ) -> None:
        rng = self._rng
        self.interviews += 1
        interview = consultations.write(
            visit, ConsultationKind.IDENTIFICATION, INTERVIEW_MEDIATOR_SHARE
        )
        codes = _indicators(rng)
        met = possible_victim(dimensions_met(codes))
        conclusion = (_VICTIM if met else _NOT_MET).pick(rng)
        offer = _OFFERS[conclusion].pick(rng)
        self.rows.interviews.append(
            {
                "consultation_id": interview,
                "referred_by": _REFERRERS.pick(rng).value,
                "conclusion": None if conclusion is None else conclusion.value,
                "offer": offer.value,
            }
        )
        self.rows.indicators += [
            {"consultation_id": interview, "code": code} for code in sorted(codes)
        ]
        if offer is ProgrammeOffer.ACCEPTED:
            day = self._later.day_of(visit.called)
            self._pathway(visit.person_id, PathwayKind.PROTECTION, day, visit.staff_id, interview)
            if rng.random() < 0.5:
                referrals.refer(visit, ServiceKind.ANTI_TRAFFICKING, Urgency.SOON)

    def _pathway(
        self,
        person: int,
        kind: PathwayKind,
        opened: dt.date,
        opened_by: int,
        interview: int | None,
    ) -> None:
        """The pathway and its stages up to today; closed if it ended before."""
        rng = self._rng
        self.pathway_count += 1
        pathway = self.pathway_count
        first = PathwayStage.IDENTIFICATION
        if kind is PathwayKind.EXIT:
            first = rng.choice((PathwayStage.FIRST_RECEPTION, PathwayStage.TRAINING_OR_JOB))
        steps = [(first, opened)]
        closing = None
        for stage, (low, high) in _PROTECTION if kind is PathwayKind.PROTECTION else _EXIT:
            if stage == first:
                continue
            day = self._later.day(steps[-1][1], rng.randrange(low, high + 1))
            if day is None:
                break
            if rng.random() < LEAVE_SHARE:
                closing = (rng.choice(_EARLY_ENDINGS), day)
                break
            steps.append((stage, day))
        else:
            ended = self._later.day(steps[-1][1], rng.randrange(60, 180))
            if ended is not None:
                closing = (rng.choice(_ENDINGS), ended)
        self.rows.pathways.append(
            {
                "id": pathway,
                "person_id": person,
                "kind": kind.value,
                "interview_id": interview,
                "opened_on": opened,
                "opened_by_id": opened_by,
                "closed_on": None if closing is None else closing[1],
                "closing_reason": None if closing is None else closing[0].value,
                "closed_by_id": None if closing is None else rng.choice(self._social_workers),
            }
        )
        writers = [opened_by] + [rng.choice(self._social_workers) for _ in steps[1:]]
        for (stage, day), writer in zip(steps, writers, strict=True):
            self.rows.steps.append(
                {
                    "pathway_id": pathway,
                    "stage": stage.value,
                    "started_on": day,
                    "note": "",
                    "recorded_at": self._later.at(rng, day),
                    "recorded_by_id": writer,
                }
            )


_EARLY_ENDINGS = (
    ClosingReason.LEFT,
    ClosingReason.LEFT,
    ClosingReason.VOLUNTARY_RETURN,
    ClosingReason.OTHER_PROGRAMME,
)
_ENDINGS = (ClosingReason.COMPLETED,) * 8 + (ClosingReason.OTHER_PROGRAMME,)


def _indicators(rng: random.Random) -> set[str]:
    """Most interviews find all three elements of trafficking, some only one or two dimensions,
    a few hardly anything: indicators added one at a time until a dimension is met."""
    roll = rng.random()
    if roll < 0.55:
        wanted = [rng.choice(_RECRUITMENT), Dimension.EXPLOITATION, rng.choice(_AT_DESTINATION)]
    elif roll < 0.85:
        wanted = rng.sample(list(Dimension), rng.choice((1, 2)))
    else:
        wanted = []
    codes: set[str] = set()
    for dimension in wanted:
        codes |= _until_met(rng, dimension)
    for dimension in rng.sample(list(Dimension), rng.randrange(0, 3)):
        codes.add(rng.choice(_BY_DIMENSION[dimension]))
    return codes


def _until_met(rng: random.Random, dimension: Dimension) -> set[str]:
    codes: set[str] = set()
    for code in rng.sample(_BY_DIMENSION[dimension], len(_BY_DIMENSION[dimension])):
        codes.add(code)
        if dimension in dimensions_met(codes):
            break
    return codes


_BY_DIMENSION: Mapping[Dimension, list[str]] = {
    dimension: [i.code for i in INDICATORS if i.dimension is dimension] for dimension in Dimension
}
