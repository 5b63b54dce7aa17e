"""Salesforce Task and Event: Data Export / Data Loader CSV (PascalCase), ELT CSV (snake_case), REST JSON.

Traps handled (FORMATS.md 1.1, 4): times without offset are GMT; '000000000000000AAA' is a null id;
Events carry DurationInMinutes (often no Start/End), Tasks only CallDurationInSeconds for calls; a Task's
ActivityDate is a due date, so CompletedDateTime/CreatedDate say when the work happened; deleted rows,
all-day events, child copies of group events and recurrence masters are skipped, not counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO

from repfocus.importers.mapping import ColumnMapping
from repfocus.importers.records import ActivityRecord, ImportFileInvalid, RowError, Skipped
from repfocus.importers.textfile import Header, csv_rows, load_json, open_text
from repfocus.importers.values import SALESFORCE_NULL_ID, ValueInvalid, boolean, minutes, timestamp

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
    """Where each field sits in a row; absent fields point at the empty cell appended to every row."""

    def __init__(self, header: Header) -> None:
        self.width = len(header.names)
        found = {key: header.position(*names) for key, names in _FIELDS.items()}
        self.event_file = found["duration"] is not None or found["event_subtype"] is not None
        self.at = {key: self.width if i is None else i for key, i in found.items()}


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
    record = _reader(pos)
    width = pos.width
    for line, cells in rows:
        if len(cells) == width:
            cells.append("")
        elif len(cells) < width:
            cells.extend([""] * (width + 1 - len(cells)))
        else:
            yield RowError(line, "", f"{len(cells)} values but the header has {width} columns")
            continue
        yield record(line, cells)


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
        yield _reader(_Pos(header))(index, [*flat.values(), ""])


_SEEN_TYPES: dict[str, str | None] = {}  # a type cell as written -> its kind: few distinct values


def _type_kind(value: str) -> str | None:
    kind = _SEEN_TYPES.get(value, "")
    if kind == "":
        kind = _TYPE_KINDS.get(value.strip().lower().replace(" ", ""))
        if len(_SEEN_TYPES) < 1000:
            _SEEN_TYPES[value] = kind
    return kind


def _kind(cells: list[str], typed: tuple[int, ...], email_message: int, subject: int, is_event: bool) -> str:
    """The kind from the first of TaskSubtype/EventSubtype/Type (at `typed`) that names one, else the email
    message id, else the subject's first word."""
    for i in typed:
        value = cells[i]
        if value and (kind := _type_kind(value)):
            return kind
    if _id(cells[email_message]):
        return "email"
    words = cells[subject].strip().lower()
    if words.startswith(("email:", "email de lista", "mensaje mail")):
        return "email"
    if words.startswith(("call", "llamada")):
        return "call"
    return "meeting" if is_event else "task"


_NO = frozenset({"", "0", "false", "FALSE", "False"})


def _skip_reason(at: dict[str, int], cells: list[str]) -> str | None:
    if cells[at["deleted"]] not in _NO and boolean(cells[at["deleted"]]):
        return "deleted in Salesforce"
    if cells[at["all_day"]] not in _NO and boolean(cells[at["all_day"]]):
        return "all-day event: not counted as work time"
    if cells[at["child"]] not in _NO and boolean(cells[at["child"]]):
        return "invitee copy of a group event (the parent is counted)"
    recurring = cells[at["recurrence"]]
    if recurring not in _NO and boolean(recurring) and not _id(cells[at["recurrence_master"]]):
        return "recurring series master (its occurrences are counted)"
    return None


def _id(value: str) -> str | None:
    value = value.strip()
    return value if value and value != SALESFORCE_NULL_ID else None


def _reader(pos: _Pos) -> Callable[[int, list[str]], Item]:
    """Return the function that reads one row of this file: positions are looked up once per file."""
    at = pos.at
    (i_id, i_owner, i_owner_email, i_who, i_what, i_account, i_subject, i_start, i_end, i_activity_date,
     i_completed, i_created, i_duration, i_call_seconds, i_call_type, i_disposition, i_status, i_deleted,
     i_all_day, i_child, i_recurrence, i_email_message) = (at[key] for key in (
        "id", "owner", "owner_email", "who", "what", "account", "subject", "start", "end", "activity_date",
        "completed", "created", "duration", "call_seconds", "call_type", "disposition", "status", "deleted",
        "all_day", "child", "recurrence", "email_message"))  # fmt: skip
    typed = tuple(
        i for i in (at["task_subtype"], at["event_subtype"], at["type"]) if i != pos.width
    )  # present
    event_file = pos.event_file
    null = SALESFORCE_NULL_ID

    def record(line: int, cells: list[str]) -> Item:
        if (cells[i_deleted] not in _NO or cells[i_all_day] not in _NO or cells[i_child] not in _NO
                or cells[i_recurrence] not in _NO):  # fmt: skip
            try:
                if reason := _skip_reason(at, cells):
                    return Skipped(line, reason)
            except ValueInvalid as exc:
                return RowError(line, "IsDeleted/IsAllDayEvent/IsChild/IsRecurrence", str(exc))
        # ids inline (this runs once a row): stripped, and the all-zero id is none
        ext: str | None = cells[i_id].strip()
        if not ext or ext == null:
            ext = None
        is_event = ext.startswith("00U") if ext else event_file
        field = "StartDateTime"
        try:
            if is_event:
                raw = cells[i_start] or cells[i_activity_date]
            else:
                field = "CompletedDateTime" if cells[i_completed].strip() else "CreatedDate"
                raw = cells[i_completed] or cells[i_created] or cells[i_activity_date]
            started = timestamp(raw)
        except ValueInvalid as exc:
            return RowError(line, field, str(exc))
        try:
            if is_event:
                field = "DurationInMinutes"
                duration_cell = cells[i_duration]  # whole minutes read inline, the rest by minutes()
                duration = int(duration_cell) if duration_cell.isdecimal() else minutes(duration_cell)
                end = cells[i_end].strip()
                if duration is None and end:
                    duration = max(0, round((timestamp(end) - started).total_seconds() / 60))
            else:
                field = "CallDurationInSeconds"
                duration = minutes(cells[i_call_seconds], unit="seconds")
        except ValueInvalid as exc:
            return RowError(line, field, str(exc))
        who = cells[i_who].strip()
        if who == null:
            who = ""
        account: str | None = cells[i_account].strip()
        if not account or account == null:
            what = cells[i_what].strip()
            account = what if what.startswith("001") else None
        owner: str | None = cells[i_owner].strip()
        if not owner or owner == null:
            owner = None
        call_type = cells[i_call_type]
        if call_type:
            call_type = call_type.strip().lower()
        return ActivityRecord(
            line,
            started,
            _kind(cells, typed, i_email_message, i_subject, is_event),
            ext,
            cells[i_owner_email].strip() or None,
            owner,
            duration,
            cells[i_subject].strip(),
            call_type if call_type in ("inbound", "outbound") else None,
            cells[i_disposition].strip() or cells[i_status].strip() or None,
            account,
            contact_external_id=who if who.startswith(("003", "00Q")) else None,
        )

    return record
