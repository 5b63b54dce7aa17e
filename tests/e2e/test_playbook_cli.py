"""`repfocus playbook` end to end: search, show, render (exit 1 when unsafe or a field is missing),
next best content, import and export, usage, and `repfocus bench playbook`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from repfocus.cli.main import app as cli
from repfocus.config import get_settings
from repfocus.services.playbook_files import load_starter_playbook
from repfocus.store.db import Database
from tests.factories import make_account, make_contact, make_organization, make_user

runner = CliRunner()


@pytest.fixture
def db(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """The CLI's database: this test's SQLite file with the starter playbook and one buyer."""
    monkeypatch.setenv("REPFOCUS_DATABASE_URL", sqlite_db.url)
    get_settings.cache_clear()
    load_starter_playbook(sqlite_db)
    with sqlite_db.session() as s:
        make_organization(s)
        rep = make_user(s, name="Sam Rep", email="sam@example.com")
        account = make_account(s, name="Globex", owner_id=rep.id)
        make_contact(s, account_id=account.id, name="Dana Smith", email="dana@globex.example")
        s.commit()
    yield sqlite_db
    get_settings.cache_clear()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_search_prints_ranked_json_with_filters(db: Database) -> None:
    code, out, _ = _run(
        "playbook", "search", "rates too high", "--persona", "procurement", "--format", "json"
    )
    assert code == 0
    results = json.loads(out)["results"]
    assert results[0]["slug"] == "objection-rates-too-high"
    assert all("procurement" in r["personas"] for r in results)
    assert "<mark>" in results[0]["title_html"]


def test_search_table_and_bad_filter(db: Database) -> None:
    code, out, _ = _run("playbook", "search", "intake", "--stage", "customer")
    assert code == 0 and "talk-track-job-order-intake" in out
    code, _, err = _run("playbook", "search", "x", "--stage", "later")
    assert code == 2 and "--stage 'later' is not one of" in err


def test_show_prints_the_item_and_its_revisions(db: Database) -> None:
    code, out, _ = _run("playbook", "show", "objection-no-open-headcount", "--format", "json")
    assert code == 0
    item = json.loads(out)
    assert (
        item["kind"] == "objection_response"
        and item["revisions"][0]["changed_by"] == "RepFocus starter playbook"
    )
    code, _, err = _run("playbook", "show", "no-such-item")
    assert code == 1 and "no playbook item 'no-such-item'" in err


def test_render_a_stored_template_for_a_contact(db: Database) -> None:
    code, out, err = _run(
        "playbook",
        "render",
        "email-cold-intro-it-hiring-manager",
        "--contact",
        "dana@globex.example",
        "--json",
    )
    assert code == 0, err
    rendered = json.loads(out)
    assert rendered["body"].startswith("Hi Dana,") and rendered["missing"] == []


def test_render_exits_1_naming_the_missing_fields(db: Database) -> None:
    code, out, err = _run(
        "playbook", "render", "email-job-posting-seen", "--contact", "dana@globex.example", "--json"
    )
    assert code == 1
    assert json.loads(out)["missing"] == ["details.job_title"]
    assert "missing merge fields: details.job_title" in err
    code, out, _ = _run(
        "playbook",
        "render",
        "email-job-posting-seen",
        "--contact",
        "dana@globex.example",
        "--set",
        "job_title=SRE",
        "--json",
    )
    assert code == 0 and json.loads(out)["subject"] == "Your SRE opening"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "unsafe: access to attribute '__class__'"),
        ("{% include '/etc/passwd' %}", "{% include %} is not allowed"),
        ("{% for i in range(999999) %}x{% endfor %}", "range() is limited"),
    ],
)
def test_render_exits_1_on_an_unsafe_template_file(
    db: Database, tmp_path: Path, template: str, message: str
) -> None:
    path = tmp_path / "t.txt"
    path.write_text(f"Hi {{{{ contact.first_name }}}}\n{template}\n")
    code, out, err = _run(
        "playbook", "render", "--template-file", str(path), "--contact", "dana@globex.example"
    )
    assert code == 1 and out == ""
    assert "template rejected: line 2:" in err and message in err
    assert "Traceback" not in err


def test_render_a_template_file_with_front_matter_and_unknown_contact(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "t.md"
    path.write_text("+++\nsubject = 'For {{ account.name }}'\n+++\nHello {{ contact.first_name }}\n")
    code, out, _ = _run(
        "playbook", "render", "--template-file", str(path), "--contact", "dana@globex.example"
    )
    assert code == 0 and "Subject: For Globex" in out and "Hello Dana" in out
    code, _, err = _run(
        "playbook", "render", "--template-file", str(path), "--contact", "who@nowhere.example"
    )
    assert code == 1 and "no contact with email 'who@nowhere.example'" in err


def test_next_best_content_for_a_contact(db: Database) -> None:
    code, out, _ = _run("playbook", "next", "--contact", "dana@globex.example", "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert result["stage"] == "unaware" and result["template"]["slug"] == "email-cold-intro-it-hiring-manager"


def test_export_then_import_and_a_rejected_import(db: Database, tmp_path: Path) -> None:
    code, out, _ = _run("playbook", "export", str(tmp_path / "pb"))
    assert code == 0 and "files written" in out
    edited = tmp_path / "pb" / "items" / "objection-rates-too-high.md"
    edited.write_text(
        edited.read_text().replace('stages = ["deciding"]', 'stages = ["deciding", "evaluating"]')
    )
    code, out, _ = _run("playbook", "import", str(tmp_path / "pb"), "--json")
    assert code == 0 and json.loads(out)["updated"] == 1
    (tmp_path / "pb" / "items" / "broken.md").write_text("+++\nslug = 'broken'\nkind = 'insight'\n+++\n")
    code, _, err = _run("playbook", "import", str(tmp_path / "pb"))
    assert code == 1
    assert "items/broken.md: title: is required" in err and "nothing was imported" in err


def test_usage_report_json(db: Database) -> None:
    code, out, _ = _run("playbook", "usage", "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert [r["email"] for r in report["reps"]] == ["sam@example.com"]
    assert report["reps"][0]["first_use"] is None


def test_bench_playbook_prints_the_documented_json(tmp_path: Path) -> None:
    code, out, err = _run("bench", "playbook", "--items", "200", "--queries", "20", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert set(result) == {"items", "queries", "search_median_ms", "search_p95_ms"}
    assert result["items"] >= 200 and result["queries"] == 20
    assert 0 < result["search_median_ms"] <= result["search_p95_ms"]
