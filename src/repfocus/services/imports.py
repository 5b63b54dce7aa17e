"""Importing activities: resolve who and with whom, classify, and write in batches, atomically by default.

Parsers (importers/<source>.py) yield ActivityRecord | RowError | Skipped; this service owns the rest.
One transaction per import: a rejected row (unless partial), a dry run, an exception or a killed process
all leave the database exactly as it was.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Generator, Iterable, Mapping
from typing import IO

from repfocus.domain.access import Actor, can_import, is_leader, require
from repfocus.domain.taxonomy import SOURCES
from repfocus.importers.formats import CHOICES, FORMATS, detect
from repfocus.importers.mapping import ColumnMapping, load_mapping, load_users_csv
from repfocus.importers.records import ActivityRecord, ImportFileInvalid, RowError, Skipped
from repfocus.services import audit, import_worker
from repfocus.services.import_report import ImportReport
from repfocus.services.import_run import Batch, ImportRun, Message
from repfocus.services.import_writer import Estimate, ImportWriter, Progress
from repfocus.store.activities import collector_paused
from repfocus.store.db import IMPORT_LOCK, Database, writer_lock

__all__ = [
    "CHOICES",
    "ImportFileInvalid",
    "ImportReport",
    "estimate_rows",
    "import_activities",
    "import_file",
    "load_mapping",
    "load_users_csv",
]


def import_activities(
    db: Database,
    *,
    records: Iterable[ActivityRecord | RowError | Skipped],
    source: str,
    file_name: str,
    format_name: str | None = None,
    partial: bool = False,
    dry_run: bool = False,
    create_reps: bool = False,
    team: str | None = None,
    user_map: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    actor: Actor | None = None,
    estimate: Estimate | None = None,
) -> ImportReport:
    """Import parsed records in one transaction: all or nothing unless `partial`; nothing when `dry_run`.

    An actor (web or API) may write only the activities of reps they may edit, and only a leader may
    create reps; actor None is the command line (the server's owner). A written import is audited.

    Re-importing adds nothing (source + external_id is unique; rows without an id get a stable hash id).
    Raises ImportFileInvalid (from the parser) when the file as a whole cannot be read; nothing is written.
    `file_name` is used in messages and the audit log entry (with the counts).
    """
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    if actor is not None:
        require(can_import(actor), "imports are for leaders, managers and reps")
        require(is_leader(actor) or not create_reps, "only a leader may create reps during an import")
    report = ImportReport(format=format_name or source, dry_run=dry_run, partial=partial)
    with collector_paused(), db.session() as session:
        # No foreign-key lookups per row on SQLite: every reference comes from this import's own lookups,
        # made under the write lock its transaction holds. A smaller page cache (store/db.py).
        session.connection(execution_options={"sqlite_foreign_keys": False, "sqlite_cache": "import"})
        # Imports take turns (PostgreSQL; SQLite serializes writers anyway): two imports naming the
        # same new account at once would otherwise each create it.
        writer_lock(session, IMPORT_LOCK)
        run = ImportRun(
            session,
            report,
            source,
            partial=partial,
            user_map=dict(user_map or {}),
            create_reps=create_reps,
            team=team,
            actor=actor,
        )
        writer = ImportWriter(
            session,
            zone=run.zone,
            source=run.source,
            created=run.created,
            progress=progress,
            estimate=estimate,
        )
        parallel = db.is_sqlite and import_worker.available()
        report = _write_all(writer, run.messages(records), parallel=parallel)
        if not (partial or report.ok):
            report.imported = report.duplicates = report.estimated_durations = report.unclassified = 0
            report.created_accounts = report.created_contacts = report.created_reps = 0
            report.by_category = {}
            session.rollback()
        elif dry_run:
            session.rollback()
        else:
            audit.record(
                session,
                actor_id=actor.user_id if actor else None,
                action="import.run",
                target=f"file:{file_name}",
                details={
                    "file_name": file_name,
                    "format": report.format,
                    "rows_read": report.rows_read,
                    "imported": report.imported,
                    "duplicates": report.duplicates,
                    "rejected": len(report.rejected),
                    "partial": partial,
                },
            )
            session.commit()
            report.committed = True
    return report


def _write_all(writer: ImportWriter, messages: Generator[Message], *, parallel: bool) -> ImportReport:
    """Write every message until the report; a big import (SQLite) goes on preparing in a worker process
    after its first batch (services/import_worker.py), so parsing and writing share the two cores."""
    prepared = messages  # stays referenced, not finalized, while the worker reads on from its copy
    try:
        report = None
        first = True
        while report is None:
            message = next(messages)
            if first and type(message) is Batch:
                first = False
                big = (
                    writer.estimate is not None
                    and writer.estimate(message.rows_read) >= import_worker.WORKER_ROWS
                )
                if parallel and big:
                    messages = import_worker.in_worker(messages)
                    writer.worker = True
            report = writer.write(message)
        return report
    finally:
        if messages is not prepared:
            messages.close()  # a failure here: stop the worker now


def import_file(
    db: Database,
    *,
    stream: IO[bytes],
    file_name: str,
    format_name: str = "auto",
    mapping: ColumnMapping | None = None,
    user_map: dict[str, str] | None = None,
    partial: bool = False,
    dry_run: bool = False,
    create_reps: bool = False,
    team: str | None = None,
    progress: Progress | None = None,
    on_format: Callable[[str], None] | None = None,
    actor: Actor | None = None,
) -> ImportReport:
    """Recognise (format 'auto') or take the file's format, parse it as a stream and import it.

    A mapping with [columns] makes any CSV importable; its [users] table maps source user ids to emails.
    Raises ImportFileInvalid when the file as a whole cannot be read; nothing is written then.
    """
    if format_name == "auto":
        format_name = "mapped" if mapping is not None and mapping.columns else detect(stream)
    elif format_name == "csv" and mapping is not None and mapping.columns:
        format_name = "mapped"
    if format_name not in FORMATS:
        raise ImportFileInvalid(f"unknown format {format_name!r}; choose one of {', '.join(CHOICES)}")
    if on_format is not None:
        on_format(format_name)
    fmt = FORMATS[format_name]
    users = {**(mapping.users if mapping else {}), **(user_map or {})}
    return import_activities(
        db,
        records=fmt.parse(stream, mapping),
        source=fmt.source,
        file_name=file_name,
        format_name=format_name,
        partial=partial,
        dry_run=dry_run,
        create_reps=create_reps,
        team=team,
        user_map=users,
        progress=progress,
        actor=actor,
        estimate=estimate_rows(stream),
    )


def estimate_rows(stream: IO[bytes]) -> Estimate | None:
    """Return a guess of the file's rows from the share of its bytes read so far (None if not seekable)."""
    try:
        start = stream.tell()
        size = stream.seek(0, io.SEEK_END) - start
        stream.seek(start)
    except (OSError, ValueError):
        return None

    def estimate(rows_read: int) -> int:
        done = stream.tell() - start if not stream.closed else size
        return rows_read * size // max(done, 1)

    return estimate
