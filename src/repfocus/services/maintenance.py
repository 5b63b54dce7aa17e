"""Database upkeep use cases."""

from __future__ import annotations

from repfocus.store.activities import rebuild_rollups as _rebuild
from repfocus.store.db import Database


def rebuild_rollups(db: Database) -> int:
    """Recompute every daily rollup from raw activities in one transaction; return activities read."""
    with db.session() as session:
        read = _rebuild(session)
        session.commit()
    return read
