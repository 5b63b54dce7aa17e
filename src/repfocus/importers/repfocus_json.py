"""RepFocus-CSV-shaped JSON objects (the API's bulk body): [{"rep_email", "started_at", "kind", ...}].

Each object is checked exactly as a row of the RepFocus CSV would be (importers/repfocus_csv.py), by
writing the objects as that CSV; lines in reports are record indexes counted from 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import Any

from repfocus.importers import repfocus_csv
from repfocus.importers.records import ActivityRecord, HeaderError, ImportFileInvalid, RowError

Item = ActivityRecord | RowError


def parse_objects(objects: Any) -> Iterator[Item]:
    """Yield one record or error per object; raise ImportFileInvalid unless given a JSON array."""
    if not isinstance(objects, Sequence) or isinstance(objects, str | bytes):
        raise ImportFileInvalid(
            "expected a JSON array of activity objects (the RepFocus CSV columns as keys)"
        )
    keys: list[str] = []
    for obj in objects:
        if isinstance(obj, dict):
            keys.extend(k for k in obj if k not in keys)
    columns = [c for c in repfocus_csv.COLUMNS if c in keys or c in repfocus_csv.REQUIRED]
    for key in keys:
        if key not in repfocus_csv.COLUMNS:
            yield HeaderError(0, key, "unknown field: it would be ignored; rename or remove it")
    for index, obj in enumerate(objects, 1):
        if not isinstance(obj, dict):
            yield RowError(index, "", f"expected an object, got {type(obj).__name__}")
            continue
        cells, error = _cells(index, obj, columns)
        yield error or _row(index, columns, cells)


def _row(index: int, columns: list[str], cells: list[str]) -> Item:
    """Check one object as a one-row RepFocus CSV, so the rules are exactly the CSV's."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerow(cells)
    items = [
        i
        for i in repfocus_csv.parse(io.BytesIO(buffer.getvalue().encode()))
        if not isinstance(i, HeaderError)
    ]
    if not items:
        return RowError(index, "", "the object has no values")
    item = items[0]
    if isinstance(item, RowError):
        return RowError(index, item.field, item.reason)
    item.line = index
    return item


def _cells(index: int, obj: dict[str, Any], columns: list[str]) -> tuple[list[str], RowError | None]:
    cells = []
    for column in columns:
        value = obj.get(column)
        if isinstance(value, dict | list):
            return [], RowError(index, column, "must be a string or a number, not an object or a list")
        if isinstance(value, bool):
            value = "true" if value else "false"
        text = "" if value is None else str(value)
        if "\x00" in text:
            return [], RowError(index, column, "contains a NUL character")
        cells.append(text)
    return cells, None
