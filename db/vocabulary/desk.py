"""Why a person comes to the desk, and where they are in the day's queue."""

from enum import StrEnum


class VisitReason(StrEnum):
    MEDICAL = "medical"
    SOCIAL = "social"
    PSYCHOLOGICAL = "psychological"
    MATERIAL = "material"
    REST = "rest"
    INFORMATION = "information"


class QueueState(StrEnum):
    WAITING = "waiting"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    LEFT = "left"
