"""Find as you type: by code prefix, alias word prefix and birth year.

Each word typed must match the code's start, the start of a word of the alias, or (four digits)
the birth year. Matching uses index range scans on normalised keys, so `%` and `_` are ordinary
characters, accents and case are ignored, and the cost does not grow with the registry.
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from clinic.permissions import Actor, Permission, require
from clinic.registry import PersonSummary, summaries
from clinic.text import search_tokens
from clinic.vocabulary import PersonStatus
from db.models import Person, PersonNameToken

RESULT_LIMIT = 50
QUERY_MAX = 200
_TOP = "\U0010ffff"  # sorts after every character: `[prefix, prefix + _TOP)` is a prefix range
_YEAR = re.compile(r"^(19|20)\d\d$")


def find_persons(
    session: Session, actor: Actor, query: str, limit: int = RESULT_LIMIT
) -> list[PersonSummary]:
    """Active persons matching every word of `query`; exact code first, then by code."""
    require(actor, Permission.PERSON_READ)
    if len(query) > QUERY_MAX:
        return []
    # A word without a letter or digit (`-`, `%`) can start neither a code nor a word of an alias.
    words = [word for word in query.split() if search_tokens(word)][:8]
    if not words:
        return []
    conditions = [_word_matches(word) for word in words]
    people = session.scalars(
        select(Person)
        .where(Person.status == PersonStatus.ACTIVE.value, and_(*conditions))
        .order_by(Person.code)
        .limit(limit)
    ).all()
    exact = query.strip().upper()
    return sorted(summaries(session, people), key=lambda s: s.code != exact)


def _word_matches(word: str) -> ColumnElement[bool]:
    code = word.upper()
    options: list[ColumnElement[bool]] = [and_(Person.code >= code, Person.code < code + _TOP)]
    tokens = search_tokens(word)  # "maria-l" is two words of the alias: both must match
    if tokens:
        options.append(and_(*(_alias_word_starts(token) for token in tokens)))
    if _YEAR.match(word):
        options.append(Person.birth_year == int(word))
    return or_(*options)


def _alias_word_starts(token: str) -> ColumnElement[bool]:
    return Person.id.in_(
        select(PersonNameToken.person_id).where(
            PersonNameToken.token >= token, PersonNameToken.token < token + _TOP
        )
    )
