"""Path and query parameter types shared by the API routers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query

from repfocus.domain.period import FIRST_DAY, LAST_DAY

# A row id: positive and within a 64-bit integer, so a huge number is a 422, never a database overflow.
RowId = Annotated[int, Path(ge=1, le=2**63 - 1, description="Row id.")]


def day_query(alias: str, description: str) -> Any:
    """A date in the query string, between FIRST_DAY and LAST_DAY (outside: the documented 422)."""
    return Query(None, alias=alias, ge=FIRST_DAY, le=LAST_DAY, description=description)
