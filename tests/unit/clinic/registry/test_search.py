"""Find as you type: code prefix, alias words and birth year; wildcards are plain characters."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic.common.clock import Clock
from clinic.common.errors import ValidationError
from clinic.common.text import search_tokens, sign_tokens
from clinic.desk.checkin import check_in
from clinic.registry.person_form import PersonForm, validate_person
from clinic.registry.persons import register_person
from clinic.registry.search import RESULT_LIMIT, find_persons, prefix_end
from clinic.registry.vocabulary import PersonStatus
from clinic.staff.vocabulary import Role
from db.models.registry import Person
from tests.conftest import NOW, ROME

_codes = itertools.count(1)


@pytest.fixture
def people(database, clock, reception):
    """A small registry: alias → id."""
    rows = [
        ("OSIAR230519852", "Élodie", "23/05/1985"),
        ("OSAAR230519852", "Maria Luisa", "1985"),
        ("USOAR120419902", "Maria", "12/04/1990"),
        ("BREAR010219901", "Mari_a", "1990"),
        ("ELCNA300920013", "50%", ""),
        ("K7MC-Q9XD", "back\\slash", "1985"),
        ("IACIU010119702", "Anna", "1970"),
    ]
    ids = {}
    with database.write() as session:
        for code, alias, birth in rows:
            record = validate_person(PersonForm(alias=alias, birth=birth), "it_IT", NOW.date())
            ids[alias] = register_person(session, reception, clock, record, code).id
    return ids


def _find(database, actor, query: str, **options: int) -> list[int]:
    with database.read() as session:
        return [p.id for p in find_persons(session, actor, query, **options)]


def test_code_prefix_in_any_case(database, reception, people):
    assert _find(database, reception, "osia") == [people["Élodie"]]
    assert _find(database, reception, "OSIAR2305") == [people["Élodie"]]
    assert _find(database, reception, "OS") == [people["Maria Luisa"], people["Élodie"]]
    assert _find(database, reception, "k7mc-q9") == [people["back\\slash"]]


@pytest.mark.parametrize("query", ["Élodie", "élodie", "elodie", "ELODIE", "e\u0301lodie", "elo"])
def test_alias_ignores_accents_case_and_composition(database, reception, people, query):
    assert _find(database, reception, query) == [people["Élodie"]]


def test_an_alias_typed_decomposed_is_found_composed(database, clock, reception):
    record = validate_person(PersonForm(alias="Ste\u0301phanie"), "it_IT", NOW.date())
    with database.write() as session:
        person_id = register_person(session, reception, clock, record, "TEPTE010119702").id
    assert _find(database, reception, "Stéphanie") == [person_id]
    assert _find(database, reception, "STEPH") == [person_id]


def test_an_alias_with_punctuation_is_found_as_written(database, clock, reception):
    record = validate_person(PersonForm(alias="Maria - la Rossa :)"), "it_IT", NOW.date())
    with database.write() as session:
        person_id = register_person(session, reception, clock, record, "OSAAR230519852").id
    assert _find(database, reception, "Maria - la Rossa :)") == [person_id]
    assert _find(database, reception, "maria - ross") == [person_id]


def test_any_word_of_the_alias_matches_by_its_start(database, reception, people):
    assert _find(database, reception, "lu") == [people["Maria Luisa"]]
    assert _find(database, reception, "uisa") == []


def test_birth_year(database, reception, people):
    found = _find(database, reception, "1985")
    assert sorted(found) == sorted([people["Élodie"], people["Maria Luisa"], people["back\\slash"]])
    assert _find(database, reception, "1970") == [people["Anna"]]
    assert _find(database, reception, "1986") == []


@pytest.mark.parametrize("query", ["1", "19", "198", "199", "=1+1", "-19"])
def test_digits_short_of_a_year_list_nobody_by_birth_year(database, reception, people, query):
    # Élodie, Maria Luisa and back\slash were born in 1985, Maria and Mari_a in 1990, Anna in
    # 1970: each of these queries used to list them by the start of their birth year.
    assert _find(database, reception, query) == []


def test_a_short_number_finds_a_word_that_is_that_number(database, clock, reception, people):
    nina = validate_person(PersonForm(alias="Nina 19", birth="1985"), "it_IT", NOW.date())
    sums = validate_person(PersonForm(alias="1+1", birth="1990"), "it_IT", NOW.date())
    with database.write() as session:
        nina_id = register_person(session, reception, clock, nina, "INAIN010119852").id
        sums_id = register_person(session, reception, clock, sums, "WOOAN010119902").id
    assert _find(database, reception, "19") == [nina_id]
    assert _find(database, reception, "=1+1") == [sums_id]  # its words as written, no year
    assert _find(database, reception, "nina 19") == [nina_id]
    assert sorted(_find(database, reception, "1990")) == sorted(
        [people["Maria"], people["Mari_a"], sums_id]
    )


def test_a_code_word_of_digits_is_found_from_its_fourth_digit(database, clock, reception):
    record = validate_person(PersonForm(alias="Lia", birth="1970"), "it_IT", NOW.date())
    with database.write() as session:
        card = register_person(session, reception, clock, record, "3479-KMCX").id
    assert _find(database, reception, "3479") == [card]
    assert _find(database, reception, "3479-km") == [card]
    assert _find(database, reception, "347") == []


def test_every_word_must_match(database, reception, people):
    assert _find(database, reception, "maria 1985") == [people["Maria Luisa"]]
    assert _find(database, reception, "maria 1990") == [people["Maria"]]
    assert _find(database, reception, "maria luisa") == [people["Maria Luisa"]]
    assert _find(database, reception, "maria anna") == []
    assert _find(database, reception, "usoar maria") == [people["Maria"]]


@pytest.mark.parametrize("query", ["_", "%%", "%ria", "_aria", "m_ria", "\\%", "%\\"])
def test_wildcards_match_nothing_they_do_not_literally_spell(database, reception, people, query):
    # With LIKE, each of these would match Maria, Élodie or everyone.
    assert _find(database, reception, query) == []


def test_a_percent_or_backslash_finds_the_alias_that_holds_it(database, reception, people):
    assert _find(database, reception, "%") == [people["50%"]]
    assert _find(database, reception, "\\") == [people["back\\slash"]]


@pytest.mark.parametrize(
    "alias",
    [
        "%",
        "\\",
        "%%",
        "\\\\",
        "_",
        "\u2640 \u2642",
        "\u2764",
        "\U0001f469\U0001f3fd\u200d\u2695\ufe0f",
    ],
)
def test_an_alias_made_only_of_signs_is_found_by_typing_it(database, clock, reception, alias):
    record = validate_person(PersonForm(alias=alias), "it_IT", NOW.date())
    with database.write() as session:
        person_id = register_person(session, reception, clock, record, "SIGNS0001").id

    assert _find(database, reception, alias) == [person_id]
    assert _find(database, reception, f" {alias[0]} ") == [person_id]
    assert _find(database, reception, alias.replace("\u200d", "")) == [person_id]


def test_underscore_matches_only_an_underscore(database, reception, people):
    assert _find(database, reception, "mari_") == [people["Mari_a"]]
    assert _find(database, reception, "mari_a") == [people["Mari_a"]]


def test_percent_and_backslash_separate_words_literally(database, reception, people):
    assert _find(database, reception, "50%") == [people["50%"]]
    assert _find(database, reception, "back\\slash") == [people["back\\slash"]]
    assert _find(database, reception, "back\\") == [people["back\\slash"]]


@pytest.mark.parametrize("query", ["", " ", "\t\n", "x" * 201])
def test_an_empty_or_absurd_query_finds_nothing(database, reception, people, query):
    assert _find(database, reception, query) == []


@pytest.mark.parametrize("status", [PersonStatus.MERGED, PersonStatus.ERASED])
def test_merged_and_erased_persons_are_not_found(database, reception, people, status):
    with database.write() as session:
        person = session.get(Person, people["Élodie"])
        assert person is not None
        person.status = status.value
    assert _find(database, reception, "elodie") == []
    assert _find(database, reception, "OSIAR230519852") == []
    assert people["Élodie"] not in _find(database, reception, "1985")


def test_results_are_limited(database, clock, reception):
    record = validate_person(PersonForm(alias="Anna"), "it_IT", NOW.date())
    with database.write() as session:
        for n in range(RESULT_LIMIT + 5):
            register_person(session, reception, clock, record, f"ANN{n:04d}")
    assert len(_find(database, reception, "anna")) == RESULT_LIMIT
    assert len(_find(database, reception, "anna", limit=7)) == 7


def test_exact_code_comes_first(database, clock, reception):
    zed = validate_person(PersonForm(alias="Zed"), "it_IT", NOW.date())
    named = validate_person(PersonForm(alias="Zzzap"), "it_IT", NOW.date())
    with database.write() as session:
        by_code = register_person(session, reception, clock, zed, "ZZZAP").id
        by_alias = register_person(session, reception, clock, named, "AAAAA").id
    # Ordered by code AAAAA would come first; the exact code wins.
    assert _find(database, reception, "zzzap") == [by_code, by_alias]


def test_results_say_who_the_person_is_without_clinical_data(database, reception, people):
    with database.read() as session:
        [summary] = find_persons(session, reception, "elodie")
    assert (summary.code, summary.alias, summary.birth_year) == ("OSIAR230519852", "Élodie", 1985)
    assert summary.last_visit is None


def test_results_show_the_last_visit(database, clock, reception, people):
    later = Clock(ROME, NOW + dt.timedelta(days=3, hours=1))
    with database.write() as session:
        check_in(session, reception, clock, people["Élodie"], ["medical"])
        check_in(session, reception, later, people["Élodie"], ["social"])
    with database.read() as session:
        [summary] = find_persons(session, reception, "elodie")
    assert summary.last_visit == later.now()


def test_a_card_code_is_found_typed_without_its_dash(database, reception, people):
    assert _find(database, reception, "k7mcq9") == [people["back\\slash"]]


def test_the_coordinator_finds_persons_but_not_their_visits(
    database, clock, reception, actors, people
):
    with database.write() as session:
        check_in(session, reception, clock, people["Élodie"], ["medical"])
    with database.read() as session:
        [for_reception] = find_persons(session, reception, "elodie")
        [for_admin] = find_persons(session, actors[Role.ADMIN], "elodie")
    assert for_reception.last_visit == clock.now()
    assert for_admin.last_visit is None


@pytest.mark.parametrize("role", list(Role))
def test_every_role_may_search(database, actors, people, role):
    assert _find(database, actors[role], "elodie") == [people["Élodie"]]


# One database serves every example; each example's person has a code no other example uses, and
# the assertions only concern that person, so earlier examples do not change the outcome.
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(alias=st.text(min_size=1, max_size=60))
def test_a_registered_alias_is_found_by_itself_and_by_each_word(database, clock, reception, alias):
    try:
        record = validate_person(PersonForm(alias=alias), "it_IT", NOW.date())
    except ValidationError:
        return
    with database.write() as session:
        person_id = register_person(session, reception, clock, record, f"HYP{next(_codes):08d}").id
    if record.alias is None:  # blank: nothing to search for
        return
    words = [record.alias, *record.alias.split(), *search_tokens(record.alias)]
    for word in words + sign_tokens(record.alias):
        if search_tokens(word) or sign_tokens(word):
            assert person_id in _find(database, reception, word, limit=10_000), word


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=st.text(max_size=300))
def test_search_never_fails_on_any_text(database, reception, people, query):
    found = _find(database, reception, query)
    assert len(found) <= RESULT_LIMIT
    if not query.strip():
        assert found == []


@pytest.mark.parametrize(
    ("key", "inside", "after"),
    [
        ("ab", ["ab", "abz", "ab\U0010ffff", "ab\U0010ffffx"], "ac"),
        ("z", ["z", "zzz"], "{"),
        ("\U0001f338", ["\U0001f338", "\U0001f338\U0001f338"], "\U0001f339"),  # 🌸, 🌹
        ("a\ud7ff", ["a\ud7ff", "a\ud7ffq"], "a\ue000"),  # past the surrogates
        ("a\U0010ffff", ["a\U0010ffff", "a\U0010ffff\U0010ffff"], "b"),  # carried
    ],
)
def test_the_prefix_range_holds_every_term_that_starts_with_the_key(key, inside, after):
    """The range's end is computed, not "key + the highest character": a term that goes on
    with that character is still inside, and the first string after the prefix is outside."""
    end = prefix_end(key)
    assert all(key <= term < end for term in inside)
    assert end == after
