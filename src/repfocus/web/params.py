"""Query-string parsing shared by the pages: a bad value becomes a 400 page naming the field."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Path, Request
from fastapi.responses import HTMLResponse

from repfocus.domain.period import FIRST_DAY, LAST_DAY
from repfocus.web.templating import templates

_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


class QueryInvalid(ValueError):
    """A query-string value that cannot be read; the message names the field and the reason."""


def parse_day(field: str, value: str | None) -> date | None:
    """Return the date in `value` (YYYY-MM-DD, or YYYY-Www for a week's Monday); None when empty."""
    if not value:
        return None
    if match := _ISO_WEEK.match(value):
        try:
            day = date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError as exc:
            raise QueryInvalid(f"{field}: {value!r} is not a week of the calendar ({exc})") from exc
    else:
        try:
            day = date.fromisoformat(value)
        except ValueError as exc:
            raise QueryInvalid(f"{field}: {value!r} is not a date; write it as YYYY-MM-DD") from exc
    if not FIRST_DAY <= day <= LAST_DAY:
        raise QueryInvalid(f"{field}: {value!r} is outside the years {FIRST_DAY.year}–{LAST_DAY.year}")
    return day


def query_string(**params: str | int | None) -> str:
    """Return '?a=1&b=2' for the non-empty parameters (empty string when there are none)."""
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return "?" + urlencode(kept) if kept else ""


def bad_request(request: Request, message: str) -> HTMLResponse:
    """Return the 400 page that says which query value was wrong and why."""
    return templates.TemplateResponse(request, "bad_request.html", {"message": message}, status_code=400)


# A row id in a path: positive and within a 64-bit integer, so a huge number is a 422, never a 500.
RowId = Annotated[int, Path(ge=1, le=2**63 - 1)]
