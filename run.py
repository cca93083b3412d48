#!/usr/bin/env python3
"""Soglia's two commands for a fresh machine with Python 3.11+ (no other set-up needed).

    python3 run.py          install into .venv, create demo data once, start Soglia on it
    python3 run.py test     install with test tools; run ruff, mypy, import-linter, pytest

Anything after the command is passed on: `python3 run.py -- --data-dir DIR`, `run.py test -k queue`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
DEMO_DIR = ROOT / "demo-data"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def requirements(with_tests: bool) -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    if with_tests:
        wanted += project["optional-dependencies"]["test"]
    return wanted


def install(with_tests: bool) -> None:
    if not PYTHON.exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    print("Installing dependencies ...", flush=True)
    quiet = ["--quiet", "--disable-pip-version-check"]
    run([str(PYTHON), "-m", "pip", "install", *quiet, *requirements(with_tests)])


def run(command: list[str], env: dict[str, str] | None = None) -> None:
    completed = subprocess.run(command, cwd=ROOT, env=env, check=False)  # noqa: S603
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def start(extra: list[str]) -> None:
    install(with_tests=False)
    if "--data-dir" not in extra:
        if not (DEMO_DIR / "soglia.db").exists():
            print("Creating demo data in demo-data/ ...", flush=True)
            run([str(PYTHON), "main.py", "demo", "--data-dir", str(DEMO_DIR), "--persons", "2000"])
        extra = ["--data-dir", str(DEMO_DIR), *extra]
    run([str(PYTHON), "main.py", *extra])


def test(extra: list[str]) -> None:
    install(with_tests=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    tool = str(BIN / "{}")
    run([tool.format("ruff"), "check", "."])
    run([tool.format("ruff"), "format", "--check", "."])
    run([tool.format("mypy")])
    run([tool.format("lint-imports")])
    run([str(PYTHON), "-m", "pytest", *extra], env=env)


def main(argv: list[str]) -> None:
    if argv[:1] == ["test"]:
        test(argv[1:])
    else:
        start([a for a in argv if a != "--"])


if __name__ == "__main__":
    main(sys.argv[1:])
