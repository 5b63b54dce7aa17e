"""Activities (the raw record of a rep's time) and their daily rollups (the read side's input)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from repfocus.store.models.base import Base, UTCDateTime, utcnow


class Activity(Base):
    """One piece of a rep's work. `classified_by` names the rule that chose the category."""

    __tablename__ = "activities"
    __table_args__ = (
        UniqueConstraint("source", "external_id"),
        Index("ix_activities_rep_started", "rep_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    duration_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    kind: Mapped[str] = mapped_column(String(12))
    category: Mapped[str | None] = mapped_column(String(32))
    classified_by: Mapped[str | None] = mapped_column(String(80))
    subject: Mapped[str] = mapped_column(String(500), default="")
    direction: Mapped[str | None] = mapped_column(String(8))
    outcome: Mapped[str | None] = mapped_column(String(80))
    notes: Mapped[str | None] = mapped_column(Text)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"), index=True)
    source: Mapped[str] = mapped_column(String(16), default="manual")
    external_id: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ActivityRollup(Base):
    """Minutes and count per rep, local day, category, contact persona, account tier and account status.

    Kept equal to a GROUP BY over `activities` by every write path (store/rollups.py), so
    reports cost reps x days, not activities. Empty strings stand for "none" in the key.
    """

    __tablename__ = "activity_rollups"

    rep_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    category: Mapped[str] = mapped_column(String(32), primary_key=True)
    persona: Mapped[str] = mapped_column(String(24), primary_key=True, default="")
    tier: Mapped[str] = mapped_column(String(3), primary_key=True, default="")
    account_status: Mapped[str] = mapped_column(String(16), primary_key=True, default="")
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    count: Mapped[int] = mapped_column(Integer, default=0)

    # Clustered by its key on SQLite (WITHOUT ROWID) and no secondary index: one b-tree to update per
    # upsert keeps rollup upkeep cheap; readers filter on rep_id IN (...) and a day range, a key prefix.
    __table_args__ = ({"sqlite_with_rowid": False},)


class WeeklyRollup(Base):
    """The daily rollups folded to rep x week (Monday) x category, with the bullseye's split of selling time.

    on_target_minutes: selling minutes with tier A/B accounts and the bullseye's target personas;
    new_logo_minutes / existing_minutes: selling minutes with prospect / client accounts. Kept equal
    to a fold of `activity_rollups` by every write path (store/weekly.py), so the org-wide dashboard
    reads reps x weeks x categories rows. On SQLite the table is clustered by its key (WITHOUT ROWID).
    """

    __tablename__ = "activity_rollups_weekly"
    __table_args__ = ({"sqlite_with_rowid": False},)

    rep_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    week: Mapped[date] = mapped_column(Date, primary_key=True)
    category: Mapped[str] = mapped_column(String(32), primary_key=True)
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    count: Mapped[int] = mapped_column(Integer, default=0)
    on_target_minutes: Mapped[int] = mapped_column(Integer, default=0)
    new_logo_minutes: Mapped[int] = mapped_column(Integer, default=0)
    existing_minutes: Mapped[int] = mapped_column(Integer, default=0)
