"""Signed-cookie sessions: HttpOnly, SameSite=Lax, Secure over https, with an absolute expiry.

The cookie holds only the user id, the password stamp (a reset ends every session), the sign-in
time and the CSRF token, signed with itsdangerous; nothing secret is stored in it.
"""

from __future__ import annotations

import json
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "repfocus_session"


class SessionMiddleware:
    """Put the session dict in scope["session"] and write the cookie back only when it changed."""

    def __init__(self, app: ASGIApp, *, secret: Any, max_age_seconds: int) -> None:
        self.app = app
        self._secret = secret  # a callable returning the key, so the database is read on first use
        self._serializer: URLSafeTimedSerializer | None = None
        self.max_age = max_age_seconds

    def serializer(self) -> URLSafeTimedSerializer:
        if self._serializer is None:
            key = self._secret() if callable(self._secret) else self._secret
            self._serializer = URLSafeTimedSerializer(key, salt="repfocus.session")
        return self._serializer

    def _load(self, scope: Scope) -> tuple[dict[str, Any], bool]:
        for name, value in scope.get("headers", []):
            if name == b"cookie":
                cookies = cookie_parser(value.decode("latin-1"))
                if COOKIE in cookies:
                    try:
                        data = self.serializer().loads(cookies[COOKIE], max_age=self.max_age)
                    except BadSignature:
                        return {}, True
                    return (data if isinstance(data, dict) else {}), True
        return {}, False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session, had_cookie = self._load(scope)
        before = json.dumps(session, sort_keys=True)
        scope["session"] = session

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                now = scope["session"]
                changed = json.dumps(now, sort_keys=True) != before
                secure = "; Secure" if scope.get("scheme") == "https" else ""
                flags = f"Path=/; HttpOnly; SameSite=Lax{secure}"
                headers = MutableHeaders(scope=message)
                if now and changed:
                    value = self.serializer().dumps(now)
                    headers.append("Set-Cookie", f"{COOKIE}={value}; Max-Age={self.max_age}; {flags}")
                elif not now and had_cookie:
                    headers.append("Set-Cookie", f"{COOKIE}=; Max-Age=0; {flags}")
            await send(message)

        await self.app(scope, receive, send_with_cookie)
