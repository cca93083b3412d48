"""What the desk reads when a person's file is opened, in one transaction: the summary, the
timeline, and the lists its forms offer (each part checked and audited by its own use case)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from clinic.care.lists import ListEntry, list_entries
from clinic.care.vocabulary import CareList
from clinic.common.clock import Clock
from clinic.common.permissions import Actor
from clinic.person_file.overview import PersonOverview, person_overview
from clinic.person_file.timeline import PersonFile, open_person_file

PersonFileRead = tuple[PersonOverview, PersonFile, Mapping[CareList, tuple[ListEntry, ...]]]


def read_person_file(
    session: Session, actor: Actor, clock: Clock, person_id: int
) -> PersonFileRead:
    overview = person_overview(session, actor, clock, person_id)
    file = open_person_file(session, actor, clock, person_id)
    return overview, file, list_entries(session, list(CareList))
