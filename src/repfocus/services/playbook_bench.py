"""The playbook search benchmark: generate a large library, then time ranked, filtered searches."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from repfocus.domain.playbook import BUYER_PERSONAS, ITEM_KINDS, SERVICE_LINES, STAGES
from repfocus.services.playbook_files import load_starter_playbook
from repfocus.services.playbook_search import search_items
from repfocus.store import playbook_search
from repfocus.store.db import Database
from repfocus.store.models import PlaybookItem, PlaybookTag

INDUSTRIES = ("financial services", "healthcare", "retail", "manufacturing", "insurance", "logistics")


Vocabulary = tuple[list[str], list[int]]


def _vocabulary(db: Database) -> Vocabulary:
    """Return the starter playbook's words (4+ letters) and how often each occurs: generated text and
    queries follow the frequencies of real playbook prose, common words included."""
    with db.session() as session:
        text = " ".join(b for b in session.scalars(select(PlaybookItem.body)))
    counts = Counter(w.strip(".,:;!?()*\"'").lower() for w in text.split())
    words = sorted(w for w in counts if w.isalpha() and len(w) > 3)
    return words, [counts[w] for w in words]


def generate_items(db: Database, *, count: int, seed: int = 7) -> Vocabulary:
    """Insert `count` generated items made of the starter playbook's words; return the vocabulary."""
    load_starter_playbook(db)
    vocab, weights = _vocabulary(db)
    rng = random.Random(seed)
    now = datetime.now(UTC)
    with db.session() as session:
        for start in range(0, count, 1000):
            items: list[dict[str, Any]] = []
            tags: list[dict[str, Any]] = []
            for n in range(start, min(count, start + 1000)):
                stages = rng.sample(STAGES, rng.randint(1, 2))
                personas = rng.sample(BUYER_PERSONAS, rng.randint(1, 2))
                industries = rng.sample(INDUSTRIES, rng.randint(0, 1))
                lines = rng.sample(SERVICE_LINES, rng.randint(1, 3))
                kind = rng.choice([k for k in ITEM_KINDS if k != "email_template"])
                items.append(
                    {
                        "slug": f"bench-{n}",
                        "kind": kind,
                        "title": " ".join(rng.choices(vocab, weights, k=6)).capitalize(),
                        "summary": " ".join(rng.choices(vocab, weights, k=20)),
                        "body": " ".join(rng.choices(vocab, weights, k=rng.randint(120, 300))),
                        "stages": stages,
                        "personas": personas,
                        "industries": industries,
                        "service_lines": lines,
                        "version": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            session.execute(insert(PlaybookItem), items)
            slugs = [row["slug"] for row in items]
            ids = {
                slug: item_id
                for slug, item_id in session.execute(
                    select(PlaybookItem.slug, PlaybookItem.id).where(PlaybookItem.slug.in_(slugs))
                )
            }
            for row in items:
                for facet, attr in (
                    ("stage", "stages"),
                    ("persona", "personas"),
                    ("industry", "industries"),
                    ("service_line", "service_lines"),
                ):
                    tags.extend({"item_id": ids[row["slug"]], "facet": facet, "value": v} for v in row[attr])
            session.execute(insert(PlaybookTag), tags)
        playbook_search.optimize(session)
        session.commit()
    return vocab, weights


def run_search_bench(
    db: Database, *, items: int = 10_000, queries: int = 300, seed: int = 7
) -> dict[str, Any]:
    """Return {"items", "queries", "search_median_ms", "search_p95_ms"} for searches through the
    service (ranked FTS, filters, highlighting, loading the items) over `items` generated items."""
    vocab, weights = generate_items(db, count=items, seed=seed)
    rng = random.Random(seed + 1)
    with db.session() as session:
        total = len(session.scalars(select(PlaybookItem.id)).all())
    timings = []
    for n in range(queries):
        words = " ".join(rng.choices(vocab, weights, k=rng.randint(1, 3)))
        persona = [rng.choice(BUYER_PERSONAS)] if n % 2 else []
        stage = [rng.choice(STAGES)] if n % 3 == 0 else []
        t0 = time.perf_counter()
        search_items(db, query=words, personas=persona, stages=stage, limit=20)
        timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    return {
        "items": total,
        "queries": queries,
        "search_median_ms": round(statistics.median(timings), 2),
        "search_p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 2),
    }


def bench_playbook(*, items: int = 10_000, queries: int = 300, database: str | None = None) -> dict[str, Any]:
    """Run the search benchmark on `database` (default: a new SQLite file in a temp folder)."""
    with tempfile.TemporaryDirectory(prefix="repfocus-bench-") as tmp:
        db = Database(database or f"sqlite:///{Path(tmp) / 'bench.db'}")
        try:
            db.upgrade()
            return run_search_bench(db, items=items, queries=queries)
        finally:
            db.dispose()
