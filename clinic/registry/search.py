"""Find as you type: by the start of a word of the code or alias, or the birth year.

Every word typed must start one of the person's search terms (`db.search_keys.person_terms`):
the words of their code and alias, the alias's runs of signs and their birth year, normalised so
that accents and case are ignored; `%`, `_` and `\\` are ordinary characters. A word typed
without a letter or digit (`%`, `\\`, an emoji) is looked up as signs, literally; in a word
with letters, signs only separate words (`o'brien` finds O'Brien and O’Brien alike).

A number shorter than a year (`1`, `19`, the `1`s of `=1+1`) must be a whole term: as a start it
would match every birth year beginning with it (`19` starts `1985`), a list of people nobody
asked for. A year is matched whole (`1990`), as no year term is longer than four digits; longer
numbers still match by their start.

A keystroke must cost a few milliseconds with 100,000 persons, so the work is bounded: the
persons are read from the index of the typed word that matches fewest terms, each checked
against the other words with one index seek per word, and the walk stops at the result limit.
When more persons match than are shown, which ones are shown follows the index, not the code;
the desk asks to type more.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import ColumnElement, Connection, Select, bindparam, exists, func, select
from sqlalchemy.orm import Session

from clinic.common.permissions import Actor, Permission, require
from clinic.common.text import search_tokens, sign_tokens
from clinic.registry.persons import PersonSummary, person_summaries
from clinic.registry.vocabulary import PersonStatus
from db.models.registry import Person, SearchTerm
from db.search_keys import TERM_MAX

RESULT_LIMIT = 50
QUERY_MAX = 200
YEAR_DIGITS = 4
MAX_KEYS = 8
ESTIMATE_CAP = 3000  # counting matches further costs more than it can save
_LAST = 0x10FFFF  # the highest code point
_SURROGATES = range(0xD800, 0xE000)  # not characters: no text holds them


def find_persons(
    session: Session, actor: Actor, query: str, limit: int = RESULT_LIMIT
) -> list[PersonSummary]:
    """Active persons matching every word of `query`: exact code first, then by code."""
    require(session, actor, Permission.PERSON_READ)
    keys = query_keys(query)
    if not keys:
        return []
    connection = session.connection()
    driver, *others = _by_selectivity(connection, keys)
    params: dict[str, object] = {"limit": limit, **_range_params("driver", driver)}
    for number, key in enumerate(others):
        params.update(_range_params(f"other{number}", key))
    shape = tuple(whole_term(key) for key in (driver, *others))
    ids = list(connection.execute(_matching(shape), params).scalars())
    exact = query.strip().upper()
    exact_id = connection.execute(_EXACT_CODE, {"code": exact}).scalar()
    if exact_id is not None and exact_id not in ids:
        ids = [exact_id, *ids[: limit - 1]]
    found = person_summaries(session, actor, ids)
    return sorted(found, key=lambda p: (p.code != exact, p.code))


def query_keys(query: str) -> list[str]:
    """The search keys every match must start a term with; implied keys are dropped.

    `mar maria` needs only `maria` (a term starting with it starts with `mar`); a word without a
    letter or digit (`%`, `\\`) is its runs of signs. A whole-term key (`whole_term`) is implied
    by no other.
    """
    if len(query) > QUERY_MAX:
        return []
    keys = list(dict.fromkeys(key for word in query.split() for key in _word_keys(word)))
    needed = [k for k in keys if whole_term(k) or not any(o != k and o.startswith(k) for o in keys)]
    return needed[:MAX_KEYS]


def _word_keys(word: str) -> list[str]:
    return search_tokens(word) or sign_tokens(word)


def whole_term(key: str) -> bool:
    """Digits short of a year: they must equal a term, not start one (see the module's doc)."""
    return key.isdigit() and len(key) < YEAR_DIGITS


# The statements are built once, with parameters, so a keystroke costs no SQL construction.
_TERM = SearchTerm.__table__
_PERSON = Person.__table__
_ACTIVE = _PERSON.c.status == PersonStatus.ACTIVE.value
_EXACT_CODE = select(_PERSON.c.id).where(_PERSON.c.code == bindparam("code"), _ACTIVE)


def _range_params(name: str, key: str) -> dict[str, str]:
    return {f"{name}_from": key, f"{name}_to": prefix_end(key)}


def prefix_end(key: str) -> str:
    """The first string after every string that starts with `key`, in code-point order, so
    that `key <= term < prefix_end(key)` is "term starts with key" (an index range) without
    assuming a "highest character" that a database's collation might sort elsewhere: the last
    code point is incremented (carrying past U+10FFFF, skipping the surrogates)."""
    stem = key.rstrip(chr(_LAST))
    if not stem:  # only U+10FFFF: above every term (terms are at most TERM_MAX long)
        return chr(_LAST) * (TERM_MAX + 1)
    following = ord(stem[-1]) + 1
    if following in _SURROGATES:
        following = _SURROGATES.stop
    return stem[:-1] + chr(following)


def _starts(column: ColumnElement[str], name: str, whole: bool = False) -> ColumnElement[bool]:
    """The term starts with the key (an index range), or is the key itself when `whole`."""
    if whole:
        return column == bindparam(f"{name}_from")
    return (column >= bindparam(f"{name}_from")) & (column < bindparam(f"{name}_to"))


def _by_selectivity(connection: Connection, keys: list[str]) -> list[str]:
    """The keys, the one starting fewest terms first (counted up to `ESTIMATE_CAP`)."""
    if len(keys) == 1:
        return keys
    counts = {
        key: connection.execute(_COUNT[whole_term(key)], _range_params("key", key)).scalar()
        for key in keys
    }
    return sorted(keys, key=lambda key: (counts[key] or 0, -len(key)))


_COUNT = {
    whole: select(func.count()).select_from(
        select(_TERM.c.person_id)
        .where(_starts(_TERM.c.term, "key", whole))
        .limit(ESTIMATE_CAP)
        .subquery()
    )
    for whole in (False, True)
}


@cache
def _matching(shape: tuple[bool, ...]) -> Select[int]:
    """Persons with a term starting with the driver key, walked in index order, who also have
    a term starting with each other key (one seek in (person, term) each). `shape` says, for
    the driver then each other key, whether it must be a whole term."""
    driver_whole, *others = shape
    walked = _TERM.alias("walked")
    query = (
        select(walked.c.person_id)
        .distinct()
        .join(_PERSON, _PERSON.c.id == walked.c.person_id)
        .where(_starts(walked.c.term, "driver", driver_whole), _ACTIVE)
    )
    for number, whole in enumerate(others):
        other = _TERM.alias(f"other{number}")
        query = query.where(
            exists().where(
                other.c.person_id == walked.c.person_id,
                _starts(other.c.term, f"other{number}", whole),
            )
        )
    return query.limit(bindparam("limit"))
