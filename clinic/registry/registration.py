"""The code a new person would get, and who already looks like them.

Reception computes the code from the person's answers, sees it before saving, and sees anyone with
the same code or a close one (same birth year and gender): a returning person who answered a little
differently, or a different person who happens to share it. The receptionist decides.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from clinic.common.dates import parse_birth
from clinic.common.errors import ConflictError, ErrorCode, ValidationError
from clinic.common.permissions import Actor, Permission, require
from clinic.registry.codes import card_code, code_distance, slk581
from clinic.registry.person_form import CodeAnswers, PersonRecord, validate_answers
from clinic.registry.persons import PersonSummary, person_summaries
from clinic.registry.vocabulary import CodeScheme, Gender, PersonStatus
from db.models.registry import Person

CLOSE_DISTANCE = 2
MAX_SIMILAR = 10
_CARD_ATTEMPTS = 20


@dataclass(frozen=True)
class CodeProposal:
    code: str
    same_code: tuple[PersonSummary, ...]
    similar: tuple[PersonSummary, ...]

    @property
    def needs_decision(self) -> bool:
        return bool(self.same_code or self.similar)


def propose_code(
    session: Session,
    actor: Actor,
    scheme: CodeScheme,
    record: PersonRecord,
    answers: CodeAnswers,
) -> CodeProposal:
    require(session, actor, Permission.PERSON_CREATE)
    if scheme is CodeScheme.CARD:
        return CodeProposal(new_card_code(session, actor), (), ())
    code = slk_code(record, answers)
    same = _persons(session, actor, _same_code(code))
    similar = _similar(session, actor, code, record) if record.birth_year else []
    same_ids = {p.id for p in same}
    return CodeProposal(code, tuple(same), tuple(p for p in similar if p.id not in same_ids))


def slk_code(record: PersonRecord, answers: CodeAnswers) -> str:
    """The SLK-581 code of a checked record and the names given: the desk's and an import's
    one way to make it. Raises `ValidationError` for names that are not text, or no birth year."""
    family, given = validate_answers(answers)
    if record.birth_year is None:
        raise ValidationError.single(ErrorCode.BIRTH_REQUIRED_FOR_CODE, "birth")
    # With only a year, SLK's convention for an unknown day and month is 1 January.
    birth = record.birth_date or dt.date(record.birth_year, 1, 1)
    return slk581(family, given, birth, record.gender)


def _same_code(code: str) -> ColumnElement[bool]:
    return (Person.code == code) | (Person.code.startswith(code + "/", autoescape=True))


def _similar(
    session: Session, actor: Actor, code: str, record: PersonRecord
) -> list[PersonSummary]:
    candidates = session.execute(
        select(Person.id, Person.code).where(
            Person.birth_year == record.birth_year,
            Person.gender == record.gender.value,
            Person.status == PersonStatus.ACTIVE.value,
        )
    ).all()
    close = [
        pid
        for pid, other in candidates
        if 0 < code_distance(code, other.split("/")[0]) <= CLOSE_DISTANCE
    ]
    if not close:
        return []
    return _persons(session, actor, Person.id.in_(close[:MAX_SIMILAR]))


def _persons(session: Session, actor: Actor, condition: ColumnElement[bool]) -> list[PersonSummary]:
    """Result lines of the active persons meeting `condition`, by code."""
    ids = session.scalars(
        select(Person.id)
        .where(condition, Person.status == PersonStatus.ACTIVE.value)
        .order_by(Person.code)
    ).all()
    return person_summaries(session, actor, ids)


def new_card_code(session: Session, actor: Actor) -> str:
    """A card code no one has yet, to show (and write on the card) before the person is saved."""
    require(session, actor, Permission.PERSON_CREATE)
    for _ in range(_CARD_ATTEMPTS):
        code = card_code()
        if session.scalar(select(Person.id).where(Person.code == code)) is None:
            return code
    raise ConflictError(ErrorCode.CODE_EXHAUSTED, "code")


def preview_code(
    answers: CodeAnswers, birth: str, gender: str, locale: str, today: dt.date
) -> str | None:
    """The SLK code the answers give so far, for display while typing; None until computable."""
    parsed, error = parse_birth(birth, "birth", locale, today)
    if parsed is None or error is not None:
        return None
    try:
        family, given = validate_answers(answers)
        return slk581(family, given, parsed.date or dt.date(parsed.year, 1, 1), Gender(gender))
    except (ValidationError, ValueError):
        return None
