"""Competencies: a rep's ratings over time (never overwritten) and the training assigned to build them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from repfocus.store.models.base import Base, UTCDateTime, utcnow


class CompetencyRating(Base):
    """One rating of one competency for a rep on a day, by a leader or the rep's manager."""

    __tablename__ = "competency_ratings"
    __table_args__ = (Index("ix_competency_ratings_rep_rated", "rep_id", "rated_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    competency: Mapped[str] = mapped_column(String(32))
    score: Mapped[int] = mapped_column(SmallInteger)
    rated_on: Mapped[date] = mapped_column(Date)
    evidence: Mapped[str | None] = mapped_column(String(500))
    rated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TrainingAssignment(Base):
    """Training for a rep: what, the competency it builds, optional playbook item or persona profile, due
    day; status assigned or done (with the day and the rep's note)."""

    __tablename__ = "training_assignments"
    __table_args__ = (Index("ix_training_assignments_rep_status", "rep_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    competency: Mapped[str | None] = mapped_column(String(32))
    playbook_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("playbook_items.id", ondelete="SET NULL"), index=True
    )
    persona: Mapped[str | None] = mapped_column(String(24))
    assigned_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    assigned_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="assigned")
    completed_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
