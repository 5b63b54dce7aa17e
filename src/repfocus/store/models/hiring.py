"""Hiring: candidates for a sales role and the interviewers' trait scorecards (root cause 5, DNA)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from repfocus.store.models.base import Base, UTCDateTime, utcnow


class HiringCandidate(Base):
    """Someone interviewing for a sales role, and where they stand (new ... hired | rejected)."""

    __tablename__ = "hiring_candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(120))
    source: Mapped[str | None] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(16), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Scorecard(Base):
    """One interviewer's ratings (trait -> 1..5) of a candidate on one day, with evidence notes per trait."""

    __tablename__ = "hiring_scorecards"
    __table_args__ = (UniqueConstraint("candidate_id", "interviewer_id", "interviewed_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("hiring_candidates.id", ondelete="CASCADE"))
    interviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    interviewed_on: Mapped[date] = mapped_column(Date)
    ratings: Mapped[dict[str, Any]] = mapped_column(JSON)
    notes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
