"""A file's own columns reach Soglia's fields: by the template's names, through a mapping, or
as `suggest_mapping` proposes from names in English, Italian, French or German."""

from __future__ import annotations

import pytest

from clinic.common.errors import ValidationError
from clinic.imports.columns import ImportKind, template_columns
from clinic.imports.mapping import preview, read_mapping, suggest_mapping
from clinic.imports.sheet import Row

PERSONS, CONTACTS = ImportKind.PERSONS, ImportKind.CONTACTS


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            [
                "Cognome",
                "Nome",
                "Data di nascita",
                "Sesso",
                "Nazionalità",
                "Primo contatto",
                "Note",
            ],
            ["family_name", "given_name", "birth", "gender", "country", "first_contact"],
        ),
        (
            ["Nom de famille", "Prénom", "Date de naissance", "Genre", "Pays d'origine", "Langues"],
            ["family_name", "given_name", "birth", "gender", "country", "languages"],
        ),
        (
            ["Klientencode", "Geburtsjahr", "Geschlecht", "Herkunftsland", "Erstkontakt"],
            ["code", "birth", "gender", "country", "first_contact"],
        ),
        (
            ["CODE", "First contact", "Work settings", "Date of birth", "DOB"],
            ["code", "first_contact", "work_settings", "birth"],  # DOB: birth is taken already
        ),
    ],
    ids=["it", "fr", "de", "en"],
)
def test_suggested_mapping_reads_the_headers_in_four_languages(headers, expected):
    mapping = suggest_mapping(headers, PERSONS)
    assert list(mapping.values()) == expected
    assert "Note" not in mapping


def test_contacts_headers_are_suggested_too():
    headers = ["Codice", "Data", "Tipo", "Zona", "Giorno/notte", "Ora"]
    assert suggest_mapping(headers, CONTACTS) == {
        "Codice": "code",
        "Data": "date",
        "Tipo": "kind",
        "Zona": "zone",
        "Giorno/notte": "shift",
        "Ora": "time",
    }


def test_preview_shows_the_first_rows_as_the_fields_will_receive_them():
    headers = ["Sesso", "Codice", "Altro"]
    rows = [Row(2, ("F", "AB-1", "x")), Row(3, ("M", "AB-2")), Row(4, ("F", "AB-3", ""))]
    mapping = {"Codice": "code", "Sesso": "gender"}
    assert preview(rows, headers, mapping, 2) == [
        {"code": "AB-1", "gender": "F"},
        {"code": "AB-2", "gender": "M"},
    ]


def test_without_a_mapping_the_templates_names_are_the_columns():
    columns = template_columns(["Code", "first contact", "Birth", "Remarks"], PERSONS)
    assert columns.index == {"code": 0, "first_contact": 1, "birth": 2}
    assert columns.ignored == ("Remarks",)
    assert columns.header("first_contact") == "first contact"


@pytest.mark.parametrize(
    ("headers", "kind", "mapping", "code"),
    [
        (["code", "birth"], PERSONS, None, "import_columns_missing"),
        (["family_name", "first_contact"], PERSONS, None, "import_columns_missing"),
        (["code", "code", "first_contact"], PERSONS, None, "import_column_twice"),
        (["Codice", "Data"], CONTACTS, {"Codice": "code", "Data": "day"}, "import_mapping_field"),
        (["Codice"], CONTACTS, {"Codice": "code", "Data": "date"}, "import_mapping_column"),
        (["A", "B"], CONTACTS, {"A": "code", "B": "code"}, "import_mapping_twice"),
    ],
)
def test_columns_that_do_not_fit_refuse_the_whole_file(headers, kind, mapping, code):
    with pytest.raises(ValidationError) as refused:
        template_columns(headers, kind, mapping)
    assert refused.value.code == code


def test_missing_columns_are_named():
    with pytest.raises(ValidationError) as refused:
        template_columns(["family_name", "birth"], PERSONS)
    assert refused.value.params["fields"] == "first_contact, given_name"


def test_a_mapping_file_is_a_json_object_of_texts(tmp_path):
    good = tmp_path / "good.json"
    good.write_text('{"Sesso": "gender", "Codice": "code"}', encoding="utf-8")
    assert read_mapping(good) == {"Sesso": "gender", "Codice": "code"}
    for text in ('["Sesso", "gender"]', '{"Sesso": 3}', "{not json"):
        bad = tmp_path / "bad.json"
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(ValidationError) as refused:
            read_mapping(bad)
        assert refused.value.code == "import_mapping_unreadable"
