"""Playbook usage: item and template use by rep, team and item, and each rep's content-time share
(content_search + content_creation, from the rollups) before and after the rep adopted the playbook.

`usage_by_rep` is the input of the diagnosis's knowledge-and-tools signal."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from repfocus.analytics.allocation import select_reps
from repfocus.domain.period import Period
from repfocus.store.activities import org_zone
from repfocus.store.models import ActivityRollup, PlaybookItem, PlaybookUse, Team

CONTENT_CATEGORIES = ("content_search", "content_creation")


@dataclass(frozen=True, slots=True)
class Usage:
    """One rep's playbook use in a period and content-time share before/after the first use ever."""

    rep_id: int
    email: str
    name: str
    team: str | None
    item_uses: int
    template_uses: int
    emails_sent: int
    distinct_items: int
    first_use: date | None
    content_share_before: float | None
    content_share_after: float | None

    @property
    def content_share_change(self) -> float | None:
        """Return after minus before (negative: less time on content since adopting); None if unknown."""
        if self.content_share_before is None or self.content_share_after is None:
            return None
        return round(self.content_share_after - self.content_share_before, 4)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rep_id": self.rep_id,
            "email": self.email,
            "name": self.name,
            "team": self.team,
            "item_uses": self.item_uses,
            "template_uses": self.template_uses,
            "emails_sent": self.emails_sent,
            "distinct_items": self.distinct_items,
            "first_use": self.first_use.isoformat() if self.first_use else None,
            "content_share_before": self.content_share_before,
            "content_share_after": self.content_share_after,
            "content_share_change": self.content_share_change,
        }


@dataclass(frozen=True, slots=True)
class ItemUsage:
    slug: str
    title: str
    kind: str
    uses: int
    reps: int
    emails_sent: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "title": self.title,
            "kind": self.kind,
            "uses": self.uses,
            "reps": self.reps,
            "emails_sent": self.emails_sent,
        }


def _utc_bounds(period: Period, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(period.start, time(), zone).astimezone(UTC)
    end = datetime.combine(period.end + timedelta(days=1), time(), zone).astimezone(UTC)
    return start, end


def _share(content: int, total: int) -> float | None:
    return round(content / total, 4) if total else None


def usage_by_rep(
    session: Session,
    period: Period,
    *,
    team: str | None = None,
    visible: tuple[str, frozenset[int]] = ("all", frozenset()),
) -> dict[int, Usage]:
    """Return each active rep's playbook use in `period` and content share split at the first use:
    the days of the period before it and from it on (all of the period counts as 'before' for a rep
    who never used the playbook)."""
    zone = org_zone(session)
    reps = select_reps(session, team=team, visible=visible)
    ids = [r.id for r in reps]
    start, end = _utc_bounds(period, zone)
    counts: dict[int, dict[str, Any]] = {
        i: {"item": 0, "template": 0, "email": 0, "items": set()} for i in ids
    }
    firsts: dict[int, date] = {}
    if ids:
        rows = session.execute(
            select(PlaybookUse.rep_id, PlaybookUse.item_id, PlaybookUse.action, PlaybookItem.kind)
            .join(PlaybookItem, PlaybookItem.id == PlaybookUse.item_id)
            .where(PlaybookUse.rep_id.in_(ids), PlaybookUse.used_at >= start, PlaybookUse.used_at < end)
        )
        for rep_id, item_id, action, kind in rows:
            acc = counts[rep_id]
            acc["template" if kind == "email_template" else "item"] += 1
            acc["email"] += action == "email"
            acc["items"].add(item_id)
        for rep_id, first_at in session.execute(
            select(PlaybookUse.rep_id, func.min(PlaybookUse.used_at))
            .where(PlaybookUse.rep_id.in_(ids))
            .group_by(PlaybookUse.rep_id)
        ):
            firsts[rep_id] = _aware(first_at).astimezone(zone).date()
    minutes: dict[int, list[tuple[date, bool, int]]] = defaultdict(list)
    if ids:
        is_content = ActivityRollup.category.in_(CONTENT_CATEGORIES)
        for rep_id, day, content, total in session.execute(
            select(ActivityRollup.rep_id, ActivityRollup.day, is_content, func.sum(ActivityRollup.minutes))
            .where(
                ActivityRollup.rep_id.in_(ids),
                ActivityRollup.day >= period.start,
                ActivityRollup.day <= period.end,
            )
            .group_by(ActivityRollup.rep_id, ActivityRollup.day, is_content)
        ):
            minutes[rep_id].append((day, bool(content), int(total)))
    team_names = {t: n for t, n in session.execute(select(Team.id, Team.name))}
    out: dict[int, Usage] = {}
    for rep in reps:
        first = firsts.get(rep.id)
        split = [[0, 0], [0, 0]]  # [before, after] x [content, total]
        for day, content, total in minutes[rep.id]:
            side = split[1] if first is not None and day >= first else split[0]
            side[1] += total
            side[0] += total if content else 0
        acc = counts[rep.id]
        out[rep.id] = Usage(
            rep_id=rep.id,
            email=rep.email,
            name=rep.name,
            team=team_names.get(rep.team_id) if rep.team_id else None,
            item_uses=acc["item"],
            template_uses=acc["template"],
            emails_sent=acc["email"],
            distinct_items=len(acc["items"]),
            first_use=first,
            content_share_before=_share(*split[0]),
            content_share_after=_share(*split[1]) if first is not None else None,
        )
    return out


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def usage_by_team(usage: dict[int, Usage]) -> dict[str, dict[str, int]]:
    """Return item uses, template uses, emails sent and adopting reps summed per team name."""
    out: dict[str, dict[str, int]] = {}
    for u in usage.values():
        acc = out.setdefault(
            u.team or "(no team)",
            {"reps": 0, "adopters": 0, "item_uses": 0, "template_uses": 0, "emails_sent": 0},
        )
        acc["reps"] += 1
        acc["adopters"] += u.first_use is not None
        acc["item_uses"] += u.item_uses
        acc["template_uses"] += u.template_uses
        acc["emails_sent"] += u.emails_sent
    return dict(sorted(out.items()))


def usage_by_item(session: Session, period: Period, *, rep_ids: list[int] | None = None) -> list[ItemUsage]:
    """Return each used item's uses, distinct reps and emails sent in `period` (by `rep_ids` when
    given), most used first."""
    start, end = _utc_bounds(period, org_zone(session))
    rows = session.execute(
        select(
            PlaybookItem.slug,
            PlaybookItem.title,
            PlaybookItem.kind,
            func.count(),
            func.count(func.distinct(PlaybookUse.rep_id)),
            func.sum(case((PlaybookUse.action == "email", 1), else_=0)),
        )
        .join(PlaybookUse, PlaybookUse.item_id == PlaybookItem.id)
        .where(
            PlaybookUse.used_at >= start,
            PlaybookUse.used_at < end,
            PlaybookUse.rep_id.in_(rep_ids) if rep_ids is not None else PlaybookUse.rep_id.is_not(None),
        )
        .group_by(PlaybookItem.slug, PlaybookItem.title, PlaybookItem.kind)
    )
    out = [ItemUsage(s, t, k, int(n), int(r), int(e or 0)) for s, t, k, n, r, e in rows]
    return sorted(out, key=lambda u: (-u.uses, u.slug))
