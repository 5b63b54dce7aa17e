"""The playbook: content items with their tags, revisions and uses, and the buyer persona profiles.

Full-text search lives beside these tables, per database (see migration 0003 and
store/playbook_search.py): an FTS5 external-content table on SQLite, a generated tsvector with
a GIN index on PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from repfocus.store.models.base import Base, UTCDateTime, utcnow


class PlaybookItem(Base):
    """A data point, insight, case study, talk track, objection response or email template."""

    __tablename__ = "playbook_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(24), index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500), default="")
    body: Mapped[str] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(String(300))
    scenario: Mapped[str | None] = mapped_column(String(40))
    stages: Mapped[list[str]] = mapped_column(JSON, default=list)
    personas: Mapped[list[str]] = mapped_column(JSON, default=list)
    industries: Mapped[list[str]] = mapped_column(JSON, default=list)
    service_lines: Mapped[list[str]] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class PlaybookTag(Base):
    """One tag of an item (facet: stage | persona | industry | service_line), for indexed filtering."""

    __tablename__ = "playbook_tags"
    __table_args__ = (Index("ix_playbook_tags_facet_value", "facet", "value", "item_id"),)

    item_id: Mapped[int] = mapped_column(
        ForeignKey("playbook_items.id", ondelete="CASCADE"), primary_key=True
    )
    facet: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(80), primary_key=True)


class PlaybookRevision(Base):
    """Who changed an item, when, and what: {field: [old, new]}."""

    __tablename__ = "playbook_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("playbook_items.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    changed_by: Mapped[str] = mapped_column(String(200))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class PlaybookUse(Base):
    """A rep used an item: viewed it, copied it, or sent it as an email to a contact."""

    __tablename__ = "playbook_uses"
    __table_args__ = (Index("ix_playbook_uses_rep_used", "rep_id", "used_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("playbook_items.id", ondelete="CASCADE"), index=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(12))
    used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BuyerPersona(Base):
    """A buyer persona profile used for selling and coaching; lists are JSON arrays of strings."""

    __tablename__ = "buyer_personas"

    key: Mapped[str] = mapped_column(String(24), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(String(500))
    who: Mapped[str] = mapped_column(Text)
    challenges: Mapped[list[str]] = mapped_column(JSON, default=list)
    measured_by: Mapped[list[str]] = mapped_column(JSON, default=list)
    reads: Mapped[list[str]] = mapped_column(JSON, default=list)
    objections: Mapped[list[str]] = mapped_column(JSON, default=list)
    questions: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
