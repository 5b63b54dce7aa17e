"""`repfocus plans add | list | milestone | share | revoke-share` through the CLI runner."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from repfocus.cli.main import app as cli
from repfocus.config import get_settings
from repfocus.services import plan_shares
from repfocus.services.plan_shares import ShareNotFound
from repfocus.store.db import Database
from tests.factories import make_account, make_organization, make_team, make_user

runner = CliRunner()


@pytest.fixture
def db(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    monkeypatch.setenv("REPFOCUS_DATABASE_URL", sqlite_db.url)
    get_settings.cache_clear()
    with sqlite_db.session() as s:
        make_organization(s)
        team = make_team(s, name="East")
        rep = make_user(s, email="sam@example.com", name="Sam Rep", team_id=team.id)
        make_user(s, email="del@example.com", name="Del", role="delivery")
        make_account(s, name="Globex", owner_id=rep.id)
        make_account(s, name="Twin")
        make_account(s, name="twin")
        s.commit()
    yield sqlite_db
    get_settings.cache_clear()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), env={"COLUMNS": "250"})
    return result.exit_code, result.stdout, result.stderr


def test_a_plan_is_added_with_a_milestone_listed_shared_and_the_link_revoked(db: Database) -> None:
    code, out, err = _run("plans", "add", "--account", "globex", "--title", "Java team", "--goal", "3 starts")
    assert code == 0, err
    assert "owned by sam@example.com" in out  # the account's owner by default
    plan_id = out.split()[2].rstrip(":")
    code, out, err = _run(
        "plans", "milestone", plan_id, "--title", "Sign SOW", "--side", "customer", "--due", "2026-01-05"
    )
    assert code == 0, err
    code, out, _ = _run("plans", "list", "--format", "json")
    [plan] = json.loads(out)
    assert (plan["title"], plan["account_name"], plan["progress"]["total"]) == ("Java team", "Globex", 1)
    assert plan["progress"]["overdue"] == 1  # due in January 2026
    code, out, _ = _run("plans", "list", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["title"], r["done"], r["total"], r["next_milestone"]) for r in rows] == [
        ("Java team", "0", "1", "Sign SOW")
    ]
    code, out, _ = _run("plans", "list", "--status", "active")
    assert code == 0 and "Java team" not in out
    code, out, err = _run("plans", "share", plan_id)
    assert code == 0, err
    path = out.strip().splitlines()[-1]
    assert path.startswith("/shared/plans/")
    token = path.removeprefix("/shared/plans/")
    assert plan_shares.shared_plan(db, token=token).title == "Java team"
    share_id = out.split()[2]
    code, out, err = _run("plans", "revoke-share", share_id)
    assert code == 0, err
    with pytest.raises(ShareNotFound):
        plan_shares.shared_plan(db, token=token)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("plans", "add", "--account", "Nobody", "--title", "T"), 1, "--account: no account called 'Nobody'"),
        (("plans", "add", "--account", "twin", "--title", "T"), 1, "--account: several accounts"),
        (
            ("plans", "add", "--account", "Globex", "--title", "T", "--owner", "del@example.com"),
            1,
            "--owner: no active",
        ),
        (
            ("plans", "add", "--account", "Globex", "--title", "T", "--target-date", "soon"),
            2,
            "--target-date: 'soon' is not a date",
        ),
        (("plans", "add", "--account", "Globex", "--title", " "), 1, "--title: is empty"),
        (
            ("plans", "milestone", "99", "--title", "T", "--side", "sales", "--due", "2026-01-01"),
            1,
            "PLAN_ID: no plan 99",
        ),
        (("plans", "list", "--status", "paused"), 2, "--status: 'paused' is not a plan status"),
        (("plans", "share", "99"), 1, "PLAN_ID: no plan 99"),
        (("plans", "revoke-share", "99"), 1, "SHARE_ID: no share link 99"),
    ],
)
def test_bad_input_exits_with_a_message_naming_the_option(
    db: Database, args: tuple[str, ...], code: int, message: str
) -> None:
    got, _, err = _run(*args)
    assert got == code, err
    assert message in " ".join(err.split()), err


def test_a_milestone_on_an_unknown_side_is_rejected_naming_the_option(db: Database) -> None:
    code, out, _ = _run("plans", "add", "--account", "Globex", "--title", "T")
    plan_id = out.split()[2].rstrip(":")
    code, _, err = _run(
        "plans", "milestone", plan_id, "--title", "T", "--side", "legal", "--due", "2026-01-01"
    )
    assert code == 1 and "--side: 'legal' is not a side" in err
    code, _, err = _run("plans", "share", plan_id, "--expires", "2001-01-01")
    assert code == 1 and "--expires:" in err


def test_the_help_explains_every_command() -> None:
    code, out, _ = _run("plans", "--help")
    assert code == 0
    for command in ("add", "list", "milestone", "share", "revoke-share"):
        assert command in out
