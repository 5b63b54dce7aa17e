"""Versions of the bullseye the leader set: every save is a new row, so who changed what and when is kept."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from repfocus.store.models.base import Base, UTCDateTime, utcnow


class BullseyeVersion(Base):
    """One saved bullseye (the as_dict shape of domain.bullseye.Bullseye); the highest version is current."""

    __tablename__ = "bullseye_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_by: Mapped[str] = mapped_column(String(254), default="")
    note: Mapped[str] = mapped_column(String(500), default="")
    accounts_retiered: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
