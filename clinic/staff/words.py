"""The words shown for staff roles."""

from __future__ import annotations

from collections.abc import Mapping

from clinic.i18n.translator import N_
from clinic.staff.vocabulary import Role

ROLES: Mapping[Role, str] = {
    Role.RECEPTION: N_("Reception"),
    Role.NURSE: N_("Nurse or doctor"),
    Role.SOCIAL: N_("Social worker"),
    Role.PSYCHOLOGIST: N_("Psychologist"),
    Role.OUTREACH: N_("Outreach worker or mediator"),
    Role.ADMIN: N_("Coordinator (admin)"),
}
