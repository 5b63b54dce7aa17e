"""Bullhorn staffing-funnel exports: JobOrder, JobSubmission, JobSubmissionHistory, Sendout, Placement.

Reads the REST shape (`{"total","start","count","data":[...]}`, a bare list, or one record per line) and
CSV exports whose headers are the REST field names, nested ones dotted (`jobOrder.id`). Nested
references are flattened to dotted keys, so both shapes meet in one code path. Dates are epoch
milliseconds in REST; CSV may also give ISO dates or Bullhorn's `M/D/YY HH:MM`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from repfocus.importers.records import ImportFileInvalid, RowError

ENTITIES = ("joborder", "submission", "history", "sendout", "placement")  # funnel order
ENTITY_NAMES = {
    "joborder": "JobOrder",
    "submission": "JobSubmission",
    "history": "JobSubmissionHistory",
    "sendout": "Sendout",
    "placement": "Placement",
}
REQUIRED = {
    "joborder": ("id", "title", "employmentType", "dateAdded"),
    "submission": ("id", "jobOrder.id", "candidate.id", "dateAdded"),
    "history": ("id", "jobSubmission.id", "status", "dateAdded"),
    "sendout": ("id", "jobOrder.id", "candidate.id", "dateAdded"),
    "placement": ("id", "jobOrder.id", "dateBegin"),
}
_DATE_FORMATS = ("%m/%d/%y %H:%M", "%m/%d/%Y %H:%M", "%m/%d/%y", "%m/%d/%Y", "%Y-%m-%d %H:%M:%S")


class FunnelFileInvalid(ImportFileInvalid):
    """The file as a whole cannot be read as a Bullhorn funnel export; the message says why."""


@dataclass(slots=True)
class FunnelRecord:
    """One funnel event as read from Bullhorn; times are aware UTC, money Decimal, None when absent."""

    entity: str
    line: int
    external_id: str
    at: datetime  # opened (job order), submitted, status change, sent out, or start (placement)
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        return self.values.get(key)


def detect_entity(keys: set[str], file_name: str = "") -> str | None:
    """Return the entity a record's field names (and, failing that, the file name) point to."""
    top = {k.split(".", 1)[0] for k in keys}
    if "modifyingUser" in top or ("jobSubmission" in top and "transactionID" in top):
        return "history"
    if "sendingUser" in top or "jobSubmissionCertificationRequirements" in top:
        return "submission"
    if {"dateBegin", "jobOrder"} <= top and top & {"fee", "salary", "jobSubmission", "clientBillRate"}:
        return "placement"
    if "numOpenings" in top or ({"title", "employmentType"} <= top and "candidate" not in top):
        return "joborder"
    if {"candidate", "jobOrder"} <= top and "user" in top:
        return "sendout"
    if {"candidate", "jobOrder", "status"} <= top:
        return "submission"
    name = file_name.lower().replace("_", "").replace("-", "")
    for hint, entity in (
        ("jobsubmissionhistory", "history"),
        ("submissionhistory", "history"),
        ("jobsubmission", "submission"),
        ("submission", "submission"),
        ("joborder", "joborder"),
        ("sendout", "sendout"),
        ("placement", "placement"),
    ):
        if hint in name:
            return entity
    return None


def read_rows(data: bytes) -> tuple[str, Iterator[tuple[int, dict[str, Any]]]]:
    """Return ("json" | "csv", (line or record index, flat record) pairs); raise FunnelFileInvalid."""
    if b"\x00" in data[:4096]:
        raise FunnelFileInvalid("this is a binary file, not a Bullhorn JSON or CSV export")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    stripped = text.lstrip()
    if not stripped:
        raise FunnelFileInvalid("the file is empty")
    if stripped[0] in "[{":
        return "json", _json_rows(stripped)
    return "csv", _csv_rows(text)


