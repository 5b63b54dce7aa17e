"""The RepFocus CSV (DESIGN.md, Interfaces): our own columns, ISO 8601 times with an offset."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from repfocus.importers.records import ActivityRecord, HeaderError, ImportFileInvalid, RowError
from repfocus.importers.textfile import csv_rows, open_text
from repfocus.importers.values import ValueInvalid, minutes, text, timestamp

# The header in the order DESIGN.md gives it (the order the export writes); three columns are required.
COLUMNS = (
    "external_id",
    "rep_email",
    "started_at",
    "duration_minutes",
    "kind",
    "subject",
    "direction",
    "outcome",
    "account_name",
    "account_domain",
    "account_status",
    "contact_email",
    "contact_name",
    "contact_title",
    "category",
)
REQUIRED = ("rep_email", "started_at", "kind")
_LOWER = {"kind", "direction", "account_status", "category"}

Item = ActivityRecord | RowError


def parse(stream: IO[bytes]) -> Iterator[Item]:
    """Yield one record or error per data row; unknown columns are reported as header errors."""
    rows = csv_rows(open_text(stream))
    _, header = next(rows)
    names = [h.lower() for h in header]
    if missing := [c for c in REQUIRED if c not in names]:
        raise ImportFileInvalid(
            f"missing required column(s) {', '.join(missing)}; "
            f"the RepFocus CSV header is {', '.join(COLUMNS)}"
        )
    for name in names:
        if name not in COLUMNS:
            yield HeaderError(1, name, "unknown column: it would be ignored; rename or remove it")
    index = {name: i for i, name in enumerate(names) if name in COLUMNS}
    for line, cells in rows:
        if len(cells) > len(header):
            yield RowError(line, "", f"{len(cells)} values but the header has {len(header)} columns")
            continue
        values = {n: (cells[i] if i < len(cells) else "") for n, i in index.items()}
        yield _record(line, values)


def _record(line: int, v: dict[str, str]) -> Item:
    cleaned: dict[str, str | None] = {}
    for name, raw in v.items():
        value = text(raw)
        cleaned[name] = value.lower() if value and name in _LOWER else value
    try:
        started = timestamp(v["started_at"], naive_zone=None)
    except ValueInvalid as exc:
        return RowError(line, "started_at", str(exc))
    try:
        duration = minutes(v.get("duration_minutes"))
    except ValueInvalid as exc:
        return RowError(line, "duration_minutes", str(exc))
    if not cleaned["rep_email"]:
        return RowError(line, "rep_email", "is empty")
    if not cleaned["kind"]:
        return RowError(line, "kind", "is empty")
    return ActivityRecord(
        line=line,
        started_at=started,
        kind=cleaned["kind"] or "",
        external_id=cleaned.get("external_id"),
        rep_email=cleaned["rep_email"],
        duration_minutes=duration,
        subject=cleaned.get("subject") or "",
        direction=cleaned.get("direction"),
        outcome=cleaned.get("outcome"),
        account_name=cleaned.get("account_name"),
        account_domain=cleaned.get("account_domain"),
        account_status=cleaned.get("account_status"),
        contact_email=cleaned.get("contact_email"),
        contact_name=cleaned.get("contact_name"),
        contact_title=cleaned.get("contact_title"),
        category=cleaned.get("category"),
    )
