"""Two proposed find-as-you-type queries, measured beside `clinic.search.find_persons`.

    python benchmarks/search_proposal.py [--data-dir DIR] [--queries 2000]

Run on a folder `bench_foundation.py` made. Today's query ORs, for each word, a code range, an
alias-token subquery and a birth year; SQLite collects every match (MULTI-INDEX OR), fetches each
row and sorts them all by code (USE TEMP B-TREE FOR ORDER BY) to keep 50. The cost grows with the
number of matches: the letter `a` starts 21,000 codes and 4,000 aliases at 100,000 persons.

EXACT, the same results as today with bounded work:
  - one word: the union of the code, alias and year branches, each cut at 50 in code order. The
    code index yields the first 50 codes with no sort, and the 50 first of the union are exactly
    the 50 first of all matches;
  - several words: the intersection of each word's matching ids, read from the indexes alone
    (code, token, year; status is checked once at the end), then the 50 first by code. A word of
    one letter is not intersected (a quarter of the registry) but checked on the others' matches.
  - result lines and each one's last visit come from one statement (a correlated max() that the
    (person_id, arrival_at) index answers with one seek), without building ORM objects.
FAST, as EXACT, except that a one-word alias branch walks the token index in alias order and stops
  at 50: when more than 50 aliases match, the 50 shown are the first by alias, not by code.
Either is measured again with an index on person (birth_year, code), so a year is read in code
order instead of sorting the ~2,500 persons born that year.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    exists,
    func,
    intersect,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_foundation import _queries, _reception  # noqa: E402

from clinic.clinic_settings import load_settings  # noqa: E402
from clinic.clock import Clock  # noqa: E402
from clinic.registry import PersonSummary  # noqa: E402
from clinic.search import _TOP, _YEAR, QUERY_MAX, RESULT_LIMIT, find_persons  # noqa: E402
from clinic.text import search_tokens  # noqa: E402
from clinic.vocabulary import Gender, PersonStatus  # noqa: E402
from db.datafolder import InstanceLock, open_database, prepare  # noqa: E402
from db.engine import Database  # noqa: E402
from db.models import Person, PersonNameToken, Visit  # noqa: E402

YEAR_INDEX = "CREATE INDEX IF NOT EXISTS bench_person_birth_year_code ON person (birth_year, code)"
Search = Callable[[Session, str], list[PersonSummary]]


def find_persons_exact(session: Session, query: str) -> list[PersonSummary]:
    return _find(session, query, alias_order=False)


def find_persons_fast(session: Session, query: str) -> list[PersonSummary]:
    return _find(session, query, alias_order=True)


def _find(session: Session, query: str, *, alias_order: bool) -> list[PersonSummary]:
    if len(query) > QUERY_MAX:
        return []
    words = [word for word in query.split() if search_tokens(word)][:8]
    if not words:
        return []
    if len(words) == 1:
        candidates = union_all(*_first_of_each(words[0], alias_order)).subquery()
        return _lines(session, query, candidates, [])
    narrow = [word for word in words if len(word) > 1] or words
    others = [word for word in words if word not in narrow]
    per_word = [select(union_all(*_matching_ids(word)).subquery().c.id) for word in narrow]
    candidates = (intersect(*per_word) if len(per_word) > 1 else per_word[0]).subquery()
    return _lines(session, query, candidates, others)


def _first_of_each(word: str, alias_order: bool) -> list[Select[Any]]:
    """The first RESULT_LIMIT active persons of each way the word can match, from an index."""
    active = Person.status == PersonStatus.ACTIVE.value
    code = word.upper()
    branches = [
        select(Person.id)
        .where(active, Person.code >= code, Person.code < code + _TOP)
        .order_by(Person.code)
    ]
    tokens = search_tokens(word)
    if alias_order and len(tokens) == 1:
        branches.append(
            select(Person.id)
            .join(PersonNameToken, PersonNameToken.person_id == Person.id)
            .where(active, PersonNameToken.token >= tokens[0])
            .where(PersonNameToken.token < tokens[0] + _TOP)
            .order_by(PersonNameToken.token)
        )
    elif tokens:
        in_alias = [Person.id.in_(_token_ids(token)) for token in tokens]
        branches.append(select(Person.id).where(active, *in_alias).order_by(Person.code))
    if _YEAR.match(word):
        born = select(Person.id).where(active, Person.birth_year == int(word))
        branches.append(born.order_by(Person.code))
    return [select(b.limit(RESULT_LIMIT).subquery().c.id) for b in branches]


def _matching_ids(word: str) -> list[Select[Any]]:
    """Every id matching the word, read from indexes only (status is checked at the end)."""
    code = word.upper()
    ids: list[Select[Any]] = [
        select(Person.id).where(Person.code >= code, Person.code < code + _TOP)
    ]
    tokens = search_tokens(word)
    if len(tokens) == 1:
        ids.append(_token_ids(tokens[0]))
    elif tokens:  # "maria-l": every token must match
        ids.append(select(intersect(*map(_token_ids, tokens)).subquery().c.person_id))
    if _YEAR.match(word):
        ids.append(select(Person.id).where(Person.birth_year == int(word)))
    return ids


def _token_ids(token: str) -> Select[Any]:
    return select(PersonNameToken.person_id).where(
        PersonNameToken.token >= token, PersonNameToken.token < token + _TOP
    )


def _matches(word: str) -> ColumnElement[bool]:
    """The word's condition, checked on one candidate row (EXISTS on the token primary key)."""
    code = word.upper()
    options: list[ColumnElement[bool]] = [and_(Person.code >= code, Person.code < code + _TOP)]
    tokens = search_tokens(word)
    if tokens:
        options.append(and_(*(_has_token(token) for token in tokens)))
    if _YEAR.match(word):
        options.append(Person.birth_year == int(word))
    return or_(*options)


