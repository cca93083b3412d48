"""Alembic environment: always run through `db.migrate`, which hands over an open connection.

Every module of `db.models` is imported here, found by walking the package, so that the
comparisons of autogenerate and of the migration tests see every table of every capability.
"""

import importlib
import pkgutil

from alembic import context

import db.models
from db.models.base import Base

for module in pkgutil.walk_packages(db.models.__path__, "db.models."):
    importlib.import_module(module.name)

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through db.migrate, not the alembic command line")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transactional_ddl=True,
    compare_type=True,
)
context.run_migrations()
