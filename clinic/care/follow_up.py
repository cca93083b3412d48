"""The follow-up list: referrals still without an outcome some days after they were made.

Issue 12: "a follow-up list shows referrals without an outcome after N days (14 by default),
by keyboard, like the worklist". N is the clinic's setting `referral_follow_up_days`. A
referral leaves the list when its outcome is recorded (attended, did not attend, unknown), when
it is entered in error, or when its person is merged or erased.

Like the vaccination worklist, the list is sorted in SQL and read a page at a time, its rows
found through the index on the open referrals (`ix_referral_open`: outcome, referred_on). Every
order ends with the same tie-breakers, so that a page follows the one before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import QueryableAttribute, Session

from clinic.care.referrals import readable_by
from clinic.care.vocabulary import Urgency
from clinic.common.clock import Clock
from clinic.common.permissions import Actor, Permission, require
from clinic.common.text import search_key
from clinic.registry.vocabulary import PersonStatus
from clinic.settings.configuration import load_settings
from db.models.care import PartnerService, Referral
from db.models.registry import Person
from db.models.staff import Staff

# A referral's id, its person's id, code and alias, the service's name, the urgency, the day,
# who referred, and how long the whole list is.
_Listed = tuple[int, int, str, str | None, str, str, dt.date, str, int]
_Key = ColumnElement[Any] | QueryableAttribute[Any]

PAGE_ROWS = 200  # a page of the list, as the worklist's
# Most pressing first when sorted by urgency.
URGENCY_ORDER = {Urgency.URGENT: 0, Urgency.SOON: 1, Urgency.ROUTINE: 2}


class FollowUpSort(StrEnum):
    """What the list can be sorted by: a column of the list on the screen."""

    CODE = "code"
    ALIAS = "alias"
    SERVICE = "service"  # by the service's name, case and accents aside
    URGENCY = "urgency"  # urgent first, then within a few days, then routine
    REFERRED_ON = "referred_on"  # the oldest first: the default
    DAYS_WAITING = "days_waiting"  # the fewest days first (the newest referral)
    REFERRED_BY = "referred_by"  # by the name of who made the referral


@dataclass(frozen=True)
class FollowUpOrder:
    """`by` a column, ascending unless `descending`; ties in the default order."""

    by: FollowUpSort = FollowUpSort.REFERRED_ON
    descending: bool = False


@dataclass(frozen=True)
class FollowUpRow:
    referral_id: int
    person_id: int
    code: str
    alias: str | None
    service: str
    urgency: Urgency
    referred_on: dt.date
    days_waiting: int
    referred_by: str


@dataclass(frozen=True)
class FollowUpPage:
    rows: tuple[FollowUpRow, ...]
    total: int  # rows of the whole list, on every page
    days: int  # the setting the list was read with: "without an outcome after {days} days"


def follow_up_list(
    session: Session,
    actor: Actor,
    clock: Clock,
    *,
    order: FollowUpOrder = FollowUpOrder(),
    start: int = 0,
    count: int = PAGE_ROWS,
) -> FollowUpPage:
    """Rows `start` to `start + count` of the list in `order`, and how long the list is."""
    require(session, actor, Permission.REFERRAL_READ)
    today = clock.today()
    days = load_settings(session).referral_follow_up_days
    cutoff = today - dt.timedelta(days=days)
    query = _in_order(session, _listed(actor, cutoff), order).offset(start).limit(count)
    found = session.execute(query).all()
    total = found[0][-1] if found else _total(session, actor, start, cutoff)
    return FollowUpPage(tuple(_rows(found, today)), int(total), days)


def _listed(actor: Actor, cutoff: dt.date) -> Select[*_Listed]:
    """The open referrals made on `cutoff` or before that `actor` may read, with the whole
    list's length beside each row (one pass: the list is sorted whole anyway)."""
    return (
        select(
            Referral.id,
            Referral.person_id,
            Person.code,
            Person.alias,
            PartnerService.name,
            Referral.urgency,
            Referral.referred_on,
            Staff.display_name,
            func.count().over().label("total"),
        )
        .join(Person, Person.id == Referral.person_id)
        .join(PartnerService, PartnerService.id == Referral.service_id)
        .join(Staff, Staff.id == Referral.author_id)
        .where(*_open(cutoff), Person.status == PersonStatus.ACTIVE.value, readable_by(actor))
    )


def _open(cutoff: dt.date) -> list[ColumnElement[bool]]:
    """Conditions the index `ix_referral_open` answers, and the one it leaves to the row."""
    return [
        Referral.outcome.is_(None),
        Referral.referred_on <= cutoff,
        Referral.entered_in_error.is_(False),
    ]


def _total(session: Session, actor: Actor, start: int, cutoff: dt.date) -> int:
    """The list's length when the page asked for is past its end (none when it starts at 0)."""
    if start == 0:
        return 0
    counted = _listed(actor, cutoff).with_only_columns(func.count()).order_by(None)
    return int(session.scalar(counted) or 0)


def _in_order(session: Session, query: Select[*_Listed], order: FollowUpOrder) -> Select[*_Listed]:
    ties: list[_Key] = [Referral.referred_on, Person.code, Referral.id]
    if order.by is FollowUpSort.REFERRED_ON and not order.descending:
        return query.order_by(*ties)
    keys = _sort_keys(session, order.by)
    if order.descending != (order.by is FollowUpSort.DAYS_WAITING):
        keys = [key.desc() for key in keys]
    return query.order_by(*keys, *ties)


def _sort_keys(session: Session, by: FollowUpSort) -> list[_Key]:
    """What `by` sorts on, as the column on the screen reads. Names of services and staff
    are few: ranked here by how people read them (`search_key`), the same on every database."""
    match by:
        case FollowUpSort.CODE:
            return [Person.code]
        case FollowUpSort.ALIAS:
            return [func.coalesce(Person.alias, "")]
        case FollowUpSort.SERVICE:
            named = session.execute(select(PartnerService.id, PartnerService.name))
            return [_ranked(Referral.service_id, named)]
        case FollowUpSort.URGENCY:
            ranks = {urgency.value: rank for urgency, rank in URGENCY_ORDER.items()}
            return [case(ranks, value=Referral.urgency, else_=len(ranks))]
        case FollowUpSort.REFERRED_ON | FollowUpSort.DAYS_WAITING:
            return [Referral.referred_on]
        case FollowUpSort.REFERRED_BY:
            named = session.execute(select(Staff.id, Staff.display_name))
            return [_ranked(Referral.author_id, named)]


def _ranked(column: QueryableAttribute[int], named: Iterable[tuple[int, str]]) -> _Key:
    """`column`'s rank among the ids of `named` in alphabetical order of their names."""
    in_order = sorted(named, key=lambda pair: (search_key(pair[1]), pair[1], pair[0]))
    ranks = {row_id: rank for rank, (row_id, _name) in enumerate(in_order)}
    return case(ranks, value=column, else_=len(ranks)) if ranks else column


def _rows(found: Iterable[Any], today: dt.date) -> Iterable[FollowUpRow]:
    """Rows of `_listed` unpacked by position (cheaper than by name, as the worklist found)."""
    for referral, person, code, alias, service, urgency, day, author, _total in found:
        yield FollowUpRow(
            referral,
            person,
            code,
            alias,
            service,
            Urgency(urgency),
            day,
            (today - day).days,
            author,
        )
