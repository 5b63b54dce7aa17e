"""A big import on two cores: the preparing side (parsing, checks, identities, classification) goes on in a
forked process while this one writes what it hands over.

The worker is a fork of the importing process taken after the first batch, so it holds the same parser
position, caches and id numbering (store/numbering.py) and needs nothing from the database: it never
touches the inherited connection. Messages come back over a pipe as length-prefixed frames (batches as
marshal, the rest pickled); its errors too (ImportFileInvalid as itself, anything else as a RuntimeError with
the worker's traceback). If the worker dies, the import fails and rolls back; if this process fails or is
killed, the worker is killed or gets a broken pipe and ends.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import pickle
import queue
import signal
import struct
import threading
import traceback
from collections.abc import Generator
from pathlib import Path
from typing import Any, BinaryIO

from repfocus.importers.records import ImportFileInvalid
from repfocus.services.import_run import Batch, Finished, Message, Rollups

WORKER_ROWS = 100_000  # an import expected to read at least this many rows prepares them in a worker
_HEADER = struct.Struct("<QB")  # length, kind of the frame that follows
_BATCH, _PICKLED, _ROLLUPS = 1, 2, 3
_FRAMES_AHEAD = 4  # batches read from the pipe and not yet written (about 1.3 MB each)


def available() -> bool:
    """True where a process can fork (POSIX)."""
    return hasattr(os, "fork")


def in_worker(messages: Generator[Message]) -> Generator[Message]:
    """Go on iterating `messages` in a forked worker process; yield what it yields, here.

    The caller must not touch `messages` (or the stream it reads) afterwards.
    """
    read_fd, write_fd = os.pipe()
    _widen(write_fd)
    pid = os.fork()
    if pid == 0:  # the worker
        os.close(read_fd)
        _serve(messages, write_fd)  # never returns
    os.close(write_fd)
    return _receive(pid, read_fd)


def _widen(fd: int) -> None:
    """Make the pipe as large as the system allows (Linux: 1 MB unless raised), fewer wake-ups."""
    import fcntl  # POSIX only, like fork

    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)
    limit = Path("/proc/sys/fs/pipe-max-size")
    if set_size is not None and limit.exists():
        with contextlib.suppress(OSError, ValueError):
            fcntl.fcntl(fd, set_size, int(limit.read_text()))


def _serve(messages: Generator[Message], fd: int) -> None:
    status = 0
    try:
        with os.fdopen(fd, "wb", buffering=1 << 20) as out:
            try:
                for message in messages:
                    _send(out, message)
            except ImportFileInvalid as exc:
                _send(out, exc)
            except Exception:
                _send(out, RuntimeError("the import's worker process failed:\n" + traceback.format_exc()))
    except BrokenPipeError:
        status = 1  # the importing process went away: nothing to tell
    finally:
        os._exit(status)  # no cleanup of what belongs to the parent (its database connection above all)


def _send(out: BinaryIO, payload: object) -> None:
    kind, blob = _PICKLED, b""
    # The bulk of the traffic, batches and rollup rows, as marshal: it writes plain tuples twice as fast.
    fields = _marshalled(payload)
    if fields is not None:
        with contextlib.suppress(ValueError):  # a value marshal does not know (none on SQLite): pickle it
            kind, blob = fields[0], marshal.dumps(fields[1:])
    if kind == _PICKLED:
        blob = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_HEADER.pack(len(blob), kind))
    out.write(blob)
    out.flush()


def _marshalled(payload: object) -> tuple[Any, ...] | None:
    """Return (frame kind, fields...) for a message that goes as marshal, None for the rest."""
    if type(payload) is Batch:
        return _BATCH, payload.new, payload.rows, payload.rows_read
    if type(payload) is Rollups:
        return _ROLLUPS, payload.daily, payload.weekly
    return None


def _unmarshalled(kind: int, blob: bytes) -> Any:
    # written by our own fork over a private pipe
    if kind == _BATCH:
        return Batch(*marshal.loads(blob))  # noqa: S302
    if kind == _ROLLUPS:
        return Rollups(*marshal.loads(blob))  # noqa: S302
    return pickle.loads(blob)  # noqa: S301


def _receive(pid: int, fd: int) -> Generator[Message]:
    frames: queue.Queue[tuple[int, bytes] | None] = queue.Queue(maxsize=_FRAMES_AHEAD)
    reader = threading.Thread(target=_read_frames, args=(fd, frames), name="import-worker-pipe", daemon=True)
    reader.start()
    finished = False
    try:
        while not finished:
            frame = frames.get()
            if frame is None:
                break
            payload = _unmarshalled(*frame)
            if isinstance(payload, Exception):
                raise payload
            finished = type(payload) is Finished
            yield payload
    finally:
        if not finished:
            _kill(pid)
        _, status = os.waitpid(pid, 0)
        while reader.is_alive():  # the pipe is closed now: it ends at once, once the queue has room
            with contextlib.suppress(queue.Empty):
                frames.get_nowait()
            reader.join(0.01)
    if not finished:
        raise RuntimeError(f"the import's worker process ended without finishing (wait status {status})")


def _read_frames(fd: int, frames: queue.Queue[tuple[int, bytes] | None]) -> None:
    """Move frames from the pipe to `frames` as they come (None at the end), so the worker never waits for
    this process to finish writing a batch before it can hand over the next (a pipe holds 1 MB at most)."""
    with os.fdopen(fd, "rb") as inp:
        while True:
            head = inp.read(_HEADER.size)
            if len(head) < _HEADER.size:
                break
            size, kind = _HEADER.unpack(head)
            blob = inp.read(size)
            if len(blob) < size:
                break
            frames.put((kind, blob))
    frames.put(None)


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
