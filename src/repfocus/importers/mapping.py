"""The --mapping TOML file: which column holds which field, how times and durations are written, and
which source user id is which rep.

    [columns]            # RepFocus field = "header in your file"
    started_at = "Date"
    rep_email = "Assigned To"
    kind = "Type"
    duration_minutes = "Length"
    [options]
    time_zone = "America/Chicago"      # for times written without an offset (default UTC)
    time_format = "%m/%d/%Y %H:%M"     # strptime format (default ISO 8601)
    duration_unit = "minutes"          # minutes | seconds | ms | hours (HH:MM is always understood)
    delimiter = ";"                    # default: sniffed from the header
    [kinds]                            # values of the kind column -> call | meeting | email | task | note
    "Phone Call" = "call"
    [users]                            # source user/owner id -> rep email; works with every --format
    "0051G000005Mun4QAC" = "ann@acme.example"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from repfocus.importers.records import ImportFileInvalid

FIELDS = (
    "started_at",
    "kind",
    "external_id",
    "rep_email",
    "rep_source_id",
    "duration_minutes",
    "ended_at",
    "subject",
    "direction",
    "outcome",
    "account_external_id",
    "account_name",
    "account_domain",
    "account_status",
    "contact_external_id",
    "contact_email",
    "contact_name",
    "contact_title",
    "category",
    "team",
)
KIND_VALUES = ("call", "meeting", "email", "task", "note")
UNITS = ("minutes", "seconds", "ms", "hours")


@dataclass(frozen=True)
class ColumnMapping:
    columns: dict[str, str] = field(default_factory=dict)  # field -> header
    time_zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    time_format: str | None = None
    duration_unit: str = "minutes"
    delimiter: str | None = None
    kinds: dict[str, str] = field(default_factory=dict)  # lower-cased source value -> kind
    users: dict[str, str] = field(default_factory=dict)


def _table(data: dict[str, Any], name: str) -> dict[str, str]:
    table = data.get(name, {})
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise ImportFileInvalid(f'mapping: [{name}] must be a table of "key" = "text" lines')
    return {str(k): v for k, v in table.items()}


def parse_mapping(text: str) -> ColumnMapping:
    """Return the mapping a TOML text describes; raise ImportFileInvalid naming the bad entry."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ImportFileInvalid(f"mapping: not valid TOML ({exc})") from exc
    if unknown := sorted(set(data) - {"columns", "options", "kinds", "users"}):
        raise ImportFileInvalid(f"mapping: unknown table(s) [{'], ['.join(unknown)}]")
    columns = _table(data, "columns")
    if bad := sorted(set(columns) - set(FIELDS)):
        raise ImportFileInvalid(
            f"mapping: [columns] {bad[0]!r} is not a field; fields are {', '.join(FIELDS)}"
        )
    options = data.get("options", {})
    if unknown := sorted(set(options) - {"time_zone", "time_format", "duration_unit", "delimiter"}):
        raise ImportFileInvalid(f"mapping: unknown option {unknown[0]!r}")
    try:
        zone = ZoneInfo(str(options.get("time_zone", "UTC")))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ImportFileInvalid(
            f"mapping: time_zone {options.get('time_zone')!r} is not an IANA zone"
        ) from exc
    unit = str(options.get("duration_unit", "minutes"))
    if unit not in UNITS:
        raise ImportFileInvalid(f"mapping: duration_unit must be one of {', '.join(UNITS)}")
    kinds = {k.strip().lower(): v for k, v in _table(data, "kinds").items()}
    if bad_kinds := [v for v in kinds.values() if v not in KIND_VALUES]:
        raise ImportFileInvalid(
            f"mapping: [kinds] value {bad_kinds[0]!r} is not one of {', '.join(KIND_VALUES)}"
        )
    return ColumnMapping(
        columns=columns,
        time_zone=zone,
        time_format=options.get("time_format"),
        duration_unit=unit,
        delimiter=options.get("delimiter"),
        kinds=kinds,
        users={k: v.strip().lower() for k, v in _table(data, "users").items()},
    )


def load_mapping(path: Path) -> ColumnMapping:
    """Return the mapping in a TOML file."""
    try:
        return parse_mapping(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFileInvalid(f"mapping: cannot read {path} ({exc})") from exc


def load_users_csv(path: Path) -> dict[str, str]:
    """Return {source user id: email} from a users/owners CSV (e.g. HubSpot owner_data.csv, Salesforce
    User.csv): the id column is owner_id, user_id or id; the email column is email."""
    import csv

    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            fields = {f.lower(): f for f in reader.fieldnames or []}
            id_col = next((fields[c] for c in ("owner_id", "user_id", "id") if c in fields), None)
            email_col = fields.get("email")
            if id_col is None or email_col is None:
                raise ImportFileInvalid(
                    f"users file {path.name}: needs an id (owner_id, user_id or id) and an email column"
                )
            return {
                row[id_col].strip(): row[email_col].strip().lower() for row in reader if row.get(email_col)
            }
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ImportFileInvalid(f"users file {path.name}: cannot read it ({exc})") from exc
