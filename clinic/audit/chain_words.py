"""The audit chain's check in words, the same at the command line and on the coordinator's screen.

Rows are named by their ids, the only thing left of rows that were deleted: "the last 5 rows are
missing: rows 1201–1205 were recorded, the trail ends at row 1200".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from clinic.audit.anchor import FILE_NAME
from clinic.audit.chain import ChainBreak, ChainReport, Finding
from clinic.i18n.translator import N_, Translator

_SINGLE = {
    Finding.EDITED: N_("Row {first} was changed after it was written."),
    Finding.END_CHANGED: N_(
        "Row {first} is not the row recorded as the end of the trail: the last rows were "
        "replaced, or rows were added outside Soglia."
    ),
    Finding.END_UNKNOWN: N_(
        "The record of where the trail ends was deleted: rows after row {first} may have been "
        "deleted with it."
    ),
    Finding.ANCHOR_INVALID: N_(
        "The anchor file {file} was changed or damaged, so the end of the trail could not be "
        "checked against it."
    ),
}


def report_lines(t: Translator, report: ChainReport, zone: dt.tzinfo) -> list[str]:
    """A first line saying whether the trail holds, then one line per break."""
    if report.intact:
        return [_intact(t, report)]
    first = t.gettext("The audit trail does not hold. Keep this database as it is.")
    return [first, *(break_text(t, found, zone) for found in report.breaks)]


def trail_warning(t: Translator, breaks: Sequence[ChainBreak], zone: dt.tzinfo) -> str:
    """What a coordinator is told at login about breaks written down since their last one."""
    first = t.gettext("Soglia found the audit trail broken and wrote it down in the trail itself:")
    last = t.gettext(
        "Keep this database as it is. Administration, Audit trail, Check the chain shows the "
        "state of the whole trail."
    )
    return "\n\n".join([first, *(break_text(t, found, zone) for found in breaks), last])


def _intact(t: Translator, report: ChainReport) -> str:
    text = t.ngettext(
        "The audit trail is intact: {n} row, each as it was written.",
        "The audit trail is intact: {n} rows, each as it was written.",
        report.rows,
    ).format(n=report.rows)
    if not report.anchors:
        return text
    anchors = t.ngettext(
        "Its end agrees with the anchor kept outside the database.",
        "Its end agrees with all {n} anchors kept outside the database.",
        report.anchors,
    ).format(n=report.anchors)
    return f"{text} {anchors}"


def break_text(t: Translator, found: ChainBreak, zone: dt.tzinfo) -> str:
    """One break: what is wrong, where the claim comes from, and when Soglia wrote it down."""
    parts = [what_text(t, found)]
    if found.source is not None and found.finding is not Finding.ANCHOR_INVALID:
        known = N_("This is known from {file}, kept outside the database.")
        parts.append(t.format(known, file=found.source))
    if found.noted_at is not None:
        parts.append(
            t.format(
                N_("Soglia found this on {when} and wrote it down in row {row}."),
                when=t.datetime(found.noted_at, zone),
                row=found.noted_row,
            )
        )
    return " ".join(parts)


def what_text(t: Translator, found: ChainBreak) -> str:
    """What is wrong, without when or how it is known (the audit screen's details)."""
    last = found.last if found.last is not None else found.first
    count = last - found.first + 1
    values = {"first": found.first, "last": last, "count": count, "end": found.first - 1}
    if found.finding is Finding.MISSING:
        return t.ngettext(
            "Row {first} was deleted.", "Rows {first}–{last} were deleted.", count
        ).format(**values)
    if found.finding is Finding.TAIL_CUT:
        return _cut_text(t, found.first == 1, found.noted_row is not None, count).format(**values)
    return t.format(_SINGLE[found.finding], first=found.first, file=found.source or FILE_NAME)


def _cut_text(t: Translator, every_row: bool, noted: bool, count: int) -> str:
    """The words for rows cut from the end: now, or as Soglia found them earlier (`noted`)."""
    if every_row and noted:
        return t.ngettext(
            "Every row had been deleted: row {first} was recorded, the trail was empty.",
            "Every row had been deleted: rows {first}–{last} were recorded, the trail was empty.",
            count,
        )
    if every_row:
        return t.ngettext(
            "Every row is missing: row {first} was recorded, the trail is empty.",
            "Every row is missing: rows {first}–{last} were recorded, the trail is empty.",
            count,
        )
    if noted:
        return t.ngettext(
            "The last row had been deleted: row {first} was recorded, the trail ended at "
            "row {end}.",
            "The last {count} rows had been deleted: rows {first}–{last} were recorded, the "
            "trail ended at row {end}.",
            count,
        )
    return t.ngettext(
        "The last row is missing: row {first} was recorded, the trail ends at row {end}.",
        "The last {count} rows are missing: rows {first}–{last} were recorded, the trail ends "
        "at row {end}.",
        count,
    )
