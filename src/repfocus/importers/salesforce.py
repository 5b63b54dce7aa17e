"""Salesforce Task and Event: Data Export / Data Loader CSV (PascalCase), ELT CSV (snake_case), REST JSON.

Traps handled (FORMATS.md 1.1, 4): times without offset are GMT; '000000000000000AAA' is a null id;
Events carry DurationInMinutes (often no Start/End), Tasks only CallDurationInSeconds for calls; a Task's
ActivityDate is a due date, so CompletedDateTime/CreatedDate say when the work happened; deleted rows,
all-day events, child copies of group events and recurrence masters are skipped, not counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from repfocus.importers.mapping import ColumnMapping
from repfocus.importers.records import ActivityRecord, ImportFileInvalid, RowError, Skipped
from repfocus.importers.textfile import Header, cell, csv_rows, load_json, open_text
from repfocus.importers.values import ValueInvalid, boolean, minutes, text, timestamp

Item = ActivityRecord | RowError | Skipped

_FIELDS = {
    "id": ("id",),
    "owner": ("ownerid",),
    "owner_email": ("owner.email", "owneremail"),
    "who": ("whoid",),
    "what": ("whatid",),
    "account": ("accountid",),
    "subject": ("subject",),
    "type": ("type",),
    "task_subtype": ("tasksubtype",),
    "event_subtype": ("eventsubtype",),
    "start": ("startdatetime", "activitydatetime"),
    "end": ("enddatetime",),
    "activity_date": ("activitydate",),
    "completed": ("completeddatetime",),
    "created": ("createddate",),
    "duration": ("durationinminutes",),
    "call_seconds": ("calldurationinseconds",),
    "call_type": ("calltype",),
    "disposition": ("calldisposition",),
    "status": ("status",),
    "email_message": ("emailmessageid",),
    "deleted": ("isdeleted",),
    "all_day": ("isalldayevent",),
    "child": ("ischild",),
    "recurrence": ("isrecurrence",),
    "recurrence_master": ("recurrenceactivityid",),
}
_TYPE_KINDS = {
    "call": "call",
    "email": "email",
    "meeting": "meeting",
    "listemail": "email",
    "cadence": "task",
}


def looks_like_csv(columns: set[str]) -> bool:
    """True when the header has Salesforce activity columns (PascalCase or snake_case)."""
    flat = {c.lower().replace("_", "") for c in columns}
    return "ownerid" in flat and bool(
        flat
        & {"durationinminutes", "calldurationinseconds", "tasksubtype", "eventsubtype", "whoid", "whatid"}
    )


def looks_like_json(keys: set[str]) -> bool:
    """True for Salesforce REST / sObject-tree JSON ({"records": [{"attributes": {...}}]})."""
    return "attributes" in keys and "records" in keys


class _Pos:
    def __init__(self, header: Header) -> None:
        self.at = {key: header.position(*names) for key, names in _FIELDS.items()}
        self.event_file = self.at["duration"] is not None or self.at["event_subtype"] is not None


def parse(stream: IO[bytes], mapping: ColumnMapping | None = None) -> Iterator[Item]:
    """Yield one record, skip or error per Task/Event row (owners stay ids: the service maps them)."""
    sample = stream.read(1)
    stream.seek(0)
    if sample in (b"{", b"["):
        yield from _parse_json(stream)
        return
    rows = csv_rows(open_text(stream))
    _, names = next(rows)
    header = Header(names)
    if header.position("ownerid") is None and header.position("owner.email", "owneremail") is None:
        raise ImportFileInvalid("not a Salesforce Task/Event export: no OwnerId column")
    pos = _Pos(header)
    for line, cells in rows:
        yield _record(line, cells, pos)


def _parse_json(stream: IO[bytes]) -> Iterator[Item]:
    doc = load_json(stream)
    records = doc.get("records") if isinstance(doc, dict) else doc
    if not isinstance(records, list):
        raise ImportFileInvalid('Salesforce JSON must be {"records": [...]}')
    for index, raw in enumerate(records, start=1):
        if not isinstance(raw, dict):
            yield RowError(index, "", "record is not an object")
            continue
        kind = str((raw.get("attributes") or {}).get("type", "")).lower()
        flat = {k: "" if v is None else str(v) for k, v in raw.items() if not isinstance(v, dict | list)}
        if kind == "event" and "DurationInMinutes" not in flat:
            flat.setdefault("EventSubtype", "Event")
        header = Header(list(flat))
        yield _record(index, list(flat.values()), _Pos(header))


def _kind(pos: _Pos, cells: list[str], is_event: bool) -> str:
    at = pos.at
    for key in ("task_subtype", "event_subtype", "type"):
        value = cell(cells, at[key]).strip().lower().replace(" ", "")
        if value in _TYPE_KINDS:
            return _TYPE_KINDS[value]
    if text(cell(cells, at["email_message"])):
        return "email"
    subject = cell(cells, at["subject"]).strip().lower()
    if subject.startswith(("email:", "email de lista", "mensaje mail")):
        return "email"
    if subject.startswith(("call", "llamada")):
        return "call"
    return "meeting" if is_event else "task"


def _record(line: int, cells: list[str], pos: _Pos) -> Item:
    at = pos.at
    try:
        if boolean(cell(cells, at["deleted"])):
            return Skipped(line, "deleted in Salesforce")
        if boolean(cell(cells, at["all_day"])):
            return Skipped(line, "all-day event: not counted as work time")
        if boolean(cell(cells, at["child"])):
            return Skipped(line, "invitee copy of a group event (the parent is counted)")
        if boolean(cell(cells, at["recurrence"])) and not text(cell(cells, at["recurrence_master"])):
            return Skipped(line, "recurring series master (its occurrences are counted)")
    except ValueInvalid as exc:
        return RowError(line, "IsDeleted/IsAllDayEvent", str(exc))
    ext = text(cell(cells, at["id"]))
    is_event = ext.startswith("00U") if ext else pos.event_file
    kind = _kind(pos, cells, is_event)
    field = "StartDateTime" if is_event else "CompletedDateTime"
    try:
        if is_event:
            raw = text(cell(cells, at["start"])) or text(cell(cells, at["activity_date"]))
        else:
            raw = text(cell(cells, at["completed"])) or text(cell(cells, at["created"]))
            field = "CompletedDateTime" if text(cell(cells, at["completed"])) else "CreatedDate"
            raw = raw or text(cell(cells, at["activity_date"]))
        started = timestamp(raw)
    except ValueInvalid as exc:
        return RowError(line, field, str(exc))
    try:
        if is_event:
            field = "DurationInMinutes"
            duration = minutes(cell(cells, at["duration"]))
            end = text(cell(cells, at["end"]))
            if duration is None and end:
                duration = max(0, round((timestamp(end) - started).total_seconds() / 60))
        else:
            field = "CallDurationInSeconds"
            duration = minutes(cell(cells, at["call_seconds"]), unit="seconds")
    except ValueInvalid as exc:
        return RowError(line, field, str(exc))
    owner = text(cell(cells, at["owner"]))
    who = text(cell(cells, at["who"]))
    what = text(cell(cells, at["what"]))
    account = text(cell(cells, at["account"])) or (what if what and what.startswith("001") else None)
    call_type = (text(cell(cells, at["call_type"])) or "").lower()
    email = text(cell(cells, at["owner_email"]))
    return ActivityRecord(
        line=line,
        started_at=started,
        kind=kind,
        external_id=ext,
        rep_email=email,
        rep_source_id=owner,
        duration_minutes=duration,
        subject=text(cell(cells, at["subject"])) or "",
        direction=call_type if call_type in ("inbound", "outbound") else None,
        outcome=text(cell(cells, at["disposition"])) or text(cell(cells, at["status"])),
        account_external_id=account,
        contact_external_id=who if who and who.startswith(("003", "00Q")) else None,
    )
