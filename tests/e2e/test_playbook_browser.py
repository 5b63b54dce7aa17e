"""The playbook in headless Chromium under a strict CSP: search as you type, preview a template for a
contact, copy it to the clipboard (and the copy counts as a use); a manager edits an item with the live
Markdown preview and sees it rendered."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from repfocus.services import playbook_usage, reporting, users
from repfocus.services.playbook_files import load_starter_playbook
from repfocus.store.db import Database
from tests.e2e.conftest import PASSWORD, build_app, served
from tests.e2e.test_browser import Guard, Server
from tests.factories import make_account, make_contact, make_organization

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def playbook_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Database]]:
    """Serve the app with the starter playbook, a rep who can sign in and one buyer contact."""
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('pb-browser') / 'repfocus.db'}")
    db.upgrade()
    load_starter_playbook(db)
    with db.session() as s:
        make_organization(s)
        account = make_account(s, name="Globex")
        make_contact(s, account_id=account.id, name="Dana Smith", email="dana@globex.example")
        s.commit()
    users.add_user(db, email="sam@example.com", role="rep", password=PASSWORD, name="Sam Rep")
    users.add_user(db, email="mia@example.com", role="manager", password=PASSWORD, name="Mia Manager")
    try:
        with served(build_app(db)) as base:
            yield Server(base, "sam@example.com", PASSWORD), db
    finally:
        db.dispose()


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_search_preview_and_copy_work_in_the_browser(
    browser: Browser, playbook_server: tuple[Server, Database]
) -> None:
    server, db = playbook_server
    guard = Guard(server.base)
    context = browser.new_context(
        permissions=["clipboard-read", "clipboard-write"], viewport={"width": 1280, "height": 900}
    )
    context.route("**/*", guard.route)
    page = guard.watch(context.new_page())
    _sign_in(page, server.base, server.email)

    page.goto(server.base + "/playbook")
    page.get_by_label("Search the playbook").fill("rates too high")
    expect(page.locator("#results li").first).to_contain_text("Your rates are too high")
    expect(page.locator("#results mark").first).to_have_text(re.compile("rates", re.I))

    page.goto(
        server.base + "/playbook/templates/email-cold-intro-it-hiring-manager?contact=dana%40globex.example"
    )
    expect(page.locator("#email-body")).to_contain_text("Hi Dana,")
    with page.expect_response(re.compile(r"/copied$")):
        page.get_by_role("button", name="Copy to clipboard").click()
    expect(page.locator(".copy-status")).to_have_text("Copied.")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith("Subject: Globex engineering team: a quick question\n\nHi Dana,")
    context.close()
    guard.assert_clean()
    report = playbook_usage.usage_report(db, actor=None, period=reporting.default_period(db))
    assert [(r.email, r.template_uses) for r in report.reps] == [("sam@example.com", 1)]


EDITED = """## Speed checklist

- **Same day**: first profiles
- *Within a week*: interviews done

| Step | Days |
|---|---|
| Intake | 1 |

<script>document.title = "pwned"</script> [bad](javascript:alert(1)) ![pixel](https://evil.example/p.png)
"""


def test_a_manager_edits_an_item_with_the_live_preview_and_sees_the_markdown_rendered(
    browser: Browser, playbook_server: tuple[Server, Database]
) -> None:
    server, _db = playbook_server
    guard = Guard(server.base)
    context = browser.new_context(
        permissions=["clipboard-read", "clipboard-write"], viewport={"width": 1280, "height": 900}
    )
    context.route("**/*", guard.route)
    page = guard.watch(context.new_page())
    _sign_in(page, server.base, "mia@example.com")

    page.goto(server.base + "/playbook/items/insight-speed-wins-it-hiring")
    page.get_by_role("link", name="Edit this item").click()
    expect(page).to_have_url(re.compile(r"/playbook/items/insight-speed-wins-it-hiring/edit$"))
    preview = page.locator("#preview")
    with page.expect_response(re.compile(r"/playbook/preview$")) as answered:
        page.locator("#body").fill(EDITED)
    assert answered.value.status == 200
    expect(preview.locator("h2")).to_have_text("Speed checklist")
    expect(preview.locator("table td").first).to_have_text("Intake")
    expect(preview).to_contain_text('<script>document.title = "pwned"</script>')
    page.get_by_role("button", name="Save a new revision").click()

    expect(page).to_have_url(server.base + "/playbook/items/insight-speed-wins-it-hiring")
    body = page.locator("#item-body")
    expect(body.locator("h2")).to_have_text("Speed checklist")
    expect(body.locator("li strong")).to_have_text("Same day")
    expect(body.locator("li em")).to_have_text("Within a week")
    expect(body.locator("td").first).to_have_text("Intake")
    expect(body.locator("script, img, a[href^='javascript']")).to_have_count(0)
    expect(page.locator("table.revisions tbody tr").first).to_contain_text("Mia Manager")
    assert "pwned" not in page.title()
    with page.expect_response(re.compile(r"/copied$")):
        page.get_by_role("button", name="Copy", exact=True).click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith("Speed checklist\nSame day: first profiles\nWithin a week: interviews done\n")
    assert "Step\tDays\nIntake\t1\n\n<script>" in copied  # the text as shown, typed tags as text
    assert "**" not in copied and "<h2>" not in copied
    context.close()
    guard.assert_clean()
