"""The closed vocabularies of a person's care (issue 12): consultations, tests, referrals,
identification interviews and protection pathways. Stored values: never renamed, only added."""

from enum import StrEnum


class ConsultationKind(StrEnum):
    MEDICAL = "medical"
    SOCIAL = "social"
    PSYCHOLOGICAL = "psychological"
    IDENTIFICATION = "identification"  # the interview that may open a protection pathway


class FollowUpNeed(StrEnum):
    """The flags seen across the care team without the content behind them."""

    MEDICAL = "medical"
    SOCIAL = "social"
    PSYCHOLOGICAL = "psychological"


class CareList(StrEnum):
    """The coordinator-kept lists that consultation and test forms offer (`care_list_item`)."""

    MEDICAL_REASON = "medical_reason"
    STI_SYMPTOM = "sti_symptom"
    CONTRACEPTION = "contraception"
    TREATMENT = "treatment"
    SOCIAL_TOPIC = "social_topic"
    SOCIAL_ACTION = "social_action"
    TEST_KIND = "test_kind"
    # Issue 14: where street sessions go, where group sessions are held, what they cover.
    OUTREACH_ZONE = "outreach_zone"
    GROUP_VENUE = "group_venue"
    GROUP_TOPIC = "group_topic"


class TestResult(StrEnum):
    __test__ = False  # a vocabulary, not a pytest class

    NON_REACTIVE = "non_reactive"
    REACTIVE = "reactive"
    INVALID = "invalid"


class ServiceKind(StrEnum):
    HOSPITAL = "hospital"
    STI_CLINIC = "sti_clinic"  # STI or HIV clinic
    GYNAECOLOGY = "gynaecology"
    MENTAL_HEALTH = "mental_health"
    ADDICTION = "addiction"
    SHELTER = "shelter"  # emergency shelter
    LEGAL_AID = "legal_aid"
    ANTI_TRAFFICKING = "anti_trafficking"  # the anti-trafficking helpline
    SOCIAL_SERVICES = "social_services"  # municipal social services
    POLICE = "police"  # police or prosecutor: only at the person's own request
    OTHER = "other"


class Urgency(StrEnum):
    ROUTINE = "routine"
    SOON = "soon"
    URGENT = "urgent"


class ReferralOutcome(StrEnum):
    ATTENDED = "attended"
    NOT_ATTENDED = "not_attended"
    UNKNOWN = "unknown"


class Referrer(StrEnum):
    """Who sent the person to the identification interview."""

    SELF = "self"
    RECEPTION = "reception"
    OUTREACH = "outreach"
    COMMISSION = "commission"  # a territorial commission for international protection
    POLICE = "police"
    PREFECTURE = "prefecture"
    COURT = "court"
    ORGANISATION = "organisation"
    LANDING = "landing"  # a landing-site team


class Conclusion(StrEnum):
    """What the interviewer concluded; the indicators met are only a help."""

    PRESUMED_VICTIM = "presumed_victim"
    NOT_IDENTIFIED = "not_identified"
    UNDETERMINED = "undetermined"


class ProgrammeOffer(StrEnum):
    NOT_OFFERED = "not_offered"
    OFFERED = "offered"  # the person has not answered yet
    ACCEPTED = "accepted"
    REFUSED = "refused"


class PathwayKind(StrEnum):
    PROTECTION = "protection"  # social-protection programme (anti-trafficking)
    EXIT = "exit"  # exit programmes like dropIn's


class PathwayStage(StrEnum):
    IDENTIFICATION = "identification"
    EMERGENCY_SHELTER = "emergency_shelter"
    FIRST_RECEPTION = "first_reception"
    SECOND_RECEPTION = "second_reception"
    TRAINING_OR_JOB = "training_or_job"
    HOUSING_AUTONOMY = "housing_autonomy"


class ClosingReason(StrEnum):
    COMPLETED = "completed"
    LEFT = "left"
    VOLUNTARY_RETURN = "voluntary_return"
    OTHER_PROGRAMME = "other_programme"
