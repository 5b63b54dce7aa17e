"""In headless Chromium: sign in, no CSP violation on any page, HTMX requests carry the CSRF header."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from typing import Any

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser

from repfocus.services import tokens
from tests.e2e.conftest import PASSWORD, World, served

pytestmark = pytest.mark.browser


@pytest.fixture
def server(app: FastAPI) -> Iterator[str]:
    with served(app, lifespan="off") as base:
        yield base


def test_a_leader_signs_in_and_htmx_posts_pass_csrf_without_csp_violations(
    server: str, world: World, browser: Browser
) -> None:
    made = tokens.create_token(world.db, email=world.emails["leader"], scope="read")
    problems: list[str] = []
    with closing(browser.new_context()) as context:
        page = context.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        sent: list[str | None] = []
        page.on(
            "request", lambda r: sent.append(r.headers.get("x-csrf-token")) if r.method == "POST" else None
        )
        page.goto(server + "/audit")
        assert "/login" in page.url
        page.fill("input[name=email]", world.emails["leader"])
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(server + "/audit")
        for path in ("/", "/audit", "/tokens"):
            page.goto(server + path)
            page.wait_for_load_state("networkidle")
        page.wait_for_function("() => window.htmx !== undefined")
        page.evaluate(
            f"() => {{ htmx.ajax('POST', '/tokens/{made.id}/revoke', "
            "{target: '#tokens', select: '#tokens', swap: 'outerHTML'}); }"
        )
        page.wait_for_selector("#tokens td:text('revoked')")
    assert not problems, problems
    assert sent[-1], "the HTMX request did not carry the X-CSRF-Token header"
    assert [t.status for t in tokens.list_tokens(world.db) if t.id == made.id] == ["revoked"]


def test_the_api_docs_render_offline_from_vendored_files(server: str, browser: Browser) -> None:
    outside: list[str] = []
    problems: list[str] = []
    with closing(browser.new_context()) as context:
        page = context.new_page()

        def guard(route: Any) -> None:
            if route.request.url.startswith(server):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        page.route("**/*", guard)
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.goto(server + "/api/docs")
        page.wait_for_selector(".opblock-summary-path", timeout=30_000)
        paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/reports/allocation" in " ".join(paths)
    assert outside == [] and problems == [], (outside, problems)
