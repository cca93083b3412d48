"""The lists the care forms offer: Soglia's own entries in the reader's language, the
coordinator's own as written, retired entries no longer offered but still named."""

from __future__ import annotations

import pytest

from clinic.audit.transactions import writing
from clinic.care import lists
from clinic.care.vocabulary import CareList
from clinic.care.words import LIST_ENTRIES
from clinic.common.errors import ConflictError, ErrorCode, ValidationError
from clinic.i18n.translator import Translator
from clinic.staff.vocabulary import Role


def test_every_entry_soglia_starts_with_has_words(database):
    with database.read() as session:
        found = lists.list_entries(session, list(CareList))
    assert {name: [e.code for e in entries] for name, entries in found.items()} == {
        name: list(words) for name, words in LIST_ENTRIES.items()
    }


def test_an_entry_reads_in_the_readers_language(database):
    with database.read() as session:
        [hiv, *_] = lists.list_entries(session, [CareList.TEST_KIND])[CareList.TEST_KIND]
        [housing, *_] = lists.list_entries(session, [CareList.SOCIAL_TOPIC])[CareList.SOCIAL_TOPIC]
    assert hiv.text(Translator("fr")) == "VIH"
    assert housing.text(Translator("it")) == "Alloggio"


def test_the_coordinator_adds_an_entry_once_and_retires_it(database, clock, actors):
    admin, italian = actors[Role.ADMIN], Translator("it")
    with writing(database, clock) as session:
        added = lists.add_entry(session, admin, clock, CareList.SOCIAL_TOPIC, " Scuola  ", italian)
    with pytest.raises(ConflictError) as twice, writing(database, clock) as session:
        lists.add_entry(session, admin, clock, CareList.SOCIAL_TOPIC, "SCUOLA", italian)
    assert (twice.value.code, twice.value.field) == (ErrorCode.ENTRY_EXISTS, "name")
    with pytest.raises(ConflictError), writing(database, clock) as session:  # Soglia's own
        lists.add_entry(session, admin, clock, CareList.SOCIAL_TOPIC, "alloggio", italian)
    with pytest.raises(ValidationError) as blank, writing(database, clock) as session:
        lists.add_entry(session, admin, clock, CareList.SOCIAL_TOPIC, "   ", italian)
    assert blank.value.code == ErrorCode.REQUIRED
    with writing(database, clock) as session:
        lists.set_entry_active(session, admin, clock, added, active=False)
        offered = lists.list_entries(session, [CareList.SOCIAL_TOPIC])[CareList.SOCIAL_TOPIC]
        assert added not in {e.id for e in offered}
        assert lists.entries_by_id(session, [added])[added].text(italian) == "Scuola"
    with pytest.raises(ConflictError) as retired, writing(database, clock) as session:
        lists.add_entry(session, admin, clock, CareList.SOCIAL_TOPIC, "scuola", italian)
    assert retired.value.code == ErrorCode.ENTRY_RETIRED  # offered again, not made twice
