"""The words shown for the vocabularies of care, and for the entries Soglia's lists start with."""

from __future__ import annotations

from collections.abc import Mapping

from clinic.care.vocabulary import (
    CareList,
    ClosingReason,
    Conclusion,
    ConsultationKind,
    FollowUpNeed,
    PathwayKind,
    PathwayStage,
    ProgrammeOffer,
    ReferralOutcome,
    Referrer,
    ServiceKind,
    TestResult,
    Urgency,
)
from clinic.i18n.translator import N_

CONSULTATION_KINDS: Mapping[ConsultationKind, str] = {
    ConsultationKind.MEDICAL: N_("Medical consultation"),
    ConsultationKind.SOCIAL: N_("Social consultation"),
    ConsultationKind.PSYCHOLOGICAL: N_("Psychological session"),
    ConsultationKind.IDENTIFICATION: N_("Identification interview"),
}
FOLLOW_UPS: Mapping[FollowUpNeed, str] = {
    FollowUpNeed.MEDICAL: N_("Needs medical follow-up"),
    FollowUpNeed.SOCIAL: N_("Needs social follow-up"),
    FollowUpNeed.PSYCHOLOGICAL: N_("Needs psychological follow-up"),
}
CARE_LISTS: Mapping[CareList, str] = {
    CareList.MEDICAL_REASON: N_("Reason"),
    CareList.STI_SYMPTOM: N_("STI symptoms"),
    CareList.CONTRACEPTION: N_("Contraception"),
    CareList.TREATMENT: N_("Treatment given"),
    CareList.SOCIAL_TOPIC: N_("Topics"),
    CareList.SOCIAL_ACTION: N_("Actions taken"),
    CareList.TEST_KIND: N_("Rapid tests"),
    CareList.OUTREACH_ZONE: N_("Street zones and routes"),
    CareList.GROUP_VENUE: N_("Group session venues"),
    CareList.GROUP_TOPIC: N_("Group session topics"),
}
# The entries each list starts with (migration 0011), by their code.
LIST_ENTRIES: Mapping[CareList, Mapping[str, str]] = {
    CareList.MEDICAL_REASON: {
        "sti_screening": N_("STI screening"),
        "sti_symptoms": N_("STI symptoms"),
        "contraception": N_("Contraception"),
        "pregnancy": N_("Pregnancy"),
        "gynaecology": N_("Gynaecological problem"),
        "pep_prep": N_("PEP or PrEP"),
        "wound": N_("Wound or injury"),
        "illness": N_("Illness"),
        "prescription": N_("Prescription"),
        "health_information": N_("Health information"),
    },
    CareList.STI_SYMPTOM: {
        "discharge": N_("Discharge"),
        "ulcer": N_("Genital ulcer"),
        "warts": N_("Warts"),
        "pelvic_pain": N_("Pelvic pain"),
        "dysuria": N_("Pain when urinating"),
        "rash": N_("Rash"),
        "itching": N_("Itching"),
    },
    CareList.CONTRACEPTION: {
        "condom": N_("Condom"),
        "pill": N_("Pill"),
        "injectable": N_("Injectable"),
        "implant": N_("Implant"),
        "iud": N_("IUD"),
        "emergency": N_("Emergency contraception"),
        "none": N_("None"),
    },
    CareList.TREATMENT: {
        "antibiotic": N_("Antibiotic"),
        "antifungal": N_("Antifungal"),
        "antiviral": N_("Antiviral"),
        "analgesic": N_("Painkiller"),
        "dressing": N_("Dressing"),
        "emergency_contraception": N_("Emergency contraception given"),
        "pep": N_("PEP started"),
    },
    CareList.SOCIAL_TOPIC: {
        "housing": N_("Housing"),
        "documents": N_("Documents and residence permit"),
        "health_insurance": N_("Health insurance"),
        "work": N_("Work"),
        "debts": N_("Debts"),
        "violence": N_("Violence"),
        "family": N_("Family"),
        "children": N_("Children"),
        "income": N_("Income and benefits"),
    },
    CareList.SOCIAL_ACTION: {
        "information": N_("Information given"),
        "forms": N_("Help with forms"),
        "phone_call": N_("Call made on their behalf"),
        "accompaniment": N_("Accompanied"),
        "emergency_housing": N_("Emergency housing found"),
        "legal_advice": N_("Legal advice"),
    },
    CareList.TEST_KIND: {
        "hiv": N_("HIV"),
        "hcv": N_("HCV"),
        "syphilis": N_("Syphilis"),
        "hbsag": N_("HBsAg"),
        "pregnancy": N_("Pregnancy"),
    },
    # Migration 0015: zones are each clinic's own streets, so the list starts empty.
    CareList.OUTREACH_ZONE: {},
    CareList.GROUP_VENUE: {
        "reception_centre": N_("Reception centre"),
        "landing_site": N_("Landing site"),
        "school": N_("School"),
        "other": N_("Other venue"),
    },
    CareList.GROUP_TOPIC: {
        "rights": N_("Rights"),
        "health_prevention": N_("Health and prevention"),
        "trafficking_helpline": N_("Anti-trafficking helpline"),
        "protection_programmes": N_("Protection programmes"),
        "service_access": N_("Access to services"),
    },
}
TEST_RESULTS: Mapping[TestResult, str] = {
    TestResult.NON_REACTIVE: N_("Non-reactive"),
    TestResult.REACTIVE: N_("Reactive"),
    TestResult.INVALID: N_("Invalid"),
}
SERVICE_KINDS: Mapping[ServiceKind, str] = {
    ServiceKind.HOSPITAL: N_("Hospital"),
    ServiceKind.STI_CLINIC: N_("STI or HIV clinic"),
    ServiceKind.GYNAECOLOGY: N_("Gynaecology"),
    ServiceKind.MENTAL_HEALTH: N_("Mental health"),
    ServiceKind.ADDICTION: N_("Addiction service"),
    ServiceKind.SHELTER: N_("Emergency shelter"),
    ServiceKind.LEGAL_AID: N_("Legal aid"),
    ServiceKind.ANTI_TRAFFICKING: N_("Anti-trafficking helpline"),
    ServiceKind.SOCIAL_SERVICES: N_("Municipal social services"),
    ServiceKind.POLICE: N_("Police or prosecutor"),
    ServiceKind.OTHER: N_("Other service"),
}
URGENCIES: Mapping[Urgency, str] = {
    Urgency.ROUTINE: N_("Routine"),
    Urgency.SOON: N_("Within a few days"),
    Urgency.URGENT: N_("Urgent"),
}
REFERRAL_OUTCOMES: Mapping[ReferralOutcome, str] = {
    ReferralOutcome.ATTENDED: N_("Attended"),
    ReferralOutcome.NOT_ATTENDED: N_("Did not attend"),
    ReferralOutcome.UNKNOWN: N_("Unknown"),
}
REFERRERS: Mapping[Referrer, str] = {
    Referrer.SELF: N_("The person themselves"),
    Referrer.RECEPTION: N_("Reception"),
    Referrer.OUTREACH: N_("Outreach"),
    Referrer.COMMISSION: N_("Territorial commission for international protection"),
    Referrer.POLICE: N_("Police"),
    Referrer.PREFECTURE: N_("Prefecture"),
    Referrer.COURT: N_("Court"),
    Referrer.ORGANISATION: N_("Another organisation"),
    Referrer.LANDING: N_("Landing-site team"),
}
CONCLUSIONS: Mapping[Conclusion, str] = {
    Conclusion.PRESUMED_VICTIM: N_("Presumed victim of trafficking"),
    Conclusion.NOT_IDENTIFIED: N_("Not identified as a victim"),
    Conclusion.UNDETERMINED: N_("Not yet determined"),
}
PROGRAMME_OFFERS: Mapping[ProgrammeOffer, str] = {
    ProgrammeOffer.NOT_OFFERED: N_("Not offered"),
    ProgrammeOffer.OFFERED: N_("Offered, no answer yet"),
    ProgrammeOffer.ACCEPTED: N_("Accepted"),
    ProgrammeOffer.REFUSED: N_("Refused"),
}
PATHWAY_KINDS: Mapping[PathwayKind, str] = {
    PathwayKind.PROTECTION: N_("Social-protection programme"),
    PathwayKind.EXIT: N_("Exit programme"),
}
PATHWAY_STAGES: Mapping[PathwayStage, str] = {
    PathwayStage.IDENTIFICATION: N_("Identification"),
    PathwayStage.EMERGENCY_SHELTER: N_("Emergency shelter"),
    PathwayStage.FIRST_RECEPTION: N_("First-level reception"),
    PathwayStage.SECOND_RECEPTION: N_("Second-level reception"),
    PathwayStage.TRAINING_OR_JOB: N_("Training or job placement"),
    PathwayStage.HOUSING_AUTONOMY: N_("Housing autonomy"),
}
CLOSING_REASONS: Mapping[ClosingReason, str] = {
    ClosingReason.COMPLETED: N_("Completed"),
    ClosingReason.LEFT: N_("Left the programme"),
    ClosingReason.VOLUNTARY_RETURN: N_("Voluntary return"),
    ClosingReason.OTHER_PROGRAMME: N_("Moved to another programme"),
}
