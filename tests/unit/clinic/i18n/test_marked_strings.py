"""Every word the desk translates can be found by the catalogue's extraction: a message marked
inside an f-string (`f"{_('Closed')} · {x}"`) is never extracted by Babel, so it would show in
English in every language. Found by screenshots in Italian; kept from coming back here."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
MARKERS = {"_", "gettext", "ngettext", "N_"}


def _marked_in_f_strings(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.JoinedStr):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.Call):
                name = inner.func.attr if isinstance(inner.func, ast.Attribute) else None
                name = name or (inner.func.id if isinstance(inner.func, ast.Name) else None)
                if name in MARKERS and inner.args and isinstance(inner.args[0], ast.Constant):
                    lines.append(inner.lineno)
    return lines


def test_no_message_is_marked_inside_an_f_string():
    found = {
        str(path.relative_to(ROOT)): lines
        for folder in ("clinic", "ui", "reports")
        for path in (ROOT / folder).rglob("*.py")
        if (lines := _marked_in_f_strings(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert found == {}
