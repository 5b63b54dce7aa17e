"""Coaching: a manager's (or leader's) session with a rep, on a focus cause, and its action items."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from repfocus.store.models.base import Base, UTCDateTime, utcnow


class CoachingSession(Base):
    """One coaching conversation: who coached whom, on which day, on which root cause (and persona)."""

    __tablename__ = "coaching_sessions"
    __table_args__ = (Index("ix_coaching_sessions_rep_held", "rep_id", "held_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    focus: Mapped[str] = mapped_column(String(20))
    persona: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CoachingAction(Base):
    """An action item agreed in a session: what the rep does by when; done_at once done."""

    __tablename__ = "coaching_actions"
    __table_args__ = (Index("ix_coaching_actions_open_due", "done_at", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("coaching_sessions.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
