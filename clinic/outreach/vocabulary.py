"""The closed vocabularies of street and group sessions, from beside the models."""

from db.vocabulary.outreach import Action, MetBefore, Region, SessionKind, Setting, Shift, StaffPart

__all__ = ["Action", "MetBefore", "Region", "SessionKind", "Setting", "Shift", "StaffPart"]
