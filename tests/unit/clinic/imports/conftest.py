"""What the import tests share: the coordinator who imports, and a file read and imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from clinic.audit.transactions import reading, writing
from clinic.common.permissions import Actor
from clinic.imports.columns import ImportKind, template_columns
from clinic.imports.contacts import import_contacts
from clinic.imports.persons import import_persons
from clinic.imports.rows import ImportOutcome
from clinic.imports.sheet import read_sheet
from clinic.staff.vocabulary import Role
from db.models.audit import AuditEvent

USE_CASES = {ImportKind.PERSONS: import_persons, ImportKind.CONTACTS: import_contacts}


@pytest.fixture
def coordinator(actors: dict[Role, Actor]) -> Actor:
    return actors[Role.ADMIN]


def run_import(
    database, clock, actor, kind: ImportKind, path: Path, *, dry_run: bool = False, mapping=None
) -> ImportOutcome:
    """The file read and imported as the command does: a dry run in a read transaction."""
    sheet = read_sheet(path)
    columns = template_columns(sheet.headers, kind, mapping)
    transaction = reading if dry_run else writing
    with transaction(database, clock) as session:
        return USE_CASES[kind](session, actor, clock, sheet, columns, dry_run=dry_run)


def problems(outcome: ImportOutcome) -> set[tuple[int, str | None, str]]:
    return {(p.line, p.field, p.error.code.value) for p in outcome.problems}


def audit_rows(database) -> int:
    with database.read() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEvent)) or 0)
