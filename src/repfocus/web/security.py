"""Security headers on every response, a request-body size limit with a clear error, and a rate limit on the
pages that need no sign-in."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# Swagger UI (/api/docs only) sets style attributes on its elements; scripts stay files from this site.
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class SecurityHeaders:
    """Add CSP (no inline scripts), nosniff, frame-ancestors 'none' and Referrer-Policy to every reply."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"] == "/api/docs" else CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = csp
                for name, value in HEADERS.items():
                    headers[name] = value
                if (
                    "cache-control" not in headers
                    and scope["path"] != "/"
                    and not scope["path"].startswith("/static/")
                ):
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _reply(
    send: Send, status: int, body: bytes, content_type: bytes, *headers: tuple[bytes, bytes]
) -> None:
    """Answer from a middleware, before the app runs."""
    length = (b"content-length", str(len(body)).encode())
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", content_type), length, *headers],
    }
    await send(start)
    await send({"type": "http.response.body", "body": body})


class BodyTooLarge(HTTPException):
    """Raised while reading a body past the limit; an HTTPException so FastAPI's body parser passes it on."""


class BodyLimit:
    """Refuse request bodies over `limit_mb` MiB (plus a multipart envelope) with 413 naming the limit.

    The upload routes check the file itself against the same limit and answer on their own form;
    this is the backstop for every other body and for bodies streamed without a length.
    """

    ENVELOPE = 64 * 1024  # multipart boundaries and form fields around a file at the limit

    def __init__(self, app: ASGIApp, *, limit_mb: int) -> None:
        self.app = app
        self.limit_mb = limit_mb
        self.max_bytes = limit_mb * 1024 * 1024 + self.ENVELOPE

    def message(self) -> str:
        return f"upload too large: the limit is {self.limit_mb} MB (REPFOCUS_UPLOAD_MAX_MB); split the file"

    async def _refuse(self, send: Send) -> None:
        await _reply(send, 413, json.dumps({"detail": self.message()}).encode(), b"application/json")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                await self._refuse(send)
                return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(413, self.message())
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(send)


class PublicRateLimit:
    """Limit each client address to `per_minute` requests to the pages under `prefixes` (those anyone with a
    link may open: no sign-in throttles them), answering 429 with Retry-After beyond it.

    A token bucket per address: `per_minute` at once, then one more every 60 / per_minute seconds. Held in
    this process (the server runs one); addresses idle long enough to be full again are forgotten when
    more than `max_addresses` are held.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        per_minute: int,
        prefixes: tuple[str, ...] = ("/shared/",),
        clock: Callable[[], float] = time.monotonic,
        max_addresses: int = 10_000,
    ) -> None:
        self.app, self.prefixes, self.clock, self.max_addresses = app, prefixes, clock, max_addresses
        self.capacity = float(max(1, per_minute))
        self.rate = self.capacity / 60.0  # tokens a second
        self.buckets: dict[str, tuple[float, float]] = {}  # address -> (tokens, when)

    def _take(self, address: str) -> float:
        """Take a token for `address`; return 0 when it had one, else the seconds until it will."""
        now = self.clock()
        tokens, when = self.buckets.get(address, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - when) * self.rate)
        if len(self.buckets) >= self.max_addresses and address not in self.buckets:
            full = now - self.capacity / self.rate
            self.buckets = {a: b for a, b in self.buckets.items() if b[1] > full}
            if len(self.buckets) >= self.max_addresses:  # that many busy addresses: start over
                self.buckets.clear()
        if tokens >= 1.0:
            self.buckets[address] = (tokens - 1.0, now)
            return 0.0
        self.buckets[address] = (tokens, now)
        return (1.0 - tokens) / self.rate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefixes):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        wait = self._take(client[0] if client else "")
        if not wait:
            await self.app(scope, receive, send)
            return
        seconds = max(1, math.ceil(wait))
        body = f"Too many requests from your address: try again in {seconds} seconds.".encode()
        await _reply(send, 429, body, b"text/plain; charset=utf-8", (b"retry-after", str(seconds).encode()))
