"""Demo referrals to the partner-service directory, and whether the person went.

About one person in ten is referred somewhere over their history: the nurse to a hospital or
the gynaecologist, the social worker to a shelter or legal aid, the psychologist to mental
health services, and every reactive rapid test to a clinic that confirms it (a pregnancy test
to the family planning clinic), on the day of the visit. Outcomes are mostly recorded a few days
to weeks later (attended 70%, did not attend 15%, unknown 5%); the rest are never recorded, so
the older of those fill the follow-up list (`clinic.care.follow_up`). Nothing after today: a
referral whose outcome would come later is still waiting for it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from clinic.care.vocabulary import ConsultationKind, ReferralOutcome, ServiceKind, Urgency
from clinic.demo.care_words import ERRORS, REFERRAL_REASONS, SERVICES
from clinic.demo.registry import Weighted
from clinic.demo.rows import Row
from clinic.demo.served import Later, ServedVisit

REFERRAL_SHARE: Mapping[ConsultationKind, float] = {  # of consultations of each kind
    ConsultationKind.MEDICAL: 0.01,
    ConsultationKind.SOCIAL: 0.025,
    ConsultationKind.PSYCHOLOGICAL: 0.025,
}
ACCOMPANIED_SHARE = 0.12
ERROR_SHARE = 0.01
RETIRED_YEARS_AGO = 2  # the retired shelter took people until then

_DESTINATIONS: Mapping[ConsultationKind, Weighted[ServiceKind]] = {
    ConsultationKind.MEDICAL: Weighted.of(
        [
            (ServiceKind.HOSPITAL, 30),
            (ServiceKind.GYNAECOLOGY, 30),
            (ServiceKind.STI_CLINIC, 15),
            (ServiceKind.ADDICTION, 10),
            (ServiceKind.OTHER, 10),
            (ServiceKind.MENTAL_HEALTH, 5),
        ]
    ),
    ConsultationKind.SOCIAL: Weighted.of(
        [
            (ServiceKind.SHELTER, 30),
            (ServiceKind.SOCIAL_SERVICES, 30),
            (ServiceKind.LEGAL_AID, 25),
            (ServiceKind.ANTI_TRAFFICKING, 5),
            (ServiceKind.ADDICTION, 5),
            (ServiceKind.POLICE, 3),
            (ServiceKind.OTHER, 2),
        ]
    ),
    ConsultationKind.PSYCHOLOGICAL: Weighted.of(
        [
            (ServiceKind.MENTAL_HEALTH, 60),
            (ServiceKind.ADDICTION, 25),
            (ServiceKind.SOCIAL_SERVICES, 15),
        ]
    ),
}
_OUTCOMES: Weighted[ReferralOutcome | None] = Weighted.of(
    [
        (ReferralOutcome.ATTENDED, 70),
        (ReferralOutcome.NOT_ATTENDED, 15),
        (ReferralOutcome.UNKNOWN, 5),
        (None, 10),
    ]
)
_OUTCOME_AFTER = {  # days after the referral that the outcome is learnt
    ReferralOutcome.ATTENDED: (1, 15),
    ReferralOutcome.NOT_ATTENDED: (7, 31),
    ReferralOutcome.UNKNOWN: (14, 61),
}
_URGENCY = Weighted.of([(Urgency.ROUTINE, 60), (Urgency.SOON, 30), (Urgency.URGENT, 10)])
_CONFIRMATION = Weighted.of([(Urgency.SOON, 70), (Urgency.URGENT, 30)])


@dataclass(frozen=True)
class Service:
    id: int
    kind: ServiceKind
    active: bool


def service_rows() -> list[Row]:
    return [
        {"id": number, "name": name, "kind": kind.value, "contact": contact, "active": active}
        for number, (name, kind, contact, active) in enumerate(SERVICES, 1)
    ]


class DemoReferrals:
    """Referral rows, with their outcomes decided when they are made."""

    def __init__(
        self,
        rng: random.Random,
        later: Later,
        services: Sequence[Row],
        languages: Mapping[int, str],
        colleagues: Sequence[int],
    ) -> None:
        self._rng = rng
        self._later = later
        self._languages = languages
        self._colleagues = colleagues  # who may record an outcome besides the author
        self._by_kind: dict[ServiceKind, list[Service]] = {}
        for row in services:
            service = Service(row["id"], ServiceKind(row["kind"]), row["active"])
            self._by_kind.setdefault(service.kind, []).append(service)
        self._retired_until = later.today - dt.timedelta(days=365 * RETIRED_YEARS_AGO)
        self.rows: list[Row] = []

    def after_consultation(self, visit: ServedVisit, kind: ConsultationKind) -> None:
        """Now and then, a referral at the end of a consultation of `kind`."""
        destinations = _DESTINATIONS.get(kind)
        if destinations is None or self._rng.random() >= REFERRAL_SHARE[kind]:
            return
        self.refer(visit, destinations.pick(self._rng), _URGENCY.pick(self._rng))

    def confirm(self, visit: ServedVisit, test_id: int, code: str) -> None:
        """A reactive test sent on the same day for a confirmatory test."""
        kind = ServiceKind.GYNAECOLOGY if code == "pregnancy" else ServiceKind.STI_CLINIC
        self.refer(visit, kind, _CONFIRMATION.pick(self._rng), test_id)

    def refer(
        self, visit: ServedVisit, kind: ServiceKind, urgency: Urgency, test_id: int | None = None
    ) -> None:
        rng, later = self._rng, self._later
        day = later.day_of(visit.called)
        outcome = _OUTCOMES.pick(rng)
        outcome_on = None
        if outcome is not None:
            outcome_on = later.day(day, rng.randrange(*_OUTCOME_AFTER[outcome]))
        in_error = test_id is None and rng.random() < ERROR_SHARE
        if outcome_on is None or in_error:
            outcome = outcome_on = None
        author = visit.staff_id
        self.rows.append(
            {
                "person_id": visit.person_id,
                "service_id": self._service(kind, day),
                "test_id": test_id,
                "reason": REFERRAL_REASONS[self._languages[author]][kind],
                "urgency": urgency.value,
                "accompanied": rng.random() < ACCOMPANIED_SHARE,
                "persons_request": kind is ServiceKind.POLICE,
                "referred_on": day,
                "written_at": visit.moment(rng.uniform(0.8, 0.84)),
                "author_id": author,
                "outcome": None if outcome is None else outcome.value,
                "outcome_on": outcome_on,
                "outcome_by_id": None if outcome is None else self._recorder(author),
                "entered_in_error": in_error,
                "error_reason": rng.choice(ERRORS[self._languages[author]]) if in_error else None,
            }
        )

    def take(self) -> list[Row]:
        taken, self.rows = self.rows, []
        return taken

    def _service(self, kind: ServiceKind, day: dt.date) -> int:
        """One of the services of `kind` the clinic worked with on `day`."""
        open_then = [s for s in self._by_kind[kind] if s.active or day <= self._retired_until]
        return self._rng.choice(open_then).id

    def _recorder(self, author: int) -> int:
        """Mostly whoever made the referral asks how it went; else a colleague."""
        return author if self._rng.random() < 0.7 else self._rng.choice(self._colleagues)
