"""Pages that need no sign-in (a shared plan) are rate limited per client address; the rest are not."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from repfocus.store.db import Database
from repfocus.web.security import PublicRateLimit
from tests.e2e.conftest import build_app


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _limited(per_minute: int, clock: _Clock, **options: int) -> TestClient:
    inner = Starlette(routes=[Route("/{path:path}", lambda request: PlainTextResponse("ok"))])
    return TestClient(PublicRateLimit(inner, per_minute=per_minute, clock=clock, **options))


def test_an_address_gets_its_burst_then_429_with_retry_after_then_one_more_as_time_passes() -> None:
    clock = _Clock()
    client = _limited(6, clock)  # a token every 10 seconds
    assert [client.get("/shared/plans/x").status_code for _ in range(6)] == [200] * 6
    refused = client.get("/shared/plans/x")
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "10" and "try again in 10 seconds" in refused.text
    clock.now += 5
    assert client.get("/shared/plans/x").headers["retry-after"] == "5"
    clock.now += 5
    assert client.get("/shared/plans/x").status_code == 200
    assert client.get("/shared/plans/x").status_code == 429


def test_other_paths_and_other_addresses_are_not_held_back() -> None:
    clock = _Clock()
    client = _limited(1, clock)
    assert client.get("/shared/plans/x").status_code == 200
    assert client.get("/shared/plans/x").status_code == 429
    assert [client.get("/dashboard").status_code for _ in range(5)] == [200] * 5
    limiter = client.app
    assert isinstance(limiter, PublicRateLimit)
    assert limiter._take("198.51.100.7") == 0  # another address has its own bucket


def test_the_addresses_held_stay_bounded() -> None:
    clock = _Clock()
    limiter = PublicRateLimit(
        lambda scope, receive, send: None, per_minute=60, clock=clock, max_addresses=100
    )  # type: ignore[arg-type]
    for i in range(1000):
        limiter._take(f"203.0.113.{i}")
        clock.now += 0.01
        assert len(limiter.buckets) <= 100


def test_the_app_limits_shared_plan_pages_by_its_setting(sqlite_db: Database) -> None:
    with TestClient(build_app(sqlite_db, public_requests_per_minute=3)) as client:
        codes = [client.get("/shared/plans/no-such-token").status_code for _ in range(4)]
        assert codes == [404, 404, 404, 429]
        assert client.get("/login").status_code == 200  # sign-in has its own throttle, per email
