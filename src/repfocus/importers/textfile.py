"""Opening an uploaded file safely: binary and encoding checks, BOM, delimiter sniffing, CSV rows with lines.

Everything that can go wrong with the file as a whole raises ImportFileInvalid with a message that says
what to do; nothing here raises a bare csv.Error or UnicodeDecodeError.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

from repfocus.importers.records import ImportFileInvalid

MAX_FIELD = 1 << 20  # 1 MiB: far above any real description, small enough to keep memory flat
SNIFF_BYTES = 64 * 1024
_LONE_CR = re.compile(rb"\r(?!\n)")

csv.field_size_limit(MAX_FIELD)


def head(stream: IO[bytes]) -> bytes:
    """Return the first bytes of a seekable binary stream without consuming them."""
    pos = stream.tell()
    data = stream.read(SNIFF_BYTES)
    stream.seek(pos)
    return data


def check_text(sample: bytes) -> str:
    """Return the encoding to read the file with; raise ImportFileInvalid for binary or non-UTF-8 files."""
    if sample.startswith(b"PK\x03\x04"):
        raise ImportFileInvalid(
            "this is a ZIP or Excel (.xlsx) file, not CSV/JSON: save it as CSV (UTF-8) first"
        )
    if sample.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileInvalid("this is an old Excel (.xls) file, not CSV: save it as CSV (UTF-8) first")
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in sample:
        raise ImportFileInvalid("this is a binary file (it contains NUL bytes), not a CSV or JSON export")
    body = sample[3:] if sample.startswith(codecs.BOM_UTF8) else sample
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        truncated = len(sample) >= SNIFF_BYTES
        if not truncated or exc.start < len(body) - 4:  # a character cut at the sample's end is fine
            line = body[: exc.start].count(b"\n") + 1
            raise ImportFileInvalid(
                f"line {line} is not UTF-8 (byte 0x{body[exc.start]:02x}; the file looks like "
                "Windows-1252 or Latin-1): re-save it as CSV UTF-8"
            ) from exc
    return "utf-8-sig"


def open_text(stream: IO[bytes]) -> Iterator[str]:
    """Return the lines of the binary stream as text, each with its ending, after checking it is text at
    all. The caller's stream is left open.

    Lines end at LF or CR LF. In a file whose first 64 KiB hold a lone CR (classic Mac line ends) every CR
    ends a line too, as in a text file opened with newline=""; elsewhere a lone CR stays inside its line.
    """
    sample = head(stream)
    encoding = check_text(sample)
    if encoding != "utf-8-sig" or _LONE_CR.search(sample):
        return _wrapped_lines(stream, encoding)
    # UTF-8 lines split as bytes and decoded one at a time: about 0.2 us a line less than a TextIOWrapper
    # takes. No UTF-8 character holds the byte LF, so splitting before decoding is safe.
    lines = iter(stream)
    first = next(lines, b"").decode("utf-8-sig")  # it may start with a byte order mark, and be no more
    return itertools.chain((first,) if first else (), map(bytes.decode, lines))


def _wrapped_lines(stream: IO[bytes], encoding: str) -> Iterator[str]:
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")  # type: ignore[arg-type]
    try:
        yield from text
    finally:
        if not text.closed:
            text.detach()  # closing the wrapper would close the caller's file


def sniff_delimiter(first_line: str) -> str:
    """Return ',' or the delimiter (';', tab, '|') that the header line plainly uses instead."""
    counts = {d: first_line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def csv_rows(lines: Iterable[str], *, delimiter: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """Yield (line, cells) for every record of `lines` (as open_text gives them) after the header; line
    counts the header as 1 and is the line where the record starts (quoted newlines make records span
    lines). The header comes first as (1, header)."""
    text = iter(lines)
    try:
        first = next(text, "")
    except UnicodeDecodeError as exc:
        raise ImportFileInvalid("line 1 is not UTF-8: re-save the file as CSV UTF-8") from exc
    if not first.strip():
        raise ImportFileInvalid("the file is empty: expected a header row")
    delimiter = delimiter or sniff_delimiter(first)
    header = next(csv.reader([first], delimiter=delimiter))
    yield 1, [h.strip() for h in header]
    # Most lines are split here without the csv module: a line with no quote at all, or one where every
    # field is quoted and holds no quote, newline or NUL ('"a","b"', as Salesforce writes every field),
    # splits on its delimiter exactly as the csv module would read it (about 1 us a line less on the
    # benchmark's 42 columns). Any other line (quotes inside a field, a quoted newline, an over-long
    # field) goes to the csv module, which takes as many lines as its record spans.
    lines = _PutBack(text)
    reader = csv.reader(lines, delimiter=delimiter)
    between = f'"{delimiter}"'
    line = 1  # lines read so far
    try:
        for raw in text:
            line += 1
            cells = None
            if len(raw) <= MAX_FIELD and "\x00" not in raw:
                s = raw.rstrip("\r\n")  # a line ends at its one \r, \n or \r\n (newline="")
                if '"' not in s:
                    if not s:
                        continue
                    cells = s.split(delimiter)
                elif s[0] == '"' and s[-1] == '"' and len(s) > 1:
                    cells = s[1:-1].split(between)
                    if s.count('"') != 2 * len(cells):
                        cells = None  # a quote inside a field: the csv module reads it
            if cells is None:
                lines.back = raw
                start, before = line, reader.line_num
                try:
                    cells = next(reader)
                except csv.Error as exc:
                    raise ImportFileInvalid(f"line {start}: {_csv_message(exc)}") from exc
                line = start + reader.line_num - before - 1
                if not cells:
                    continue
                yield start, cells
                continue
            yield line, cells
    except UnicodeDecodeError as exc:
        raise ImportFileInvalid(
            f"after line {line}: the file is not UTF-8 (it looks like Windows-1252 or Latin-1): "
            "re-save it as CSV UTF-8"
        ) from exc


class _PutBack:
    """The lines of a text stream, with one line put back in front (what the csv module reads next)."""

    def __init__(self, text: Iterator[str]) -> None:
        self.text = text
        self.back: str | None = None

    def __iter__(self) -> _PutBack:
        return self

    def __next__(self) -> str:
        back = self.back
        if back is not None:
            self.back = None
            return back
        return next(self.text)


def _csv_message(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a field is longer than {MAX_FIELD // (1 << 20)} MB; this is not an activity export"
    return f"the CSV is malformed ({text})"


def load_json(stream: IO[bytes]) -> Any:
    """Return the parsed JSON document, or raise ImportFileInvalid naming the line of the syntax error."""
    encoding = check_text(head(stream))
    try:
        return json.loads(stream.read().decode(encoding))
    except UnicodeDecodeError as exc:
        raise ImportFileInvalid("the file is not UTF-8: re-save it as UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise ImportFileInvalid(f"line {exc.lineno}: not valid JSON ({exc.msg})") from exc


def json_lines(stream: IO[bytes]) -> Iterator[tuple[int, Any]]:
    """Yield (line, object) for a JSON Lines file; a bad line raises ImportFileInvalid with its number."""
    check_text(head(stream))
    for n, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        try:
            yield n, json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ImportFileInvalid(f"line {n}: not valid JSON") from exc


class Header:
    """Column positions by name (case-insensitive); pick() returns a row's cell or '' when absent."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self.index: dict[str, int] = {}
        for i, name in enumerate(names):
            self.index.setdefault(name.lower(), i)
            self.index.setdefault(name.lower().replace("_", ""), i)

    def __contains__(self, name: str) -> bool:
        return name.lower() in self.index

    def position(self, *names: str) -> int | None:
        """Return the position of the first of `names` present, or None."""
        for name in names:
            if (i := self.index.get(name.lower())) is not None:
                return i
        return None


def cell(cells: list[str], position: int | None) -> str:
    """Return the cell at `position`, '' when the column is absent or the row is short."""
    if position is None or position >= len(cells):
        return ""
    return cells[position]
