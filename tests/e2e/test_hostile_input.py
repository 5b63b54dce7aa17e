"""Hostile input: user text is escaped on every page, headers forbid inline scripts and framing,
uploads are limited in size and type with clear errors."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import APIRouter, FastAPI, File, Request, UploadFile
from fastapi.testclient import TestClient

from repfocus.app import create_app
from repfocus.config import Settings
from repfocus.domain.playbook import ItemDraft
from repfocus.services import audit, playbook_items, tokens
from repfocus.store.models import Team, User
from repfocus.web.uploads import read_upload
from tests.e2e.conftest import World
from tests.e2e.test_role_matrix import MATRIX
from tests.factories import make_account, make_activity, make_contact

PAYLOADS = (
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
)
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "repfocus" / "web" / "templates"


def _plant(world: World) -> None:
    """Put a script payload in every user-written text the pages may show."""
    p0, p1, p2 = PAYLOADS
    with world.db.session() as s:
        rep = s.get(User, world.ids["rep"])
        assert rep is not None
        rep.name = f"Rep {p0}"
        team = s.get(Team, world.team_a)
        assert team is not None
        team.name = f"Team {p1}"
        account = make_account(s, name=f"Acme {p2}", domain=None)
        contact = make_contact(s, name=f"Jo {p0}", title=p1, account_id=account.id)
        make_activity(
            s,
            rep_id=rep.id,
            subject=f"Call {p0}",
            notes=f"Notes {p1}",
            outcome=p2,
            account_id=account.id,
            contact_id=contact.id,
        )
        audit.record(
            s,
            actor_id=world.ids["leader"],
            action="import",
            target=f"file:{p0}.csv",
            details={"file_name": f"{p1}.csv", "rows": 3, "note": p2},
        )
        s.commit()
    tokens.create_token(world.db, email=world.emails["rep"], scope="read", name=f"bot {p0}")


def _plant_playbook_item(world: World) -> None:
    """Overwrite the starter item the playbook pages open with script payloads (its body is Markdown)."""
    p0, p1, p2 = PAYLOADS
    draft = ItemDraft(
        slug="objection-rates-too-high",
        kind="objection_response",
        title=f"Rates {p0}",
        summary=f"Summary {p1}",
        body=f"# Rates {p0}\n\n- {p1}\n- [link {p2}](https://example.com/{p2})\n\n{p2}",
        industries=(f"health {p0}",),
    )
    playbook_items.upsert_item(world.db, actor=None, draft=draft)


def _get_pages(world: World) -> list[str]:
    """Every HTML page in the role matrix, its path parameters filled as the matrix fills them."""
    urls = []
    for (method, path), rule in MATRIX.items():
        if method == "GET" and not path.startswith(("/api/", "/static")):
            urls.append(rule.url(world) if callable(rule.url) else (rule.url or path))
    return urls


@pytest.mark.parametrize("persona", ["leader", "rep"])
def test_every_page_escapes_script_payloads_in_user_text(
    world: World, client_for: Callable[[str], TestClient], persona: str
) -> None:
    _plant(world)
    urls = _get_pages(world)  # loads the starter playbook, so the hostile edit below comes after it
    _plant_playbook_item(world)
    client = client_for(persona)
    shown = 0
    for url in urls:
        reply = client.get(url)
        if not reply.headers.get("content-type", "").startswith("text/html"):
            continue  # CSV and JSON exports carry the text as data, not markup
        html = reply.text
        for payload in PAYLOADS:
            assert payload not in html, f"{url} shows a raw payload: {payload}"
        shown += html.count("&lt;script&gt;") + html.count("&lt;svg") + html.count("&#34;&gt;&lt;img")
    assert shown > 0, "no page showed the planted text at all; the test would prove nothing"


def test_the_sign_in_page_escapes_what_it_echoes(app: FastAPI) -> None:
    with TestClient(app) as client:
        page = client.get("/login", params={"next": '/x"><script>alert(1)</script>'}).text
        assert "<script>alert(1)</script>" not in page
        token = re.search(r'name="csrf-token" content="([^"]+)"', page)
        assert token
        reply = client.post(
            "/login", data={"email": PAYLOADS[1], "password": "whatever at all", "csrf_token": token.group(1)}
        )
    assert reply.status_code == 401 and PAYLOADS[1] not in reply.text


def test_templates_have_no_inline_scripts_or_event_handlers() -> None:
    """CSP forbids inline scripts and styles, so a template using one would silently break in the browser."""
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text, flags=re.I):
            # a JSON data block is never executed, so CSP allows it; any script to run must be a file
            if "src=" not in tag and 'type="application/json"' not in tag:
                offenders.append(f"{path.name}: inline {tag}")
        if re.search(r"\son[a-z]+\s*=", text, flags=re.I) or re.search(r"\shx-on", text):
            offenders.append(f"{path.name}: inline event handler")
        if re.search(r"\sstyle\s*=", text, flags=re.I) or "<style" in text.lower():
            offenders.append(f"{path.name}: inline style (CSP style-src 'self' blocks it)")
        if "javascript:" in text.lower():
            offenders.append(f"{path.name}: javascript: URL")
    assert not offenders, offenders


@pytest.mark.parametrize(
    "url", ["/login", "/static/app.css", "/api/v1/openapi.json", "/no-such-page", "/api/v1/me"]
)
def test_every_response_carries_the_security_headers(app: FastAPI, url: str) -> None:
    with TestClient(app) as client:
        headers = client.get(url).headers
    csp = headers["content-security-policy"]
    assert "script-src 'self';" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "style-src 'self';" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"


def test_signed_in_pages_are_not_cached(client_for: Callable[[str], TestClient]) -> None:
    assert client_for("rep").get("/tokens").headers["cache-control"] == "no-store"


@pytest.fixture
def small_app(world: World) -> Iterator[FastAPI]:
    """The app with a 1 MB upload limit and a probe upload page taking .csv files."""
    app = create_app(Settings(database_url=world.db.url, secret_key="test-secret", upload_max_mb=1), world.db)
    probe = APIRouter()

    @probe.post("/probe-upload")
    async def upload(request: Request, file: UploadFile = File(...)) -> dict[str, object]:
        name, data = await read_upload(request, file, allowed=(".csv",))
        return {"name": name, "bytes": len(data)}

    app.include_router(probe)
    yield app


def test_bodies_over_the_upload_limit_get_413_with_the_limit_named(small_app: FastAPI) -> None:
    with TestClient(small_app) as client:
        reply = client.post("/login", content=b"x" * 1_200_000, headers={"content-type": "text/plain"})
        assert reply.status_code == 413 and "1 MB" in reply.json()["detail"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted while read
            yield b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\n'
            for _ in range(20):
                yield b"y" * 100_000

        multipart = {"content-type": "multipart/form-data; boundary=xyz"}
        streamed = client.post("/probe-upload", content=chunks(), headers=multipart)
        assert streamed.status_code == 413 and "limit" in streamed.text


def test_uploads_of_the_wrong_type_or_empty_are_refused_clearly(small_app: FastAPI) -> None:
    with TestClient(small_app) as client:
        exe = client.post(
            "/probe-upload", files={"file": ("payroll.exe", b"MZ...", "application/octet-stream")}
        )
        assert exe.status_code == 415 and "payroll.exe: only .csv files" in exe.text
        empty = client.post("/probe-upload", files={"file": ("empty.csv", b"", "text/csv")})
        assert empty.status_code == 422 and "empty.csv: the file is empty" in empty.text
        evil = client.post("/probe-upload", files={"file": (f"{PAYLOADS[0]}.exe", b"x", "text/plain")})
        assert evil.status_code == 415 and PAYLOADS[0] not in evil.text
        ok = client.post("/probe-upload", files={"file": ("../../etc/calls.csv", b"a,b\n1,2\n", "text/csv")})
        assert ok.status_code == 200 and ok.json() == {"name": "calls.csv", "bytes": 8}
