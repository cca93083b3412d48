"""The columns Soglia imports, as its templates name them, and how a file's columns reach them.

Each field has the template's name (also its key in a mapping), an example for the template's
second row, and the names other spreadsheets give it in English, Italian, French and German,
for `clinic.imports.mapping.suggest_mapping`. A file's own columns go to fields through a
mapping `{their column: field}`; without one, columns are matched by the template's names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from clinic.common.errors import ErrorCode, ValidationError
from clinic.common.text import search_key


class ImportKind(StrEnum):
    PERSONS = "persons"
    CONTACTS = "contacts"


@dataclass(frozen=True)
class Field:
    name: str  # the template's column, and the field a mapping names
    example: str
    names: tuple[str, ...]  # what other files call it (en, it, fr, de)


_CODE = Field(
    "code",
    "OSIAR230519852",
    ("code", "pseudonym", "slk", "slk581", "slk 581", "codice", "codice utente", "code usager",
     "pseudonyme", "kennung", "kürzel", "kodierung", "klientencode"),
)  # fmt: skip

PERSON_FIELDS: tuple[Field, ...] = (
    _CODE,
    Field(
        "family_name",
        "",
        ("family name", "surname", "last name", "cognome", "nom", "nom de famille",
         "nachname", "familienname"),
    ),
    Field("given_name", "", ("given name", "first name", "nome", "prénom", "vorname")),
    Field(
        "birth",
        "1985-05-23",
        ("birth", "birth date", "date of birth", "dob", "birth year", "year of birth", "born",
         "nascita", "data di nascita", "anno di nascita", "naissance", "date de naissance",
         "année de naissance", "geburt", "geburtsdatum", "geburtsjahr", "geboren"),
    ),
    Field("gender", "woman", ("gender", "sex", "genere", "sesso", "genre", "sexe", "geschlecht")),
    Field(
        "country",
        "RO",
        ("country", "country of origin", "origin", "nationality", "paese", "paese di origine",
         "provenienza", "nazionalità", "origine", "pays", "pays d'origine", "nationalité",
         "land", "herkunft", "herkunftsland", "nationalität", "staatsangehörigkeit"),
    ),
    Field(
        "first_contact",
        "2019-04-02",
        ("first contact", "first visit", "first seen", "primo contatto", "prima visita",
         "premier contact", "première visite", "erstkontakt", "erster kontakt", "erstbesuch"),
    ),
    Field(
        "languages",
        "ro, it",
        ("languages", "language", "lingue", "lingua", "langues", "langue", "sprachen", "sprache"),
    ),
    Field(
        "work_settings",
        "street",
        ("work settings", "work setting", "setting", "workplace", "place of work",
         "luogo di lavoro", "ambito", "lieu de travail", "arbeitsort", "arbeitsplatz"),
    ),
)  # fmt: skip

CONTACT_FIELDS: tuple[Field, ...] = (
    _CODE,
    Field(
        "date",
        "2024-11-05",
        ("date", "day", "date of contact", "date of visit", "data", "giorno", "data del contatto",
         "data della visita", "jour", "date du contact", "date de visite", "datum", "tag",
         "kontaktdatum", "besuchsdatum"),
    ),
    Field(
        "kind",
        "visit",
        ("kind", "type", "contact type", "kind of contact", "tipo", "tipo di contatto",
         "type de contact", "art", "kontaktart"),
    ),
    Field("time", "14:30",
          ("time", "arrival", "hour", "ora", "orario", "heure", "uhrzeit", "zeit")),
    Field("zone", "",
          ("zone", "area", "route", "zona", "quartiere", "secteur", "gebiet", "bezirk")),
    Field(
        "shift",
        "",
        ("shift", "day or night", "day/night", "turno", "giorno o notte", "giorno/notte",
         "jour ou nuit", "jour/nuit", "schicht", "tag oder nacht", "tag/nacht"),
    ),
)  # fmt: skip

FIELDS: Mapping[ImportKind, tuple[Field, ...]] = {
    ImportKind.PERSONS: PERSON_FIELDS,
    ImportKind.CONTACTS: CONTACT_FIELDS,
}

# Columns a file must have (any one of the sets): a person needs a code, or the names that
# make it, and a first contact; a contact its person, day and kind.
REQUIRED: Mapping[ImportKind, tuple[frozenset[str], ...]] = {
    ImportKind.PERSONS: (
        frozenset({"code", "first_contact"}),
        frozenset({"family_name", "given_name", "first_contact"}),
    ),
    ImportKind.CONTACTS: (frozenset({"code", "date", "kind"}),),
}


@dataclass(frozen=True)
class Columns:
    """Where each field is in a file's rows, and under which of its headers."""

    kind: ImportKind
    index: Mapping[str, int]  # field: position in the row
    headers: Mapping[str, str]  # field: the file's name for its column
    ignored: tuple[str, ...]  # the file's columns that go to no field

    def header(self, field: str | None) -> str:
        """The file's column for `field`, to name it in a message (the field if unmapped)."""
        return self.headers.get(field or "", field or "")


def template_columns(
    headers: Sequence[str], kind: ImportKind, mapping: Mapping[str, str] | None = None
) -> Columns:
    """The fields found in `headers`, through `mapping` or by the template's names; refuses
    (ValidationError) a column named twice, a mapping that does not fit, missing columns."""
    _refuse_twice(headers)
    chosen = (
        _checked_mapping(headers, kind, mapping) if mapping is not None else _by_name(headers, kind)
    )
    present = set(chosen.values())
    needed = REQUIRED[kind]
    if not any(group <= present for group in needed):
        closest = min(needed, key=lambda group: (len(group - present), -len(group & present)))
        missing = sorted(closest - present)
        raise ValidationError.single(
            ErrorCode.IMPORT_COLUMNS_MISSING, None, fields=", ".join(missing)
        )
    index = {field: headers.index(column) for column, field in chosen.items()}
    ignored = tuple(h for h in headers if h.strip() and h not in chosen)
    return Columns(kind, index, {f: c for c, f in chosen.items()}, ignored)


def _refuse_twice(headers: Sequence[str]) -> None:
    seen: set[str] = set()
    for header in headers:
        if header.strip() and header in seen:
            raise ValidationError.single(ErrorCode.IMPORT_COLUMN_TWICE, None, column=header)
        seen.add(header)


def _by_name(headers: Sequence[str], kind: ImportKind) -> dict[str, str]:
    names = {field.name: field.name for field in FIELDS[kind]}
    found: dict[str, str] = {}
    for header in headers:
        field = names.get(search_key(header).strip().replace(" ", "_"))
        if field is not None and field not in found.values():
            found[header] = field
    return found


def _checked_mapping(
    headers: Sequence[str], kind: ImportKind, mapping: Mapping[str, str]
) -> dict[str, str]:
    fields = [field.name for field in FIELDS[kind]]
    taken: set[str] = set()
    for column, field in mapping.items():
        if field not in fields:
            raise ValidationError.single(
                ErrorCode.IMPORT_MAPPING_FIELD, None, name=field, fields=", ".join(fields)
            )
        if column not in headers:
            raise ValidationError.single(ErrorCode.IMPORT_MAPPING_COLUMN, None, column=column)
        if field in taken:
            raise ValidationError.single(ErrorCode.IMPORT_MAPPING_TWICE, None, name=field)
        taken.add(field)
    return dict(mapping)
