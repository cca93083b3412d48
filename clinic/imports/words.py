"""What an import says back, in the reader's language: how the file was read, each row
refused (its line, its column as the file names it, why), and what was done."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from clinic.common.errors import ErrorCode
from clinic.i18n.messages import error_text
from clinic.i18n.translator import N_, Translator
from clinic.imports.columns import Columns
from clinic.imports.rows import ImportOutcome, RowProblem
from clinic.imports.sheet import ReadAs
from clinic.registry.vocabulary import Gender

ENCODINGS: Mapping[str, str] = {
    "utf-8": N_("UTF-8"),
    "utf-8-sig": N_("UTF-8 with a byte-order mark"),
    "utf-16": N_("UTF-16 (Excel's Unicode text)"),
    "cp1252": N_("Windows-1252 (Excel on a western European Windows)"),
}
DELIMITERS: Mapping[str, str] = {
    ";": N_("semicolons"),
    ",": N_("commas"),
    "\t": N_("tabs"),
}


def report_lines(
    t: Translator, read_as: ReadAs, columns: Columns, outcome: ImportOutcome
) -> Iterator[str]:
    """How the file was read, the columns left out, each row refused, then the counts."""
    yield read_as_text(t, read_as)
    if columns.ignored:
        yield t.format(N_("Columns not imported: {columns}."), columns=", ".join(columns.ignored))
    for problem in outcome.problems:
        yield problem_text(t, columns, problem)
    yield summary_text(t, outcome)


def read_as_text(t: Translator, read_as: ReadAs) -> str:
    if read_as.kind == "xlsx":
        return t.gettext(N_("Read as an Excel workbook (its first sheet)."))
    return t.format(
        N_("Read as CSV text in {encoding}, the columns separated by {separator}."),
        encoding=t.gettext(ENCODINGS[read_as.encoding or "utf-8"]),
        separator=t.gettext(DELIMITERS[read_as.delimiter or ","]),
    )


def problem_text(t: Translator, columns: Columns, problem: RowProblem) -> str:
    reason = error_text(t, problem.error)
    if problem.field == "gender" and problem.error.code is ErrorCode.UNKNOWN_CHOICE:
        # The desk says "choose one of the options offered"; a file offers none: say them.
        reason = t.format(N_("Write one of: {values}."), values=", ".join(g.value for g in Gender))
    if problem.field is None:
        return t.format(N_("Line {line}: {reason}"), line=problem.line, reason=reason)
    return t.format(
        N_("Line {line}, column “{column}”: {reason}"),
        line=problem.line,
        column=columns.header(problem.field),
        reason=reason,
    )


def summary_text(t: Translator, outcome: ImportOutcome) -> str:
    counts = {
        "new": t.number(outcome.new),
        "existing": t.number(outcome.existing),
        "refused": t.number(outcome.refused),
    }
    if outcome.written:
        return t.format(
            N_("Imported. New: {new}; already there: {existing}; refused: {refused}."), **counts
        )
    return t.format(
        # Translators: counts as labels ("New: 1"), so that no noun has to agree with a number.
        N_("Dry run, nothing written. New: {new}; already there: {existing}; refused: {refused}."),
        **counts,
    )
