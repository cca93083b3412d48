"""What a person reads about a refused row of a file: a spreadsheet offers no list to choose
from, so an unknown gender is answered with the values the column takes."""

from __future__ import annotations

from clinic.common.errors import ErrorCode, FieldError
from clinic.i18n.translator import Translator
from clinic.imports.columns import Columns
from clinic.imports.rows import RowProblem
from clinic.imports.words import problem_text


def test_an_unknown_gender_names_the_values_the_column_takes():
    columns = Columns("persons", {"gender": 2}, {"gender": "Genere"}, ())
    problem = RowProblem(7, "gender", FieldError(ErrorCode.UNKNOWN_CHOICE, "gender"))
    text = problem_text(Translator("it"), columns, problem)
    assert text.startswith("Riga 7, colonna «Genere»: Scrivi uno di questi: woman, man,")
    assert "trans_woman" in text
    assert "not_stated" in text
