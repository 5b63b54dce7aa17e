"""Playbook search: ranked full-text search with filters and escaped highlights."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from repfocus.domain.playbook import marked_html, marked_plain
from repfocus.store import playbook_search
from repfocus.store.db import Database
from repfocus.store.models import PlaybookItem


@dataclass(frozen=True, slots=True)
class Hit:
    """A search result: the item's tags, its rank and the highlighted title and snippet (HTML-escaped)."""

    slug: str
    kind: str
    title: str
    summary: str
    stages: list[str]
    personas: list[str]
    rank: float
    title_html: str
    snippet_html: str
    snippet: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "kind": self.kind,
            "title": self.title,
            "summary": self.summary,
            "stages": self.stages,
            "personas": self.personas,
            "rank": round(self.rank, 6),
            "title_html": self.title_html,
            "snippet_html": self.snippet_html,
            "snippet": self.snippet,
        }


def search_items(
    db: Database,
    *,
    query: str = "",
    stages: Sequence[str] = (),
    personas: Sequence[str] = (),
    industries: Sequence[str] = (),
    service_lines: Sequence[str] = (),
    kind: str | None = None,
    limit: int = 20,
) -> list[Hit]:
    """Return items matching the words of `query` (ranked, highlighted) and every filter given.

    Without words, return the filtered items by title."""
    filters = {
        "stage": list(stages),
        "persona": list(personas),
        "industry": [i.lower() for i in industries],
        "service_line": list(service_lines),
    }
    with db.session() as session:
        if query.strip():
            found = playbook_search.search(session, query=query, filters=filters, kind=kind, limit=limit)
            marks = {h.item_id: h for h in found}
            ids = [h.item_id for h in found]
        else:
            ids = playbook_search.list_filtered(session, filters=filters, kind=kind, limit=limit)
            marks = {}
        cols = (
            PlaybookItem.id,
            PlaybookItem.slug,
            PlaybookItem.kind,
            PlaybookItem.title,
            PlaybookItem.summary,
            PlaybookItem.stages,
            PlaybookItem.personas,
        )
        rows = {r.id: r for r in session.execute(select(*cols).where(PlaybookItem.id.in_(ids)))}
        out = []
        for item_id in ids:
            row = rows[item_id]
            mark = marks.get(item_id)
            title = mark.title if mark else row.title
            snippet = mark.snippet if mark else row.summary
            out.append(
                Hit(
                    slug=row.slug,
                    kind=row.kind,
                    title=row.title,
                    summary=row.summary,
                    stages=list(row.stages or ()),
                    personas=list(row.personas or ()),
                    rank=mark.rank if mark else 0.0,
                    title_html=marked_html(title),
                    snippet_html=marked_html(snippet),
                    snippet=marked_plain(snippet),
                )
            )
        return out
