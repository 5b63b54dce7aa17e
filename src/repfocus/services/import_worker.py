"""A big import on two cores: the preparing side (parsing, checks, identities, classification) goes on in a
forked process while this one writes what it hands over.

The worker is a fork of the importing process taken after the first batch, so it holds the same parser
position, caches and id numbering (store/numbering.py) and needs nothing from the database: it never
touches the inherited connection. Messages come back over a pipe as length-prefixed pickles; its errors too
(ImportFileInvalid as itself, anything else as a RuntimeError with the worker's traceback). If the worker
dies, the import fails and rolls back; if this process fails or is killed, the worker is killed or gets a
broken pipe and ends.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pickle
import signal
import struct
import traceback
from collections.abc import Generator
from pathlib import Path
from typing import BinaryIO

from repfocus.importers.records import ImportFileInvalid
from repfocus.services.import_run import Finished, Message

WORKER_ROWS = 100_000  # an import expected to read at least this many rows prepares them in a worker
_PIPE_BYTES = 16 << 20  # room for several batches, so neither side waits on the other's pace
_HEADER = struct.Struct("<Q")


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
    """Make the pipe hold several batches (Linux; as much as the system allows)."""
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)
    if set_size is None:
        return
    limit = Path("/proc/sys/fs/pipe-max-size")
    for size in (_PIPE_BYTES, int(limit.read_text()) if limit.exists() else 0):
        try:
            fcntl.fcntl(fd, set_size, size)
            return
        except OSError:
            continue


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
    blob = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_HEADER.pack(len(blob)))
    out.write(blob)
    out.flush()


def _receive(pid: int, fd: int) -> Generator[Message]:
    finished = False
    try:
        with os.fdopen(fd, "rb") as inp:
            while not finished:
                head = inp.read(_HEADER.size)
                if len(head) < _HEADER.size:
                    break
                # written by our own fork over a private pipe
                payload = pickle.loads(inp.read(_HEADER.unpack(head)[0]))  # noqa: S301
                if isinstance(payload, Exception):
                    raise payload
                finished = type(payload) is Finished
                yield payload
    finally:
        if not finished:
            _kill(pid)
        _, status = os.waitpid(pid, 0)
    if not finished:
        raise RuntimeError(f"the import's worker process ended without finishing (wait status {status})")


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
