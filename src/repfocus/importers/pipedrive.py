"""Pipedrive activities: API v1/v2 JSON (a list, {"data": [...]}, or Airbyte JSON Lines) and CSV.

Traps (FORMATS.md 1.3): empty strings mean null; due_date + due_time are UTC; duration is "HH:MM";
`type` is a per-company key (call, meeting, task, deadline, email, lunch, custom keys). Activities not
marked done are plans, not time spent, and are skipped; so are deleted ones.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, time
from typing import IO, Any

from repfocus.importers.mapping import ColumnMapping
from repfocus.importers.records import ActivityRecord, ImportFileInvalid, RowError, Skipped
from repfocus.importers.textfile import Header, cell, csv_rows, head, json_lines, load_json, open_text
from repfocus.importers.values import ValueInvalid, boolean, minutes, text, timestamp

Item = ActivityRecord | RowError | Skipped
KINDS = {
    "call": "call",
    "meeting": "meeting",
    "email": "email",
    "task": "task",
    "deadline": "task",
    "lunch": "meeting",
}
# CSV headers: API names, and the "Activity - …" labels of the UI export.
_ALIASES = {
    "id": ("id", "activity - id"),
    "type": ("type", "activity - type"),
    "subject": ("subject", "activity - subject"),
    "due_date": ("due_date", "activity - due date"),
    "due_time": ("due_time", "activity - due time"),
    "duration": ("duration", "activity - duration"),
    "done": ("done", "activity - done"),
    "marked_as_done_time": ("marked_as_done_time", "activity - marked as done time"),
    "add_time": ("add_time", "activity - add time"),
    "user_id": ("user_id", "owner_id", "assigned_to_user_id"),
    "owner_name": ("owner_name", "activity - assigned to user"),
    "org_id": ("org_id",),
    "org_name": ("org_name", "activity - organization", "organization - name"),
    "person_id": ("person_id",),
    "person_name": ("person_name", "activity - contact person", "person - name"),
    "active_flag": ("active_flag",),
    "is_deleted": ("is_deleted",),
}


def looks_like_csv(columns: set[str]) -> bool:
    """True when the header has Pipedrive's due_date/due_time pair (API names or UI labels)."""
    lowered = {c.lower() for c in columns}
    return {"due_date", "due_time"} <= lowered or "activity - due date" in lowered


def looks_like_json(keys: set[str]) -> bool:
    """True for Pipedrive activity objects."""
    return "due_date" in keys and ("due_time" in keys or "marked_as_done_time" in keys)


def parse(stream: IO[bytes], mapping: ColumnMapping | None = None) -> Iterator[Item]:
    """Yield one record, skip or error per activity."""
    kinds = {**KINDS, **(mapping.kinds if mapping else {})}
    first = head(stream).lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if first in (b"{", b"["):
        for index, obj in _json_objects(stream):
            if not isinstance(obj, dict):
                yield RowError(index, "", "record is not an object")
            elif "due_date" not in obj:
                yield Skipped(index, "not an activity record")
            else:
                yield _record(index, lambda key, o=obj: o.get(key), kinds)
        return
    rows = csv_rows(open_text(stream))
    _, names = next(rows)
    header = Header(names)
    pos = {key: header.position(*aliases) for key, aliases in _ALIASES.items()}
    if pos["due_date"] is None:
        raise ImportFileInvalid("not a Pipedrive activities export: no due_date column")
    for line, cells in rows:
        yield _record(line, lambda key, c=cells: cell(c, pos[key]), kinds)


def _json_objects(stream: IO[bytes]) -> Iterator[tuple[int, Any]]:
    sample = head(stream)
    try:
        doc = json.loads(sample) if len(sample) < 65536 else None
    except json.JSONDecodeError:
        doc = None
    if doc is None and sample.count(b"\n") > 1 and sample.lstrip().startswith(b"{"):
        for line, obj in json_lines(stream):  # Airbyte: {"stream": "activities", "data": {...}}
            yield line, obj.get("data", obj) if isinstance(obj, dict) and "stream" in obj else obj
        return
    doc = load_json(stream)
    items = doc.get("data") if isinstance(doc, dict) else doc
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        raise ImportFileInvalid('Pipedrive JSON must be a list of activities or {"data": [...]}')
    yield from enumerate(items, start=1)


def _record(line: int, get: Any, kinds: dict[str, str]) -> Item:
    try:
        if text(get("active_flag")) is not None and not boolean(get("active_flag")):
            return Skipped(line, "deleted in Pipedrive")
        if boolean(get("is_deleted") or ""):
            return Skipped(line, "deleted in Pipedrive")
        if not boolean(get("done") or ""):
            return Skipped(line, "not marked done: a planned activity, not time spent")
    except ValueInvalid as exc:
        return RowError(line, "done", str(exc))
    try:
        started = _started(get)
    except ValueInvalid as exc:
        return RowError(line, "due_date", str(exc))
    try:
        duration = minutes(get("duration"))
    except ValueInvalid as exc:
        return RowError(line, "duration", str(exc))
    raw_type = (text(get("type")) or "").lower()
    owner_name = text(get("owner_name"))
    return ActivityRecord(
        line=line,
        started_at=started,
        kind=kinds.get(raw_type, "task"),
        external_id=text(get("id")),
        rep_source_id=text(get("user_id")),
        duration_minutes=duration,
        subject=text(get("subject")) or "",
        account_external_id=text(get("org_id")),
        account_name=text(get("org_name")),
        contact_external_id=text(get("person_id")),
        contact_name=text(get("person_name")),
        extra={"rep_name": owner_name} if owner_name else {},
    )


def _started(get: Any) -> datetime:
    """Return when the activity happened: due date + due time (UTC); without a due time, when it was
    marked done or added if that was on the due date, else midday UTC of the due date."""
    due = text(get("due_date"))
    if due is None:
        raise ValueInvalid("is empty")
    due_time = text(get("due_time"))
    if due_time:
        return timestamp(f"{due}T{due_time}")
    day = timestamp(due).date()
    for key in ("marked_as_done_time", "add_time"):
        if (raw := text(get(key))) and (when := timestamp(raw)).date() == day:
            return when
    return datetime.combine(day, time(12), tzinfo=UTC)
