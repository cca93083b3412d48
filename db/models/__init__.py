"""SQLAlchemy 2 models of Soglia's data, one module per capability over one metadata (`base`).

Importing any model imports this package first, and with it every model module: the metadata
then always holds every table, for foreign keys between capabilities, for `create_all` in tests
and for Alembic's comparisons (`db/migrations/env.py`).
"""

from db.models import (
    audit,
    care,
    desk,
    materials,
    outreach,
    registry,
    settings,
    staff,
    vaccinations,
)

__all__ = [
    "audit",
    "care",
    "desk",
    "materials",
    "outreach",
    "registry",
    "settings",
    "staff",
    "vaccinations",
]
