"""The terms a person is stored under for search: words of code and alias, and the birth year."""

from __future__ import annotations

from db.search_keys import TERM_MAX, person_terms, search_key


def test_an_slk_code_is_one_term_beside_the_alias_words_and_the_year() -> None:
    terms = person_terms("OSIAR230519852", "Maria-Luisa  Élodie", 1985)
    assert terms == ("osiar230519852", "maria", "luisa", "marialuisa", "elodie", "-", "1985")


def test_a_card_code_is_found_with_or_without_its_dash() -> None:
    assert person_terms("K7MC-Q9XD", None, None) == ("k7mc", "q9xd", "k7mcq9xd")
    assert person_terms("OSIAR230519852/2", None, 1985) == (
        "osiar230519852",
        "2",
        "osiar2305198522",
        "1985",
    )


def test_a_word_with_punctuation_inside_is_also_kept_whole() -> None:
    assert person_terms("X", "O'Brien Marie-Claire", None) == (
        "x",
        "o",
        "brien",
        "obrien",
        "marie",
        "claire",
        "marieclaire",
        "'",
        "-",
    )


def test_a_word_met_twice_is_one_term() -> None:
    assert person_terms("ANNA1", "anna Anna ANNA", None) == ("anna1", "anna")
    assert person_terms("X1985", "1985", 1985) == ("x1985", "1985")


def test_the_signs_of_an_alias_are_terms_but_not_those_of_a_code() -> None:
    assert person_terms("K7MC-Q9XD", "%", None) == ("k7mc", "q9xd", "k7mcq9xd", "%")
    assert person_terms("X", "50% back\\slash", None) == (
        "x",
        "50",
        "back",
        "slash",
        "backslash",
        "%",
        "\\",
    )
    assert person_terms("X", "\\\\ %%", None) == ("x", "\\\\", "%%")


def test_an_emoji_is_one_term_with_its_modifiers_and_without_its_joiners() -> None:
    nurse = "\U0001f469\U0001f3fd\u200d\u2695\ufe0f"  # woman health worker, medium skin tone
    assert person_terms("X", f"Rosa {nurse}", None) == ("x", "rosa", "\U0001f469\U0001f3fd\u2695")


def test_joiners_and_variation_selectors_do_not_change_a_word() -> None:
    assert search_key("\u2764\ufe0f") == search_key("\u2764")
    assert search_key("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645") == search_key(
        "\u0645\u06cc\u062e\u0648\u0627\u0647\u0645"
    )  # Persian, typed with or without its zero-width non-joiner


def test_a_term_is_never_wider_than_its_column() -> None:
    # U+FDFA decomposes into 18 characters under NFKD: 60 of them would make 1080.
    terms = person_terms("X", "\ufdfa" * 60 + " " + "\u2603" * 90, None)
    assert max(map(len, terms)) == TERM_MAX == 80
