"""The /admin settings page over HTTP: the form with the current values and what each does, a save with a
success notice and the audit entry, a bad form shown again with each reason beside its field, no CSRF no
save, and the navigation entry that now leads to the page."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from repfocus.domain.org_settings import KEYS, OrgSettings
from repfocus.services.organization_settings import read_settings
from repfocus.web.organization_settings import form_of
from tests.e2e.conftest import World


def _full_form(**changes: str) -> dict[str, object]:
    """The form as the browser posts it for the current settings (the defaults in America/Chicago)."""
    form: dict[str, object] = {k: v for k, v in form_of(OrgSettings(time_zone="America/Chicago")).items()}
    form |= {"name": "Acme Staffing", "working_days_shown": "1", **changes}
    return form


def test_the_page_shows_every_setting_with_the_current_zone_selected_and_a_link_to_targets(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    page = client_for("leader").get("/admin")
    assert page.status_code == 200
    html = page.text
    assert '<option value="America/Chicago" selected>' in html
    assert html.count("<option value=") > 400  # every zone of the tz database
    assert 'name="duration_meeting"' in html and 'value="30"' in html
    assert 'href="/targets"' in html and "not yet built" not in html.lower()
    for what in (KEYS["time_zone"], KEYS["count_all_day"]):
        assert what.replace("'", "&#39;") in html
    assert "rebuilt when you save" in html
    assert re.search(r'type="checkbox" name="working_days" value="fri" checked', html)
    assert not re.search(r'type="checkbox" name="working_days" value="sat" checked', html)


def test_a_save_changes_the_settings_flashes_success_and_lists_the_change(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    client = client_for("leader")
    form = _full_form(duration_call="12", time_zone="Europe/Berlin")
    reply = client.post("/admin", data=form, follow_redirects=False)
    assert reply.status_code == 303
    assert reply.headers["location"] == "/admin?saved=2&rebuilt=1"
    page = client.get(reply.headers["location"]).text
    assert "Settings saved: 2 changes." in page and "every rollup was rebuilt" in page
    assert "duration.call: 5 → 12" in page and "time_zone: America/Chicago → Europe/Berlin" in page
    got = read_settings(world.db, actor=None)
    assert (got.durations["call"], got.time_zone) == (12, "Europe/Berlin")


def test_saving_the_unchanged_form_says_nothing_changed(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    client = client_for("leader")
    reply = client.post("/admin", data=_full_form(), follow_redirects=True)
    assert "Nothing changed." in reply.text and "No changes yet." in reply.text


def test_bad_values_are_shown_beside_their_fields_and_nothing_is_saved(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    client = client_for("leader")
    form = _full_form(
        currency="EUR",
        time_zone="Mars/Olympus",
        duration_call="2000",
        working_hours_start="18:00",
        working_hours_end="09:00",
    )
    form.pop("working_days")  # every box unticked
    reply = client.post("/admin", data=form)
    assert reply.status_code == 422
    html = reply.text
    assert "Nothing was saved: 4 settings to fix" in html
    for field, reason in (
        ("time_zone", "&#39;Mars/Olympus&#39; is not an IANA time zone"),
        ("duration_call", "2000 is more than 1440 minutes"),
        ("working_days", "at least one day must be a working day"),
        ("working_hours", "the start 18:00 must come before the end 09:00"),
    ):
        assert re.search(rf'id="{field}-error" role="alert">{re.escape(reason)}', html), field
    assert 'name="currency" maxlength="3" size="4" required value="EUR"' in html  # what was typed stays
    assert read_settings(world.db, actor=None).currency == "USD"


def test_a_save_without_the_csrf_token_is_refused(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    client = client_for("leader")
    del client.headers["x-csrf-token"]
    assert client.post("/admin", data=_full_form(currency="EUR")).status_code == 403
    assert read_settings(world.db, actor=None).currency == "USD"


def test_the_navigation_leads_leaders_to_the_settings_page(
    world: World, client_for: Callable[[str], TestClient]
) -> None:
    assert 'href="/admin"' in client_for("leader").get("/").text
    assert 'href="/admin"' not in client_for("manager").get("/").text
