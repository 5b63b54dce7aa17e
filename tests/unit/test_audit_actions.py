"""Every action a service records in the audit log is one the audit page offers as a filter."""

from __future__ import annotations

import ast
from pathlib import Path

import repfocus
from repfocus.services.audit import ACTIONS


def _recorded_actions() -> dict[str, str]:
    """Return {action: where} for every audit.record(..., action="literal") in the package."""
    found: dict[str, str] = {}
    root = Path(repfocus.__file__).parent
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr != "record" or not isinstance(node.func.value, ast.Name):
                continue
            if node.func.value.id != "audit":
                continue
            for kw in node.keywords:
                if kw.arg == "action" and isinstance(kw.value, ast.Constant):
                    found[str(kw.value.value)] = f"{path.relative_to(root)}:{node.lineno}"
    return found


def test_every_action_recorded_is_listed_for_the_audit_page_filter() -> None:
    recorded = _recorded_actions()
    assert len(recorded) > 20  # the scan finds the services' calls
    missing = {action: where for action, where in recorded.items() if action not in ACTIONS}
    assert missing == {}
