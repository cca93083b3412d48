"""Demo consultations: one for most visits where the care team saw someone, as they write them.

The kind is the role of who served the visit (a nurse writes medical consultations, a social
worker social ones, the psychologist psychological ones: `clinic.care.consultations.WRITE`).
The ticked entries come from the seeded lists in combinations that go together (an STI screening
and condoms; housing and the emergency housing line); the note is a line or two in the author's
language, now and then a long one. Follow-up flags behave as `clinic.care.consultations` makes
them: raised by a consultation, answered by the person's next one of that kind.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from clinic.care.consultation_form import ANSWERS
from clinic.care.vocabulary import CareList, ConsultationKind, FollowUpNeed
from clinic.demo.care_words import ADDENDA, ERRORS, NOTES
from clinic.demo.registry import Weighted
from clinic.demo.rows import Row
from clinic.demo.served import Later, ServedVisit
from clinic.staff.vocabulary import Role

MEDIATOR_SHARE = 0.17  # of consultations with a person who speaks a language besides the host's
LONG_NOTE_SHARE = 0.01
LONG_NOTE = (2_000, 6_000)  # characters
ADDENDUM_SHARE = 0.01
ERROR_SHARE = 0.02
FOLLOW_UP_SHARE = 0.05
COMBINATIONS = 4096  # of list entries, per kind
SHORT_NOTES = 1024  # per language and kind

KIND_OF: Mapping[Role, ConsultationKind] = {
    Role.NURSE: ConsultationKind.MEDICAL,
    Role.SOCIAL: ConsultationKind.SOCIAL,
    Role.PSYCHOLOGIST: ConsultationKind.PSYCHOLOGICAL,
}


def _codes(spec: str) -> Weighted[str]:
    """`"condom 45, pill 18"`: list entries by their seeded code, with their weights."""
    pairs = (item.split() for item in spec.split(", "))
    return Weighted.of([(code, float(weight)) for code, weight in pairs])


_MEDICAL_REASONS = _codes(
    "sti_screening 35, sti_symptoms 10, contraception 12, illness 10, health_information 10, "
    "gynaecology 8, pregnancy 4, pep_prep 4, wound 4, prescription 3"
)
_SYMPTOMS = _codes(
    "discharge 30, dysuria 20, itching 15, ulcer 10, warts 10, pelvic_pain 10, rash 5"
)
_CONTRACEPTION = _codes("condom 45, pill 18, emergency 10, implant 10, injectable 7, iud 6, none 4")
_SYMPTOM_TREATMENTS = _codes("antibiotic 60, antifungal 30, antiviral 10")
_SOCIAL_TOPICS = _codes(
    "housing 25, documents 25, health_insurance 14, income 9, work 9, violence 6, debts 5, "
    "family 4, children 3"
)
_SOCIAL_ACTIONS = _codes(
    "information 45, forms 20, phone_call 15, legal_advice 10, accompaniment 10"
)
_PSYCHOLOGICAL_TOPICS = _codes("violence 30, family 25, children 15, work 15, housing 15")
_INTERVIEW_TOPICS = _codes("documents 40, violence 30, work 20, debts 10")
_INTERVIEW_ACTIONS = _codes("information 60, legal_advice 30, phone_call 10")


@dataclass(frozen=True)
class CareSetting:
    """What the demo's care records are made from: the seeded list entries, and what is known
    of the staff and the persons."""

    items: Mapping[tuple[CareList, str], int]  # (list, code) → entry id
    languages: Mapping[int, str]  # staff id → the language they write their notes in
    writers: Mapping[ConsultationKind, Sequence[int]]  # staff who may write each kind
    foreign: Mapping[int, Sequence[str]]  # person id → languages spoken besides the host's

    def item(self, care_list: CareList, code: str) -> int:
        return self.items[(care_list, code)]


class DemoConsultations:
    """Consultation rows and what hangs on them; ids numbered here so that others can point
    at them (an interview, a pathway)."""

    def __init__(self, rng: random.Random, later: Later, setting: CareSetting) -> None:
        self._rng = rng
        self._later = later
        self._setting = setting
        self._open: dict[int, dict[FollowUpNeed, Row]] = {}  # person → open flags
        self._ticked = {kind: self._combinations(kind) for kind in ConsultationKind}
        self._short = {
            (language, kind): _short_notes(rng, lines)
            for language, kinds in NOTES.items()
            for kind, lines in kinds.items()
        }
        self.count = 0
        self.rows: list[Row] = []
        self.items: list[Row] = []
        self.addenda: list[Row] = []
        self.follow_ups: list[Row] = []

    def write(
        self, visit: ServedVisit, kind: ConsultationKind, mediator_share: float = MEDIATOR_SHARE
    ) -> int:
        """A consultation of `kind` written by whoever served `visit`, at its end."""
        rng = self._rng
        self.count += 1
        language = self._setting.languages[visit.staff_id]
        written = visit.moment(rng.uniform(0.85, 0.99))
        spoken = self._setting.foreign.get(visit.person_id)
        mediator = rng.choice(spoken) if spoken and rng.random() < mediator_share else None
        row = {
            "id": self.count,
            "person_id": visit.person_id,
            "visit_id": visit.id,
            "kind": kind.value,
            "author_id": visit.staff_id,
            "written_at": written,
            "duration_min": min(max(visit.minutes, 10), 60),
            "mediator": mediator is not None,
            "mediator_language": mediator,
            "note": self._note(language, kind),
            "revision": 1,
            "entered_in_error": False,
            "error_reason": None,
            "error_at": None,
            "error_by_id": None,
        }
        self.rows.append(row)
        self.items += [
            {"consultation_id": self.count, "item_id": item} for item in self._items(kind)
        ]
        self._afterwards(row, kind, language)
        return self.count

    def _combinations(self, kind: ConsultationKind) -> list[tuple[int, ...]]:
        """Entries ticked together, drawn once: a consultation takes one of these at random,
        the same mix as drawing each time, for a fraction of the time."""
        combinations = []
        for _ in range(COMBINATIONS):
            codes = _CHOICES[kind](self._rng)
            ids = {self._setting.item(care_list, code) for care_list, code in codes}
            combinations.append(tuple(sorted(ids)))
        return combinations

    def still_open(self) -> list[Row]:
        """The flags nobody has answered yet."""
        return [flag for flags in self._open.values() for flag in flags.values()]

    def take(self) -> tuple[list[Row], list[Row], list[Row], list[Row]]:
        """The rows made since the last time, to be inserted in this order."""
        taken = self.rows, self.items, self.addenda, self.follow_ups
        self.rows, self.items, self.addenda, self.follow_ups = [], [], [], []
        return taken

    def _afterwards(self, row: Row, kind: ConsultationKind, language: str) -> None:
        """Entered in error the same day, or completed by an addendum later, or neither; and
        the follow-up flags it answers and raises."""
        rng = self._rng
        roll = rng.random()
        if roll < ERROR_SHARE:
            row["entered_in_error"] = True
            row["error_reason"] = rng.choice(ERRORS[language])
            written = row["written_at"]
            row["error_at"] = self._later.at(rng, self._later.day_of(written), after=written)
            row["error_by_id"] = row["author_id"]
        elif roll < ERROR_SHARE + ADDENDUM_SHARE:
            self._addendum(row, kind, language)
        raised = None
        if not row["entered_in_error"] and rng.random() < FOLLOW_UP_SHARE:
            raised = self._need(kind)
        self._follow_up(row, ANSWERS[kind], raised)

    def _addendum(self, row: Row, kind: ConsultationKind, language: str) -> None:
        day = self._later.day(self._later.day_of(row["written_at"]), self._rng.randrange(1, 30))
        if day is None:
            return
        writers = self._setting.writers[kind]
        self.addenda.append(
            {
                "consultation_id": row["id"],
                "author_id": self._rng.choice(writers),
                "written_at": self._later.at(self._rng, day),
                "note": self._rng.choice(ADDENDA[language]),
            }
        )

    def _need(self, kind: ConsultationKind) -> FollowUpNeed:
        """Mostly the author's own field, else a medical or social one (the psychologist's
        own are asked for by the psychologist)."""
        roll = self._rng.random()
        if roll < 0.7:
            return ANSWERS[kind]
        return FollowUpNeed.MEDICAL if roll < 0.9 else FollowUpNeed.SOCIAL

    def _follow_up(self, row: Row, answered: FollowUpNeed, raised: FollowUpNeed | None) -> None:
        """As `clinic.care.consultations._follow_up`: the flag of the need this kind answers
        closes, unless raised again; a need raised opens a flag unless one is open."""
        person = row["person_id"]
        flags = self._open.get(person)
        if flags and answered in flags and answered is not raised:
            flag = flags.pop(answered)
            flag["cleared_in_id"] = row["id"]
            self.follow_ups.append(flag)
        if raised is not None and raised not in (flags or {}):
            self._open.setdefault(person, {})[raised] = {
                "person_id": person,
                "need": raised.value,
                "raised_in_id": row["id"],
                "cleared_in_id": None,
            }

    def _note(self, language: str, kind: ConsultationKind) -> str:
        """A line or two of the kind's notes in the author's language, now and then a long
        one; the short ones drawn from all the lines and pairs of lines at once."""
        roll = self._rng.random()
        if roll < LONG_NOTE_SHARE:
            return _long_note(self._rng, NOTES[language][kind])
        share = (roll - LONG_NOTE_SHARE) / (1 - LONG_NOTE_SHARE)
        return self._short[(language, kind)][int(share * SHORT_NOTES)]

    def _items(self, kind: ConsultationKind) -> tuple[int, ...]:
        return self._ticked[kind][int(self._rng.random() * COMBINATIONS)]


def _short_notes(rng: random.Random, lines: Sequence[str]) -> list[str]:
    """`SHORT_NOTES` notes of one line (seven in ten) or two."""
    pairs = [f"{a} {b}" for a in lines for b in lines if a != b]
    return [
        rng.choice(lines) if rng.random() < 0.7 else rng.choice(pairs) for _ in range(SHORT_NOTES)
    ]


def _long_note(rng: random.Random, lines: Sequence[str]) -> str:
    """Paragraphs of a long session, a few thousand characters."""
    wanted = rng.randrange(*LONG_NOTE)
    paragraphs: list[str] = []
    length = 0
    while length < wanted:
        paragraph = " ".join(rng.sample(lines, min(3, len(lines))))
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs)


Ticked = list[tuple[CareList, str]]


def _one_or_two(rng: random.Random, weighted: Weighted[str], care_list: CareList) -> Ticked:
    return [(care_list, code) for code in weighted.distinct(rng, 1 if rng.random() < 0.7 else 2)]


def _medical(rng: random.Random) -> Ticked:
    ticked = _one_or_two(rng, _MEDICAL_REASONS, CareList.MEDICAL_REASON)
    reasons = {code for _, code in ticked}
    if "sti_symptoms" in reasons:
        ticked += _one_or_two(rng, _SYMPTOMS, CareList.STI_SYMPTOM)
        if rng.random() < 0.6:
            ticked.append((CareList.TREATMENT, _SYMPTOM_TREATMENTS.pick(rng)))
    if "contraception" in reasons:
        method = _CONTRACEPTION.pick(rng)
        ticked.append((CareList.CONTRACEPTION, method))
        if method == "emergency":
            ticked.append((CareList.TREATMENT, "emergency_contraception"))
    elif "sti_screening" in reasons and rng.random() < 0.5:
        ticked.append((CareList.CONTRACEPTION, "condom"))
    if "wound" in reasons:
        ticked.append((CareList.TREATMENT, "dressing"))
    if "pep_prep" in reasons and rng.random() < 0.3:
        ticked.append((CareList.TREATMENT, "pep"))
    if "illness" in reasons and rng.random() < 0.5:
        ticked.append((CareList.TREATMENT, "analgesic"))
    return ticked


def _social(rng: random.Random) -> Ticked:
    ticked = _one_or_two(rng, _SOCIAL_TOPICS, CareList.SOCIAL_TOPIC)
    ticked += _one_or_two(rng, _SOCIAL_ACTIONS, CareList.SOCIAL_ACTION)
    if (CareList.SOCIAL_TOPIC, "housing") in ticked and rng.random() < 0.3:
        ticked.append((CareList.SOCIAL_ACTION, "emergency_housing"))
    return ticked


def _psychological(rng: random.Random) -> Ticked:
    if rng.random() < 0.4:
        return []
    return _one_or_two(rng, _PSYCHOLOGICAL_TOPICS, CareList.SOCIAL_TOPIC)


def _interview(rng: random.Random) -> Ticked:
    ticked = _one_or_two(rng, _INTERVIEW_TOPICS, CareList.SOCIAL_TOPIC)
    return ticked + _one_or_two(rng, _INTERVIEW_ACTIONS, CareList.SOCIAL_ACTION)


_CHOICES = {
    ConsultationKind.MEDICAL: _medical,
    ConsultationKind.SOCIAL: _social,
    ConsultationKind.PSYCHOLOGICAL: _psychological,
    ConsultationKind.IDENTIFICATION: _interview,
}
