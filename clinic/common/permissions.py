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
    # Issue 12: each kind of record of a person's care, read and written separately.
    MEDICAL_READ = "medical.read"
    MEDICAL_WRITE = "medical.write"
    SOCIAL_READ = "social.read"
    SOCIAL_WRITE = "social.write"
    PSYCHOLOGICAL_READ = "psychological.read"
    PSYCHOLOGICAL_WRITE = "psychological.write"
    INTERVIEW_READ = "interview.read"
    INTERVIEW_WRITE = "interview.write"
    TEST_READ = "test.read"
    TEST_WRITE = "test.write"
    REFERRAL_READ = "referral.read"
    REFERRAL_WRITE = "referral.write"
    PATHWAY_READ = "pathway.read"
    PATHWAY_WRITE = "pathway.write"
    # That a session took place, its kind and day, without a word of it; and the "needs
    # medical / social / psychological follow-up" flags, without the content behind them.
    CARE_SEEN = "care.seen"
    # The partner services that referrals go to, and the lists the consultation forms offer.
    CARE_LISTS = "care.lists"
    # Material and stock (issue 13).
    HAND_OUT = "material.hand_out"
    STOCK_READ = "stock.read"
    STOCK_KEEP = "stock.keep"  # receive, transfer, adjust, stocktake, catalogue, places
    STOCK_OVERRIDE = "stock.override"  # past a limit, or below zero, with a reason
    # Street and group sessions (issue 14): open one (its note, zone, tallies), record one.
    OUTREACH_READ = "outreach.read"
    OUTREACH_WRITE = "outreach.write"
    # Issue 15: persons and contacts brought in from a clinic's old spreadsheets.
    IMPORT = "import"


_ALL = frozenset(Role)
# Staff who take people from the queue into a consultation room (issue 8), and write in their
# file (issue 12). Outreach workers register people and hand out material; no consultations.
SEES_PEOPLE = frozenset({Role.NURSE, Role.SOCIAL, Role.PSYCHOLOGIST})
# reliability.md: "psychologist (like social worker, and the only role that reads
# psychological notes)"; identification interviews are theirs and the social workers'.
SOCIAL_CARE = frozenset({Role.SOCIAL, Role.PSYCHOLOGIST})

ALLOWED: dict[Permission, frozenset[Role]] = {
    Permission.PERSON_READ: _ALL,
    # Outreach registers the people it meets on the street (reliability.md, "Roles").
    Permission.PERSON_CREATE: frozenset({Role.RECEPTION, Role.OUTREACH}),
    Permission.PERSON_UPDATE: frozenset({Role.RECEPTION, Role.OUTREACH}),
    Permission.VISIT_CREATE: frozenset({Role.RECEPTION}),
    Permission.VISIT_READ: frozenset({Role.RECEPTION}) | SEES_PEOPLE,
    # reliability.md: visits and the queue are reception's to run (back to waiting, left, who
    # serves); issue 8: whoever sees people takes them in ("being seen") and marks them done.
    Permission.QUEUE_UPDATE: frozenset({Role.RECEPTION}),
    Permission.QUEUE_SERVE: frozenset({Role.RECEPTION}) | SEES_PEOPLE,
    Permission.STATISTICS: SEES_PEOPLE | {Role.ADMIN},
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
    # "medical consultations, test results: nurse/doctor read, write; social worker only a
    # needs-medical-follow-up flag"; "social consultations, trafficking indicators: social
    # worker read, write; nurse only a flag". Reception and the coordinator read none of it.
    Permission.MEDICAL_READ: frozenset({Role.NURSE}),
    Permission.MEDICAL_WRITE: frozenset({Role.NURSE}),
    Permission.TEST_READ: frozenset({Role.NURSE}),
    Permission.TEST_WRITE: frozenset({Role.NURSE}),
    Permission.SOCIAL_READ: SOCIAL_CARE,
    Permission.SOCIAL_WRITE: SOCIAL_CARE,
    Permission.PSYCHOLOGICAL_READ: frozenset({Role.PSYCHOLOGIST}),
    Permission.PSYCHOLOGICAL_WRITE: frozenset({Role.PSYCHOLOGIST}),
    Permission.INTERVIEW_READ: SOCIAL_CARE,
    Permission.INTERVIEW_WRITE: SOCIAL_CARE,
    Permission.PATHWAY_READ: SOCIAL_CARE,
    Permission.PATHWAY_WRITE: SOCIAL_CARE,
    # A referral is the care team's shared errand: the nurse sends a reactive test for
    # confirmation, the social worker to a shelter; whoever sees the person next asks how it went.
    Permission.REFERRAL_READ: SEES_PEOPLE,
    Permission.REFERRAL_WRITE: SEES_PEOPLE,
    Permission.CARE_SEEN: SEES_PEOPLE,
    Permission.CARE_LISTS: frozenset({Role.ADMIN}),
    # reliability.md: "material and stock: reception, nurse, social worker hand out; admin
    # receive, adjust, statistics"; outreach hands out material; psychologists like social
    # workers (issue 13). Nurses keep the vaccine lots (VACCINE_STOCK); the coordinator keeps
    # the rest; a nurse or the coordinator may go past a limit or an empty stock, with a reason.
    Permission.HAND_OUT: frozenset({Role.RECEPTION, Role.OUTREACH}) | SEES_PEOPLE,
    Permission.STOCK_READ: _ALL,
    Permission.STOCK_KEEP: frozenset({Role.ADMIN}),
    Permission.STOCK_OVERRIDE: frozenset({Role.NURSE, Role.ADMIN}),
    # Issue 14: educators and mediators record street and group sessions; "social workers and
    # the coordinator may record sessions too". Reception opens none (their notes), nor do the
    # nurse and the psychologist: a person's file shows them only that the person was met.
    Permission.OUTREACH_READ: frozenset({Role.OUTREACH, Role.SOCIAL, Role.ADMIN}),
    Permission.OUTREACH_WRITE: frozenset({Role.OUTREACH, Role.SOCIAL, Role.ADMIN}),
    # Issue 15: "an import dialog (coordinator)": a clinic's whole history, written at once.
    Permission.IMPORT: frozenset({Role.ADMIN}),
}


