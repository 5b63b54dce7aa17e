"""HubSpot calls, meetings, emails, notes and tasks: CRM v3 object JSON, legacy v1 engagements JSON,
and the Fivetran engagement_* CSV tables.

Traps (FORMATS.md 1.2): durations in milliseconds; hs_timestamp as epoch ms or ISO; contacts and
companies only through associations; note bodies are HTML; owners are ids (mapped to emails by the
service through [users] or --users).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import datetime
from typing import IO, Any

from repfocus.importers.mapping import ColumnMapping
from repfocus.importers.records import ActivityRecord, ImportFileInvalid, RowError, Skipped
from repfocus.importers.textfile import Header, csv_rows, load_json, open_text
from repfocus.importers.values import ValueInvalid, boolean, epoch_or_iso, minutes, text

Item = ActivityRecord | RowError | Skipped
_TAG = re.compile(r"<[^>]+>")
_TYPES = {
    "CALL": "call",
    "MEETING": "meeting",
    "EMAIL": "email",
    "INCOMING_EMAIL": "email",
    "NOTE": "note",
    "TASK": "task",
}
_PREFIXES = (
    ("hs_call_", "call"),
    ("hs_meeting_", "meeting"),
    ("hs_email_", "email"),
    ("hs_task_", "task"),
    ("hs_note_", "note"),
)
_SKIP_STATUS = {"CANCELED", "CANCELLED", "NOT_STARTED", "DEFERRED", "SCHEDULED", "RESCHEDULED"}


def looks_like_csv(columns: set[str]) -> bool:
    """True for Fivetran's HubSpot engagement tables."""
    lowered = {c.lower() for c in columns}
    return "engagement_id" in lowered or "property_hs_timestamp" in lowered


def looks_like_json(keys: set[str]) -> bool:
    """True for HubSpot v3 objects (properties with hs_* names) or v1 engagements."""
    return ("properties" in keys and any(k.startswith("hs_") for k in keys)) or "engagement" in keys


def _plain(value: Any, limit: int = 200) -> str:
    raw = text(value) or ""
    return " ".join(html.unescape(_TAG.sub(" ", raw)).split())[:limit]


def _kind_of(props: dict[str, Any], declared: str | None) -> str | None:
    if declared and declared.upper() in _TYPES:
        return _TYPES[declared.upper()]
    for prefix, kind in _PREFIXES:
        if any(k.startswith(prefix) for k in props):
            return kind
    return None


def _direction(value: Any) -> str | None:
    raw = (text(value) or "").upper()
    if raw in ("INBOUND", "INCOMING_EMAIL"):
        return "inbound"
    if raw in ("OUTBOUND", "EMAIL", "FORWARDED_EMAIL"):
        return "outbound"
    return None


def record(
    line: int, ext: str | None, props: dict[str, Any], declared: str | None, assoc: dict[str, str]
) -> Item:
    """Return the record for one engagement given its hs_* properties (prefixes 'property_' removed)."""
    kind = _kind_of(props, declared)
    if kind is None:
        return RowError(
            line, "type", "cannot tell call, meeting, email, note or task: no type and no hs_* fields"
        )
    status = (text(props.get(f"hs_{kind}_status")) or text(props.get("hs_meeting_outcome")) or "").upper()
    if status in _SKIP_STATUS:
        return Skipped(line, f"{kind} status {status}: not time spent")
    start_raw = props.get("hs_meeting_start_time") or props.get("start_time") or props.get("hs_timestamp")
    try:
        started = epoch_or_iso(start_raw)
    except ValueInvalid as exc:
        return RowError(line, "hs_timestamp", str(exc))
    duration: int | None = None
    try:
        end_raw = text(props.get("hs_meeting_end_time") or props.get("end_time"))
        if end_raw:
            ended: datetime = epoch_or_iso(end_raw)
            duration = max(0, round((ended - started).total_seconds() / 60))
        elif kind == "call":
            duration = minutes(props.get("hs_call_duration"), unit="ms")
    except ValueInvalid as exc:
        return RowError(line, "hs_call_duration" if kind == "call" else "hs_meeting_end_time", str(exc))
    subject = (
        _plain(props.get(f"hs_{kind}_title"))
        or _plain(props.get("title"))
        or _plain(props.get(f"hs_{kind}_subject"))
        or _plain(props.get("hs_body_preview"))
        or _plain(props.get(f"hs_{kind}_body"))
    )
    return ActivityRecord(
        line=line,
        started_at=started,
        kind=kind,
        external_id=ext,
        rep_source_id=text(props.get("hubspot_owner_id")),
        duration_minutes=duration,
        subject=subject,
        direction=_direction(props.get("hs_call_direction") or props.get("hs_email_direction")),
        outcome=text(props.get("hs_call_status")) or text(props.get("hs_meeting_outcome")),
        account_external_id=assoc.get("company"),
        contact_external_id=assoc.get("contact"),
    )


