"""Bullhorn Note and Appointment: REST JSON ({"total", "start", "count", "data": [...]}) and DataLoader CSV.

Traps (FORMATS.md 1.4): epoch milliseconds; Note.minutesSpent mostly null (then estimated); Note.action
is a per-tenant string ("Call 1", "Left Message", "Associate Care"); interviews are Appointments with
type "Interview"; people are {id, _subtype} references, so contacts get ids like "ClientContact:12".
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import IO, Any

from repfocus.importers.mapping import ColumnMapping
from repfocus.importers.records import ActivityRecord, ImportFileInvalid, RowError, Skipped
from repfocus.importers.textfile import csv_rows, load_json, open_text
from repfocus.importers.values import ValueInvalid, boolean, epoch_ms, minutes, text, timestamp

Item = ActivityRecord | RowError | Skipped
SYSTEM_ACTIONS = {"file attached", "file deleted", "status change", "record merged"}
_CALL = ("call", "phone", "left message", "voicemail", "vm", "llamada")
_MEETING = ("meeting", "visit", "lunch", "interview", "onsite", "reunion")
_CSV_DATE_FORMATS = ("%m/%d/%y %H:%M", "%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%y")


def looks_like_csv(columns: set[str]) -> bool:
    """True for Bullhorn DataLoader Note/Appointment headers."""
    lowered = {c.lower() for c in columns}
    return (
        bool(lowered & {"minutesspent", "commentingperson.name", "personreference.name", "appointmentuuid"})
        or {
            "datebegin",
            "communicationmethod",
        }
        <= lowered
    )


def looks_like_json(keys: set[str]) -> bool:
    """True for Bullhorn Note or Appointment REST records."""
    return bool(keys & {"commentingPerson", "minutesSpent", "appointmentUUID", "communicationMethod"})


def parse(stream: IO[bytes], mapping: ColumnMapping | None = None) -> Iterator[Item]:
    """Yield one record, skip or error per Note or Appointment."""
    first = stream.read(8).lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    stream.seek(0)
    if first in (b"{", b"["):
        doc = load_json(stream)
        items = doc.get("data") if isinstance(doc, dict) else doc
        if isinstance(items, dict):
            items = [items]
        if not isinstance(items, list):
            raise ImportFileInvalid('Bullhorn JSON must be {"data": [...]} (a REST search/query response)')
        for index, obj in enumerate(items, start=1):
            yield (
                _record(index, obj)
                if isinstance(obj, dict)
                else RowError(index, "", "record is not an object")
            )
        return
    rows = csv_rows(open_text(stream))
    _, names = next(rows)
    for line, cells in rows:
        yield _record(line, _nest(names, cells))


def _nest(names: list[str], cells: list[str]) -> dict[str, Any]:
    """Return a DataLoader row ('owner.name' columns) as the nested shape of the REST API."""
    out: dict[str, Any] = {}
    for name, value in zip(names, cells, strict=False):
        if "." in name:
            outer, inner = name.split(".", 1)
            out.setdefault(outer, {})[inner] = value
        else:
            out[name] = value
    return out


def _when(value: Any) -> datetime:
    raw = text(value)
    if raw is None:
        raise ValueInvalid("is empty")
    if raw.lstrip("-").isdecimal():
        return epoch_ms(raw)
    for fmt in _CSV_DATE_FORMATS:
        try:
            return timestamp(raw, fmt=fmt)
        except ValueInvalid:
            continue
    return timestamp(raw)


def _ref(value: Any) -> tuple[str | None, str | None]:
    """Return (id, subtype-or-name) of a Bullhorn reference."""
    if not isinstance(value, dict):
        return None, None
    return text(value.get("id")) or text(value.get("externalID")), text(value.get("_subtype"))


def _person(value: Any, default_subtype: str) -> tuple[str | None, str | None, str | None]:
    """Return (contact external id, name, title) for a person reference; candidates get title Candidate."""
    ref_id, subtype = _ref(value)
    subtype = subtype or default_subtype
    name = None
    if isinstance(value, dict):
        name = text(value.get("name")) or " ".join(
            p for p in (text(value.get("firstName")), text(value.get("lastName"))) if p
        )
    if ref_id is None and not name:
        return None, None, None
    title = "Candidate" if subtype == "Candidate" else None
    return (f"{subtype}:{ref_id}" if ref_id else None), (name or None), title


def _kind(words: str, default: str) -> str:
    folded = words.lower()
    if any(w in folded for w in _CALL):
        return "call"
    if any(w in folded for w in _MEETING):
        return "meeting"
    if "email" in folded or "e-mail" in folded:
        return "email"
    return default


def _record(line: int, obj: dict[str, Any]) -> Item:
    try:
        if boolean(obj.get("isDeleted") or ""):
            return Skipped(line, "deleted in Bullhorn")
    except ValueInvalid as exc:
        return RowError(line, "isDeleted", str(exc))
    if "dateBegin" in obj or "appointmentUUID" in obj or "communicationMethod" in obj:
        return _appointment(line, obj)
    return _note(line, obj)


def _appointment(line: int, obj: dict[str, Any]) -> Item:
    try:
        if boolean(obj.get("isAllDay") or ""):
            return Skipped(line, "all-day appointment: not counted as work time")
    except ValueInvalid as exc:
        return RowError(line, "isAllDay", str(exc))
    try:
        started = _when(obj.get("dateBegin"))
    except ValueInvalid as exc:
        return RowError(line, "dateBegin", str(exc))
    duration = None
    if text(obj.get("dateEnd")):
        try:
            duration = max(0, round((_when(obj.get("dateEnd")) - started).total_seconds() / 60))
        except ValueInvalid as exc:
            return RowError(line, "dateEnd", str(exc))
    appointment_type = text(obj.get("type")) or ""
    method = text(obj.get("communicationMethod")) or ""
    subject = text(obj.get("subject")) or appointment_type
    if appointment_type.lower() == "interview" and "interview" not in subject.lower():
        subject = f"Interview: {subject}"
    contact = _person(obj.get("clientContactReference"), "ClientContact")
    if contact[0] is None and contact[1] is None:
        contact = _person(obj.get("candidateReference"), "Candidate")
    owner_id, _ = _ref(obj.get("owner"))
    owner_name = obj.get("owner", {}).get("name") if isinstance(obj.get("owner"), dict) else None
    return ActivityRecord(
        line=line,
        started_at=started,
        kind=_kind(method, "meeting") if "phone" in method.lower() else "meeting",
        external_id=text(obj.get("id")) and f"Appointment:{text(obj.get('id'))}",
        rep_source_id=owner_id or text(owner_name),
        duration_minutes=duration,
        subject=subject,
        contact_external_id=contact[0],
        contact_name=contact[1],
        contact_title=contact[2],
    )


def _note(line: int, obj: dict[str, Any]) -> Item:
    action = text(obj.get("action")) or ""
    if action.lower() in SYSTEM_ACTIONS:
        return Skipped(line, f"system note ({action}), not work")
    try:
        started = _when(obj.get("dateAdded"))
    except ValueInvalid as exc:
        return RowError(line, "dateAdded", str(exc))
    try:
        duration = minutes(obj.get("minutesSpent"))
    except ValueInvalid as exc:
        return RowError(line, "minutesSpent", str(exc))
    comments = " ".join((text(obj.get("comments")) or "").split())
    subject = f"{action}: {comments}" if action and comments else action or comments
    contact = _person(obj.get("personReference"), "ClientContact")
    owner_id, _ = _ref(obj.get("commentingPerson"))
    owner = obj.get("commentingPerson")
    owner_name = text(owner.get("name")) if isinstance(owner, dict) else None
    ext = text(obj.get("id")) or text(obj.get("externalID"))
    return ActivityRecord(
        line=line,
        started_at=started,
        kind=_kind(action, "note"),
        external_id=ext and f"Note:{ext}",
        rep_source_id=owner_id or owner_name,
        duration_minutes=duration,
        subject=subject[:500],
        contact_external_id=contact[0],
        contact_name=contact[1],
        contact_title=contact[2],
    )