def _has_token(token: str) -> ColumnElement[bool]:
    return exists().where(
        PersonNameToken.person_id == Person.id,
        PersonNameToken.token >= token,
        PersonNameToken.token < token + _TOP,
    )


def _lines(session: Session, query: str, candidates: Any, others: list[str]) -> list[PersonSummary]:
    last_visit = (
        select(func.max(Visit.arrival_at)).where(Visit.person_id == Person.id).scalar_subquery()
    )
    rows = session.execute(
        select(
            Person.id,
            Person.code,
            Person.alias,
            Person.gender,
            Person.birth_year,
            Person.country,
            last_visit,
        )
        .where(Person.id.in_(select(candidates.c.id)))
        .where(Person.status == PersonStatus.ACTIVE.value, *map(_matches, others))
        .order_by(Person.code)
        .limit(RESULT_LIMIT)
    ).all()
    exact = query.strip().upper()
    lines = [
        PersonSummary(id_, code, alias, Gender(gender), year, country, _aware(last))
        for id_, code, alias, gender, year, country, last in rows
    ]
    return sorted(lines, key=lambda s: s.code != exact)


def _aware(value: dt.datetime | str | None) -> dt.datetime | None:
    if isinstance(value, str):  # max() bypasses the column type: SQLite's stored text
        value = dt.datetime.fromisoformat(value)
    return None if value is None else value.replace(tzinfo=dt.UTC)


# --- measuring ------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT / "bench-data" / "p100000-y20-s1")
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    folder = prepare(args.data_dir)
    lock = InstanceLock(folder)
    lock.acquire()
    database, _ = open_database(folder)
    try:
        _measure(database, args.queries, args.seed)
    finally:
        database.dispose()
        lock.release()
    return 0


def _measure(database: Database, count: int, seed: int) -> None:
    with database.read() as session:
        clock = Clock(load_settings(session).zone)
    actor = _reception(database, clock)
    queries = _queries(database, random.Random(seed), count)

    def current(session: Session, query: str) -> list[PersonSummary]:
        return find_persons(session, actor, query)

    _check(database, queries, current, find_persons_exact, find_persons_fast)
    print(f"{len(queries)} queries, read transaction + search; median, p95, max:")
    _report(database, queries, "current find_persons", current)
    _report(database, queries, "EXACT", find_persons_exact)
    _report(database, queries, "FAST", find_persons_fast)
    with database.write() as session:
        session.execute(text(YEAR_INDEX))
    try:
        _report(database, queries, "EXACT + index (birth_year, code)", find_persons_exact)
        _report(database, queries, "FAST + index (birth_year, code)", find_persons_fast)
    finally:
        with database.write() as session:
            session.execute(text("DROP INDEX bench_person_birth_year_code"))


def _check(
    database: Database, queries: list[tuple[str, str]], current: Search, exact: Search, fast: Search
) -> None:
    """EXACT must give today's results; FAST today's when under 50, else 50 true matches."""
    same = valid = 0
    for _, query in queries:
        with database.read() as session:
            expected = [(p.id, p.last_visit) for p in current(session, query)]
            same += [(p.id, p.last_visit) for p in exact(session, query)] == expected
            got = fast(session, query)
            if len(expected) < RESULT_LIMIT:
                valid += [(p.id, p.last_visit) for p in got] == expected
            else:
                valid += len(got) == RESULT_LIMIT and _all_match(session, query, got)
    print(f"EXACT gives today's results for {same} of {len(queries)} queries")
    print(f"FAST gives valid results for {valid} of {len(queries)} queries", flush=True)


def _all_match(session: Session, query: str, found: list[PersonSummary]) -> bool:
    words = [word for word in query.split() if search_tokens(word)][:8]
    matching = select(func.count()).where(
        Person.id.in_([p.id for p in found]),
        Person.status == PersonStatus.ACTIVE.value,
        *map(_matches, words),
    )
    return session.scalar(matching) == len(found)


def _report(database: Database, queries: list[tuple[str, str]], label: str, search: Search) -> None:
    by_kind: dict[str, list[float]] = {}
    for kind, query in queries:
        started = time.perf_counter()
        with database.read() as session:
            search(session, query)
        by_kind.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
    every = [t for values in by_kind.values() for t in values]
    kinds = "  ".join(f"{kind} {_p95(values):.1f}" for kind, values in sorted(by_kind.items()))
    print(
        f"  {label:<34} {statistics.median(every):5.2f} {_p95(every):6.2f} {max(every):6.1f} ms"
        f"   p95 by kind: {kinds}"
    )


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


if __name__ == "__main__":
    sys.exit(main())
