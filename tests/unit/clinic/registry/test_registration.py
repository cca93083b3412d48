"""The code proposed for a new person, and who at the desk already looks like them."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from clinic.common.errors import ConflictError, ValidationError
from clinic.registry import registration
from clinic.registry.codes import CARD_ALPHABET
from clinic.registry.person_form import CodeAnswers, PersonForm, PersonRecord, validate_person
from clinic.registry.persons import register_person
from clinic.registry.registration import preview_code, propose_code
from clinic.registry.vocabulary import CodeScheme, PersonStatus
from db.models.registry import Person
from tests.conftest import NOW

MARIA_CODE = "OSIAR230519852"  # Rossi, Maria, 23/05/1985, woman (worked out in test_codes)


def _record(gender: str = "woman", birth: str = "23/05/1985") -> PersonRecord:
    return validate_person(PersonForm(gender=gender, birth=birth), "it_IT", NOW.date())


def _propose(database, actor, family: str, given: str, **record: str):
    with database.read() as session:
        return propose_code(
            session, actor, CodeScheme.SLK581, _record(**record), CodeAnswers(family, given)
        )


def _register(database, clock, actor, code: str, **record: str) -> int:
    with database.write() as session:
        return register_person(session, actor, clock, _record(**record), code).id


def test_a_new_person_gets_their_slk_code_and_no_warning(database, reception):
    proposal = _propose(database, reception, "Rossi", "Maria")
    assert proposal.code == MARIA_CODE
    assert (proposal.same_code, proposal.similar) == ((), ())
    assert not proposal.needs_decision


def test_a_birth_year_alone_counts_as_first_of_january(database, reception):
    # ROSSI → OSI, MARIA → AR, day and month unknown → 01 01.
    assert _propose(database, reception, "Rossi", "Maria", birth="1985").code == "OSIAR010119852"


def test_same_code_is_flagged(database, clock, reception):
    maria = _register(database, clock, reception, MARIA_CODE)
    proposal = _propose(database, reception, "Rossi", "Maria")
    assert [p.id for p in proposal.same_code] == [maria]
    assert proposal.similar == ()
    assert proposal.needs_decision


def test_same_code_is_flagged_whatever_gender_was_recorded(database, clock, reception):
    # A woman and a trans woman share sex digit 2: the same answers give the same code.
    maria = _register(database, clock, reception, MARIA_CODE, gender="woman")
    proposal = _propose(database, reception, "Rossi", "Maria", gender="trans_woman")
    assert [p.id for p in proposal.same_code] == [maria]


def test_everyone_sharing_the_code_is_flagged(database, clock, reception):
    first = _register(database, clock, reception, MARIA_CODE)
    second = _register(database, clock, reception, MARIA_CODE + "/2")
    proposal = _propose(database, reception, "Rossi", "Maria")
    assert [p.id for p in proposal.same_code] == [first, second]


@pytest.mark.parametrize(
    ("family", "given", "code"),
    [
        ("Rossa", "Maria", "OSAAR230519852"),  # ROSSA → O S A: one letter apart
        ("Rosi", "Maria", "OS2AR230519852"),  # ROSI is too short for letter 5
        ("Russo", "Marta", "USOAR230519852"),  # RUSSO → U S O: two letters apart
    ],
)
def test_a_close_code_with_same_birth_year_and_gender_is_flagged(
    database, clock, reception, family, given, code
):
    maria = _register(database, clock, reception, MARIA_CODE)
    proposal = _propose(database, reception, family, given)
    assert proposal.code == code
    assert proposal.same_code == ()
    assert [p.id for p in proposal.similar] == [maria]


def test_a_close_code_with_a_suffix_is_still_flagged(database, clock, reception):
    shared = _register(database, clock, reception, "OSAAR230519852/2")
    proposal = _propose(database, reception, "Rossi", "Maria")
    assert [p.id for p in proposal.similar] == [shared]


def test_a_close_code_of_another_gender_is_not_flagged(database, clock, reception):
    _register(database, clock, reception, MARIA_CODE, gender="woman")
    # ROSSA, MARIA as a man: OSAAR230519851, two characters from Maria's code.
    proposal = _propose(database, reception, "Rossa", "Maria", gender="man")
    assert proposal.code == "OSAAR230519851"
    assert not proposal.needs_decision


def test_a_close_code_of_another_birth_year_is_not_flagged(database, clock, reception):
    _register(database, clock, reception, MARIA_CODE)
    proposal = _propose(database, reception, "Rossi", "Maria", birth="23/05/1986")
    assert proposal.code == "OSIAR230519862"
    assert not proposal.needs_decision


def test_a_far_code_is_not_flagged(database, clock, reception):
    _register(database, clock, reception, MARIA_CODE)
    # BIANCHI → I A C, GIULIA → I U
    proposal = _propose(database, reception, "Bianchi", "Giulia")
    assert proposal.code == "IACIU230519852"
    assert not proposal.needs_decision


@pytest.mark.parametrize("status", [PersonStatus.MERGED, PersonStatus.ERASED])
def test_merged_or_erased_persons_are_not_flagged(database, clock, reception, status):
    same = _register(database, clock, reception, MARIA_CODE)
    close = _register(database, clock, reception, "OSAAR230519852")
    with database.write() as session:
        for person_id in (same, close):
            person = session.get(Person, person_id)
            assert person is not None
            person.status = status.value
    assert not _propose(database, reception, "Rossi", "Maria").needs_decision


def test_slk_needs_a_birth_date_or_year(database, reception):
    with pytest.raises(ValidationError) as caught:
        _propose(database, reception, "Rossi", "Maria", birth="")
    assert (caught.value.code, caught.value.field) == ("birth_required_for_code", "birth")


def test_slk_answers_with_control_characters_are_refused(database, reception):
    with pytest.raises(ValidationError) as caught:
        _propose(database, reception, "Ros\x1bsi", "Ma\u202eria")
    assert {e.field for e in caught.value.errors} == {"family_name", "given_name"}


def test_names_not_given_still_give_a_code(database, reception):
    assert _propose(database, reception, "", "").code == "99999230519852"


def test_card_scheme_proposes_a_free_card_code(database, reception):
    with database.read() as session:
        proposal = propose_code(
            session, reception, CodeScheme.CARD, _record(birth=""), CodeAnswers()
        )
    assert re.fullmatch(rf"[{CARD_ALPHABET}]{{4}}-[{CARD_ALPHABET}]{{4}}", proposal.code)
    assert not proposal.needs_decision


def _codes(*codes: str) -> Iterator[str]:
    yield from codes


def test_card_scheme_draws_again_when_the_code_is_taken(database, clock, reception, monkeypatch):
    _register(database, clock, reception, "ACDE-FGHJ")
    draws = _codes("ACDE-FGHJ", "ACDE-FGHJ", "KMNP-QRTW")
    monkeypatch.setattr(registration, "card_code", lambda: next(draws))
    with database.read() as session:
        proposal = propose_code(session, reception, CodeScheme.CARD, _record(), CodeAnswers())
    assert proposal.code == "KMNP-QRTW"


def test_card_scheme_gives_up_with_a_conflict_rather_than_looping(
    database, clock, reception, monkeypatch
):
    _register(database, clock, reception, "ACDE-FGHJ")
    monkeypatch.setattr(registration, "card_code", lambda: "ACDE-FGHJ")
    with pytest.raises(ConflictError) as caught, database.read() as session:
        propose_code(session, reception, CodeScheme.CARD, _record(), CodeAnswers())
    assert (caught.value.code, caught.value.field) == ("code_exhausted", "code")


def test_the_code_preview_follows_the_answers_as_they_are_typed():
    today = NOW.date()
    answers = CodeAnswers("Rossi", "Maria")
    assert preview_code(answers, "", "woman", "it_IT", today) is None
    assert preview_code(answers, "23/05", "woman", "it_IT", today) is None
    assert preview_code(answers, "23/05/1985", "woman", "it_IT", today) == "OSIAR230519852"
    assert preview_code(answers, "05/23/1985", "woman", "en_US", today) == "OSIAR230519852"
    assert preview_code(answers, "1985", "man", "it_IT", today) == "OSIAR010119851"
    assert preview_code(CodeAnswers("Ro\x00ssi"), "1985", "man", "it_IT", today) is None
