"""Path and query parameter types shared by the API routers, and the 422 naming a field a service refused."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import Path, Query
from fastapi.exceptions import RequestValidationError

from repfocus.domain.period import FIRST_DAY, LAST_DAY

# A row id: positive and within a 64-bit integer, so a huge number is a 422, never a database overflow.
RowId = Annotated[int, Path(ge=1, le=2**63 - 1, description="Row id.")]


def day_query(alias: str, description: str) -> Any:
    """A date in the query string, between FIRST_DAY and LAST_DAY (outside: the documented 422)."""
    return Query(None, alias=alias, ge=FIRST_DAY, le=LAST_DAY, description=description)


_INDEXED = re.compile(r"\[(\d+)\]")


def invalid_field(where: str, field: str, message: str) -> RequestValidationError:
    """Return the 422 whose `loc` names a service's field: "rules[1].tiers[0].from" in the body is
    ("body", "rules", 1, "tiers", 0, "from")."""
    parts = [int(p) if p.isdecimal() else p for p in _INDEXED.sub(r".\1", field).split(".")]
    return RequestValidationError([{"loc": (where, *parts), "msg": message, "type": "value_error"}])
