"""CSRF protection for the pages: one random token per session, sent back by every state-changing request.

Forms carry it as a hidden input `csrf_token` ({{ csrf_input(request) }}); HTMX sends it as the
X-CSRF-Token header, set once on <body hx-headers=...> by base.html.
"""

from __future__ import annotations

import secrets

from fastapi import Request
from markupsafe import Markup, escape

from repfocus.domain.access import SAFE_METHODS

FIELD = "csrf_token"
HEADER = "x-csrf-token"


class CsrfRejected(Exception):
    """A state-changing request came without this session's CSRF token (HTTP 403)."""


def csrf_token(request: Request) -> str:
    """Return this session's CSRF token, making one when the session has none."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


def csrf_input(request: Request) -> Markup:
    """Return the hidden form input that carries the CSRF token."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(FIELD, escape(csrf_token(request)))


async def verify_csrf(request: Request) -> None:
    """Reject POST, PUT, PATCH and DELETE whose header or form field does not carry the session's token."""
    if request.method in SAFE_METHODS:
        return
    expected = request.session.get("csrf")
    sent = request.headers.get(HEADER)
    if not sent:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(FIELD)
            sent = value if isinstance(value, str) else None
    if not expected or not sent or not secrets.compare_digest(str(expected), sent):
        raise CsrfRejected(
            "this form has expired or did not come from RepFocus; reload the page and try again"
        )
