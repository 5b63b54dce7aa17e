"""Ranked full-text search over playbook items: FTS5 on SQLite, tsvector + websearch_to_tsquery on
PostgreSQL. Both return the same shape, with highlights marked by MARK_START/MARK_END."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, column, func, literal_column, select, table, text
from sqlalchemy.orm import Session, aliased

from repfocus.domain.playbook import MARK_END, MARK_START
from repfocus.store.models import PlaybookItem, PlaybookTag

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


def _conditions(
    item_id: ColumnElement[Any], filters: Mapping[str, Sequence[str]], kind: str | None
) -> list[ColumnElement[bool]]:
    """Return one condition per filter: the item has one of the facet's values (and is of `kind`)."""
    out = []
    for facet, values in sorted(filters.items()):
        if facet not in FACETS:
            raise ValueError(f"unknown facet {facet!r}")
        if values:
            tagged = select(PlaybookTag.item_id).where(
                PlaybookTag.facet == facet, PlaybookTag.value.in_(values)
            )
            out.append(item_id.in_(tagged))
    if kind:
        out.append(item_id.in_(select(PlaybookItem.id).where(PlaybookItem.kind == kind)))
    return out


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


_FTS = table("playbook_items_fts", column("rowid"), column("rank"), column("playbook_items_fts"))
_FTS_TABLE = literal_column("playbook_items_fts")
# Unary + keeps SQLite from pushing the rowid filter into FTS5 (which would run one full-text query per id).
_FTS_ROWID = literal_column("+playbook_items_fts.rowid")


def _search_sqlite(
    session: Session, query: str, filters: Mapping[str, Sequence[str]], kind: str | None, limit: int
) -> list[SearchHit]:
    match = fts5_query(query)
    if match is None:
        return []
    # ORDER BY rank lets FTS5 sort internally, so highlight() and snippet() run for returned rows only.
    stmt = (
        select(
            _FTS.c.rowid,
            _FTS.c.rank,
            func.highlight(_FTS_TABLE, 0, MARK_START, MARK_END),
            func.snippet(_FTS_TABLE, 2, MARK_START, MARK_END, " … ", 24),
        )
        .where(_FTS.c.playbook_items_fts.op("MATCH")(match), *_conditions(_FTS_ROWID, filters, kind))
        .order_by(_FTS.c.rank)
        .limit(limit)
    )
    return [SearchHit(int(r[0]), -float(r[1]), r[2], r[3]) for r in session.execute(stmt)]


_ENGLISH = literal_column("'english'::regconfig")
_VECTOR = literal_column("playbook_items.search_vector")
_MARKS = f"StartSel={MARK_START}, StopSel={MARK_END}"


def _search_postgresql(
    session: Session, query: str, filters: Mapping[str, Sequence[str]], kind: str | None, limit: int
) -> list[SearchHit]:
    tsquery = func.websearch_to_tsquery(_ENGLISH, query)
    rank = func.ts_rank_cd(_VECTOR, tsquery).label("rank")
    top = (
        select(PlaybookItem.id, rank)
        .where(_VECTOR.op("@@")(tsquery), *_conditions(PlaybookItem.id, filters, kind))
        .order_by(rank.desc(), PlaybookItem.id)
        .limit(limit)
        .subquery()
    )
    # Rank and limit first; ts_headline re-parses the text, so it runs for the returned rows only.
    item = aliased(PlaybookItem)
    stmt = (
        select(
            top.c.id,
            top.c.rank,
            func.ts_headline(_ENGLISH, item.title, tsquery, _MARKS + ", HighlightAll=true"),
            func.ts_headline(
                _ENGLISH,
                item.body,
                tsquery,
                _MARKS + ", MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=' … '",
            ),
        )
        .join_from(top, item, item.id == top.c.id)
        .order_by(top.c.rank.desc(), top.c.id)
    )
    return [SearchHit(int(r[0]), float(r[1]), r[2], r[3]) for r in session.execute(stmt)]


def list_filtered(
    session: Session,
    *,
    filters: Mapping[str, Sequence[str]] | None = None,
    kind: str | None = None,
    limit: int = 50,
) -> list[int]:
    """Return the ids of items matching every filter (no text query), by title."""
    stmt = (
        select(PlaybookItem.id)
        .where(*_conditions(PlaybookItem.id, filters or {}, kind))
        .order_by(PlaybookItem.title, PlaybookItem.id)
        .limit(limit)
    )
    return [int(r[0]) for r in session.execute(stmt)]


def optimize(session: Session) -> None:
    """Merge the search index after a bulk load (SQLite FTS5); PostgreSQL's GIN index needs nothing."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("INSERT INTO playbook_items_fts(playbook_items_fts) VALUES ('optimize')"))
