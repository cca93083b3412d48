"""The coordinator-kept lists that care forms offer: reasons, symptoms, topics, test kinds...

Soglia's own entries are named by code and translated (`clinic.care.words.LIST_ENTRIES`); the
coordinator adds entries in their own words and retires those the clinic no longer uses.
Nothing is deleted: a retired entry is no longer offered, and the records that name it keep
their meaning. The lists hold no one's data, so any logged-in desk may read them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic.audit import trail
from clinic.audit.trail import Action
from clinic.care.vocabulary import CareList
from clinic.care.words import LIST_ENTRIES
from clinic.common.clock import Clock
from clinic.common.errors import ConflictError, ErrorCode, FieldErrors, NotFoundError
from clinic.common.permissions import Actor, Permission, require
from clinic.common.text import clean_line, search_key
from clinic.i18n.translator import Translator
from db.models.care import CareListItem

NAME_MAX = 120


@dataclass(frozen=True)
class ListEntry:
    id: int
    list: CareList
    code: str | None  # Soglia's own entries
    name: str | None  # the coordinator's own words for an entry they added
    active: bool

    def text(self, t: Translator) -> str:
        """The entry in the reader's language: Soglia's own translated, the coordinator's as
        written."""
        if self.name is not None:
            return self.name
        words = LIST_ENTRIES[self.list].get(self.code or "")
        return t.gettext(words) if words else str(self.code)


def list_entries(
    session: Session, lists: Iterable[CareList], *, retired: bool = False
) -> Mapping[CareList, tuple[ListEntry, ...]]:
    """The entries of `lists` in the coordinator's order; retired ones only if asked."""
    wanted = [item.value for item in lists]
    query = select(CareListItem).where(CareListItem.list.in_(wanted))
    if not retired:
        query = query.where(CareListItem.active.is_(True))
    rows = session.scalars(query.order_by(CareListItem.position, CareListItem.id))
    found: dict[CareList, list[ListEntry]] = {CareList(name): [] for name in wanted}
    for row in rows:
        found[CareList(row.list)].append(_entry(row))
    return {name: tuple(entries) for name, entries in found.items()}


def entries_by_id(session: Session, ids: Iterable[int]) -> Mapping[int, ListEntry]:
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.scalars(select(CareListItem).where(CareListItem.id.in_(wanted)))
    return {row.id: _entry(row) for row in rows}


def add_entry(
    session: Session, actor: Actor, clock: Clock, care_list: CareList, name: str, t: Translator
) -> int:
    """A new entry at the end of `care_list`, in the coordinator's words; refused if the list
    already offers an entry that reads the same (in the coordinator's language `t`)."""
    require(session, actor, Permission.CARE_LISTS)
    errors = FieldErrors()
    text, error = clean_line(name, "name", max_length=NAME_MAX)
    errors.keep(text, error)
    if text is None and error is None:
        errors.add(ErrorCode.REQUIRED, "name")
    errors.raise_if_any()
    assert text is not None
    same = search_key(text)
    for entry in list_entries(session, [care_list], retired=True)[care_list]:
        if search_key(entry.text(t)) == same:  # a retired one is offered again, not doubled
            raise ConflictError(
                ErrorCode.ENTRY_EXISTS if entry.active else ErrorCode.ENTRY_RETIRED, "name"
            )
    last = session.scalar(
        select(func.max(CareListItem.position)).where(CareListItem.list == care_list.value)
    )
    row = CareListItem(list=care_list.value, name=text, position=(last or 0) + 1, active=True)
    session.add(row)
    session.flush()
    trail.record(session, actor, clock, Action.CARE_LISTS_UPDATE, "care_lists", None, ["entry"])
    return row.id


def set_entry_active(
    session: Session, actor: Actor, clock: Clock, entry_id: int, *, active: bool
) -> None:
    """Retire an entry (no longer offered; records keep it) or offer it again."""
    require(session, actor, Permission.CARE_LISTS)
    row = session.get(CareListItem, entry_id)
    if row is None:
        raise NotFoundError(ErrorCode.ENTRY_NOT_FOUND, entry_id=entry_id)
    if row.active != active:
        row.active = active
        trail.record(
            session, actor, clock, Action.CARE_LISTS_UPDATE, "care_lists", None, ["active"]
        )


def _entry(row: CareListItem) -> ListEntry:
    return ListEntry(row.id, CareList(row.list), row.code, row.name, row.active)
