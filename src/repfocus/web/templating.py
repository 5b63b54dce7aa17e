"""The Jinja2 environment shared by every page: autoescaping on, the navigation, number filters."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")

# (path, label, built) — pages of modules not yet built say so plainly.
NAVIGATION = [
    ("/", "Dashboard", True),
    ("/diagnosis", "Diagnosis", True),
]


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def hours(minutes: int | float | None) -> str:
    return "—" if minutes is None else f"{minutes / 60:.1f} h"


templates.env.filters["pct"] = pct
templates.env.filters["hours"] = hours
templates.env.globals["navigation"] = NAVIGATION
