"""Adding deltas to an aggregate table in one driver-level executemany (INSERT ... ON CONFLICT DO UPDATE).

Rollup upkeep runs on every write of activities, so it skips SQLAlchemy's per-row parameter processing:
rows go to the driver as tuples (dates as ISO text on SQLite, as the Date type stores them).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session


def add_to(
    session: Session, table: str, keys: Sequence[str], measures: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Upsert `rows` (key values then measure values) into `table`, adding measures on conflict."""
    if not rows:
        return
    sqlite = session.get_bind().dialect.name == "sqlite"
    mark = "?" if sqlite else "%s"
    cols = [*keys, *measures]
    quoted = ", ".join(f'"{c}"' for c in cols)
    conflict = ", ".join(f'"{k}"' for k in keys)
    update = ", ".join(f'"{m}" = {table}."{m}" + excluded."{m}"' for m in measures)
    sql = (
        f"INSERT INTO {table} ({quoted}) VALUES ({', '.join([mark] * len(cols))}) "
        f"ON CONFLICT ({conflict}) DO UPDATE SET {update}"
    )
    if sqlite:
        rows = [tuple(v.isoformat() if isinstance(v, date) else v for v in row) for row in rows]
    conn = session.connection()
    for i in range(0, len(rows), 10_000):
        conn.exec_driver_sql(sql, list(rows[i : i + 10_000]))
