"""Ids for new rows, handed out before the rows are written, so rows that refer to them can be built at once.

An import creates accounts, contacts, reps and teams as it reads, and the activities that refer to them are
built in the same pass (possibly in another process, services/import_worker.py): their ids must be known
before anything is inserted. The new rows are then inserted with these ids.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session

BLOCK = 100  # PostgreSQL: ids reserved from a sequence at a time


class IdNumbers:
    """Hands out ids for new rows of `tables` during one write transaction.

    SQLite: after each table's maximum, read once; the transaction holds the write lock from its BEGIN
    IMMEDIATE, so no other writer can take these ids before commit (and a rollback gives them back). A copy
    made in a forked process goes on numbering where the original stood. PostgreSQL: from each table's
    sequence, reserved in blocks with nextval (safe beside concurrent writers; a rollback leaves gaps).
    """

    def __init__(self, session: Session, tables: Iterable[Table]) -> None:
        self._session = session
        self._sqlite = session.get_bind().dialect.name == "sqlite"
        self._free: dict[str, list[int]] = {}
        self._next: dict[str, int] = {}
        for table in tables:
            self._free[table.name] = []
            if self._sqlite:
                top = session.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
                self._next[table.name] = int(top) + 1

    def next(self, table: str) -> int:
        """Return an id no other row of the table named `table` has or will be given."""
        if self._sqlite:
            n = self._next[table]
            self._next[table] = n + 1
            return n
        free = self._free[table]
        if not free:
            rows = self._session.execute(
                text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
                {"t": table, "n": BLOCK},
            )
            free.extend(sorted((int(r[0]) for r in rows), reverse=True))
        return free.pop()
