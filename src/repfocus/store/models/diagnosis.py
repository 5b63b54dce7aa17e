"""What the diagnosis keeps: snapshots per rep and period, the manager's follow-up tasks, and the
leader's answers to the key questions (every answer is a new dated row; the latest counts)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from repfocus.store.models.base import Base, UTCDateTime, utcnow


class DiagnosisSnapshot(Base):
    """One rep's diagnosis for one period: the signals and findings, kept to show what moved next time."""

    __tablename__ = "diagnosis_snapshots"
    __table_args__ = (UniqueConstraint("rep_id", "period_start", "period_end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    signals: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class FollowUpTask(Base):
    """A remedy turned into a task for the manager, with a due date; for a rep or the whole organization."""

    __tablename__ = "follow_up_tasks"
    __table_args__ = (Index("ix_follow_up_tasks_rep_cause", "rep_id", "cause"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rep_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    cause: Mapped[str] = mapped_column(String(20))
    remedy: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(500))
    due_on: Mapped[date] = mapped_column(Date)
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class KeyQuestionAnswer(Base):
    """The leader's answer (yes | no | unsure) to one key question, on a date."""

    __tablename__ = "key_question_answers"
    __table_args__ = (Index("ix_key_question_answers_question", "question", "answered_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question: Mapped[str] = mapped_column(String(40))
    answer: Mapped[str] = mapped_column(String(8))
    note: Mapped[str | None] = mapped_column(Text)
    answered_on: Mapped[date] = mapped_column(Date)
    answered_by: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
