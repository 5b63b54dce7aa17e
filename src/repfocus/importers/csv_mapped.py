"""Any CSV, read through a --mapping TOML file that names the columns (importers/mapping.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from repfocus.importers.mapping import ColumnMapping
from repfocus.importers.records import ActivityRecord, ImportFileInvalid, RowError
from repfocus.importers.textfile import Header, cell, csv_rows, open_text
from repfocus.importers.values import ValueInvalid, minutes, text, timestamp

Item = ActivityRecord | RowError
_PLAIN = (
    "external_id",
    "rep_email",
    "rep_source_id",
    "subject",
    "outcome",
    "account_external_id",
    "account_name",
    "account_domain",
    "contact_external_id",
    "contact_email",
    "contact_name",
    "contact_title",
    "team",
)
_LOWER = ("direction", "account_status", "category")


def parse(stream: IO[bytes], mapping: ColumnMapping | None) -> Iterator[Item]:
    """Yield one record or error per row, reading the columns the mapping names."""
    if mapping is None or not mapping.columns:
        raise ImportFileInvalid("a mapped CSV needs --mapping FILE.toml with a [columns] table")
    for need in ("started_at", "kind"):
        if need not in mapping.columns:
            raise ImportFileInvalid(f"mapping: [columns] must name the {need} column")
    if "rep_email" not in mapping.columns and "rep_source_id" not in mapping.columns:
        raise ImportFileInvalid("mapping: [columns] must name rep_email or rep_source_id")
    rows = csv_rows(open_text(stream), delimiter=mapping.delimiter)
    _, names = next(rows)
    header = Header(names)
    pos: dict[str, int | None] = {}
    for field, column in mapping.columns.items():
        pos[field] = header.position(column)
        if pos[field] is None:
            raise ImportFileInvalid(
                f"mapping names column {column!r} for {field}, but the file has no such column "
                f"(it has {', '.join(names[:12])})"
            )
    for line, cells in rows:
        yield _record(line, cells, pos, mapping)


def _record(line: int, cells: list[str], pos: dict[str, int | None], m: ColumnMapping) -> Item:
    def get(field: str) -> str | None:
        return text(cell(cells, pos.get(field)))

    try:
        started = timestamp(get("started_at"), naive_zone=m.time_zone, fmt=m.time_format)
    except ValueInvalid as exc:
        return RowError(line, "started_at", str(exc))
    raw_kind = (get("kind") or "").lower()
    kind = m.kinds.get(raw_kind, raw_kind)
    if not kind:
        return RowError(line, "kind", "is empty")
    try:
        duration = minutes(get("duration_minutes"), unit=m.duration_unit)
        if duration is None and get("ended_at"):
            ended = timestamp(get("ended_at"), naive_zone=m.time_zone, fmt=m.time_format)
            duration = max(0, round((ended - started).total_seconds() / 60))
    except ValueInvalid as exc:
        return RowError(line, "duration_minutes", str(exc))
    values = {f: get(f) for f in _PLAIN}
    lowered = {f: (v.lower() if (v := get(f)) else None) for f in _LOWER}
    return ActivityRecord(
        line=line,
        started_at=started,
        kind=kind,
        duration_minutes=duration,
        subject=values.pop("subject") or "",
        **values,
        **lowered,
    )
