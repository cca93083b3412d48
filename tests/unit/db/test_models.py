"""The models of every capability share one metadata, whole whichever model is imported first."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
TABLES_AFTER_ONE_IMPORT = """
import importlib, pkgutil, sys
import db.models.staff
from db.models.base import Base
first = sorted(Base.metadata.tables)
for module in pkgutil.walk_packages(db.models.__path__, "db.models."):
    importlib.import_module(module.name)
print(first == sorted(Base.metadata.tables), len(first))
"""


def test_importing_one_model_module_brings_every_table_into_the_metadata():
    """A use case that imports only `db.models.staff` still sees the person table its foreign
    keys point to, and Alembic's comparisons see every table of every capability."""
    done = subprocess.run(
        [sys.executable, "-c", TABLES_AFTER_ONE_IMPORT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    whole, count = done.stdout.split()
    assert whole == "True"
    assert int(count) >= 14  # staff, person and its four, visit and its reasons, setting, ...
