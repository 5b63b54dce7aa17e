"""Bearer-token authentication for the API: tokens only, never the session cookie.

api.install adds `token_actor` to every router, so every operation needs a live token whose scope
allows it: GET needs read (any scope), other methods need write, and operations marked
`**IMPORT_SCOPE` (openapi_extra x-token-scope: import) accept an import or write token.
A handler that needs the caller declares `actor: Actor = Depends(token_actor)` (computed once).
"""

from __future__ import annotations

from typing import Any

from fastapi import Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from repfocus.domain.access import Actor, needed_scope
from repfocus.services import tokens

bearer = HTTPBearer(
    auto_error=False, description="An API token made on the API tokens page or with `repfocus tokens create`."
)

IMPORT_SCOPE: dict[str, Any] = {"openapi_extra": {"x-token-scope": "import"}}


def _needed(request: Request) -> str:
    route = request.scope.get("route")
    extra = getattr(route, "openapi_extra", None) or {}
    return str(extra.get("x-token-scope") or needed_scope(request.method))


def token_actor(
    request: Request, credentials: HTTPAuthorizationCredentials | None = Security(bearer)
) -> Actor:
    """Return the Actor of the request's bearer token; 401 without a live token, 403 on a short scope."""
    cached = getattr(request.state, "actor", None)
    if isinstance(cached, Actor):
        return cached
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise tokens.TokenRejected("send an API token as 'Authorization: Bearer <token>'")
    actor = tokens.actor_for_token(
        request.app.state.db, token=credentials.credentials, needed=_needed(request)
    )
    request.state.actor = actor
    return actor
