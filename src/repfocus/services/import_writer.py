"""Writing an import: what an ImportRun prepared goes into the import's transaction.

Batches are inserted as they come (new teams, reps, accounts and contacts first), rollup changes added as
they come, and rows found already imported (a re-import) taken back out of the rollups and the report.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from repfocus.domain.taxonomy import UNCLASSIFIED
from repfocus.services.import_report import ImportReport
from repfocus.services.import_run import Batch, Finished, Message, Rollups
from repfocus.store.activities import Deltas, add_rollup_rows, apply_deltas
from repfocus.store.bulk_load import (
    defer_link_indexes,
    insert_new_rows,
    insert_prepared,
    rebuild_indexes,
    rollup_keys,
)
from repfocus.store.models import Activity

BULK_ROWS = 100_000  # an import expected to add at least this many rows (and the table's size) is a bulk load

Progress = Callable[[int], None]
Estimate = Callable[[int], int]  # rows read so far -> rows the whole file is expected to hold


class ImportWriter:
    """The writing side of one import, in the caller's transaction."""

    def __init__(
        self,
        session: Session,
        *,
        zone: ZoneInfo,
        source: str,
        created: Any,
        progress: Progress | None,
        estimate: Estimate | None,
    ) -> None:
        self.session, self.zone, self.progress, self.estimate = session, zone, progress, estimate
        self.source, self.created = source, created  # every row's (store.bulk_load.IMPORT_COLUMNS)
        self.deferred: list[str] | None = None  # index statements to run before commit, once decided
        self.found: list[Sequence[Any]] = []  # rows handed over that were imported before
        self.worker = False  # set when a worker process prepares the rows (services/import_worker.py)

    def write(self, message: Message) -> ImportReport | None:
        """Write one message; return the final report after the last one (Finished), else None."""
        if type(message) is Batch:
            self._batch(message)
            return None
        if type(message) is Rollups:
            add_rollup_rows(self.session, message.daily, message.weekly)
            return None
        assert isinstance(message, Finished)
        return self._finish(message.report)

    def bulk(self, rows_read: int) -> bool:
        """True when the import is expected to add at least BULK_ROWS rows and as many as the table holds."""
        if self.estimate is None:
            return False
        expected = self.estimate(rows_read)
        held = self.session.scalar(select(func.max(Activity.id))) or 0
        return expected >= max(BULK_ROWS, held)

    def _batch(self, batch: Batch) -> None:
        if self.deferred is None:
            # A bulk load on SQLite builds the account and contact indexes once at the end rather than row
            # by row: about 3 us a row less. Not when a worker prepares the rows: then this process has
            # time to spare while it waits for batches, and a build at the end would keep everyone waiting.
            bulk = not self.worker and self.bulk(batch.rows_read)
            self.deferred = defer_link_indexes(self.session) if bulk else []
        insert_new_rows(self.session, batch.new)
        self.found.extend(insert_prepared(self.session, batch.rows, source=self.source, created=self.created))
        if self.progress is not None:
            self.progress(batch.rows_read)

    def _finish(self, report: ImportReport) -> ImportReport:
        if self.progress is not None:
            self.progress(report.rows_read)
        if not (report.partial or report.ok):
            return report  # the caller rolls back
        if self.found:
            self._take_back(report)
        if self.deferred:
            rebuild_indexes(self.session, self.deferred)
            self.deferred = []
        return report

    def _take_back(self, report: ImportReport) -> None:
        """Remove from the rollups and the report the rows that were there already (imported before)."""
        found, self.found = self.found, []
        deltas: Deltas = {}
        for key, row in zip(rollup_keys(self.session, found, self.zone), found, strict=True):
            minutes = row[2]
            total = deltas.setdefault(key, [0, 0])
            total[0] -= minutes
            total[1] -= 1
            category = row[5] or UNCLASSIFIED
            report.by_category[category] -= minutes
            if not report.by_category[category]:
                del report.by_category[category]
            report.unclassified -= not row[5]
            report.estimated_durations -= bool(row[3])
        apply_deltas(self.session, deltas)
        report.imported -= len(found)
        report.duplicates += len(found)
