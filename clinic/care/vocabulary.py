"""The closed vocabularies of care, from beside the models (`db.vocabulary.care`)."""

from db.vocabulary.care import (
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

__all__ = [
    "CareList",
    "ClosingReason",
    "Conclusion",
    "ConsultationKind",
    "FollowUpNeed",
    "PathwayKind",
    "PathwayStage",
    "ProgrammeOffer",
    "ReferralOutcome",
    "Referrer",
    "ServiceKind",
    "TestResult",
    "Urgency",
]
