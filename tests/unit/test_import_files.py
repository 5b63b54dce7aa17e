"""Malformed files get a clear ImportFileInvalid, never a traceback; formats are recognised from content."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repfocus.importers import repfocus_csv
from repfocus.importers.formats import detect
from repfocus.importers.records import ActivityRecord, ImportFileInvalid
from repfocus.importers.textfile import csv_rows, open_text

HEADER = b"rep_email,started_at,kind,subject\n"
ROW = b"ann@acme.example,2026-11-02T15:00:00Z,call,Caf\xc3\xa9\n"


def parse(data: bytes) -> list[object]:
    return list(repfocus_csv.parse(io.BytesIO(data)))


def test_a_utf8_bom_and_crlf_line_ends_are_fine() -> None:
    (rec,) = parse(b"\xef\xbb\xbf" + (HEADER + ROW).replace(b"\n", b"\r\n"))
    assert isinstance(rec, ActivityRecord) and rec.subject == "Café"


def test_utf16_with_bom_is_read() -> None:
    (rec,) = parse((HEADER + ROW).decode().encode("utf-16"))
    assert isinstance(rec, ActivityRecord) and rec.subject == "Café"


def test_a_semicolon_delimited_file_is_sniffed() -> None:
    (rec,) = parse(HEADER.replace(b",", b";") + ROW.replace(b",", b";"))
    assert isinstance(rec, ActivityRecord) and rec.kind == "call"


def test_quoted_newlines_keep_the_record_whole_and_lines_right() -> None:
    data = HEADER + b'ann@acme.example,2026-11-02T15:00:00Z,call,"two\nlines"\n' + ROW
    first, second = parse(data)
    assert isinstance(first, ActivityRecord) and first.subject == "two\nlines" and first.line == 2
    assert isinstance(second, ActivityRecord) and second.line == 4


def test_latin1_file_is_refused_with_the_line() -> None:
    with pytest.raises(ImportFileInvalid, match=r"line 2 is not UTF-8.*Windows-1252"):
        parse(HEADER + ROW.replace("é".encode(), b"\xe9"))


def test_latin1_far_into_the_file_is_refused_too() -> None:
    data = HEADER + ROW * 5000 + b"ann@acme.example,2026-11-02T15:00:00Z,call,Caf\xe9\n"
    with pytest.raises(ImportFileInvalid, match="not UTF-8"):
        parse(data)


def test_a_ten_megabyte_field_is_refused() -> None:
    data = HEADER + b'ann@acme.example,2026-11-02T15:00:00Z,call,"' + b"x" * (10 << 20) + b'"\n'
    with pytest.raises(ImportFileInvalid, match="line 2: a field is longer than 1 MB"):
        parse(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"PK\x03\x04\x14\x00\x06\x00", "Excel"),
        (b"", "empty"),
    ],
)
def test_binary_and_empty_files_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(ImportFileInvalid, match=message):
        parse(data)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (HEADER + ROW, "csv"),
        (b'"Id","OwnerId","WhoId","Subject","DurationInMinutes"\n', "salesforce"),
        (b"id,owner_id,who_id,what_id,call_duration_in_seconds\n", "salesforce"),
        (b"engagement_id,_fivetran_synced,end_time,start_time,title\n", "hubspot"),
        (json.dumps({"results": [{"id": "1", "properties": {"hs_call_title": "x"}}]}).encode(), "hubspot"),
        (json.dumps({"total": 1, "data": [{"id": 1, "minutesSpent": None}]}).encode(), "bullhorn"),
        (b"externalID,action,minutesSpent,commentingPerson.name\n", "bullhorn"),
        (
            json.dumps({"stream": "activities", "data": {"due_date": "", "due_time": ""}}).encode() + b"\n",
            "pipedrive",
        ),
        (b"id,due_date,due_time,duration,subject\n", "pipedrive"),
    ],
)
def test_format_is_recognised_from_header_or_json_shape(data: bytes, name: str) -> None:
    assert detect(io.BytesIO(data)) == name


def test_an_unknown_header_or_a_calendar_is_refused_with_what_to_do() -> None:
    with pytest.raises(ImportFileInvalid, match="--mapping"):
        detect(io.BytesIO(b"when,who,what\n"))
    with pytest.raises(ImportFileInvalid, match="import calendar"):
        detect(io.BytesIO(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))


def _csv_module_rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """The oracle: every record as the csv module reads the whole text, with the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, line = [], 1
    for cells in reader:
        if cells:
            rows.append((line, cells))
        line = reader.line_num + 1
    return rows


# Lines the fast path splits itself, and every shape it must hand to the csv module instead.
_PIECES = [
    '"a"',
    '"b c"',
    "d",
    "",
    '"',
    '""',
    '"e""f"',
    '"g\nh"',
    '"i\r\nj"',
    " ",
    "é",
    "\r",
    "x\n",
    '"k"l',
    'm"n"',
]


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=5), max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
    last_ending=st.sampled_from(["", "\n", "\r\n", "\r"]),
)
def test_csv_rows_read_exactly_what_the_csv_module_reads(
    rows: list[list[str]], delimiter: str, ending: str, last_ending: str
) -> None:
    body = ending.join(delimiter.join(row) for row in rows)
    text = f"h1{delimiter}h2{ending}" + (body + last_ending if rows else "")
    expected = _csv_module_rows(text, delimiter)
    got = list(csv_rows(io.StringIO(text, newline=""), delimiter=delimiter))
    assert got == expected


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(["a", "é", "€", ",", '"', "\r", "\n", "\r\n", "\x0b", "\x85", "\u2028"])),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_open_text_splits_lines_as_a_newline_off_text_file(pieces: list[str], encoding: str) -> None:
    text = "".join(pieces)
    stream = io.BytesIO(text.encode(encoding))
    assert list(open_text(stream)) == list(io.StringIO(text, newline=""))
    assert not stream.closed  # the caller's file stays open


def test_a_lone_cr_ends_lines_only_in_a_file_that_ends_its_lines_that_way() -> None:
    assert list(open_text(io.BytesIO(b"h1,h2\rx,y\r"))) == ["h1,h2\r", "x,y\r"]  # classic Mac
    body = b"h\n" + b"a\n" * 40_000 + b'"b\rc"\n'  # a CR inside a field, past the first 64 KiB
    rows = list(csv_rows(open_text(io.BytesIO(body))))
    assert rows[-1] == (40_002, ["b\rc"])


def test_csv_rows_split_quoted_and_plain_lines_and_hand_the_rest_to_the_csv_module() -> None:
    text = 'h1,h2\n"a","b"\nc,d\n"e ""f""","g"\n"h","two\nlines"\n\n"i",j\n'
    assert list(csv_rows(io.StringIO(text, newline=""))) == [
        (1, ["h1", "h2"]),
        (2, ["a", "b"]),
        (3, ["c", "d"]),
        (4, ['e "f"', "g"]),
        (5, ["h", "two\nlines"]),
        (8, ["i", "j"]),
    ]
