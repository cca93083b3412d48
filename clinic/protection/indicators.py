"""The ILO–European Commission operational indicators of trafficking of adults for sexual
exploitation, and the ILO's rule for combining them.

Source: International Labour Office and European Commission, *Operational indicators of
trafficking in human beings. Results from a Delphi survey implemented by the ILO and the
European Commission*, first published March 2009, revised September 2009 (ILO WCMS_105023):
https://www.ilo.org/sites/default/files/wcmsp5/groups/public/@ed_norm/@declaration/documents/publication/wcms_105023.pdf
Its four lists (adults and children, labour and sexual exploitation) follow the six elements of
the Palermo Protocol's definition of trafficking; within each element the Delphi panel rated
every indicator strong, medium or weak.

The rule for one dimension (brochure p. 3): its assessment is positive with at least two strong
indicators, or one strong and one medium or weak, or three medium, or two medium and one weak.
The rule across dimensions: an adult is a possible victim when a recruitment dimension
(deceptive, coercive or by abuse of vulnerability), exploitation, and coercion or abuse of
vulnerability at destination are all positive - the three elements of adult trafficking (act
and means, purpose, means kept up at destination). Soglia shows both as a help; the interviewer
records the conclusion.

What could not be checked: the brochure itself was not readable from here, neither its table
"Trafficking of adults for sexual exploitation" nor its page 3. The rule for one dimension is
quoted, with that page, by a public secondary reference (the GitHub document "Unified Weighted
Trafficking-Indicator Reference - Migrant-Worker Forced Labour", citing WCMS_105023 and
WCMS_105035); the rule across dimensions is issue 12's reading of the brochure. The indicators,
their dimensions and wording follow the ILO's adult list as that reference reproduces it (the
counts per dimension, 10, 10, 16, 9, 15 and 7, agree with Seafish's summary of the ILO lists).
It gives the strengths of the *labour* list; the two differences it states for sexual
exploitation are applied here: "Forced tasks or clients" is strong, and exploitation has no
strong indicator ("Excessive working days or hours", strong for labour, is medium here). Every
strength must be checked against the brochure's table before the interview is used in earnest;
the codes do not depend on the strengths.

Codes are stored for good: a short dimension prefix, a dot, a few words. Within a dimension the
order is strong, then medium, then weak, each alphabetical (the brochure's layout as far as it
could be told, not checked either).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from clinic.i18n.translator import N_


class Dimension(StrEnum):
    """The six elements of trafficking the ILO lists are built on (Palermo Protocol, art. 3)."""

    DECEPTIVE_RECRUITMENT = "deceptive_recruitment"
    COERCIVE_RECRUITMENT = "coercive_recruitment"
    VULNERABLE_RECRUITMENT = "vulnerable_recruitment"
    EXPLOITATION = "exploitation"
    COERCION = "coercion"
    VULNERABILITY = "vulnerability"


class Strength(StrEnum):
    """How strongly the Delphi panel judged an indicator to point to trafficking."""

    STRONG = "strong"
    MEDIUM = "medium"
    WEAK = "weak"


@dataclass(frozen=True)
class Indicator:
    """One indicator: `code` is what is stored, `text` (marked, untranslated) what is shown."""

    code: str
    dimension: Dimension
    strength: Strength
    text: str


DIMENSIONS: Mapping[Dimension, str] = MappingProxyType(
    {
        Dimension.DECEPTIVE_RECRUITMENT: N_("Deceptive recruitment"),
        Dimension.COERCIVE_RECRUITMENT: N_("Coercive recruitment"),
        Dimension.VULNERABLE_RECRUITMENT: N_("Recruitment by abuse of vulnerability"),
        Dimension.EXPLOITATION: N_("Exploitation"),
        Dimension.COERCION: N_("Coercion at destination"),
        Dimension.VULNERABILITY: N_("Abuse of vulnerability at destination"),
    }
)

STRENGTHS: Mapping[Strength, str] = MappingProxyType(
    {
        Strength.STRONG: N_("strong"),
        Strength.MEDIUM: N_("medium"),
        Strength.WEAK: N_("weak"),
    }
)

_RECRUITMENT = frozenset(
    {
        Dimension.DECEPTIVE_RECRUITMENT,
        Dimension.COERCIVE_RECRUITMENT,
        Dimension.VULNERABLE_RECRUITMENT,
    }
)
_AT_DESTINATION = frozenset({Dimension.COERCION, Dimension.VULNERABILITY})

_S, _M, _W = Strength.STRONG, Strength.MEDIUM, Strength.WEAK


def _rows(dimension: Dimension, *rows: tuple[str, Strength, str]) -> tuple[Indicator, ...]:
    return tuple(Indicator(code, dimension, strength, text) for code, strength, text in rows)


INDICATORS: tuple[Indicator, ...] = (
    *_rows(
        Dimension.DECEPTIVE_RECRUITMENT,
        ("dr.nature_of_job", _S, N_("Deceived about the nature of the job, location or employer")),
        ("dr.conditions_of_work", _M, N_("Deceived about conditions of work")),
        ("dr.work_contract", _M, N_("Deceived about content or legality of work contract")),
        ("dr.family_reunification", _M, N_("Deceived about family reunification")),
        ("dr.housing", _M, N_("Deceived about housing and living conditions")),
        (
            "dr.legal_documents",
            _M,
            N_("Deceived about legal documentation or obtaining legal migration status"),
        ),
        ("dr.travel_and_recruitment", _M, N_("Deceived about travel and recruitment conditions")),
        ("dr.wages", _M, N_("Deceived about wages/earnings")),
        ("dr.marriage_or_adoption", _M, N_("Deceived through promises of marriage or adoption")),
        ("dr.education", _W, N_("Deceived about access to education opportunities")),
    ),
    *_rows(
        Dimension.COERCIVE_RECRUITMENT,
        ("cr.violence", _S, N_("Violence on victims")),
        (
            "cr.abduction_marriage_adoption_sale",
            _M,
            N_("Abduction, forced marriage, forced adoption or selling of victim"),
        ),
        ("cr.document_confiscation", _M, N_("Confiscation of documents")),
        ("cr.debt_bondage", _M, N_("Debt bondage")),
        ("cr.isolation_confinement_surveillance", _M, N_("Isolation, confinement or surveillance")),
        ("cr.threat_of_denunciation", _M, N_("Threat of denunciation to authorities")),
        ("cr.threats_of_violence", _M, N_("Threats of violence against victim")),
        ("cr.threat_to_inform_family", _M, N_("Threats to inform family, community or public")),
        ("cr.violence_on_family", _M, N_("Violence on family (threats or effective)")),
        ("cr.withholding_money", _M, N_("Withholding of money")),
    ),
    *_rows(
        Dimension.VULNERABLE_RECRUITMENT,
        ("vr.difficult_family_situation", _M, N_("Abuse of difficult family situation")),
        ("vr.illegal_status", _M, N_("Abuse of illegal status")),
        ("vr.lack_of_education", _M, N_("Abuse of lack of education (language)")),
        ("vr.lack_of_information", _M, N_("Abuse of lack of information")),
        ("vr.control_by_exploiters", _M, N_("Control of exploiters")),
        ("vr.difficulties_in_the_past", _M, N_("Difficulties in the past")),
        ("vr.difficulty_organising_travel", _M, N_("Difficulty to organise the travel")),
        ("vr.economic_reasons", _M, N_("Economic reasons")),
        (
            "vr.false_info_on_law_and_authorities",
            _M,
            N_("False information about law, attitude of authorities"),
        ),
        ("vr.false_info_on_migration", _M, N_("False information about successful migration")),
        ("vr.family_situation", _M, N_("Family situation")),
        ("vr.personal_situation", _M, N_("Personal situation")),
        ("vr.emotional_dependency", _M, N_("Psychological and emotional dependency")),
        ("vr.relationship_with_authorities", _M, N_("Relationship with authorities/legal status")),
        ("vr.cultural_religious_beliefs", _W, N_("Abuse of cultural/religious beliefs")),
        ("vr.general_context", _W, N_("General context")),
    ),
    *_rows(
        Dimension.EXPLOITATION,
        ("ex.bad_living_conditions", _M, N_("Bad living conditions")),
        ("ex.excessive_hours", _M, N_("Excessive working days or hours")),
        ("ex.hazardous_work", _M, N_("Hazardous work")),
        ("ex.low_or_no_pay", _M, N_("Low or no salary")),
        (
            "ex.labour_law_or_contract_ignored",
            _M,
            N_("No respect of labour laws or contract signed"),
        ),
        (
            "ex.no_social_protection",
            _M,
            N_("No social protection (contract, social insurance, etc.)"),
        ),
        ("ex.very_bad_working_conditions", _M, N_("Very bad working conditions")),
        ("ex.wage_manipulation", _M, N_("Wage manipulation")),
        ("ex.no_access_to_education", _W, N_("No access to education")),
    ),
    *_rows(
        Dimension.COERCION,
        ("co.document_confiscation", _S, N_("Confiscation of documents")),
        ("co.debt_bondage", _S, N_("Debt bondage")),
        ("co.forced_tasks_or_clients", _S, N_("Forced tasks or clients")),
        ("co.isolation_confinement_surveillance", _S, N_("Isolation, confinement or surveillance")),
        ("co.violence", _S, N_("Violence on victims")),
        ("co.forced_into_criminal_activities", _M, N_("Forced into illicit/criminal activities")),
        ("co.forced_to_act_against_peers", _M, N_("Forced to act against peers")),
        ("co.forced_to_lie", _M, N_("Forced to lie to authorities, family, etc.")),
        ("co.threat_of_denunciation", _M, N_("Threat of denunciation to authorities")),
        ("co.threat_of_worse_conditions", _M, N_("Threat to impose even worse working conditions")),
        ("co.threats_of_violence", _M, N_("Threats of violence against victim")),
        ("co.under_strong_influence", _M, N_("Under strong influence")),
        ("co.violence_on_family", _M, N_("Violence on family (threats or effective)")),
        ("co.withholding_wages", _M, N_("Withholding of wages")),
        ("co.threat_to_inform_family", _W, N_("Threats to inform family, community or public")),
    ),
    *_rows(
        Dimension.VULNERABILITY,
        ("vu.dependency_on_exploiters", _M, N_("Dependency on exploiters")),
        ("vu.unknown_area", _M, N_("Difficulty to live in an unknown area")),
        ("vu.economic_reasons", _M, N_("Economic reasons")),
        ("vu.family_situation", _M, N_("Family situation")),
        ("vu.relationship_with_authorities", _M, N_("Relationship with authorities/legal status")),
        ("vu.difficulties_in_the_past", _W, N_("Difficulties in the past")),
        ("vu.personal_characteristics", _W, N_("Personal characteristics")),
    ),
)

BY_CODE: Mapping[str, Indicator] = MappingProxyType({i.code: i for i in INDICATORS})


def dimensions_met(codes: Iterable[str]) -> frozenset[Dimension]:
    """The dimensions whose assessment is positive under the ILO's rule, from the codes of the
    indicators marked. A code marked twice counts once; an unknown code is a bug upstream (the
    form offers only these codes), so it raises `ValueError` rather than being ignored.
    """
    counts: dict[Dimension, Counter[Strength]] = {d: Counter() for d in Dimension}
    for indicator in {_known(code) for code in codes}:
        counts[indicator.dimension][indicator.strength] += 1
    return frozenset(d for d, count in counts.items() if _positive(count))


def possible_victim(met: Iterable[Dimension]) -> bool:
    """Whether the dimensions met make an adult a possible victim under the ILO's rule: a
    recruitment dimension, exploitation, and coercion or abuse of vulnerability at destination.
    """
    positive = frozenset(met)
    return (
        bool(positive & _RECRUITMENT)
        and Dimension.EXPLOITATION in positive
        and bool(positive & _AT_DESTINATION)
    )


def _known(code: str) -> Indicator:
    try:
        return BY_CODE[code]
    except KeyError:
        raise ValueError(f"unknown ILO indicator code: {code!r}") from None


def _positive(count: Counter[Strength]) -> bool:
    strong, medium, weak = count[_S], count[_M], count[_W]
    return (
        strong >= 2
        or (strong >= 1 and medium + weak >= 1)
        or medium >= 3
        or (medium >= 2 and weak >= 1)
    )
