"""Who may do what: the one table that every use case checks (reliability.md, "Roles").

Hiding a button is a courtesy; the check that counts is `require()` at the top of each use case.
It also reads the account again (one row, by its key, in the use case's own transaction): a
session opened before a coordinator changed the account's role or deactivated it is refused
from its next use case on, so that a demoted nurse's open desk no longer reads vaccinations.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from clinic.common.errors import ErrorCode, PermissionDeniedError
from db.models.staff import Staff
from db.vocabulary.staff import Role


class Permission(StrEnum):
    PERSON_READ = "person.read"
    PERSON_CREATE = "person.create"
    PERSON_UPDATE = "person.update"
    VISIT_CREATE = "visit.create"
    VISIT_READ = "visit.read"
    QUEUE_UPDATE = "queue.update"
    QUEUE_SERVE = "queue.serve"
    STATISTICS = "statistics"
    CONFIGURE_CLINIC = "clinic.configure"
    STAFF_MANAGE = "staff.manage"
    AUDIT_READ = "audit.read"
    BACKUP = "backup"
    RESTORE = "restore"
    OWN_PASSWORD = "own_password"  # noqa: S105 - a permission, not a password
    VACCINATION_READ = "vaccination.read"
    VACCINATION_WRITE = "vaccination.write"
    VACCINE_STOCK = "vaccine.stock"
    APPOINTMENT_READ = "appointment.read"
    APPOINTMENT_BOOK = "appointment.book"


_ALL = frozenset(Role)
# Staff who take people from the queue into a consultation room (issue 8): nurses and social
# workers now; the psychologist role, when it comes, is added here and gets the same desk.
SEES_PEOPLE = frozenset({Role.NURSE, Role.SOCIAL})

ALLOWED: dict[Permission, frozenset[Role]] = {
    Permission.PERSON_READ: _ALL,
    Permission.PERSON_CREATE: frozenset({Role.RECEPTION}),
    Permission.PERSON_UPDATE: frozenset({Role.RECEPTION}),
    Permission.VISIT_CREATE: frozenset({Role.RECEPTION}),
    Permission.VISIT_READ: frozenset({Role.RECEPTION}) | SEES_PEOPLE,
    # reliability.md: visits and the queue are reception's to run (back to waiting, left, who
    # serves); issue 8: whoever sees people takes them in ("being seen") and marks them done.
    Permission.QUEUE_UPDATE: frozenset({Role.RECEPTION}),
    Permission.QUEUE_SERVE: frozenset({Role.RECEPTION}) | SEES_PEOPLE,
    Permission.STATISTICS: frozenset({Role.NURSE, Role.SOCIAL, Role.ADMIN}),
    Permission.CONFIGURE_CLINIC: frozenset({Role.ADMIN}),
    # "staff accounts, backup, restore, audit": the coordinator only.
    Permission.STAFF_MANAGE: frozenset({Role.ADMIN}),
    Permission.AUDIT_READ: frozenset({Role.ADMIN}),
    Permission.BACKUP: frozenset({Role.ADMIN}),
    Permission.RESTORE: frozenset({Role.ADMIN}),
    Permission.OWN_PASSWORD: _ALL,
    # "vaccinations: nurse read, write; reception appointment slots only; admin statistics only".
    Permission.VACCINATION_READ: frozenset({Role.NURSE}),
    Permission.VACCINATION_WRITE: frozenset({Role.NURSE}),
    # Lots in the fridge are stock, not anyone's file: the nurse uses them, the coordinator buys.
    Permission.VACCINE_STOCK: frozenset({Role.NURSE, Role.ADMIN}),
    Permission.APPOINTMENT_READ: frozenset({Role.RECEPTION, Role.NURSE}),
    Permission.APPOINTMENT_BOOK: frozenset({Role.RECEPTION, Role.NURSE}),
}


@dataclass(frozen=True)
class Actor:
    """The staff member on whose behalf a use case runs."""

    staff_id: int
    role: Role

    def can(self, permission: Permission) -> bool:
        return self.role in ALLOWED[permission]


def role_allows(role: str, permission: Permission) -> bool:
    """Whether a role as stored in an account's row allows `permission`: for the one check made
    without the live database, who may restore a backup, read from the backup itself."""
    return role in {allowed.value for allowed in ALLOWED[permission]}


# Core, not the ORM: about 30 µs a use case instead of 140 (a search keystroke is ~3 ms at p95).
_STAFF = Staff.__table__.c
_ACCOUNT = select(_STAFF.role, _STAFF.active).where(_STAFF.id == bindparam("id"))


def require(session: Session, actor: Actor, permission: Permission) -> None:
    """Refuse unless the actor's role allows `permission` and their account is as it was at
    login: still active, with the same role (`account_changed`, `account_deactivated`).

    The denial carries who was refused, as their account is now, for the audit trail.
    """
    account = session.connection().execute(_ACCOUNT, {"id": actor.staff_id}).first()
    if account is None or not account.active:
        _deny(ErrorCode.ACCOUNT_DEACTIVATED, actor.staff_id, actor.role.value, permission)
    elif account.role != actor.role.value:
        _deny(ErrorCode.ACCOUNT_CHANGED, actor.staff_id, account.role, permission)
    elif not actor.can(permission):
        _deny(ErrorCode.NOT_ALLOWED, actor.staff_id, actor.role.value, permission)


def _deny(code: ErrorCode, staff_id: int, role: str, permission: Permission) -> None:
    denied = PermissionDeniedError(code, permission=permission.value)
    denied.staff_id, denied.role = staff_id, role
    raise denied
