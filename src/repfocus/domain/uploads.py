"""Rules for uploaded files: allowed types and sizes, each refusal worded for the person uploading."""

from __future__ import annotations

from pathlib import PurePath


class UploadRejected(Exception):
    """An uploaded file is too large (413), empty (422) or of a type this place does not take (415)."""

    def __init__(self, message: str, *, status: int = 415) -> None:
        super().__init__(message)
        self.status = status


def check_type(filename: str | None, allowed: tuple[str, ...]) -> str:
    """Return the file's base name; raise UploadRejected unless its extension is one of `allowed`."""
    name = PurePath((filename or "").replace("\\", "/")).name
    suffix = PurePath(name).suffix.lower()
    if suffix not in allowed:
        got = suffix or "no extension"
        raise UploadRejected(
            f"{name or 'the file'}: only {', '.join(allowed)} files are accepted here, not {got}"
        )
    return name


def check_size(name: str, size: int, limit_bytes: int) -> None:
    """Raise UploadRejected when `size` is over the limit (413) or zero (422)."""
    if size > limit_bytes:
        raise UploadRejected(
            f"{name}: larger than the {limit_bytes / 1_000_000:g} MB limit; split the file", status=413
        )
    if size == 0:
        raise UploadRejected(f"{name}: the file is empty", status=422)
