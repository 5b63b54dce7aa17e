"""Reading an uploaded file within the type and size limits (domain/uploads.py words the refusals)."""

from __future__ import annotations

from fastapi import Request, UploadFile

from repfocus.domain.uploads import check_size, check_type

CHUNK = 1 << 20


async def read_upload(request: Request, upload: UploadFile, *, allowed: tuple[str, ...]) -> tuple[str, bytes]:
    """Return (base file name, bytes); UploadRejected for another type, an empty file or one over the limit.

    `allowed` are lower-case extensions such as (".csv", ".ics"); the limit is REPFOCUS_UPLOAD_MAX_MB.
    """
    name = check_type(upload.filename, allowed)
    limit = int(request.app.state.settings.upload_max_mb) * 1_000_000
    parts, size = [], 0
    while chunk := await upload.read(CHUNK):
        size += len(chunk)
        if size > limit:  # stop reading at once: no need to hold the rest in memory
            check_size(name, size, limit)
        parts.append(chunk)
    check_size(name, size, limit)
    return name, b"".join(parts)
