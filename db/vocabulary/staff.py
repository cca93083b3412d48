"""The roles of staff accounts (reliability.md, "Roles")."""

from enum import StrEnum


class Role(StrEnum):
    RECEPTION = "reception"
    NURSE = "nurse"
    SOCIAL = "social"
    PSYCHOLOGIST = "psychologist"
    OUTREACH = "outreach"
    ADMIN = "admin"
