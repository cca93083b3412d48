"""A line of the person's file in words: what it is, and its details as this role reads them."""

from __future__ import annotations

from clinic.care.vocabulary import ConsultationKind
from clinic.care.words import (
    CONSULTATION_KINDS,
    PATHWAY_KINDS,
    PATHWAY_STAGES,
    REFERRAL_OUTCOMES,
    SERVICE_KINDS,
    TEST_RESULTS,
    URGENCIES,
)
from clinic.desk.vocabulary import QueueState
from clinic.desk.words import STATES, reasons_text
from clinic.i18n.translator import N_, Translator
from clinic.outreach.vocabulary import Action
from clinic.outreach.words import ACTIONS
from clinic.person_file.sessions_met import OutreachLine
from clinic.person_file.timeline import (
    ConsultationLine,
    DoseLine,
    Entry,
    EntryType,
    MaterialLine,
    PathwayLine,
    ReferralLine,
    TestLine,
    VisitLine,
)
from clinic.vaccinations.words import vaccine_group_text

TYPES = {
    EntryType.VISIT: N_("Visit"),
    EntryType.TEST: N_("Rapid test"),
    EntryType.DOSE: N_("Vaccination"),
    EntryType.REFERRAL: N_("Referral"),
    EntryType.PATHWAY: N_("Pathway"),
    EntryType.MATERIAL: N_("Material"),
    EntryType.STREET: N_("Met in the street"),
    EntryType.GROUP: N_("Group information session"),
}
SEP = "  ·  "


def type_text(t: Translator, kind: EntryType) -> str:
    if kind in TYPES:
        return t.gettext(TYPES[kind])
    return t.gettext(CONSULTATION_KINDS[ConsultationKind(kind.value)])


def details_text(t: Translator, entry: Entry) -> str:
    """The line's details; a neutral line has none, a line struck out says so first."""
    line = entry.content
    if line is None:
        return ""
    text = _details(t, line)
    if entry.in_error:
        words = t.gettext("Entered in error")
        return f"{words}{SEP}{text}"
    return text


def _details(
    t: Translator,
    line: VisitLine
    | ConsultationLine
    | TestLine
    | DoseLine
    | ReferralLine
    | PathwayLine
    | MaterialLine
    | OutreachLine,
) -> str:
    if isinstance(line, VisitLine):
        parts = [reasons_text(t, line.reasons)]
        if line.state is QueueState.LEFT:
            parts.append(t.gettext(STATES[line.state]))
        return SEP.join(parts)
    if isinstance(line, ConsultationLine):
        return _consultation(t, line)
    if isinstance(line, TestLine):
        return t.format(
            t.gettext("{test}: {result}"),
            test=line.kind.text(t),
            result=t.gettext(TEST_RESULTS[line.result]),
        )
    if isinstance(line, DoseLine):
        group = vaccine_group_text(t, line.vaccine_group)
        if line.refused:
            words = t.gettext("Refused")
            return f"{group}{SEP}{words}"
        parts = [group, line.product or ""]
        if line.dose_number:
            parts.append(t.format(t.gettext("dose {n}"), n=line.dose_number))
        return SEP.join(p for p in parts if p)
    if isinstance(line, ReferralLine):
        return _referral(t, line)
    if isinstance(line, MaterialLine):
        return _material(t, line)
    if isinstance(line, OutreachLine):
        return _met(t, line)
    return _pathway(t, line)


def _met(t: Translator, line: OutreachLine) -> str:
    """ "Stazione Centrale  ·  Information, Material  ·  asked for an interview"."""
    parts = [line.place.text(t) if line.place else ""]
    parts.append(", ".join(t.gettext(ACTIONS[a]) for a in Action if a in line.actions))
    if line.asked_interview:
        parts.append(t.gettext("asked for an interview"))
    return SEP.join(p for p in parts if p)


def _material(t: Translator, line: MaterialLine) -> str:
    """ "Condom × 10, Lubricant sachet × 2" (and that a limit was passed, if it was)."""
    text = ", ".join(
        t.format(t.gettext("{item} × {n}"), item=item.name(t), n=t.number(n))
        for item, n in line.items
    )
    if line.overridden:
        past = t.gettext("past a limit or the stock")
        return f"{text}{SEP}{past}"
    return text


def _consultation(t: Translator, line: ConsultationLine) -> str:
    parts = [", ".join(item.text(t) for item in line.items)]
    if line.duration_min:
        parts.append(t.format(t.gettext("{n} min"), n=line.duration_min))
    if line.mediator:
        language = (
            t.language_name(line.mediator_language, in_sentence=True)
            if line.mediator_language
            else ""
        )
        parts.append(t.format(t.gettext("mediator {language}"), language=language).strip())
    first = line.excerpt.strip().split("\n", 1)[0]
    parts.append(first)
    if line.addenda:
        parts.append(
            t.format(t.ngettext("{n} addendum", "{n} addenda", line.addenda), n=line.addenda)
        )
    return SEP.join(p for p in parts if p)


def _referral(t: Translator, line: ReferralLine) -> str:
    parts = [
        f"{line.service} ({t.gettext(SERVICE_KINDS[line.service_kind])})",
        t.gettext(URGENCIES[line.urgency]),
    ]
    if line.outcome is None:
        parts.append(t.gettext("no outcome yet"))
    else:
        parts.append(
            f"{t.gettext(REFERRAL_OUTCOMES[line.outcome])} {t.short_date(line.outcome_on)}".strip()
        )
    return SEP.join(parts)


def _pathway(t: Translator, line: PathwayLine) -> str:
    kind = t.gettext(PATHWAY_KINDS[line.kind])
    if line.stage is None:
        words = t.gettext("Closed")
        return f"{kind}{SEP}{words}"
    return f"{kind}{SEP}{t.gettext(PATHWAY_STAGES[line.stage])}"
