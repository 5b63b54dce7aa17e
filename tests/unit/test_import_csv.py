"""The RepFocus CSV and any CSV through a --mapping TOML file."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from repfocus.importers import csv_mapped, repfocus_csv
from repfocus.importers.mapping import parse_mapping
from repfocus.importers.records import ActivityRecord, HeaderError, ImportFileInvalid, RowError

HEADER = "external_id,rep_email,started_at,duration_minutes,kind,subject,direction,account_name,category"


def parse(text: str) -> list[object]:
    return list(repfocus_csv.parse(io.BytesIO(text.encode())))


def test_repfocus_csv_rows_become_records() -> None:
    (rec,) = parse(
        HEADER + "\nA1,Ann@Acme.example,2026-11-02T09:00:00-06:00,30,Call,Intro,outbound,Globex,\n"
    )
    assert isinstance(rec, ActivityRecord)
    assert rec.started_at == datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
    assert (rec.kind, rec.duration_minutes, rec.rep_email, rec.category) == (
        "call",
        30,
        "Ann@Acme.example",
        None,
    )


def test_unknown_columns_are_reported_not_ignored() -> None:
    items = parse("rep_email,started_at,kind,colour\nann@acme.example,2026-11-02T15:00:00Z,call,red\n")
    assert items[0] == HeaderError(1, "colour", "unknown column: it would be ignored; rename or remove it")
    assert isinstance(items[1], ActivityRecord)


def test_missing_required_columns_reject_the_whole_file() -> None:
    with pytest.raises(ImportFileInvalid, match=r"missing required column.*kind"):
        parse("rep_email,started_at\nann@acme.example,2026-11-02T15:00:00Z\n")


def test_row_errors_name_line_field_and_reason() -> None:
    items = parse(
        HEADER + "\n"
        "A1,ann@acme.example,2026-11-02 15:00,30,call,x,,,\n"
        "A2,ann@acme.example,45231.5,30,call,x,,,\n"
        "A3,,2026-11-02T15:00:00Z,30,call,x,,,\n"
        "A4,ann@acme.example,2026-11-02T15:00:00Z,half,call,x,,,\n"
        "A5,ann@acme.example,2026-11-02T15:00:00Z,30,call,x,,,,extra\n"
    )
    assert [(e.line, e.field) for e in items if isinstance(e, RowError)] == [
        (2, "started_at"),
        (3, "started_at"),
        (4, "rep_email"),
        (5, "duration_minutes"),
        (6, ""),
    ]
    assert "Excel date serial" in items[1].reason  # type: ignore[attr-defined]


MAPPING = """
[columns]
started_at = "Date"
rep_source_id = "Owner"
kind = "Activity Type"
duration_minutes = "Length (s)"
subject = "Notes"
account_name = "Company"

[options]
time_zone = "America/Chicago"
time_format = "%m/%d/%Y %H:%M"
duration_unit = "seconds"
delimiter = ";"

[kinds]
"Phone Call" = "call"

[users]
"u-7" = "Ann@Acme.example"
"""


def test_a_mapping_reads_any_csv_with_its_own_names_units_and_zone() -> None:
    mapping = parse_mapping(MAPPING)
    data = (
        "Date;Owner;Activity Type;Length (s);Notes;Company\n11/02/2026 09:00;u-7;Phone Call;600;Hi;Globex\n"
    )
    (rec,) = list(csv_mapped.parse(io.BytesIO(data.encode()), mapping))
    assert isinstance(rec, ActivityRecord)
    assert rec.started_at == datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
    assert (rec.kind, rec.duration_minutes, rec.rep_source_id, rec.account_name) == (
        "call",
        10,
        "u-7",
        "Globex",
    )
    assert mapping.users == {"u-7": "ann@acme.example"}


def test_a_mapping_naming_a_missing_column_is_refused() -> None:
    mapping = parse_mapping(MAPPING)
    with pytest.raises(ImportFileInvalid, match="'Owner'"):
        list(csv_mapped.parse(io.BytesIO(b"Date;Activity Type\n1;2\n"), mapping))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[columns]\nstart = 'x'", "'start' is not a field"),
        ("[options]\ntime_zone = 'Mars/Base'", "IANA zone"),
        ("[options]\nduration_unit = 'fortnights'", "duration_unit"),
        ("[kinds]\nx = 'fax'", "'fax'"),
        ("[colums]\n", "unknown table"),
        ("[columns\n", "not valid TOML"),
    ],
)
def test_bad_mappings_are_refused_with_the_entry(text: str, message: str) -> None:
    with pytest.raises(ImportFileInvalid, match=message):
        parse_mapping(text)
