"""Activities (the raw record of a rep's time) and their daily rollups (the read side's input)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from repfocus.domain.taxonomy import CATEGORIES, UNCLASSIFIED
from repfocus.store.models.base import Base, UTCDateTime, utcnow


class Activity(Base):
    """One piece of a rep's work. `classified_by` names the rule that chose the category."""

    __tablename__ = "activities"
    __table_args__ = (
        UniqueConstraint("source", "external_id"),
        Index("ix_activities_rep_started", "rep_id", "started_at"),
        # Rows without an account or contact are never looked up by it (migration 0015).
        Index(
            "ix_activities_account_id",
            "account_id",
            sqlite_where=text("account_id IS NOT NULL"),
            postgresql_where=text("account_id IS NOT NULL"),
        ),
        Index(
            "ix_activities_contact_id",
            "contact_id",
            sqlite_where=text("contact_id IS NOT NULL"),
            postgresql_where=text("contact_id IS NOT NULL"),
        ),
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
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
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


# Every category a rollup row can hold: the taxonomy's, then unclassified. A new category in the taxonomy
# needs a migration adding its two weekly columns.
WEEKLY_CATEGORIES: tuple[str, ...] = (*CATEGORIES, UNCLASSIFIED)


def minutes_column(category: str) -> str:
    """Return the weekly rollup column holding a category's minutes."""
    return f"minutes_{category}"


def count_column(category: str) -> str:
    """Return the weekly rollup column holding a category's activity count."""
    return f"count_{category}"


WEEKLY_MEASURES: tuple[str, ...] = (
    *(name(c) for c in WEEKLY_CATEGORIES for name in (minutes_column, count_column)),
    "on_target_minutes",
    "new_logo_minutes",
    "existing_minutes",
)

weekly_rollups = Table(
    "activity_rollups_weekly",
    Base.metadata,
    Column("rep_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("week", Date, primary_key=True),
    *(Column(name, Integer, nullable=False, default=0) for name in WEEKLY_MEASURES),
    sqlite_with_rowid=False,
)


class WeeklyRollup(Base):
    """The daily rollups folded to one row per rep and week (Monday): minutes and count of every category
    side by side, and the bullseye's split of selling time.

    on_target_minutes: selling minutes with tier A/B accounts and the bullseye's target personas;
    new_logo_minutes / existing_minutes: selling minutes with prospect / client accounts. Kept equal to a
    fold of `activity_rollups` by every write path (store/weekly.py). One row per rep-week, not per
    rep-week-category: the org-wide 13-week dashboard reads 500 x 13 rows instead of 500 x 17 x 13, and a
    write upserts one row per rep-week it touches. On SQLite clustered by (rep, week) (WITHOUT ROWID).
    """

    __table__ = weekly_rollups
