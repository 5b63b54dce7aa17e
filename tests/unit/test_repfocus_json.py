"""JSON arrays of RepFocus-CSV-shaped objects: checked like CSV rows, reported by record index."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from repfocus.importers.records import ActivityRecord, HeaderError, ImportFileInvalid, RowError
from repfocus.importers.repfocus_json import parse_objects

REP = "ann@acme-staffing.example"


def test_objects_become_records_numbered_from_one() -> None:
    items = list(
        parse_objects(
            [
                {
                    "rep_email": REP,
                    "started_at": "2026-03-02T10:00:00Z",
                    "kind": "Call",
                    "duration_minutes": 15,
                },
                {
                    "rep_email": REP,
                    "started_at": "2026-03-02T11:00:00+01:00",
                    "kind": "email",
                    "subject": 'a, "b"\nc',
                },
            ]
        )
    )
    assert [type(i) for i in items] == [ActivityRecord, ActivityRecord]
    first, second = items
    assert isinstance(first, ActivityRecord) and isinstance(second, ActivityRecord)
    assert (first.line, first.kind, first.duration_minutes) == (1, "call", 15)
    assert (second.line, second.subject, second.started_at) == (
        2,
        'a, "b"\nc',
        datetime(2026, 3, 2, 10, tzinfo=UTC),
    )


def test_bad_objects_are_rejected_with_index_field_and_reason() -> None:
    items = list(
        parse_objects(
            [
                {"rep_email": REP, "started_at": "soon", "kind": "call"},
                "not an object",
                {"rep_email": REP, "started_at": "2026-03-02T10:00:00Z", "kind": "call", "subject": ["x"]},
                {},
                {"rep_email": REP, "started_at": "2026-03-02T10:00:00Z", "kind": "call", "colour": "red"},
                {"rep_email": REP, "started_at": "2026-03-02T10:00:00Z", "kind": "call", "subject": "a\x00b"},
            ]
        )
    )
    header = [i for i in items if isinstance(i, HeaderError)]
    rows = [(i.line, i.field) for i in items if isinstance(i, RowError) and not isinstance(i, HeaderError)]
    assert [(h.line, h.field) for h in header] == [(0, "colour")]
    assert rows == [(1, "started_at"), (2, ""), (3, "subject"), (4, "started_at"), (6, "subject")]


@pytest.mark.parametrize("body", [{"rep_email": REP}, "text", 42, None])
def test_anything_but_an_array_is_refused(body: object) -> None:
    with pytest.raises(ImportFileInvalid, match="JSON array"):
        list(parse_objects(body))
