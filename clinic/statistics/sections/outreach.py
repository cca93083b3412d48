"""Street work and group information sessions (issue 14's figures, `outreach_figures`): outings
by day and night, contacts known and anonymous, the persons met and how many are new; group
sessions, their participants and the interview requests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from clinic.i18n.translator import N_, Translator
from clinic.outreach.regions import region_name
from clinic.outreach.words import SHIFTS, TALLY_GENDER_WORDS
from clinic.registry.words import GENDERS
from clinic.statistics.outreach_figures import OutreachFigures, figures_of
from clinic.statistics.scope import Scope
from clinic.statistics.sections.counting import table, word_lines
from clinic.statistics.tables import Chart, Line, Section, Table, breakdown
from db.vocabulary.outreach import Region, Shift
from db.vocabulary.registry import Gender

STREET = N_("Street work")
HEADLINE = N_("Outings, contacts and persons met")
HEADLINE_DEFINITION = N_(
    "Street outings in the period (an outing belongs to the day it started); contacts are"
    " the registered persons met at each outing plus the anonymous contacts counted on the"
    " sheet; persons are the distinct registered persons met, new when their first contact"
    " of any kind, ever, is in the period. Anonymous contacts are never counted as persons."
)
OUTINGS, CONTACTS, PERSONS, NEW = N_("Outings"), N_("Contacts"), N_("Persons met"), N_("New")
BY_SHIFT = N_("Outings by day and night")
BY_SHIFT_DEFINITION = N_("Street outings by the clinic's night hours at their start.")
BY_KIND = N_("Street contacts, known and anonymous")
BY_KIND_DEFINITION = N_(
    "Contacts with a registered person (one per person per outing) and anonymous contacts."
)
KNOWN, ANONYMOUS = N_("With a record"), N_("Anonymous")
PERSONS_BY_GENDER = N_("Persons met in the street by gender")
PERSONS_BY_GENDER_DEFINITION = N_("The distinct registered persons met, by gender as recorded.")
ANONYMOUS_BY_GENDER = N_("Anonymous contacts by gender")
ANONYMOUS_BY_GENDER_DEFINITION = N_("Contacts without a record, by gender as the team saw it.")
ANONYMOUS_BY_REGION = N_("Anonymous contacts by region of origin")
ANONYMOUS_BY_REGION_DEFINITION = N_(
    "Contacts without a record, by the world region the team noted (UN M49)."
)

GROUPS = N_("Group information sessions")
GROUPS_HEADLINE = N_("Sessions, participants and interview requests")
GROUPS_DEFINITION = N_(
    "Group sessions in the period; participants are those counted on the sheet plus the"
    " registered persons linked to the session; interview requests as the sheet counts them."
)
SESSIONS, PARTICIPANTS, REQUESTS = (
    N_("Sessions"),
    N_("Participants"),
    N_("Requests for an individual interview"),
)
GROUP_BY_GENDER = N_("Participants by gender")
GROUP_BY_GENDER_DEFINITION = N_("Participants of group sessions, by gender.")
GROUP_BY_REGION = N_("Participants by region of origin")
GROUP_BY_REGION_DEFINITION = N_("Participants of group sessions, by world region (UN M49).")


def sections(scope: Scope) -> tuple[Section, Section]:
    """Street work, then group sessions: two sections of the report from one reading."""
    now = figures_of(scope.session, scope.clock, scope.period)
    before = figures_of(scope.session, scope.clock, scope.previous)
    t = scope.t
    street = Section("outreach", t.gettext(STREET), _street(t, now, before))
    groups = Section("groups", t.gettext(GROUPS), _groups(t, now, before))
    return street, groups


def _street(t: Translator, now: OutreachFigures, before: OutreachFigures) -> tuple[Table, ...]:
    def headline(f: OutreachFigures) -> dict[str, int]:
        s = f.street
        return {"outings": s.outings, "contacts": s.contacts, "persons": s.known.persons}

    def kinds(f: OutreachFigures) -> dict[str, int]:
        return {"known": f.street.known_contacts, "anonymous": f.street.anonymous.contacts}

    def new(f: OutreachFigures) -> dict[str, int]:
        return {"new": f.street.known.new, "returning": f.street.known.returning}

    genders = tuple(Line(g.value, t.gettext(GENDERS[g])) for g in Gender)
    tally_genders = _tally_genders(t)
    return (
        _table(
            t,
            ("outreach", HEADLINE, HEADLINE_DEFINITION),
            (("outings", OUTINGS), ("contacts", CONTACTS), ("persons", PERSONS)),
            headline(now),
            headline(before),
        ),
        _table(
            t,
            ("outreach.by_shift", BY_SHIFT, BY_SHIFT_DEFINITION),
            tuple((s.value, SHIFTS[s]) for s in Shift),
            _keyed(now.street.outings_by_shift),
            _keyed(before.street.outings_by_shift),
            total_key="outreach.outings",
        ),
        _table(
            t,
            ("outreach.contacts_by_kind", BY_KIND, BY_KIND_DEFINITION),
            (("known", KNOWN), ("anonymous", ANONYMOUS)),
            kinds(now),
            kinds(before),
            total_key="outreach.contacts",
        ),
        _table(
            t,
            ("outreach.persons_new", PERSONS, HEADLINE_DEFINITION),
            (("new", NEW), ("returning", N_("Returning"))),
            new(now),
            new(before),
            total_key="outreach.persons",
        ),
        breakdown(
            "outreach.persons_by_gender",
            t.gettext(PERSONS_BY_GENDER),
            t.gettext(PERSONS_BY_GENDER_DEFINITION),
            genders,
            _keyed(now.street.known.by_gender),
            _keyed(before.street.known.by_gender),
            whole=True,
            total_key="outreach.persons",
            chart=Chart.BARS,
        ),
        breakdown(
            "outreach.anonymous_by_gender",
            t.gettext(ANONYMOUS_BY_GENDER),
            t.gettext(ANONYMOUS_BY_GENDER_DEFINITION),
            tally_genders,
            _keyed(now.street.anonymous.by_gender),
            _keyed(before.street.anonymous.by_gender),
            whole=True,
            chart=Chart.BARS,
        ),
        breakdown(
            "outreach.anonymous_by_region",
            t.gettext(ANONYMOUS_BY_REGION),
            t.gettext(ANONYMOUS_BY_REGION_DEFINITION),
            tuple(Line(r.value, region_name(t, r)) for r in Region),
            _keyed(now.street.anonymous.by_region),
            _keyed(before.street.anonymous.by_region),
            whole=True,
        ),
    )


def _groups(t: Translator, now: OutreachFigures, before: OutreachFigures) -> tuple[Table, ...]:
    def headline(f: OutreachFigures) -> dict[str, int]:
        g = f.groups
        return {
            "sessions": g.sessions,
            "participants": g.participants,
            "interview_requests": g.interview_requests,
        }

    return (
        _table(
            t,
            ("groups", GROUPS_HEADLINE, GROUPS_DEFINITION),
            (
                ("sessions", SESSIONS),
                ("participants", PARTICIPANTS),
                ("interview_requests", REQUESTS),
            ),
            headline(now),
            headline(before),
        ),
        breakdown(
            "groups.participants_by_gender",
            t.gettext(GROUP_BY_GENDER),
            t.gettext(GROUP_BY_GENDER_DEFINITION),
            _tally_genders(t),
            _keyed(now.groups.by_gender),
            _keyed(before.groups.by_gender),
            whole=True,
            total_key="groups.participants",
            chart=Chart.BARS,
        ),
        breakdown(
            "groups.participants_by_region",
            t.gettext(GROUP_BY_REGION),
            t.gettext(GROUP_BY_REGION_DEFINITION),
            tuple(Line(r.value, region_name(t, r)) for r in Region),
            _keyed(now.groups.by_region),
            _keyed(before.groups.by_region),
            whole=True,
            total_key="groups.participants",
        ),
    )


def _tally_genders(t: Translator) -> tuple[Line, ...]:
    """Every gender, in a tally's words: a sheet counts five, but the persons linked to a group
    are counted by their record's (non-binary, other), and every participant needs a row."""
    return tuple(Line(g.value, t.gettext(TALLY_GENDER_WORDS[g])) for g in Gender)


def _table(
    t: Translator,
    words: tuple[str, str, str],
    rows: Sequence[tuple[str, str]],
    now: Mapping[str, int],
    before: Mapping[str, int],
    total_key: str | None = None,
) -> Table:
    """A small table of named figures; `total_key` makes it whole (its rows split that one)."""
    key, title, definition = words
    return table(
        key,
        (title, definition),
        t,
        word_lines(dict(rows), t),
        (now, before),
        whole=total_key is not None,
        total_key=total_key,
    )


def _keyed(counts: Mapping[Any, int]) -> dict[str, int]:
    """Counts by enum member as counts by its value (the rows' keys)."""
    return {str(getattr(k, "value", k)): n for k, n in counts.items()}
