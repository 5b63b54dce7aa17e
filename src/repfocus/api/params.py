"""Path and query parameter types shared by the API routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

# A row id: positive and within a 64-bit integer, so a huge number is a 422, never a database overflow.
RowId = Annotated[int, Path(ge=1, le=2**63 - 1, description="Row id.")]