def _json_rows(text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        try:  # one JSON object per line (an export tool's JSONL)
            doc = [json.loads(ln) for ln in lines]
        except json.JSONDecodeError:
            raise FunnelFileInvalid(
                f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
            ) from None
    if isinstance(doc, Mapping):
        items = doc.get("data")
        if items is None and "id" in doc:
            items = [doc]  # a single entity (GET /entity/JobOrder/1 returns {"data": {...}})
        if isinstance(items, Mapping):
            items = [items]
    else:
        items = doc
    if not isinstance(items, list):
        raise FunnelFileInvalid('expected a Bullhorn response {"data": [...]} or a JSON array of records')
    return ((i, _flatten(r) if isinstance(r, Mapping) else {}) for i, r in enumerate(items, 1))


def _csv_rows(text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
        raise FunnelFileInvalid("the CSV file has no header row")
    names = [h.strip() for h in header]
    if "id" not in names:
        raise FunnelFileInvalid(f"the CSV header has no 'id' column (found: {', '.join(names[:8])})")

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        for fields in reader:
            if not any(f.strip() for f in fields):
                continue
            row = {n: (v.strip() or None) for n, v in zip(names, fields, strict=False)}
            yield reader.line_num, row

    return rows()


def _flatten(record: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            if "data" in value and "total" in value:
                continue  # a to-many association: counts only, never the funnel's own data
            out.update(_flatten(value, f"{name}."))
        elif isinstance(value, list):
            out[name] = value[0] if value and not isinstance(value[0], Mapping | list) else None
        else:
            out[name] = value
    return out


def funnel_records(
    rows: Iterator[tuple[int, dict[str, Any]]], entity: str
) -> Iterator[FunnelRecord | RowError]:
    """Yield one FunnelRecord per row of `entity`, or a RowError naming the line, field and reason."""
    for line, row in rows:
        if not row:
            yield RowError(line, "record", "not a JSON object")
            continue
        try:
            yield _record(line, row, entity)
        except _Bad as bad:
            yield RowError(line, bad.field, bad.reason)


class _Bad(Exception):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field, self.reason = field, reason


def _record(line: int, row: dict[str, Any], entity: str) -> FunnelRecord:
    for name in REQUIRED[entity]:
        if row.get(name) in (None, ""):
            raise _Bad(name, f"{name} is required for a {ENTITY_NAMES[entity]}")
    when = "dateBegin" if entity == "placement" else "dateAdded"
    values: dict[str, Any] = {
        "status": _text(row.get("status"), 80),
        "deleted": _bool(row.get("isDeleted"), "isDeleted"),
        "job_order": _ref(row.get("jobOrder.id")),
        "submission": _ref(row.get("jobSubmission.id")),
        "candidate": _ref(row.get("candidate.id")),
        "candidate_name": _name(row, "candidate"),
        "account": _ref(row.get("clientCorporation.id")),
        "account_name": _text(row.get("clientCorporation.name"), 200),
        "contact": _ref(row.get("clientContact.id")),
        "contact_name": _name(row, "clientContact"),
        "owner": _ref(row.get("owner.id") or row.get("sendingUser.id") or row.get("user.id")),
        "owner_email": _text(row.get("owner.email"), 254),
        "title": _text(row.get("title"), 200),
        "employment_type": _text(row.get("employmentType"), 80),
        "openings": _int(row.get("numOpenings"), "numOpenings"),
        "is_open": _bool(row.get("isOpen"), "isOpen"),
        "closed_at": _time(row.get("dateClosed"), "dateClosed"),
        "ended_at": _time(row.get("dateEnd"), "dateEnd"),
        "bill_rate": _money(row.get("clientBillRate", row.get("billRate")), "clientBillRate"),
        "pay_rate": _money(row.get("payRate"), "payRate"),
        "salary": _money(row.get("salary"), "salary"),
        "fee": _money(row.get("fee"), "fee"),
    }
    values["job_type"] = job_type_of(values["employment_type"])
    values["lead"] = entity == "joborder" and "lead" in {
        (values["employment_type"] or "").lower(),
        (values["status"] or "").lower(),
    }
    # A "Lead" job order is a lead, not a requirement yet: it needs no job type.
    if entity == "joborder" and not values["lead"] and values["job_type"] is None:
        raise _Bad(
            "employmentType",
            f"{values['employment_type']!r} is not a staffing job type; expected contract, "
            "contract to hire or direct hire (permanent)",
        )
    if entity == "joborder":
        values["job_status"] = job_status_of(values["status"], values["is_open"], values["closed_at"])
    at = _time(row[when], when)
    assert at is not None  # required above
    return FunnelRecord(entity=entity, line=line, external_id=str(_ref(row["id"])), at=at, values=values)


def job_type_of(employment_type: str | None) -> str | None:
    """Map a tenant's employmentType ("50 - Direct Hire", "Contract", "Permanent") to a RepFocus job type."""
    text = (employment_type or "").lower()
    if ("contract" in text and ("hire" in text or "perm" in text)) or "c2h" in text or "temp to" in text:
        return "contract_to_hire"
    if any(w in text for w in ("direct", "perm", "full time", "full-time", "fte")):
        return "direct_hire"
    if any(w in text for w in ("contract", "freelance", "temp", "consult")):
        return "contract"
    return None


def job_status_of(status: str | None, is_open: bool | None, closed_at: datetime | None) -> str:
    """Map a tenant's job order status to open | filled | lost | closed (statuses are configurable)."""
    text = (status or "").lower()
    if "placed" in text or "filled" in text:
        return "filled"
    if "lost" in text or "cancel" in text:
        return "lost"
    if "closed" in text or "archive" in text or (is_open is False and closed_at is not None):
        return "closed"
    return "open"


def _ref(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()[:64] or None


def _text(value: Any, limit: int) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text[:limit] or None


def _name(row: Mapping[str, Any], prefix: str) -> str | None:
    parts = [str(row.get(f"{prefix}.{k}") or "").strip() for k in ("firstName", "lastName")]
    return " ".join(p for p in parts if p)[:200] or _text(row.get(f"{prefix}.name"), 200)


def _bool(value: Any, name: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "y"):
        return True
    if text in ("0", "false", "no", "n"):
        return False
    raise _Bad(name, f"{value!r} is not true or false")


def _int(value: Any, name: str) -> int | None:
    if value is None:
        return None
    try:
        number = int(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        raise _Bad(name, f"{value!r} is not a whole number") from None
    if number < 0:
        raise _Bad(name, f"{number} is negative")
    return number


def _money(value: Any, name: str) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value).replace("$", "").replace(",", "").strip())
    except InvalidOperation:
        raise _Bad(name, f"{value!r} is not a number") from None
    if not amount.is_finite() or abs(amount) >= Decimal("1e10"):
        raise _Bad(name, f"{value!r} is not a usable amount")
    return amount


def _time(value: Any, name: str) -> datetime | None:
    """Epoch milliseconds (REST), ISO 8601, or Bullhorn's M/D/YY HH:MM (read as UTC)."""
    if value is None:
        return None
    if (isinstance(value, int | float) and not isinstance(value, bool)) or str(value).strip().isdigit():
        ms = int(float(value))
        if not 10**11 <= ms < 10**14:
            raise _Bad(name, f"{value} is not epoch milliseconds between 1973 and 5138")
        return datetime.fromtimestamp(ms / 1000, UTC)
    text = str(value).strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        for fmt in _DATE_FORMATS:
            try:
                parsed = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            raise _Bad(name, f"{text!r} is not a date (epoch ms, YYYY-MM-DD or M/D/YY HH:MM)") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
