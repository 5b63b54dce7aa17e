"""Every command and every setting is documented in the README (a new one without docs fails here)."""

from __future__ import annotations

import re

import typer
from typer.main import get_command

from repfocus.cli.main import app
from repfocus.config import Settings
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()


def _commands(group: typer.Typer) -> list[str]:
    root = get_command(group)
    out = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        subs = getattr(command, "commands", None)
        out.extend(f"{name} {sub}" for sub in subs) if subs else out.append(name)
    return out


def test_every_command_appears_in_the_readme() -> None:
    missing = []
    for command in _commands(app):
        group, _, sub = command.partition(" ")
        lines = [line for line in README.splitlines() if re.search(rf"repfocus {group}\b", line)]
        if not any(re.search(rf"\b{sub}\b", line) for line in lines):
            missing.append(command)
    assert not missing, f"commands missing from README.md: {missing}"


def test_every_setting_appears_in_the_readme() -> None:
    missing = [
        f"REPFOCUS_{name.upper()}"
        for name in Settings.model_fields
        if f"REPFOCUS_{name.upper()}" not in README
    ]
    assert not missing, f"settings missing from README.md: {missing}"
