"""Bullhorn funnel export files: the REST JSON shape (`{"total","start","count","data":[...]}`, a bare list,
or one record per line) and CSV exports whose headers are the REST field names, nested ones dotted
(`jobOrder.id`). Nested references are flattened to dotted keys, so both shapes meet in one code path;
the field names (or the file name) tell which entity the file holds.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any

from repfocus.importers.records import ImportFileInvalid


class FunnelFileInvalid(ImportFileInvalid):
    """The file as a whole cannot be read as a Bullhorn funnel export; the message says why."""


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
