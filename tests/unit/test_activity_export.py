"""The export's writers over rows in memory: pieces that join into one valid CSV or JSON document."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta, timezone

from repfocus.services.activity_export import (
    CHUNK_ROWS,
    COLUMNS,
    csv_chunks,
    export_id,
    json_chunks,
    utc_text,
)


def _rows(count: int) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for i in range(count):
        row: dict[str, object] = dict.fromkeys(COLUMNS)
        row.update(
            external_id=f"csv:r{i}",
            rep_email="ann@acme.example",
            started_at=f"2026-03-02T15:{i % 60:02d}:00Z",
            duration_minutes=i % 90,
            kind="call",
            subject=f'Call "{i}", with a comma\nand a new line' if i % 7 == 0 else f"Call {i}",
        )
        rows.append(row)
    return rows


def test_csv_pieces_join_into_the_rows_with_empty_cells_for_missing_values() -> None:
    rows = _rows(2 * CHUNK_ROWS + 1)
    pieces = list(csv_chunks(rows))
    assert len(pieces) == 3  # streamed in pieces, not built whole
    read = list(csv.DictReader(io.StringIO("".join(pieces))))
    assert read == [{k: "" if v is None else str(v) for k, v in row.items()} for row in rows]


def test_json_pieces_join_into_one_array_of_the_rows() -> None:
    rows = _rows(2 * CHUNK_ROWS + 1)
    pieces = list(json_chunks(rows))
    assert len(pieces) == 3
    assert json.loads("".join(pieces)) == rows
    assert json.loads("".join(json_chunks([]))) == []


def test_ids_carry_their_source_fit_the_column_and_times_are_utc_with_z() -> None:
    assert export_id("salesforce", "00U000000000001AAA", 7) == "salesforce:00U000000000001AAA"
    assert export_id("manual", None, 7) == "manual:#7"
    uid = "040000008200E00074C5B7101A82E00800000000D0C5F0A3A1B2C3D4E5F60718293A4B5C6D@"
    day_one, day_two = export_id("ics", uid + "2026-03-02", 1), export_id("ics", uid + "2026-03-09", 2)
    assert day_one != day_two and len(day_one) <= 80 and day_one.startswith("ics:sha256:")
    assert day_one == export_id("ics", uid + "2026-03-02", 99)  # stable: the row id plays no part
    chicago = timezone(timedelta(hours=-6))
    assert utc_text(datetime(2026, 3, 2, 23, 30, tzinfo=chicago)) == "2026-03-03T05:30:00Z"
    assert utc_text(datetime(2026, 3, 2, 9, 0, 0, 250_000, tzinfo=UTC)) == "2026-03-02T09:00:00.250000Z"
