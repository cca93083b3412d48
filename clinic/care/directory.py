"""The directory of partner services that people are referred to, kept by the coordinator.

A service is never deleted: one the clinic no longer works with is retired (no longer offered
for new referrals) and the referrals made to it keep its name. The directory holds nobody's
data, so reading it needs no permission; changing it is the coordinator's (`CARE_LISTS`).

A service has no revision column, so an edit is checked against the service as the
coordinator read it (`Service`): if anything of it changed meanwhile, nothing is saved and the
coordinator is told (`CHANGED_MEANWHILE`), rather than one edit silently overwriting another.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.care.vocabulary import ServiceKind
from clinic.common.clock import Clock
from clinic.common.errors import ConflictError, ErrorCode, FieldErrors, NotFoundError
from clinic.common.permissions import Actor, Permission, require
from clinic.common.text import clean_line, clean_note, search_key
from db.models.care import PartnerService

NAME_MAX = 120
CONTACT_MAX = 500


@dataclass(frozen=True)
class ServiceForm:
    """A service as typed: its contact may hold several lines (address, phone, opening hours)."""

    name: str = ""
    kind: str = ""  # a `ServiceKind` value
    contact: str = ""


@dataclass(frozen=True)
class Service:
    id: int
    name: str
    kind: ServiceKind
    contact: str
    active: bool

    def form(self) -> ServiceForm:
        """The service as a form again, to edit it."""
        return ServiceForm(self.name, self.kind.value, self.contact)


def services(session: Session, *, retired: bool = False) -> tuple[Service, ...]:
    """The directory in alphabetical order (as people read it: case and accents aside);
    the retired services too if asked."""
    query = select(PartnerService)
    if not retired:
        query = query.where(PartnerService.active.is_(True))
    found = [_service(row) for row in session.scalars(query)]
    return tuple(sorted(found, key=lambda s: (search_key(s.name), s.name, s.id)))


def add_service(session: Session, actor: Actor, clock: Clock, form: ServiceForm) -> int:
    """A new service in the directory; refused if one has the same name."""
    require(session, actor, Permission.CARE_LISTS)
    name, kind, contact = _validate(form)
    _check_name_free(session, name, None)
    row = PartnerService(name=name, kind=kind.value, contact=contact, active=True)
    session.add(row)
    session.flush()
    trail.record(session, actor, clock, Action.CARE_LISTS_UPDATE, "care_lists", None, ["service"])
    return row.id


def update_service(
    session: Session, actor: Actor, clock: Clock, read: Service, form: ServiceForm
) -> None:
    """Save the coordinator's edit of `read`, the service as they read it."""
    require(session, actor, Permission.CARE_LISTS)
    name, kind, contact = _validate(form)
    row = _row(session, read.id)
    if _service(row) != read:
        raise ConflictError(ErrorCode.CHANGED_MEANWHILE)
    _check_name_free(session, name, row.id)
    changed = [
        field
        for field, before, after in (
            ("service_name", row.name, name),
            ("service_kind", row.kind, kind.value),
            ("service_contact", row.contact, contact),
        )
        if before != after
    ]
    if not changed:
        return
    row.name, row.kind, row.contact = name, kind.value, contact
    trail.record(session, actor, clock, Action.CARE_LISTS_UPDATE, "care_lists", None, changed)


def set_service_active(
    session: Session, actor: Actor, clock: Clock, service_id: int, *, active: bool
) -> None:
    """Retire a service (no new referrals to it; earlier ones keep it) or offer it again."""
    require(session, actor, Permission.CARE_LISTS)
    row = _row(session, service_id)
    if row.active != active:
        row.active = active
        trail.record(
            session, actor, clock, Action.CARE_LISTS_UPDATE, "care_lists", None, ["service_active"]
        )


def _validate(form: ServiceForm) -> tuple[str, ServiceKind, str]:
    errors = FieldErrors()
    name, error = clean_line(form.name, "name", max_length=NAME_MAX)
    errors.keep(name, error)
    if name is None and error is None:
        errors.add(ErrorCode.REQUIRED, "name")
    kind = None
    try:
        kind = ServiceKind(form.kind)
    except ValueError:
        errors.add(ErrorCode.UNKNOWN_CHOICE, "kind")
    contact, contact_error = clean_note(form.contact, "contact", max_length=CONTACT_MAX)
    errors.keep(contact, contact_error)
    errors.raise_if_any()
    assert name is not None
    assert kind is not None
    return name, kind, contact


def _check_name_free(session: Session, name: str, own_id: int | None) -> None:
    """No two services read the same, retired ones included (their referrals name them)."""
    same = search_key(name)
    for service_id, other in session.execute(select(PartnerService.id, PartnerService.name)):
        if service_id != own_id and search_key(other) == same:
            raise ConflictError(ErrorCode.SERVICE_EXISTS, "name")


def _row(session: Session, service_id: int) -> PartnerService:
    row = session.get(PartnerService, service_id)
    if row is None:
        raise NotFoundError(ErrorCode.SERVICE_NOT_FOUND, service_id=service_id)
    return row


def _service(row: PartnerService) -> Service:
    return Service(row.id, row.name, ServiceKind(row.kind), row.contact, row.active)
