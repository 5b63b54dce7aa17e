"""The import formats by name, and recognising a file's format from its header or JSON shape."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

from repfocus.importers import bullhorn, csv_mapped, hubspot, pipedrive, repfocus_csv, salesforce
from repfocus.importers.mapping import ColumnMapping
from repfocus.importers.records import ActivityRecord, ImportFileInvalid, RowError, Skipped
from repfocus.importers.textfile import check_text, head, sniff_delimiter

Item = ActivityRecord | RowError | Skipped
Parser = Callable[[IO[bytes], ColumnMapping | None], Iterator[Item]]


@dataclass(frozen=True)
class Format:
    name: str
    source: str  # activities.source for what it imports
    parse: Parser
    description: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("csv", "csv", lambda s, m: repfocus_csv.parse(s), "the RepFocus CSV (DESIGN.md)"),
        Format("mapped", "csv", csv_mapped.parse, "any CSV, columns named by a --mapping TOML file"),
        Format(
            "salesforce", "salesforce", salesforce.parse, "Salesforce Task/Event CSV (Data Export or ELT)"
        ),
        Format(
            "hubspot",
            "hubspot",
            hubspot.parse,
            "HubSpot calls/meetings/emails/notes/tasks (API JSON or ELT CSV)",
        ),
        Format("bullhorn", "bullhorn", bullhorn.parse, "Bullhorn Note/Appointment (REST JSON or CSV)"),
        Format("pipedrive", "pipedrive", pipedrive.parse, "Pipedrive activities (API JSON/JSONL or CSV)"),
    )
}
CHOICES = ("auto", "csv", "salesforce", "hubspot", "bullhorn", "pipedrive")


def _json_keys(sample: bytes) -> set[str]:
    text = sample.decode("utf-8-sig", errors="ignore").lstrip()
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        first = text.split("\n", 1)[0]
        try:
            doc = json.loads(first)  # JSON Lines
        except json.JSONDecodeError:
            return set(_scan_keys(text))
    return set(_walk_keys(doc, depth=0))


def _walk_keys(doc: object, depth: int) -> Iterator[str]:
    if depth > 3:
        return
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield str(key)
            yield from _walk_keys(value, depth + 1)
    elif isinstance(doc, list):
        for value in doc[:3]:
            yield from _walk_keys(value, depth + 1)


def _scan_keys(text: str) -> Iterator[str]:
    # A document longer than the sample: pick the quoted keys out of its opening.
    for part in text.split('"')[1::2]:
        if part.isidentifier():
            yield part


def detect(stream: IO[bytes]) -> str:
    """Return the format name the file's header or JSON shape shows; raise ImportFileInvalid if unknown."""
    sample = head(stream)
    check_text(sample)
    stripped = sample.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:15].upper() == b"BEGIN:VCALENDAR":
        raise ImportFileInvalid(
            "this is a calendar (.ics): import it with `repfocus import calendar FILE.ics --rep EMAIL`"
        )
    if stripped.startswith((b"{", b"[")):
        keys = _json_keys(stripped)
        for name, module in (
            ("bullhorn", bullhorn),
            ("hubspot", hubspot),
            ("pipedrive", pipedrive),
            ("salesforce", salesforce),
        ):
            if module.looks_like_json(keys):
                return name
        raise ImportFileInvalid(
            'JSON file not recognised: expected HubSpot v3 objects, Bullhorn REST {"data": [...]}, '
            "Pipedrive activities or Salesforce records; give --format"
        )
    first = stripped.decode("utf-8", errors="ignore").split("\n", 1)[0]
    delimiter = sniff_delimiter(first)
    columns = {c.strip().strip('"').strip() for c in first.split(delimiter)}
    lowered = {c.lower() for c in columns}
    if set(repfocus_csv.REQUIRED) <= lowered:
        return "csv"
    for name, module in (
        ("salesforce", salesforce),
        ("hubspot", hubspot),
        ("pipedrive", pipedrive),
        ("bullhorn", bullhorn),
    ):
        if module.looks_like_csv(columns):
            return name
    raise ImportFileInvalid(
        f"CSV header not recognised ({', '.join(sorted(columns)[:8])}…): "
        "give --format, or --mapping FILE.toml naming the columns"
    )