def parse(stream: IO[bytes], mapping: ColumnMapping | None = None) -> Iterator[Item]:
    """Yield one record, skip or error per engagement."""
    sample = stream.read(1)
    stream.seek(0)
    if sample in (b"{", b"[", b"\xef"):
        first = stream.read(8).lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        stream.seek(0)
        if first in (b"{", b"["):
            yield from _parse_json(stream)
            return
    rows = csv_rows(open_text(stream))
    _, names = next(rows)
    header = Header(names)
    id_pos = header.position("engagement_id", "id")
    if id_pos is None:
        raise ImportFileInvalid("not a HubSpot engagement table: no engagement_id column")
    keys = [n.lower().removeprefix("property_") for n in names]
    for line, cells in rows:
        props = dict(zip(keys, cells, strict=False))
        try:
            if boolean(props.get("_fivetran_deleted", "")):
                yield Skipped(line, "deleted in HubSpot")
                continue
        except ValueInvalid as exc:
            yield RowError(line, "_fivetran_deleted", str(exc))
            continue
        declared = text(props.get("type")) or text(props.get("engagement_type"))
        if declared is None and "start_time" in props:  # engagement_meeting_data has no type column
            declared = "MEETING"
        yield record(line, text(cells[id_pos]) if id_pos < len(cells) else None, props, declared, {})


def _first_id(assoc: Any, *names: str) -> str | None:
    if not isinstance(assoc, dict):
        return None
    for name in names:
        value = assoc.get(name)
        if isinstance(value, dict):  # v3: {"results": [{"id": "..", "type": ".."}]}
            value = [r.get("id") for r in value.get("results", []) if isinstance(r, dict)]
        if isinstance(value, list) and value:
            return text(value[0])
    return None


def _parse_json(stream: IO[bytes]) -> Iterator[Item]:
    doc = load_json(stream)
    items = doc.get("results", doc.get("data")) if isinstance(doc, dict) else doc
    if isinstance(doc, dict) and items is None:
        items = [doc]
    if not isinstance(items, list):
        raise ImportFileInvalid('HubSpot JSON must be {"results": [...]} or a list of objects')
    for index, obj in enumerate(items, start=1):
        if not isinstance(obj, dict):
            yield RowError(index, "", "record is not an object")
            continue
        if boolean(obj.get("archived") or False):
            yield Skipped(index, "archived in HubSpot")
            continue
        assoc_raw = obj.get("associations")
        assoc = {
            "contact": _first_id(assoc_raw, "contacts", "contactIds") or "",
            "company": _first_id(assoc_raw, "companies", "companyIds") or "",
        }
        assoc = {k: v for k, v in assoc.items() if v}
        if "engagement" in obj:  # legacy v1
            eng, meta = obj.get("engagement") or {}, obj.get("metadata") or {}
            props = {
                "hs_timestamp": eng.get("timestamp"),
                "hubspot_owner_id": eng.get("ownerId"),
                "hs_call_duration": meta.get("durationMilliseconds"),
                "hs_meeting_start_time": meta.get("startTime"),
                "hs_meeting_end_time": meta.get("endTime"),
                "title": meta.get("title") or meta.get("subject"),
                "hs_body_preview": meta.get("body") or meta.get("text"),
            }
            status = meta.get("status")
            if status:
                props[f"hs_{_TYPES.get(str(eng.get('type')).upper(), 'task')}_status"] = status
            yield record(index, text(eng.get("id")), props, text(eng.get("type")), assoc)
            continue
        props = obj.get("properties")
        if not isinstance(props, dict):
            yield RowError(index, "properties", "missing: not a HubSpot object")
            continue
        yield record(index, text(obj.get("id")) or text(props.get("hs_object_id")), props, None, assoc)
