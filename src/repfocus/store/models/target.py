"""Targets the leader sets for a team or a rep."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from repfocus.store.models.base import Base, UTCDateTime, utcnow


class Target(Base):
    """One target value for a team (rep_id empty) or a single rep (an override).

    metric: bucket_share (key = bucket, value = share 0..1), weekly_count (key = category,
    value = count per week), on_target_share (key ''), placement_mix (key = job type, share).
    """

    __tablename__ = "targets"
    __table_args__ = (
        UniqueConstraint("team_id", "rep_id", "metric", "key"),
        CheckConstraint("team_id IS NOT NULL OR rep_id IS NOT NULL", name="scope"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    rep_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    metric: Mapped[str] = mapped_column(String(24))
    key: Mapped[str] = mapped_column(String(32), default="")
    value: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