# What a role allows only to the accounts the coordinator marked as trained for it: the
# identification interview is for "social workers trained for it" (issue 12).
TRAINED: frozenset[Permission] = frozenset({Permission.INTERVIEW_WRITE})


@dataclass(frozen=True)
class Actor:
    """The staff member on whose behalf a use case runs; `interviewer`: trained for
    identification interviews (`TRAINED`), as their account said at login."""

    staff_id: int
    role: Role
    interviewer: bool = False

    def can(self, permission: Permission) -> bool:
        return self.role in ALLOWED[permission] and (permission not in TRAINED or self.interviewer)


def role_allows(role: str, permission: Permission) -> bool:
    """Whether a role as stored in an account's row allows `permission`: for the one check made
    without the live database, who may restore a backup, read from the backup itself."""
    return role in {allowed.value for allowed in ALLOWED[permission]}


# Core, not the ORM: about 30 µs a use case instead of 140 (a search keystroke is ~3 ms at p95).
_STAFF = Staff.__table__.c
_ACCOUNT = select(_STAFF.role, _STAFF.active, _STAFF.interviewer).where(
    _STAFF.id == bindparam("id")
)


def require(session: Session, actor: Actor, permission: Permission) -> None:
    """Refuse unless the actor's role allows `permission` and their account is as it was at
    login: still active, with the same role and training (`account_changed`,
    `account_deactivated`).

    The denial carries who was refused, as their account is now, for the audit trail.
    """
    account = session.connection().execute(_ACCOUNT, {"id": actor.staff_id}).first()
    if account is None or not account.active:
        _deny(ErrorCode.ACCOUNT_DEACTIVATED, actor.staff_id, actor.role.value, permission)
    elif account.role != actor.role.value or account.interviewer != actor.interviewer:
        _deny(ErrorCode.ACCOUNT_CHANGED, actor.staff_id, account.role, permission)
    elif actor.role not in ALLOWED[permission]:
        _deny(ErrorCode.NOT_ALLOWED, actor.staff_id, actor.role.value, permission)
    elif not actor.can(permission):
        _deny(ErrorCode.NOT_TRAINED, actor.staff_id, actor.role.value, permission)


def _deny(code: ErrorCode, staff_id: int, role: str, permission: Permission) -> None:
    denied = PermissionDeniedError(code, permission=permission.value)
    denied.staff_id, denied.role = staff_id, role
    raise denied
