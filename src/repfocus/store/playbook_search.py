"""Ranked full-text search over playbook items: FTS5 on SQLite, tsvector + websearch_to_tsquery on
PostgreSQL. Both return the same shape, with highlights marked by MARK_START/MARK_END."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from repfocus.domain.playbook import MARK_END, MARK_START

FACETS = ("stage", "persona", "industry", "service_line")


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One matching item: its id, rank (higher is better) and marked title and body snippet."""

    item_id: int
    rank: float
    title: str
    snippet: str


# PostgreSQL's 'english' configuration ignores stop words; SQLite drops the same ones from a query
# (outside quoted phrases) so both databases answer alike, and "the" does not rank every item.
_STOP = (
    "a about above after again against all am an and any are as at be because been before being below "
    "between both but by can did do does doing don down during each few for from further had has have "
    "having he her here hers herself him himself his how i if in into is it its itself just me more most "
    "my myself no nor not now of off on once only or other our ours ourselves out over own same she "
    "should so some such than that the their theirs them themselves then there these they this those "
    "through to too under until up very was we were what when where which while who whom why will with "
    "you your yours yourself yourselves"
)
STOP_WORDS = frozenset(_STOP.split())
_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


def fts5_query(query: str) -> str | None:
    """Translate web-search syntax ("a phrase", -exclude, or) into a safe FTS5 MATCH expression.

    Every word is quoted, so FTS5 operators and column filters typed by a user are plain words.
    Return None when nothing positive is left to match.
    """
    positives: list[str] = []
    negatives: list[str] = []
    pending_or = False
    for m in _TOKEN.finditer(query):
        negate, phrase, bare = m.group(1), m.group(2), m.group(3)
        if bare is not None and bare.lower() == "or":
            pending_or = bool(positives)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negate, bare = "-", bare[1:]
        words = _WORD.findall(phrase if phrase is not None else bare or "")
        if not words:
            continue
        clause = '"' + " ".join(words) + '"'
        if phrase is None and all(w.lower() in STOP_WORDS for w in words):
            pending_or = False
            continue
        if negate:
            negatives.append(clause)
        elif pending_or and positives:
            positives[-1] = f"({positives[-1]} OR {clause})"
        elif phrase is None:
            positives.extend(f'"{w}"' for w in words if w.lower() not in STOP_WORDS)
        else:
            positives.append(clause)
        pending_or = False
    if not positives:
        return None
    expr = " AND ".join(positives)
    for clause in negatives:
        expr = f"({expr}) NOT {clause}"
    return expr


def _filter_sql(filters: Mapping[str, Sequence[str]], kind: str | None, params: dict[str, Any]) -> str:
    parts = []
    for n, (facet, values) in enumerate(sorted(filters.items())):
        if facet not in FACETS:
            raise ValueError(f"unknown facet {facet!r}")
        if not values:
            continue
        names = []
        for k, value in enumerate(values):
            params[f"v{n}_{k}"] = value
            names.append(f":v{n}_{k}")
        params[f"f{n}"] = facet
        parts.append(
            f"AND {{id}} IN (SELECT item_id FROM playbook_tags WHERE facet = :f{n} "
            f"AND value IN ({', '.join(names)}))"
        )
    if kind:
        params["kind"] = kind
        parts.append("AND {id} IN (SELECT id FROM playbook_items WHERE kind = :kind)")
    return " ".join(parts)


def search(
    session: Session,
    *,
    query: str,
    filters: Mapping[str, Sequence[str]] | None = None,
    kind: str | None = None,
    limit: int = 20,
) -> list[SearchHit]:
    """Return up to `limit` items matching `query` and every filter, best first."""
    if session.get_bind().dialect.name == "postgresql":
        return _search_postgresql(session, query, filters or {}, kind, limit)
    return _search_sqlite(session, query, filters or {}, kind, limit)


def _search_sqlite(
    session: Session, query: str, filters: Mapping[str, Sequence[str]], kind: str | None, limit: int
) -> list[SearchHit]:
    match = fts5_query(query)
    if match is None:
        return []
    params: dict[str, Any] = {"q": match, "n": limit, "s": MARK_START, "e": MARK_END}
    # Unary + keeps SQLite from pushing the rowid filter into FTS5 (one full-text query per id).
    where = _filter_sql(filters, kind, params).format(id="+f.rowid")
    # ORDER BY rank lets FTS5 sort internally, so highlight() and snippet() run for returned rows only.
    sql = text(
        "SELECT f.rowid, f.rank, highlight(playbook_items_fts, 0, :s, :e), "
        "snippet(playbook_items_fts, 2, :s, :e, ' … ', 24) "
        f"FROM playbook_items_fts f WHERE playbook_items_fts MATCH :q {where} "
        "ORDER BY f.rank LIMIT :n"
    )
    return [SearchHit(int(r[0]), -float(r[1]), r[2], r[3]) for r in session.execute(sql, params)]


def _search_postgresql(
    session: Session, query: str, filters: Mapping[str, Sequence[str]], kind: str | None, limit: int
) -> list[SearchHit]:
    params: dict[str, Any] = {"q": query, "n": limit}
    where = _filter_sql(filters, kind, params).format(id="i.id")
    options = f"StartSel={MARK_START}, StopSel={MARK_END}"
    params["title_opts"] = options + ", HighlightAll=true"
    params["body_opts"] = options + ", MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=' … '"
    # Rank and limit first; ts_headline re-parses the text, so it runs for the returned rows only.
    sql = text(
        "WITH q AS (SELECT websearch_to_tsquery('english', :q) AS q), "
        "top AS (SELECT i.id, ts_rank_cd(i.search_vector, q.q) AS rank FROM playbook_items i, q "
        f"WHERE i.search_vector @@ q.q {where} ORDER BY rank DESC, i.id LIMIT :n) "
        "SELECT top.id, top.rank, ts_headline('english', i.title, q.q, :title_opts), "
        "ts_headline('english', i.body, q.q, :body_opts) "
        "FROM top JOIN playbook_items i ON i.id = top.id, q ORDER BY top.rank DESC, top.id"
    )
    return [SearchHit(int(r[0]), float(r[1]), r[2], r[3]) for r in session.execute(sql, params)]


def list_filtered(
    session: Session,
    *,
    filters: Mapping[str, Sequence[str]] | None = None,
    kind: str | None = None,
    limit: int = 50,
) -> list[int]:
    """Return the ids of items matching every filter (no text query), by title."""
    params: dict[str, Any] = {"n": limit}
    where = _filter_sql(filters or {}, kind, params).format(id="i.id")
    sql = text(f"SELECT i.id FROM playbook_items i WHERE 1 = 1 {where} ORDER BY i.title, i.id LIMIT :n")
    return [int(r[0]) for r in session.execute(sql, params)]


def optimize(session: Session) -> None:
    """Merge the search index after a bulk load (SQLite FTS5); PostgreSQL's GIN index needs nothing."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("INSERT INTO playbook_items_fts(playbook_items_fts) VALUES ('optimize')"))
